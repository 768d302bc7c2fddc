"""Times of day as copy writes them: "10:36 a.m. (1:36 a.m. GMT)", "0054 hours GMT", "03:30:02
(UTC)", "around 9:30 am", "12:50pm (06:20 GMT)", "11 p.m. local time", "16:10", "12 noon North
Korea time".

Each is read with its zone where one is written right after it: a zone of the lexicon
(`time_zones`: UTC/GMT, KST, JST, ... with their offsets, some by period), "local", or none.
A time is approximate after a hedge ("around", "about", "slightly after"). Which event a time
belongs to is the events kind's question; this module only reads the text.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from checker.lexicon import lexicon


@dataclass(frozen=True)
class TimeRef:
    """A time of day: `minutes` after midnight as written, in `zone` (a lexicon zone name,
    "local", or None when the text names none)."""

    phrase: str
    start: int  # character offsets into the text it was found in
    end: int
    minutes: int
    zone: Optional[str]
    approximate: bool

    def utc_minutes(self, day: Optional[dt.date]) -> Optional[int]:
        """The time in UTC, minutes after midnight, when the zone is a known one."""
        offset = zone_offset(self.zone, day) if self.zone not in (None, "local") else None
        if offset is None:
            return None
        return round(self.minutes - offset * 60) % 1440


def zone_offset(zone: Optional[str], day: Optional[dt.date]) -> Optional[float]:
    """Hours ahead of UTC of a lexicon zone on `day` (a zone that changed, Pyongyang's, by
    period); None for an unknown zone or a changed zone without a day."""
    shifted = _SHIFT.fullmatch(zone or "")
    if shifted:  # "UTC+08:30", "GMT-5"
        hours = int(shifted.group("h")) + int(shifted.group("m") or 0) / 60
        return -hours if shifted.group("sign") in "-−" else hours
    for name, spec in lexicon()["time_zones"].items():
        if zone is None or name.lower() != zone.lower():
            continue
        if isinstance(spec, (int, float)):
            return float(spec)
        if day is None:
            return None
        if isinstance(spec, str):  # an IANA zone ("America/New_York"): daylight saving by day
            return _iana_offset(spec, day)
        for period in spec:  # [{offset, until}], the last without `until`
            until = period.get("until")
            if until is None or day <= dt.date.fromisoformat(str(until)):
                return float(period["offset"])
    return None


def _iana_offset(name: str, day: dt.date) -> Optional[float]:
    """Hours ahead of UTC at noon of `day` in an IANA zone; None where the system has no
    time zone data (the zone is then unknown, never guessed)."""
    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    offset = dt.datetime.combine(day, dt.time(12), zone).utcoffset()
    return offset.total_seconds() / 3600 if offset is not None else None


def find_times(text: str) -> list[TimeRef]:
    found: list[TimeRef] = []
    taken: list[tuple[int, int]] = []
    for match in _pattern().finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        minutes = _minutes(match)
        if minutes is None:
            continue
        zone = _zone(match.group("zone"))
        start, end = match.start("time"), match.end()
        while end > start and (text[end - 1].isspace() or text[end - 1] == ")"
                               and text.count("(", start, end) < text.count(")", start, end)):
            end -= 1  # "1:36 a.m. GMT)" of "10:36 a.m. (1:36 a.m. GMT)"
        hedged = re.search(rf"(?:{_HEDGES})\s*$", text[max(0, start - 20):start], re.IGNORECASE)
        found.append(TimeRef(text[start:end], start, end, minutes, zone, bool(hedged)))
        taken.append((match.start(), match.end()))
    return found


_HEDGES = r"\b(?:around|about|approximately|roughly|some|shortly (?:after|before)|slightly " \
          r"(?:after|before)|just (?:after|before)|nearly|almost|circa)"


def _minutes(match: re.Match) -> Optional[int]:
    if match.group("noon"):
        return 12 * 60 if "noon" in match.group("noon").lower() else 0
    if match.group("hhmm"):
        hours, minutes = int(match.group("hhmm")[:2]), int(match.group("hhmm")[2:])
    else:
        hours, minutes = int(match.group("h")), int(match.group("m") or match.group("m2") or 0)
    meridiem = (match.group("ampm") or match.group("ampm2") or match.group("ampm3") or "")
    meridiem = meridiem.lower().replace(".", "").replace(" ", "")
    if meridiem:
        if not 1 <= hours <= 12:
            return None
        hours = hours % 12 + (12 if meridiem == "pm" else 0)
    if hours > 23 or minutes > 59:
        return None
    return hours * 60 + minutes


_SHIFT = re.compile(r"(?:UTC|GMT)\s*(?P<sign>[+\-−])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?", re.IGNORECASE)


def _zone(written: Optional[str]) -> Optional[str]:
    if not written:
        return None
    written = " ".join(written.split())
    if _SHIFT.fullmatch(written):
        return written
    if written.lower().startswith("local"):
        return "local"
    for name in lexicon()["time_zones"]:
        if name.lower() == written.lower():
            return name
    return None


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    zones = sorted(lexicon()["time_zones"], key=len, reverse=True)
    zone = (r"(?P<zone>local(?:\s+time)?|(?:UTC|GMT)\s*[+\-−]\s*\d{1,2}(?::?\d{2})?|"
            + "|".join(re.escape(z) for z in zones) + r")")
    ampm = r"(?P<ampm>[ap]\.?\s?m\b\.?)"
    clock = (r"(?P<h>\d{1,2})(?:(?::(?P<m>\d{2})(?::\d{2})?)\s*" + ampm + r"?"
             r"|\.(?P<m2>\d{2})\s*" + ampm.replace("ampm", "ampm2") + r"|\s*" + ampm.replace("ampm", "ampm3") + r")")
    time = (r"(?P<time>(?:(?P<hhmm>[0-2]\d[0-5]\d)(?=\s*(?:hours\s*)?(?:GMT|UTC)\b)(?:\s*hours)?"
            r"|(?P<noon>12\s+noon|noon|midnight)|" + clock + r"))")
    return re.compile(r"(?<![\w.:/-])" + time + r"(?:\s*\(?\s*" + zone + r"\b\)?)?", re.IGNORECASE)
