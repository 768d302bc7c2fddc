"""The typed form of a name rule: the house spelling and the known wrong ones."""
from __future__ import annotations

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


def parse_name(raw: Mapping[str, Any]) -> NameSpec:
    return NameSpec(
        canonical=raw["canonical"],
        misspellings=tuple(Misspelling(text=m["text"], suggest=m.get("suggest"), note=m.get("note"),
                                       unless=tuple(m.get("unless", ())), severity=m.get("severity"))
                           for m in raw.get("misspellings", ())))
