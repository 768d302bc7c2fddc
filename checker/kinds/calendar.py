"""The calendar (`kind: calendar`): a weekday written with a date must be that date's weekday.

"Tuesday (Jan 10)" in January 2018 is wrong whatever the event: 10 January 2018 was a
Wednesday. No event data is needed, only the date as written and, for a date without a year,
the year the article's date makes nearest (the date stage's reading). A date whose year cannot
be known (no year written, no article date) is not judged.
"""
from __future__ import annotations

import calendar as calendar_
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from checker.kinds.base import Judged, Kind, LoadContext, Trigger, register
from checker.model import Claim, Finding, Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from checker.rules.rule import Rule
    from checker.stages.document import Document

_DAYS = list(calendar_.day_name)


@register
class Calendar(Kind):
    name = "calendar"
    rule_kinds = ("calendar",)

    def spec(self, raw: Mapping[str, Any], context: LoadContext) -> None:
        return None

    def triggers(self, rule: "Rule") -> Iterable[Trigger]:
        yield Trigger(groups=(tuple(day.lower() for day in _DAYS),), with_when=True)

    def component(self, rules: list["Rule"], nlp: "Language"):
        return WeekdayClaims(rules[0])


class WeekdayClaims:
    def __init__(self, rule: "Rule"):
        self.rule = rule

    def __call__(self, document: "Document", doc: "Doc") -> Judged:
        from checker.stages.dates import WEEKDAY, find_dates
        out: Judged = []
        base = document.body_start
        for sentence in doc.sents:
            text = sentence.text
            if not WEEKDAY.search(text):
                continue  # no weekday written: nothing to read the date phrases for
            for ref in find_dates(text, document.date):
                if ref.weekday is None or not ref.is_day:
                    continue
                # the claim starts at the weekday ("on Tuesday (Jan 10)": not at "on")
                offset = max(0, ref.phrase.lower().find(_DAYS[ref.weekday].lower()))
                start = base + sentence.start_char + ref.start + offset
                end = base + sentence.start_char + ref.end
                claim = Claim(kind="date", text=document.text[start:end],
                              span=Span(start, end, *document.position(start)),
                              value=ref.low.isoformat(), unit=None,
                              sentence=(base + sentence.start_char, base + sentence.end_char),
                              subject="weekday", sentence_text=text)
                out.append((claim, self._judge(claim, ref)))
        return out

    def _judge(self, claim: Claim, ref) -> Finding:
        rule = self.rule
        actual = ref.low.weekday()
        written = _DAYS[ref.weekday]
        day = f"{ref.low.day} {ref.low:%B} {ref.low.year}"
        assumed = f" (The year is assumed: {ref.assumed}.)" if ref.assumed else ""
        expected = {"value": _DAYS[actual], "unit": None, "date": ref.low.isoformat()}
        if actual == ref.weekday:
            return Finding(rule=rule.id, verdict="consistent", severity=rule.severity, claim=claim,
                           expected=expected, message=f"{claim.text}: {day} was a {written}.{assumed}",
                           suggestion=None, sources=rule.sources)
        suggestion = claim.text.replace(written, _DAYS[actual], 1) if written in claim.text else None
        return Finding(rule=rule.id, verdict="inconsistent", severity=rule.severity, claim=claim,
                       expected=expected,
                       message=(f"{claim.text}, but {day} was a {_DAYS[actual]}, not a {written}: "
                                f"the weekday or the date is wrong.{assumed}"),
                       suggestion=suggestion, sources=rule.sources, diagnosis="weekday")
