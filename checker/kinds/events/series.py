"""The typed form of an event list: the events, what figures each has, and the phrases that
name the series.

An event list (`kind: events`) is one series of dated events: North Korea's six nuclear tests,
its missile launches, a trip's stops. Each event has a local date (and the UTC/US date where
that differs), optionally its ordinal, the names that identify it in a sentence, and its
figures: for each property the series declares (`figures`: magnitude, distance flown, apogee,
flight time, missiles fired...), the values each agency reported. Every (event, property) with
values becomes a figure rule of its own (`derive`), so a figure is judged like any other; which
event a figure speaks of is resolved from the text (kinds/events/resolve.py).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Mapping, Optional

from checker.kinds.figures.spec import Expected, FigureSpec, Scope, parse_tolerance, parse_value
from checker.model import Source
from checker.rules.problems import RuleError, parse_date
from checker.stages.times import zone_offset
from checker.stages import units

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

    from checker.stages.dates import DateRef
    from checker.stages.phrases import PhraseIndex


@dataclass(frozen=True)
class Property:
    """A figure every event of the series may have: its kind, unit, the words that name it."""

    name: str
    kind: str
    title: str  # how messages name it: "seismic magnitude", "distance flown"
    subject: tuple[str, ...]
    unit: Optional[str]
    tolerance: float
    relative_tolerance: float
    severity: Optional[str]
    counts: tuple[str, ...] = ()  # for counts: the nouns counted ("missile")
    disputed: bool = False  # judged only when credited to someone the values list


@dataclass(frozen=True)
class Event:
    date: dt.date  # local date
    utc_date: Optional[dt.date] = None  # where the UTC/US date differs
    n: Optional[int] = None
    key: str = ""  # the part of derived rule ids that names the event
    name: str = ""
    type: str = ""
    names: tuple[str, ...] = ()  # words that identify this event in a sentence ("Hwasong-15")
    figures: Mapping[str, tuple[Expected, ...]] = field(default_factory=dict, hash=False, compare=False)
    sources: tuple[Source, ...] = ()
    line: int = 0
    time_utc: Optional[dt.time] = None  # when the event began, where the list knows
    time_local: Optional[dt.time] = None
    inside: frozenset[str] = frozenset()  # keys of the series' regions it fell inside
    outside: frozenset[str] = frozenset()  # ... and outside (both: missiles on either side)

    @property
    def days(self) -> tuple[dt.date, ...]:
        return (self.date,) if self.utc_date in (None, self.date) else (self.date, self.utc_date)

    @property
    def earliest(self) -> dt.date:
        return min(self.days)

    def label(self) -> str:
        notes = [self.name or self.type] if (self.name or self.type) else []
        if self.utc_date not in (None, self.date):
            notes.append(f"UTC/US date {self.utc_date.isoformat()}")
        return self.date.isoformat() + (f" ({'; '.join(notes)})" if notes else "")


@dataclass(frozen=True)
class Series:
    rule_id: str
    events: tuple[Event, ...]  # in date order
    ordered: bool  # ordinals and counts are meaningful
    complete_through: Optional[dt.date]  # no other event of the series up to this day
    recent_days: int  # how old "the latest event" may be to be what an article is about
    noun: str  # how messages name one event ("nuclear test")
    subject: tuple[str, ...]  # phrases naming an event of the series
    context: tuple[str, ...] = ()  # one of these must be near a mention (or an event's name)
    within: str = "paragraph"
    properties: Mapping[str, Property] = field(default_factory=dict, hash=False, compare=False)
    attributions: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False,
                                                        compare=False)
    complete_from: Optional[dt.date] = None  # the list says nothing of the time before this day
    exclude: tuple[str, ...] = ()  # phrases that make a figure another thing's ("cruise missile")
    entities: tuple[str, ...] = ()  # nouns for what an event is about ("the missile", "the device")
    subtypes: tuple[str, ...] = ()  # subject phrases naming only some events ("hydrogen bomb test")
    verbs: tuple[str, ...] = ()  # verbs reporting an event with an entity as object ("fired")
    # named areas an event fell inside or outside of, by key, with the phrases naming each
    regions: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False, compare=False)

    @cached_property
    def names(self) -> frozenset[str]:
        """Every event's own names; asked per sentence and per figure, so built once."""
        return frozenset(name for event in self.events for name in event.names)

    def complete_at(self, day: Optional[dt.date]) -> bool:
        return self.complete_through is not None and (day is None or day <= self.complete_through) \
            and (day is None or self.complete_from is None or day >= self.complete_from)

    def by(self, day: Optional[dt.date], local_only: bool = False) -> list[Event]:
        if day is None:
            return list(self.events)
        return [e for e in self.events if (e.date if local_only else e.earliest) <= day]

    def nth(self, n: int) -> Optional[Event]:
        return next((e for e in self.events if e.n == n), None)

    def on(self, ref: "DateRef") -> list[tuple[Event, str]]:
        """Events on the day(s) a date phrase means, with the basis that matched."""
        out = []
        for event in self.events:
            if ref.contains(event.date):
                out.append((event, "local"))
            elif event.utc_date and ref.contains(event.utc_date):
                out.append((event, "UTC"))
        return out

    def reported(self, day: Optional[dt.date]) -> tuple[Event, ...]:
        """The events an article dated `day` reports when it names none: the most recent day's
        (several when that day had several: two earthquakes on one day). An event the day after
        the article's date (an Asian morning in an American paper) leaves the last one before
        it possible too: both are returned."""
        latest = self.recent(day)
        if latest is None:
            return ()
        days = {latest.date}
        if day is not None and latest.date > day:  # the next day's, by a time zone; or the last one
            before = [e for e in self.events if e.date <= day and (day - e.date).days <= self.recent_days]
            if before:
                days.add(before[-1].date)
        return tuple(e for e in self.events if e.date in days)

    def named_in(self, phrase: "SpacySpan", index: "PhraseIndex") -> bool:
        """Whether one of the series' own phrases ("quake", "nuclear test") overlaps `phrase`."""
        return any(index.overlaps(p, phrase.start, phrase.end) for p in self.subject)

    def recent(self, day: Optional[dt.date]) -> Optional[Event]:
        """The event an article dated `day` is about when it names none: the latest event on or
        before the article date (a day later counts too: an American paper dates an Asian
        morning event the day before), if not older than `recent_days`."""
        if day is None:
            return None
        known = [e for e in self.events if e.earliest <= day + dt.timedelta(days=1)]
        if not known:
            return None
        latest = known[-1]
        if (day - latest.date).days <= self.recent_days:
            return latest
        return None


@dataclass(frozen=True)
class EventRef:
    """What a figure rule derived from an event list points back to."""

    series: Series
    event: Event
    property: Property


def parse_series(raw: Mapping[str, Any], path: str, rule_line: int,
                 attributions: Mapping[str, tuple[str, ...]]) -> Series:
    spec = raw["events"]
    line = getattr(spec, "line", rule_line)
    properties = {name: _property(name, item, path, getattr(item, "line", line))
                  for name, item in (spec.get("figures") or {}).items()}
    events: list[Event] = []
    keys: dict[str, int] = {}
    zone = spec.get("time_zone")
    if zone is not None and zone_offset(zone, dt.date(2000, 1, 1)) is None:
        raise RuleError(path, line, 1, f"time_zone: {zone!r} is not in the lexicon's time_zones")
    regions = {key: tuple(names) for key, names in (spec.get("regions") or {}).items()}
    for item in spec.get("list", ()):
        item_line = getattr(item, "line", line)
        date = parse_date(item["date"], path, item_line)
        for key in (*item.get("inside", ()), *item.get("outside", ())):
            if key not in regions:
                raise RuleError(path, item_line, 1, f"region {key!r} is not declared in "
                                f"`events.regions` ({', '.join(regions) or 'none declared'})")
        key = str(item.get("id") or item.get("n") or date.isoformat().replace("-", "_"))
        if key in keys:
            raise RuleError(path, item_line, 1, f"two events are keyed {key!r} (line {keys[key]}): "
                            "give one an `id`")
        keys[key] = item_line
        figures = {}
        for name, values in (item.get("figures") or {}).items():
            if name not in properties:
                raise RuleError(path, item_line, 1, f"figure {name!r} is not declared in "
                                f"`events.figures` ({', '.join(properties) or 'none declared'})")
            figures[name] = tuple(parse_value(v, path, getattr(v, "line", item_line)) for v in values)
        time_utc, time_local = _times_of(item, zone, date, path, item_line)
        events.append(Event(
            time_utc=time_utc, time_local=time_local,
            date=date, utc_date=parse_date(item.get("utc_date"), path, item_line),
            n=item.get("n"), key=key, name=item.get("name", ""), type=item.get("type", ""),
            names=tuple(item.get("names", ())), figures=figures,
            sources=tuple(Source(url=s["url"], title=s.get("title", ""))
                          for s in item.get("sources", ())),
            inside=frozenset(item.get("inside", ())), outside=frozenset(item.get("outside", ())),
            line=item_line))
    events.sort(key=lambda e: (e.date, e.n or 0))
    scope = raw.get("scope") or {}
    return Series(rule_id=raw["id"], events=tuple(events), ordered=bool(spec.get("ordered", False)),
                  complete_through=parse_date(spec.get("complete_through"), path, line),
                  complete_from=parse_date(spec.get("complete_from"), path, line),
                  recent_days=int(spec.get("recent_days", 3)),
                  noun=spec.get("noun") or raw["subject"][0], subject=tuple(raw["subject"]),
                  context=tuple(scope.get("context", ())), within=scope.get("within", "paragraph"),
                  properties=properties, attributions=dict(attributions),
                  exclude=tuple(scope.get("exclude", ())), entities=tuple(spec.get("entities", ())),
                  subtypes=tuple(spec.get("subtypes", ())), verbs=tuple(spec.get("verbs", ())),
                  regions=regions)


def _times_of(item: Mapping[str, Any], zone: Optional[str], date: dt.date, path: str,
              line: int) -> tuple[Optional[dt.time], Optional[dt.time]]:
    """The event's UTC and local start, the missing one derived through the series' zone."""
    utc = _time_of_day(item.get("time_utc"), path, line)
    local = _time_of_day(item.get("time_local"), path, line)
    offset = zone_offset(zone, date) if zone else None
    if offset is not None and (utc is None) != (local is None):
        known = utc or local
        shift = dt.timedelta(hours=offset if local is None else -offset)
        moved = (dt.datetime.combine(date, known) + shift).time()  # type: ignore[arg-type]
        utc, local = (utc, moved) if local is None else (moved, local)
    return utc, local


def _time_of_day(value: Optional[str], path: str, line: int) -> Optional[dt.time]:
    """"09:30" or "03:30:01" (the schema checked the form; "25:61" is the file's error)."""
    if not value:
        return None
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise RuleError(path, line, 1, f"{value!r} is not a time of day") from None


def _property(name: str, raw: Mapping[str, Any], path: str, line: int) -> Property:
    unit = raw.get("unit")
    if unit is not None:
        try:
            unit = str(units.parse_unit(unit))
        except ValueError as err:
            raise RuleError(path, line, 1, f"figure {name!r}: {err}") from None
    tolerance, relative = parse_tolerance(raw.get("tolerance", 0), path, line)
    return Property(name=name, kind=raw["kind"], title=raw.get("title", name.replace("_", " ")),
                    subject=tuple(raw["subject"]), unit=unit, tolerance=tolerance,
                    relative_tolerance=relative, severity=raw.get("severity"),
                    counts=tuple(raw.get("counts", ())), disputed=bool(raw.get("disputed", False)))


def figure_spec(ref: EventRef) -> FigureSpec:
    prop = ref.property
    values = ref.event.figures[prop.name]
    if prop.counts:
        values = tuple(v if v.counts else Expected(**{**v.__dict__, "counts": prop.counts})
                       for v in values)
    return FigureSpec(values=values, unit=prop.unit, tolerance=prop.tolerance,
                      relative_tolerance=prop.relative_tolerance, scope=Scope(),
                      attributions=ref.series.attributions, event=ref)
