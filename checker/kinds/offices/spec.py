"""The typed form of an office rule: how messages name the office, its looser titles, the
country words that qualify it, and every holder with their term."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional

from checker.model import Source


@dataclass(frozen=True)
class Holder:
    name: str
    valid_from: str  # YYYY-MM-DD, YYYY-MM or YYYY (see offices.component.Fuzzy)
    valid_to: Optional[str] = None  # None: still in office
    variants: tuple[str, ...] = ()
    acting: bool = False
    sources: tuple[Source, ...] = ()  # the pages that date this term


@dataclass(frozen=True)
class OfficeSpec:
    office: str
    holders: tuple[Holder, ...]
    qualifiers: tuple[str, ...] = ()
    short_titles: tuple[str, ...] = ()


def parse_office(raw: Mapping[str, Any]) -> OfficeSpec:
    return OfficeSpec(
        office=raw.get("office") or raw["title"],
        holders=tuple(Holder(name=h["name"], valid_from=str(h["valid_from"]),
                             valid_to=str(h["valid_to"]) if h.get("valid_to") else None,
                             variants=tuple(h.get("variants", ())), acting=bool(h.get("acting", False)),
                             sources=tuple(Source(url=src["url"], title=src.get("title", ""))
                                           for src in h.get("sources", ())))
                      for h in raw.get("holders", ())),
        qualifiers=tuple(raw.get("qualifiers", ())),
        short_titles=tuple(raw.get("short_titles", ())))
