"""The words findings are written in: figures as a reader writes them, plurals and number words
(by inflect, not by hand), dates spoken, and reference values described with who reported them.
One place, so every kind of fact words its messages alike."""
from __future__ import annotations

import datetime as dt
import math
from typing import Optional

from checker.kinds.figures.spec import Expected
from checker.stages import units
from checker.words import engine


def number(value: float) -> str:
    """1,000 / 6.3 / 2,111.5: thousands grouped, at most two decimals, no trailing zeros."""
    if not math.isfinite(value):
        return "∞" if value > 0 else "-∞"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def plural(noun: Optional[str], count: float = 2) -> str:
    """"nuclear tests", "missile" for one; "things" when nothing is counted."""
    if not noun:
        return "things" if count != 1 else "thing"
    return noun if count == 1 else engine().plural_noun(noun)


def with_article(noun: str) -> str:
    """"a nuclear test", "an earthquake": the article by the first letter, enough for the
    series nouns messages name (and no import of inflect's engine for one word)."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def number_word(n: int) -> str:
    """"no", "one" ... "ten", then digits, as news copy writes counts."""
    if n == 0:
        return "no"
    return engine().number_to_words(n) if 0 < n <= 10 else f"{n:,}"


def ordinal_word(n: int) -> str:
    """"first", "sixth", "21st" (words up to tenth, as copy writes them)."""
    return engine().number_to_words(engine().ordinal(n)) if 0 < n <= 10 else engine().ordinal(n)


def spoken_date(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def value_text(expected: Expected) -> str:
    """The figure part of a reference value: "6.3", "5.7-6.3", "over 6,000", "up to 12"."""
    if expected.value is not None:
        return number(expected.value)
    if expected.high == math.inf:
        return f"over {number(expected.low)}"
    if expected.low == -math.inf:
        return f"up to {number(expected.high)}"
    return f"{number(expected.low)}–{number(expected.high)}"


def unit_text(unit: Optional[str], value: float = 2) -> str:
    return units.label(unit, value) if unit else ""


def describe_expected(expected: Expected, unit: Optional[str], by: bool = True) -> str:
    """"USGS: 6.3 (revised)", "23–25 missiles/rockets", "JAPAN_MOD: over 6,000 kilometers"."""
    shown = expected.high if math.isfinite(expected.high) else expected.low
    text = f"{value_text(expected)} {unit_text(unit, shown)}".strip()
    if expected.counts:
        text += " " + "/".join(plural(c) for c in expected.counts)
    if expected.by and by:
        text = f"{expected.by}: {text}"
    return text + (f" ({expected.note})" if expected.note else "")
