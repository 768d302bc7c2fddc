"""The typed form of a name rule: the house spelling, the known wrong ones, where a near miss
is judged, and the real names that only look like it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping, Optional


@dataclass(frozen=True)
class Misspelling:
    text: str
    suggest: Optional[str] = None  # default: the canonical spelling
    note: Optional[str] = None
    unless: tuple[str, ...] = ()  # words that show the spelling is right in that sentence
    severity: Optional[str] = None


@dataclass(frozen=True)
class NameSpec:
    canonical: str
    misspellings: tuple[Misspelling, ...] = ()
    # a spelling near this name but not listed is judged only in a sentence with one of these
    context: tuple[str, ...] = ()
    # real, different names close to this one: never judged as its misspellings
    distinct: tuple[str, ...] = ()


def parse_name(raw: Mapping[str, Any]) -> NameSpec:
    return NameSpec(
        canonical=raw["canonical"],
        misspellings=tuple(Misspelling(text=m["text"], suggest=m.get("suggest"), note=m.get("note"),
                                       unless=tuple(m.get("unless", ())), severity=m.get("severity"))
                           for m in raw.get("misspellings", ())),
        context=tuple(raw.get("context", ())),
        distinct=tuple(raw.get("distinct", ())))


def phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Any of `phrases` as whole words, in any case: how a sentence is tested for a
    misspelling's `unless` words and a rule's `context`."""
    return re.compile(r"(?<!\w)(?:%s)(?!\w)" % "|".join(map(re.escape, phrases)), re.IGNORECASE)
