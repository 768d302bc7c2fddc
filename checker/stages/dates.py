"""Dates as news copy writes them, resolved against the article's date.

"September 3", "Sept. 3, 2017", "3 September 2017", "on Sunday", "last year", "earlier this
month", "in late November", "last week", "in 2016": each becomes a `DateRef`, a day or an
interval of days (start, end) plus the phrase as written and what was assumed to resolve it,
so a finding can say "assumed 'on Sunday' = 2017-09-03 from the article date 2017-09-05".

Finding the phrases is a handful of regular expressions (the forms are few and fixed);
the calendar work is python-dateutil: `dateutil.parser` reads and validates the written
month/day/year (it knows "Sept.", "3rd", "3 September"), `relativedelta` does the weekday and
month arithmetic ("the most recent Sunday on or before", "the previous month"). dateparser was
not needed: its relative-date strength is the part we must control ourselves (which Sunday,
which year a yearless date means) and it does not say what it assumed.

A relative phrase with no article date resolves to nothing (`needs_date`); a yearless date
keeps its month and day, which is enough to tell "September 3" from an event on September 9.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Optional

from dateutil import parser as dateparser_
from dateutil.relativedelta import relativedelta, MO, TU, WE, TH, FR, SA, SU

from checker.stages import units
from checker.lexicon import lexicon, months

_MONTH_NAMES = months()
_WEEKDAYS = dict(zip(lexicon()["weekdays"], (MO, TU, WE, TH, FR, SA, SU)))
_M = r"(?P<month>" + "|".join(sorted(_MONTH_NAMES, key=len, reverse=True)) + r")\.?"
_D = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_Y = r"(?P<year>(?:19|20)\d\d)"
_WD = r"(?P<weekday>" + "|".join(_WEEKDAYS) + r")"
_PREP = r"(?:(?P<prep>on|in|since|from|by|until|till|before|after|during|of|through)\s+)?"
_PART = (r"(?P<part>early|earlier|mid|middle|late|later|the\s+beginning\s+of|the\s+start\s+of|"
         r"the\s+middle\s+of|the\s+end\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of)"
         r"[\s-]+(?:in\s+)?")
_UNIT = r"(?P<unit>week|month|year)"
# Sentence cues that a bare weekday or yearless date lies ahead, not behind.
FUTURE = re.compile(r"\b(?:will|shall|won't|'ll|is to|are to|plans? to|planned to|is scheduled|"
                    r"are scheduled|is expected to|are expected to|going to|is due to|are due to)\b",
                    re.IGNORECASE)

# Most specific first; a later pattern never takes characters an earlier one took.
_PATTERNS: tuple[tuple[str, re.Pattern], ...] = tuple((name, re.compile(p, re.IGNORECASE)) for name, p in (
    ("iso", _PREP + r"(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)\b"),
    ("month_day", _PREP + r"(?:" + _WD + r"(?:,?\s+|\s*\(\s*))?(?<![\w-])" + _M + r"\s+" + _D
     # a year may end the line of a timeline ("April 13, 2012: Launches ..."); a bare day may
     # not run into a time ("April 13:30")
     + r"(?!\d)(?:,?\s+" + _Y + r"(?!\d)|(?![\d:]))(?(weekday)\)?)"),
    ("day_month", _PREP + r"(?:" + _WD + r"(?:,?\s+|\s*\(\s*))?(?<![\w.,-])" + _D + r"\s+(?:of\s+)?"
     + _M + r"(?:,?\s+" + _Y + r")?\b(?(weekday)\)?)"),
    ("part_month", _PREP + _PART + _M + r"(?:,?\s+" + _Y + r")?\b"),
    ("part_year", _PREP + _PART + _Y + r"\b"),
    ("part_rel", _PREP + r"(?P<part>earlier|later)\s+(?P<rel>this|last|next)\s+" + _UNIT + r"\b"),
    ("month_year", _PREP + r"(?<![\w-])" + _M + r",?\s+" + _Y + r"\b"),
    ("rel_month", r"(?P<rel>last|this|next|the\s+past|the\s+previous)\s+" + _M + r"(?!\s*\d)\b"),
    ("month", r"(?P<prep>in|since|from|by|until|till|before|after|during|through)\s+" + _M
     + r"(?!\s*\d)\b"),
    ("weekday", r"(?:(?P<prep>on|since|by|until|till|before|after|from)\s+)?"
     r"(?:(?P<rel>last|next|this|this\s+past|this\s+coming|early|late)\s+)?" + _WD + r"(?:'s)?\b"),
    ("so_far", r"(?P<prep>so\s+far\s+this|since\s+the\s+start\s+of\s+the|earlier\s+in\s+the)\s+" + _UNIT + r"\b"),
    ("rel_unit", r"(?P<rel>last|this|next|the\s+past|the\s+previous|the\s+current)\s+" + _UNIT + r"\b"),
    ("ago", r"\b(?P<count>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+"
     + _UNIT + r"s?\s+(?P<rel>ago|earlier|before)\b"),
    ("deictic", r"\b(?P<word>yesterday|today|tonight|tomorrow)\b"),
    ("year", _PREP + r"(?<![\w$.,/-])" + _Y + r"(?![\w,]\d|-\d)"),
))
# What each pattern cannot match without, tested once on the whole text: most sentences hold
# no date, and each pattern would otherwise be tried at every position of every sentence.
# A weekday's name anywhere (cheap): no weekday, no date read with one.
WEEKDAY = re.compile("|".join(_WEEKDAYS), re.IGNORECASE)
_CUES = {
    "digit": re.compile(r"\d"),
    "month": re.compile("|".join(sorted(_MONTH_NAMES, key=len, reverse=True)), re.IGNORECASE),
    "weekday": WEEKDAY,
    "unit": re.compile(r"week|month|year", re.IGNORECASE),
    "deictic": re.compile(r"yesterday|today|tonight|tomorrow", re.IGNORECASE),
}
_NEEDS = {
    "iso": {"digit"}, "month_day": {"month", "digit"}, "day_month": {"month", "digit"},
    "part_month": {"month"}, "part_year": {"digit"}, "part_rel": {"unit"},
    "month_year": {"month", "digit"}, "rel_month": {"month"}, "month": {"month"},
    "weekday": {"weekday"}, "so_far": {"unit"}, "rel_unit": {"unit"}, "ago": {"unit"},
    "deictic": {"deictic"}, "year": {"digit"},
}
_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10}


@dataclass(frozen=True)
class DateRef:
    """A date phrase and what it means: the days start..end (one day when they are equal)."""

    phrase: str  # as written, preposition included ("on Sunday")
    start: int  # character offsets into the text it was found in
    end: int
    low: Optional[dt.date]  # None when it could not be resolved (relative, no article date)
    high: Optional[dt.date]
    precision: str  # day | week | month | year | span
    relative: bool  # needed the article date
    assumed: Optional[str] = None  # "'on Sunday' = 2017-09-03 from the article date 2017-09-05"
    month_day: Optional[tuple[int, int]] = None  # a yearless "September 3" without article date
    preposition: Optional[str] = None  # on | in | since | after | before ...
    weekday: Optional[int] = None  # the weekday written with the date, Monday = 0 ("Friday, 11 March")
    # days either side also accepted: "today" in an article dated in one time zone about an
    # event dated in another ("today" on 4 September in New York is 4 September in Seoul too,
    # but the event may have been on the 3rd there)
    slack: int = 0
    # a second day the phrase may mean: a bare weekday naming the day after the article date
    # ("conducted a test Friday" dated Thursday in New York, Friday already in Seoul)
    or_day: Optional[dt.date] = None
    # a list of years ("in 2006, 2009 and 2013"): only those years between low and high
    years: tuple[int, ...] = ()

    @property
    def resolved(self) -> bool:
        return self.low is not None

    @property
    def needs_date(self) -> bool:
        return self.low is None

    @property
    def is_day(self) -> bool:
        return self.resolved and self.low == self.high

    def contains(self, day: dt.date) -> bool:
        """Whether `day` is inside the phrase's meaning (a yearless date compares month and day)."""
        if self.low is not None:
            margin = dt.timedelta(days=self.slack)
            if self.years and day.year not in self.years:
                return day == self.or_day
            return self.low - margin <= day <= self.high + margin or day == self.or_day
        if self.month_day is not None:
            return (day.month, day.day) == self.month_day
        return False

    def describe(self) -> str:
        if self.low is None:
            return repr(self.phrase)
        return self.low.isoformat() if self.low == self.high else (
            f"{self.low.isoformat()}..{self.high.isoformat()}")


def find_dates(text: str, article_date: Optional[dt.date], future: Optional[bool] = None) -> list[DateRef]:
    """Every date phrase in `text`, left to right, never overlapping. `future` says the
    sentence looks ahead ("will meet on Sunday"); by default it is read from the text."""
    if future is None:
        future = bool(FUTURE.search(text))
    taken: list[tuple[int, int]] = []
    found: list[DateRef] = []
    cues = {cue for cue, pattern in _CUES.items() if pattern.search(text)}
    for name, pattern in _PATTERNS:
        if not _NEEDS[name] <= cues:
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            if name == "year" and _unit_follows(text, end):
                continue  # "2016 km" is a figure, not a year
            ref = _resolve(name, match, article_date, future)
            if ref is not None:
                taken.append((start, end))
                found.append(ref)
    return sorted(found, key=lambda r: r.start)


def _unit_follows(text: str, end: int) -> bool:
    word = re.match(r"[\s-]*([A-Za-z]+)", text[end:end + 40])
    return bool(word and units.unit_for_words(word.group(1)))


def resolve(phrase: str, article_date: Optional[dt.date], future: Optional[bool] = None) -> Optional[DateRef]:
    """The first date phrase in `phrase`, resolved; None if there is none."""
    found = find_dates(phrase, article_date, future=future)
    return found[0] if found else None


def _resolve(name: str, m: re.Match, today: Optional[dt.date], future: bool) -> Optional[DateRef]:
    groups = m.groupdict()
    prep = (groups.get("prep") or "").lower() or None
    phrase = m.group(0)

    def ref(low, high, precision, relative=False, assumed=None, month_day=None) -> DateRef:
        if relative and low is not None and assumed is None:
            shown = low.isoformat() if low == high else f"{low.isoformat()}..{high.isoformat()}"
            assumed = f"{phrase!r} = {shown} from the article date {today.isoformat()}"
        return DateRef(phrase, m.start(), m.end(), low, high, precision, relative, assumed,
                       month_day, prep)

    if name == "iso":
        try:
            day = dt.date.fromisoformat(groups["iso"])
        except ValueError:
            return None
        return ref(day, day, "day")
    if name in ("month_day", "day_month"):
        written = _weekday_of(groups.get("weekday"))
        month = _MONTH_NAMES[groups["month"].lower()]
        day_number = int(groups["day"])
        if groups.get("year"):
            day = _parse_day(month, day_number, int(groups["year"]))
            return replace(ref(day, day, "day"), weekday=written) if day else None
        if _parse_day(month, day_number, 2000) is None:  # 2000 is a leap year: Feb 29 is valid
            return None
        if today is None:
            return ref(None, None, "day", relative=True, month_day=(month, day_number))
        day = _nearest_year(month, day_number, today, future)
        if day is None:
            return None
        return replace(ref(day, day, "day", relative=True,
                           assumed=f"{phrase!r} = {day.isoformat()} (year from the article date "
                                   f"{today.isoformat()})"), weekday=written)
    if name in ("part_month", "month_year", "month", "rel_month"):
        month = _MONTH_NAMES[groups["month"].lower()]
        if name == "month" and groups["month"].lower() == "may" and not prep:
            return None
        year = int(groups["year"]) if groups.get("year") else None
        relative = year is None
        if year is None:
            if today is None:
                return ref(None, None, "month", relative=True)
            rel = _norm(groups.get("rel"))
            if rel in ("last", "the past", "the previous"):
                year = today.year if month < today.month else today.year - 1
            elif rel == "next":
                year = today.year if month > today.month else today.year + 1
            else:
                year = today.year if (month <= today.month or future or rel == "this") else today.year - 1
                if future and month < today.month:
                    year = today.year + 1
        low, high = _month(year, month)
        if groups.get("part"):
            low, high = _part(_norm(groups["part"]), low, high)
            return ref(low, high, "span", relative)
        return ref(low, high, "month", relative)
    if name == "part_year":
        low, high = _part(_norm(groups["part"]), dt.date(int(groups["year"]), 1, 1),
                          dt.date(int(groups["year"]), 12, 31))
        return ref(low, high, "span")
    if name == "part_rel":
        if today is None:
            return ref(None, None, "span", relative=True)
        low, high = _relative_unit(_norm(groups["rel"]), groups["unit"].lower(), today)
        if groups["part"].lower() == "earlier" and groups["rel"].lower() == "this":
            high = min(high, today)
        elif groups["part"].lower() == "later" and groups["rel"].lower() == "this":
            low = max(low, today)
        return ref(low, high, "span", relative=True)
    if name == "weekday":
        rel = _norm(groups.get("rel"))
        if rel in ("early", "late"):
            return None
        if today is None:
            return ref(None, None, "day", relative=True)
        weekday = _WEEKDAYS[groups["weekday"].lower()]
        if rel == "next" or rel == "this coming" or (future and rel != "last" and rel != "this past"):
            day = today + relativedelta(days=+1 if rel else 0, weekday=weekday(+1))
        elif rel in ("last", "this past"):
            day = today + relativedelta(days=-1, weekday=weekday(-1))
        else:  # "on Sunday", "Sunday's test": the most recent one on or before the article date
            day = today + relativedelta(weekday=weekday(-1))
            tomorrow = today + dt.timedelta(days=1)
            if tomorrow.weekday() == day.weekday():  # or, in a time zone ahead, the next day
                return replace(ref(day, day, "day", relative=True, assumed=(
                    f"{phrase!r} = {day.isoformat()} from the article date {today.isoformat()}, "
                    f"or {tomorrow.isoformat()} where the day is ahead")), or_day=tomorrow)
        return ref(day, day, "day", relative=True)
    if name == "so_far":
        if today is None:
            return ref(None, None, "span", relative=True)
        low, _ = _relative_unit("this", groups["unit"].lower(), today)
        return ref(low, today, "span", relative=True)
    if name == "rel_unit":
        if today is None:
            return ref(None, None, groups["unit"].lower(), relative=True)
        rel = _norm(groups["rel"])
        unit = groups["unit"].lower()
        if rel == "the past":  # "the past year": the twelve months up to the article date
            low = today - relativedelta(**{unit + "s": 1})
            return ref(low, today, "span", relative=True)
        low, high = _relative_unit(rel, unit, today)
        return ref(low, high, unit, relative=True)
    if name == "ago":
        if today is None:
            return ref(None, None, "span", relative=True)
        count = groups["count"].lower()
        n = int(count) if count.isdigit() else _COUNT_WORDS[count]
        unit = groups["unit"].lower()
        center = today - relativedelta(**{unit + "s": n})
        slack = {"week": relativedelta(days=3), "month": relativedelta(days=15),
                 "year": relativedelta(months=6)}[unit]
        if groups["rel"].lower() != "ago":
            return None  # "a year earlier" is relative to another event, not to the article
        return ref(center - slack, center + slack, "span", relative=True)
    if name == "deictic":
        if today is None:
            return ref(None, None, "day", relative=True)
        offset = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[groups["word"].lower()]
        day = today + dt.timedelta(days=offset)
        return replace(ref(day, day, "day", relative=True,
                           assumed=f"{phrase!r} = {day.isoformat()} from the article date "
                                   f"{today.isoformat()}, a day either way for time zones"), slack=1)
    if name == "year":
        year = int(groups["year"])
        return ref(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    return None


def _weekday_of(word: Optional[str]) -> Optional[int]:
    return list(_WEEKDAYS).index(word.lower()) if word else None


def _norm(value: Optional[str]) -> Optional[str]:
    return re.sub(r"\s+", " ", value).lower() if value else None


@lru_cache(maxsize=4096)
def _parse_day(month: int, day: int, year: int) -> Optional[dt.date]:
    try:
        return dateparser_.parse(f"{year}-{month:02d}-{day:02d}").date()
    except (ValueError, OverflowError):
        return None


def _nearest_year(month: int, day: int, today: dt.date, future: bool) -> Optional[dt.date]:
    """A yearless date in news copy is the nearest such day to the article date, looking back
    unless the sentence looks ahead (within half a year either way)."""
    candidates = [d for d in (_parse_day(month, day, today.year + k) for k in (-1, 0, 1)) if d]
    if future:
        # a sentence that looks ahead may still name a day just past ("said on Monday (Jun 4)
        # that the meeting will take place on Jun 12"): no yearless day is a year ahead
        ahead = [d for d in candidates if d >= today and (d - today).days <= 183]
        if ahead:
            return min(ahead)
    behind = [d for d in candidates if d <= today]
    latest = max(behind) if behind else None
    ahead = [d for d in candidates if d > today]
    soon = min(ahead) if ahead else None
    if latest is None or (soon is not None and (soon - today).days < 31 and (today - latest).days > 300):
        return soon
    return latest


def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _part(part: str, low: dt.date, high: dt.date) -> tuple[dt.date, dt.date]:
    """"early", "mid", "late" thirds of a month or year; "the end of" the last third."""
    days = (high - low).days + 1
    third = days // 3
    if part in ("early", "the beginning of", "the start of", "earlier"):
        return low, low + dt.timedelta(days=third - 1)
    if part in ("mid", "middle", "the middle of"):
        return low + dt.timedelta(days=third), high - dt.timedelta(days=third)
    if part in ("late", "the end of", "later"):
        return high - dt.timedelta(days=third - 1), high
    if part == "the first half of":
        return low, low + dt.timedelta(days=days // 2 - 1)
    if part == "the second half of":
        return low + dt.timedelta(days=days // 2), high
    return low, high


def _relative_unit(rel: str, unit: str, today: dt.date) -> tuple[dt.date, dt.date]:
    step = {"last": -1, "the previous": -1, "the past": -1, "this": 0, "the current": 0,
            "next": 1}[rel]
    if unit == "year":
        year = today.year + step
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if unit == "month":
        first = today.replace(day=1) + relativedelta(months=step)
        return _month(first.year, first.month)
    monday = today + relativedelta(weekday=MO(-1)) + relativedelta(weeks=step)
    if step == -1:  # "last week": the calendar week before, or the seven days before the date
        return (min(monday, today - dt.timedelta(days=7)),
                max(monday + dt.timedelta(days=6), today - dt.timedelta(days=1)))
    return monday, monday + dt.timedelta(days=6)
