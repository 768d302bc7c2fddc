"""Numbers as written in news copy: "1,000", "6.1", "Twenty", "two dozen", "two hundred".

Word numbers are read by text2num (a maintained parser of English number words); this module
only finds where a number starts and ends and applies the scale words text2num does not know.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Optional

from text_to_num import text2num

from checker.lexicon import lexicon

_SMALL = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
          "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ("hundred", "thousand", "million", "billion", "trillion")
_COUNTING = ("dozen", "dozens", "score")
_WORD = "|".join(sorted(_SMALL + _TENS + list(_SCALES) + list(_COUNTING), key=len, reverse=True))
# A run of number words joined by spaces, hyphens or "and" ("two hundred and fifty"),
# optionally led by "a" or "half a" ("a dozen", "a hundred").
_HALF = r"(?:\s+and\s+a\s+half\b)?"  # "15 and a half", "two and a half"
WORD_NUMBER = re.compile(
    rf"\b(?:(?:half\s+)?an?\s+(?=(?:{'|'.join(_SCALES + _COUNTING)})\b))?(?:{_WORD})"
    rf"(?:(?:\s+and\s+(?!a\s+half)|[\s-]+)(?:{_WORD}))*\b{_HALF}",
    re.IGNORECASE,
)
_SCALE_WORDS = r"(?:hundred|thousand|million|billion|trillion|bn|lakh|crore)"
# Digits: "1,000", "10 000" (space-grouped thousands), "12,34,567.89" (Indian grouping),
# "6.1", "4e14" / "9.83e-3" (scientific), a mixed or plain
# fraction ("2 1/2", "1/4") and a vulgar fraction ("2½", "½").
_VULGAR = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"
DIGIT_NUMBER = re.compile(
    r"(?<![\w.,/:])"
    rf"(?:\d{{1,2}}/\d{{1,2}}(?![\d/])|(?:\d{{1,3}}(?:,\d{{3}})+|\d{{1,2}}(?:,\d{{2}})+,\d{{3}}|\d{{1,3}}(?:[ \u00a0\u2009\u202f]\d{{3}})+(?![\d,.]\d)|\d+)(?:\.\d+)?"
    rf"(?:[eE][-−+]?\d+(?![\w]))?(?![\d,]\d)(?:[ \u00a0]\d{{1,2}}/\d{{1,2}}(?![\d/]))?[{_VULGAR}]?"
    rf")"
    rf"(?:[\s-]+{_SCALE_WORDS}\b)?{_HALF}",
    re.IGNORECASE,
)
_FRACTION = re.compile(r"^(?:(\d+)[ \u00a0])?(\d{1,2})/(\d{1,2})$")
_GROUP_SPACE = re.compile(r"(?<=\d)[ \u00a0\u2009\u202f](?=\d{3})")
_HALF_SUFFIX = re.compile(r"\s+and\s+a\s+half$", re.IGNORECASE)
_DENOMINATORS = (2, 3, 4, 5, 8, 10, 16)  # written fractions ("1/4 inch"); "9/11" is not one


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    value: float
    precision: float  # half a unit of the last written digit: 6.1 -> 0.05; 0 when exact
    words: bool  # spelled out in words
    indefinite: bool = False  # "a"/"an" read as one after a hedge ("more than a decade")


def find_numbers(text: str) -> Iterator[Number]:
    """Every number in `text`, left to right, digits and words, never overlapping."""
    found: list[Number] = []
    for match in DIGIT_NUMBER.finditer(text):
        number = _digits(match.group(0), match.start(), match.end())
        if number:
            found.append(number)
    for number in _fraction_words(text):
        if not any(n.start < number.end and number.start < n.end for n in found):
            found.append(number)
    taken = [(n.start, n.end) for n in found]
    for match in WORD_NUMBER.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        number = _words(match.group(0), match.start(), match.end())
        if number:
            found.append(number)
    yield from sorted(found, key=lambda n: n.start)


@lru_cache(maxsize=1)
def _fraction_pattern() -> re.Pattern[str]:
    """Fractions in words: "two thirds", "one-half", "a quarter million", "three quarters
    billion", "half million". A lone "a third"/"one quarter" stays an ordinary phrase ("a third
    round of talks", "in one quarter")."""
    lex = lexicon()
    fractions = "|".join(sorted(lex["fraction_words"], key=len, reverse=True))
    plurals = "|".join(sorted((w for w in lex["fraction_words"] if w.endswith("s")
                               and w not in lex["fraction_plurals_need_scale"]), key=len, reverse=True))
    cardinals = "|".join(_SMALL[1:10])
    scales = "|".join(_SCALES)
    return re.compile(
        rf"\b(?:(?:(?P<lead>an?|{cardinals})[\s-]+)?(?P<frac>{fractions})\s+(?:an?\s+)?(?P<scale>{scales})"
        rf"|(?P<lead2>{cardinals})-(?P<frac2>{fractions})|(?P<lead3>{cardinals})\s+(?P<frac3>{plurals}))\b",
        re.IGNORECASE)


def find_vulgar_fractions(text: str) -> Iterator[Number]:
    """A vulgar fraction standing alone ("½ teaspoon", "a ⅓ cup"); "2½" is found by
    find_numbers. Kept apart because it contains no digit character."""
    for match in re.finditer(rf"(?<![\w.,/])[{_VULGAR}](?![\w{_VULGAR}])", text):
        yield Number(match.start(), match.end(), unicodedata.numeric(match.group(0)), 0.0,
                     words=False)


def _fraction_words(text: str) -> Iterator[Number]:
    denominators = lexicon()["fraction_words"]
    multipliers = lexicon()["multipliers"]
    for match in _fraction_pattern().finditer(text):
        lead = match.group("lead") or match.group("lead2") or match.group("lead3")
        frac = (match.group("frac") or match.group("frac2") or match.group("frac3")).lower()
        numerator = 1.0 if lead is None or lead.lower() in ("a", "an") else parse_words(lead)
        value = numerator / denominators[frac]
        if match.group("scale"):
            value *= multipliers[match.group("scale").lower()]
        yield Number(match.start(), match.end(), value, 0.0, words=True)


def _digits(surface: str, start: int, end: int) -> Optional[Number]:
    half = _HALF_SUFFIX.search(surface)
    if half:
        number = _digits(surface[:half.start()], start, end)
        return Number(start, end, number.value + 0.5, 0.0, words=False) if number else None
    sign = 1.0
    surface = _GROUP_SPACE.sub("", surface)
    scale_match = re.search(rf"[\s-]+({_SCALE_WORDS})$", surface, re.IGNORECASE)
    scale = 1.0
    if scale_match:
        scale = float(lexicon()["multipliers"][scale_match.group(1).lower()])
        surface = surface[:scale_match.start()]
    vulgar = 0.0
    if surface and surface[-1] in _VULGAR:
        vulgar = unicodedata.numeric(surface[-1])
        surface = surface[:-1]
    fraction = _FRACTION.match(surface)
    if fraction:
        whole, numerator, denominator = fraction.groups()
        numerator, denominator = int(numerator), int(denominator)
        if not (0 < numerator < denominator) or denominator not in _DENOMINATORS:
            return None  # "24/7", "9/11": not a fraction
        value = (int(whole) if whole else 0) + numerator / denominator
        return Number(start, end, sign * value * scale, 0.0, words=False)
    if not surface:
        return Number(start, end, sign * vulgar * scale, 0.0, words=False)
    figure = surface.replace(",", "").replace("−", "-")
    try:
        value = float(figure)
    except ValueError:
        return None
    mantissa = re.split(r"[eE]", figure)[0]
    precision = 0.5 * 10 ** -len(mantissa.split(".")[1]) if "." in mantissa else 0.0
    if "e" in figure.lower():
        precision *= 10 ** int(re.split(r"[eE]", figure)[1])
    return Number(start, end, sign * (value + vulgar) * scale, precision * scale, words=False)


def parse_words(surface: str) -> Optional[float]:
    """The value of a run of number words, or None ("two dozen" -> 24, "a hundred" -> 100)."""
    words = re.sub(r"[\s-]+", " ", surface.lower()).strip()
    if words.endswith(" and a half"):
        whole = parse_words(words[:-len(" and a half")])
        return None if whole is None else whole + 0.5
    factor = 1.0
    if words.startswith("half "):
        factor, words = 0.5, words[5:]
    if words.startswith(("a ", "an ")):
        words = "one " + words.split(" ", 1)[1]
    tail = words.rsplit(" ", 1)
    counting = lexicon()["multipliers"]
    if tail[-1] in _COUNTING:
        factor *= counting[tail[-1]]
        words = tail[0] if len(tail) == 2 else "one"
    try:
        return factor * float(text2num(words, "en"))
    except ValueError:
        return None


def _words(surface: str, start: int, end: int) -> Optional[Number]:
    # A lone "a"/"an"/"half" belongs to the noun phrase, not the number ("an hour").
    value = parse_words(surface)
    if value is None:
        # "one two three" is not one number: keep the first word that parses alone.
        first = re.match(r"[A-Za-z]+", surface)
        if not first or (value := parse_words(first.group(0))) is None:
            return None
        end = start + first.end()
    return Number(start, end, value, 0.0, words=True)
