"""Event lists (`kind: events`): dated series, their ordinals, counts, dates and intervals, and
the figures of each event (see docs/events.md).

The list itself is judged by this kind's component (component.py): "its sixth nuclear test",
"six nuclear tests", "a test on Sunday", "75 days after the launch". Each event's figures
become figure rules of their own (`derived`), judged by the figures kind once the text says
which event a figure speaks of.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional

from checker.kinds.base import Kind, LoadContext, Topic, Trigger, register
from checker.kinds.events.series import EventRef, Series, figure_spec, parse_series
from checker.rules.problems import Problem

if TYPE_CHECKING:
    from spacy.language import Language

    from checker.rules.rule import Rule

_EVENT = {
    "type": "object", "required": ["date"], "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9_]+$",
               "description": "Names the event in derived rule ids (default: `n`, else the date)."},
        "n": {"type": "integer", "minimum": 1, "description": "Ordinal in the series (ordered series)."},
        "date": {"$ref": "#/$defs/date", "description": "Local date of the event."},
        "utc_date": {"$ref": "#/$defs/date",
                     "description": "UTC (and US) date where it differs from the local date; either is accepted."},
        "time_utc": {"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2})?$",
                     "description": "When the event began, UTC: a time of day the copy writes "
                                    "with a zone ('01:36 GMT', '10:36 a.m. KST') is checked against it."},
        "time_local": {"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2})?$",
                       "description": "When the event began, local time: checked against a time "
                                      "written with 'local time' or with no zone."},
        "inside": {"type": "array", "items": {"type": "string"}, "uniqueItems": True,
                   "description": "Keys of `events.regions` the event fell inside (by the "
                                  "sources: Japan's defence ministry for Japan's EEZ)."},
        "outside": {"type": "array", "items": {"type": "string"}, "uniqueItems": True,
                    "description": "Keys of `events.regions` the event fell outside; both "
                                   "`inside` and `outside` where its missiles fell on either side."},
        "name": {"type": "string", "description": "How messages name the event."},
        "type": {"type": "string", "description": "What kind of event it was (missile type, device)."},
        "names": {"$ref": "#/$defs/phrases",
                  "description": "Words that identify this event in a sentence ('Hwasong-15')."},
        "figures": {
            "type": "object", "description": "This event's figures: for each property declared "
            "in `events.figures`, the values reported (each with `by` where agencies differ).",
            "additionalProperties": {"type": "array", "minItems": 1,
                                     "items": {"$ref": "#/$defs/figure_value"}}},
        "sources": {"type": "array", "items": {"$ref": "#/$defs/source"},
                    "description": "Sources of this event's date and figures."},
        "note": {"type": "string"},
    },
}

_PROPERTY = {
    "type": "object", "required": ["kind", "subject"], "additionalProperties": False,
    "properties": {
        "kind": {"enum": ["measure", "count", "magnitude", "duration"]},
        "title": {"type": "string", "description": "How messages name it ('distance flown')."},
        "subject": {"$ref": "#/$defs/phrases", "minItems": 1,
                    "description": "Words that name this property in the figure's clause "
                                   "('altitude', 'apogee'); the event's own nouns also do where "
                                   "no other property of the same unit dimension exists."},
        "unit": {"type": "string"},
        "tolerance": {"$ref": "#/$defs/tolerance"},
        "severity": {"enum": ["error", "warning", "info"]},
        "counts": {"$ref": "#/$defs/phrases",
                   "description": "count properties: the nouns counted ('missile')."},
        "disputed": {"type": "boolean", "default": False,
                     "description": "Published figures disagree (yield estimates): a figure is "
                                    "judged only when the text credits it to someone the values "
                                    "list; otherwise it is unverifiable."},
    },
}


@register
class Events(Kind):
    name = "events"
    rule_kinds = ("events",)
    # a mention's words that another series shares need this series' own words nearby, so one
    # series' phrases change which sentences another reads
    coupled = True
    definitions = {"event": _EVENT, "event_property": _PROPERTY}
    schema = {
        "required": ["events"],
        "properties": {
            "events": {
                "type": "object", "required": ["list"], "additionalProperties": False,
                "properties": {
                    "ordered": {"type": "boolean", "default": False,
                                "description": "The list numbers the series (each event has `n`)."},
                    "complete_through": {"$ref": "#/$defs/date",
                                         "description": "No event of the series is missing up to this day."},
                    "complete_from": {"$ref": "#/$defs/date",
                                      "description": "The list begins here: it says nothing of "
                                                     "the time before (default: it is complete "
                                                     "before `complete_through` too)."},
                    "recent_days": {"type": "integer", "minimum": 0, "default": 3,
                                    "description": "How many days after an event an article that names "
                                                   "no other is taken to be about it."},
                    "noun": {"type": "string", "minLength": 1,
                             "description": "How messages name one event ('nuclear test')."},
                    "entities": {"$ref": "#/$defs/phrases",
                                 "description": "Nouns that stand for what an event is about "
                                                "('the missile', 'the device'): a figure whose "
                                                "clause is about anything else (another noun "
                                                "as its subject) is not judged."},
                    "time_zone": {"type": "string",
                                  "description": "The zone of the events' `time_local` (a name "
                                                 "from the lexicon's `time_zones`, e.g. KST): "
                                                 "each event's missing `time_utc` or "
                                                 "`time_local` is derived from the other."},
                    "verbs": {"$ref": "#/$defs/phrases",
                              "description": "Verbs that report an event of the series when "
                                             "their object is one of `entities` ('fired a "
                                             "missile on Monday'): a date on such a verb is the "
                                             "event's, checked as a mention's would be."},
                    "subtypes": {"$ref": "#/$defs/phrases",
                                 "description": "Subject phrases that name only some events of "
                                                "the series ('hydrogen bomb test'): such a "
                                                "mention is dated and measured as an event of the "
                                                "series, but an ordinal or count on it counts a "
                                                "subset the list does not mark, so it is not judged."},
                    "regions": {"type": "object",
                                "additionalProperties": {"$ref": "#/$defs/phrases", "minItems": 1},
                                "description": "Named areas the copy says an event fell inside "
                                               "or outside of, each with the phrases that name "
                                               "it ('japan_eez': [Japan's exclusive economic "
                                               "zone, Japan's EEZ]); events record them in "
                                               "`inside` / `outside`."},
                    "figures": {"type": "object",
                                "additionalProperties": {"$ref": "#/$defs/event_property"},
                                "description": "The figures events of this series have."},
                    "list": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/event"}},
                }},
            "scope": {"$ref": "#/$defs/scope"},
        },
    }

    def spec(self, raw: Mapping[str, Any], context: LoadContext) -> Series:
        return parse_series(raw, context.path, context.line, context.attributions)

    def derived(self, rule: "Rule") -> Iterable["Rule"]:
        from checker.rules.rule import Rule
        series: Series = rule.spec
        for event in series.events:
            for name, values in event.figures.items():
                prop = series.properties[name]
                ref = EventRef(series=series, event=event, property=prop)
                which = event_words(series, event)
                yield Rule(
                    id=f"{rule.id}.{event.key}.{name}",
                    title=f"{prop.title} of {which}",
                    kind=prop.kind, subject=prop.subject, severity=prop.severity or rule.severity,
                    message=f"the {prop.title} of {which} was " + describe_values(values, prop.unit),
                    sources=event.sources + rule.sources, examples=(), spec=figure_spec(ref),
                    complete_to=rule.complete_to, parent=rule.id, path=rule.path, line=event.line)

    def owns(self, rule: "Rule", finding_rule: str) -> bool:
        series: Series = rule.spec
        return finding_rule == rule.id or any(
            finding_rule == f"{rule.id}.{event.key}.{name}"
            for event in series.events for name in event.figures)

    def triggers(self, rule: "Rule") -> Iterable[Trigger]:
        series: Series = rule.spec
        about = topic(series)
        yield Trigger(groups=(series.subject + tuple(sorted(series.names)),), with_when=True,
                      topic=about)
        if series.verbs and series.entities:  # "fired a missile on Monday"
            yield Trigger(groups=(series.verbs, series.entities), with_when=True, topic=about)
        if series.regions:  # "landed inside Japan's exclusive economic zone"
            yield Trigger(groups=(tuple(p for names in series.regions.values() for p in names),),
                          topic=about)

    def lint(self, rules: list["Rule"]) -> Iterable[Problem]:
        for rule in rules:
            if rule.kind != "events":
                continue
            series: Series = rule.spec
            if series.ordered and any(e.n is None for e in series.events):
                yield Problem(rule.path, rule.line, rule.id,
                              "an ordered series needs `n` on every event", "events")
            for event in series.events:
                for name, values in event.figures.items():
                    for value in values:
                        if value.by and value.by not in series.attributions:
                            yield Problem(rule.path, event.line, rule.id,
                                          f"{event.key}.{name}: value credited to {value.by!r}, "
                                          "which `attributions` does not list", "attribution")

    def component(self, rules: list["Rule"], nlp: "Language"):
        from checker.kinds.events.component import EventClaims
        return EventClaims(rules, nlp)


def topic(series: Series) -> Optional[Topic]:
    """What a text must have for the series to be read in it: a context phrase or an event's
    name (mentions.py, bind.py), or a date just after one of its events (an article about that
    event that names nothing else). None for a series without context: it may be read anywhere."""
    if not series.context:
        return None
    return Topic(phrases=series.context + tuple(sorted(series.names)),
                 days=tuple(sorted(e.date for e in series.events)),
                 recent_days=series.recent_days, within=series.within)


def event_words(series: Series, event) -> str:
    """"the sixth nuclear test (2017-09-03)", "the missile launch of 2017-07-04 (Hwasong-14)"."""
    from checker.kinds.wording import ordinal_word
    if series.ordered and event.n:
        return f"the {ordinal_word(event.n)} {series.noun} ({event.date.isoformat()})"
    return f"the {series.noun} of {event.label()}"


def describe_values(values, unit) -> str:
    """"USGS 6.3 or 5.6, CTBTO 6.1 or 5.8, ...; overall 5.6–6.3 kilotons": each agency's
    figures in the order listed (the revised one first), then what no agency is credited with."""
    from checker.kinds.wording import unit_text, value_text
    by: dict[str, list[str]] = {}
    loose: list[str] = []
    for value in values:
        text = value_text(value)
        if value.by:
            if text not in by.setdefault(value.by, []):
                by[value.by].append(text)
        elif text not in loose:
            loose.append(text)
    parts = [f"{agency} {' or '.join(texts)}" for agency, texts in by.items()]
    if loose:
        parts.append(("overall " if by else "") + " or ".join(loose))
    last = values[-1]
    shown = last.high if last.high != float("inf") else last.low
    return (", ".join(parts) + " " + unit_text(unit, shown)).strip()
