"""Dated event lists: ordinals, counts, dates and intervals judged at the article's date.

A rule of kind `events` lists one series of dated events (North Korea's six nuclear tests, the
notable launches of 2017), the noun phrases that name the series (`subject`), and whether the
list is ordered and complete up to some day. Each sentence that names the series is read for:

- an ordinal on the noun ("its sixth nuclear test"): the nth event must exist by the article
  date and, when the sentence dates it ("conducted on September 3"), be on that date;
- a scoped ordinal ("its second this year", "the first since September 2016");
- a count ("the country's six nuclear tests", "two nuclear tests in 2016") as of the article date;
- a date ("a nuclear test on Sunday"): an event of the series on that day;
- an interval ("75 days after the launch on September 15") between the event the sentence is
  about and the one it names.

Event dates are local dates; `utc_date` is given where the UTC (and US) date differs, and either
is accepted, but an interval is computed on one basis (local to local or UTC to UTC), so an
off-by-one count of days is still caught. All phrases are data in the rule; nothing here names
a rule, an event or a figure.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import replace
from typing import Iterable, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span as SpacySpan, Token

from checker.stages import units
from checker.stages.phrases import PhraseIndex, compile_phrases
from checker.kinds.events.mentions import (ORDINAL_WORDS, Mention, SentenceReading, find_mentions,
                                           find_verb_mentions, generic_elsewhere, ordinal_value)
from checker.kinds.base import Judged
from checker.kinds.events.regions import judge_regions
from checker.kinds.events.resolve import EventResolver
from checker.kinds.events.series import Event, Series
from checker.stages.dates import DateRef
from checker.stages.times import TimeRef
from checker.stages.document import Document
from checker.stages.extract import extract
from checker.kinds.wording import number_word, plural, spoken_date, with_article
from checker.lexicon import lexicon
from checker.model import Claim, Finding, Interval
from checker.rules.rule import Rule

_ORDINAL_NAMES = {v: k for k, v in ORDINAL_WORDS.items()}
_NOT_A_COUNT = {"more", "other", "further", "additional", "new", "previous", "next", "last",
                "past", "first", "latest", "recent"}
_LABEL_TIME = re.compile(r"\b(?:update|updated|posted|published|edited|as of)\s*(?:at\s+)?$",
                         re.IGNORECASE)
_INTERVAL_WORDS = re.compile(r"^\s*(?P<word>after|since|before|following|from)\b", re.IGNORECASE)


class EventClaims:
    """Sentences naming a dated series: ordinals, counts, dates and intervals."""

    def __init__(self, rules: list[Rule], nlp: Language):
        series_rules = [r for r in rules if r.kind == "events"]
        self.series = [r.spec for r in series_rules]
        self.rules = {r.id: r for r in series_rules}
        phrases = sorted({p for s in self.series for p in s.subject + s.context}
                         | {n for s in self.series for e in s.events for n in e.names}
                         | {n for s in self.series for names in s.regions.values() for n in names})
        self._phrases = compile_phrases(phrases, nlp)

    def __call__(self, document: Document, doc: Doc) -> Judged:
        if not self.series:
            return []
        index = PhraseIndex(doc, self._phrases, document.title)
        figures: dict[tuple[int, int], list[Claim]] = {}  # by sentence, for a lookup per sentence
        for claim in extract(document, doc):
            if claim.kind in ("count", "duration"):
                figures.setdefault(claim.sentence, []).append(claim)
        out: Judged = []
        regional = [s for s in self.series if s.regions]
        # where regions are named, found once per document, not per sentence
        named_at = sorted(start for series in regional for names in series.regions.values()
                          for n in names for start, _ in index.find(n))
        resolver: Optional[EventResolver] = None
        for sentence in doc.sents:
            at = bisect.bisect_left(named_at, sentence.start)
            if at < len(named_at) and named_at[at] < sentence.end:
                resolver = resolver or EventResolver(self.series, document, doc, index)
                out.extend(judge_regions(regional, self.rules, document, doc, sentence, index,
                                         resolver))
            mentions = find_mentions(self.series, doc, sentence, index, document.date)
            verbs = find_verb_mentions(self.series, doc, sentence, index, document.date)
            if mentions or verbs:
                bounds = (document.body_start + sentence.start_char, document.body_start + sentence.end_char)
                out.extend(_Sentence(document, doc, sentence, mentions, index, figures.get(bounds, []),
                                     self.rules, self.series, verbs).judge())
        return out


class _Sentence(SentenceReading):
    """One sentence's claims about the series it names."""

    def __init__(self, document: Document, doc: Doc, sentence: SpacySpan,
                 mentions: list[Mention], index: PhraseIndex, figures: list[Claim],
                 rules: dict[str, Rule], all_series: list[Series], verbs: list[Mention]):
        super().__init__(document, doc, sentence, mentions, index)
        self.verbs = verbs  # "fired a missile on Monday": only their dates are judged
        self.rules = rules
        self.all_series = all_series
        self.used_dates: set[int] = set()
        self.dated: Judged = []  # date phrases checked with an ordinal, as claims of their own
        self.durations = [c for c in figures if c.kind == "duration"]  # the sentence's own
        self.counts = [c for c in figures if c.kind == "count"]

    def _finding(self, claim: Claim, series: Series, verdict: str, message: str,
                 expected: dict, suggestion: Optional[str] = None,
                 diagnosis: Optional[str] = None, assumed: Iterable[Optional[str]] = ()) -> tuple[Claim, Finding]:
        rule = self.rules[series.rule_id]
        notes = [a for a in assumed if a]
        if notes:
            message += f" (Assumed {'; '.join(notes)}.)"
        severity = rule.severity if verdict != "unverifiable" else "info"
        return claim, Finding(rule=rule.id, verdict=verdict, severity=severity, claim=claim,
                              expected=expected, message=message, suggestion=suggestion,
                              sources=rule.sources, diagnosis=diagnosis)

    # ------------------------------------------------------------------ claims
    def judge(self) -> Judged:
        out: Judged = []
        named = self.named()
        taken_ordinals: set[int] = set()
        referents: dict[int, Event] = {}
        for mention in self.mentions:
            series = mention.series
            if self.foreign_doer(mention):
                continue  # "a nuclear test carried out by Pakistan": another country's
            ordinal = self.ordinal(mention)
            if ordinal and series.ordered:
                n, token = ordinal
                taken_ordinals.add(token.i)
                modifiers = self.modifiers(mention)
                if self.speculative or _indefinite(modifiers):
                    hypothetical = self._this_would_be(mention, n, token, modifiers)
                    if hypothetical is not None:
                        out.append(hypothetical)
                    if not (_indefinite(modifiers) and not self.speculative
                            and _reported_as_done(self.doc[mention.end - 1])):
                        continue  # "a seventh test" that may come, not the n-th one
                narrowed = self.narrowing(mention, token)
                if narrowed:
                    out.append(self._subset(mention, token, n, narrowed))
                    continue
                period = self.period_after(mention.end)
                if period is not None:
                    out.append(self._scoped(mention, n, token, mention.end, period, named))
                    self.used_dates.add(id(period))
                    continue
                judged, event = self._ordinal_claim(mention, n, token)
                if event:
                    referents[id(mention)] = event
                out.append(judged)
                continue
            count = self._count(mention)
            if count is not None:
                if series.ordered:
                    out.append(count)
                continue
            if not self.speculative and not _indefinite_negative(self.modifiers(mention)):
                judged = self._date_claim(mention, named)
                if judged:
                    out.append(judged)
        # ordinals standing alone that refer back to the series: "its second this year"
        for token in self.sentence:
            n = ordinal_value(token)
            if n is None or token.i in taken_ordinals or self.speculative:
                continue
            if any(token.i in m.range for m in self.mentions):
                continue
            period = self.period_after(token.i + 1)
            if period is None:
                continue
            before = [m for m in self.mentions if m.end <= token.i and m.series.ordered]
            if not before:
                continue
            mention = before[-1]
            out.append(self._scoped(mention, n, token, token.i + 1, period, named,
                                    referent=referents.get(id(mention))))
        out.extend(self.dated)
        out.extend(self._times(named))
        if not self.speculative:  # a day or a month on the verb ("fired missiles last year" says little)
            verb_named = self.named(self.verbs)
            out.extend(self._date_claim(verb, verb_named) for verb in self.verbs
                       if (ref := self.attached_date(verb)) is not None and ref.precision in ("day", "month"))
        out.extend(self._intervals(named, referents))
        out.extend(self._wrong_years())
        return [pair for pair in out if pair is not None]

    def _wrong_years(self) -> Judged:
        """"North Korea conducted a hydrogen bomb test ... on January 6, 2015": a full date in a
        sentence that names one event of a complete series, on no event of it, but on the day
        and month of one of its events in another year, is that event with the wrong year. A
        date of a named event was judged already; an anniversary is another matter."""
        out: Judged = []
        if any(w in self.sentence.text.lower() for w in lexicon()["anniversary_words"]):
            return out
        for series in {id(m.series): m.series for m in self.mentions}.values():
            mine = [m for m in self.mentions if m.series is series]
            if len(mine) != 1 or self.speculative or generic_elsewhere(
                    mine[0], self.all_series, self.doc, self.sentence, self.index):
                continue
            for ref in self.dates:
                if id(ref) in self.used_dates or not ref.is_day or ref.relative \
                        or not series.complete_at(ref.low) or series.on(ref):
                    continue
                same_day = [e for e in series.events if (e.date.month, e.date.day)
                            == (ref.low.month, ref.low.day) and e.date.year != ref.low.year]
                if len(same_day) != 1:
                    continue
                event = same_day[0]
                self.used_dates.add(id(ref))
                claim = self.claim("date", ref.start + (len(ref.phrase) - len(ref.phrase.lstrip())),
                                   ref.end, ref.low.isoformat(), mine[0])
                if ref.preposition:
                    start = self.sentence.text.find(ref.phrase.split(None, 1)[-1], ref.start)
                    claim = self.claim("date", start, ref.end, ref.low.isoformat(), mine[0])
                finding = self._finding(
                    claim, series, "inconsistent",
                    f"{claim.text}, but no {series.noun} took place then; the {series.noun} of "
                    f"{event.label()} fell on the same day and month: the year is wrong?",
                    _expected_event(event, event.n), suggestion=spoken_date(event.date),
                    diagnosis="wrong-year")
                out.append((finding[0], replace(finding[1], severity="warning")))
        return out

    def _this_would_be(self, mention: Mention, n: int, token: Token, modifiers: list[Token]):
        """"If confirmed, this would be the fifth such nuclear test": in the report of an event,
        "this"/"it" is that event, so the ordinal is its own (a next or another one is not)."""
        series = mention.series
        if any(t.lower_ in ("next", "another", "new", "any") for t in modifiers):
            return None
        head = self.doc[mention.end - 1]
        verb = head.head if head.dep_ in ("attr", "dobj", "nsubj") else None
        if verb is None or not any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("this", "it", "that")
                                   for c in verb.children):
            return None
        reported = series.recent(self.today)
        if reported is None or reported.n is None:
            return None
        claim = self.claim("ordinal", self.char(token.i), self.char(mention.end - 1)
                           + len(self.doc[mention.end - 1]), n, mention)
        name = f"{_ORDINAL_NAMES.get(n, str(n))} {series.noun}"
        if reported.n == n:
            return self._finding(claim, series, "consistent",
                                 f"{claim.text}: the {series.noun} of {reported.label()} the article "
                                 f"reports is the {name}.", _expected_event(reported, n))
        right = _ORDINAL_NAMES.get(reported.n, str(reported.n))
        return self._finding(claim, series, "inconsistent",
                             f"{claim.text}, but the {series.noun} of {reported.label()} the article "
                             f"reports was the {right}.", _expected_event(reported, reported.n),
                             suggestion=claim.text.replace(token.text, right, 1),
                             diagnosis="off-by-one" if abs(reported.n - n) == 1 else "wrong-ordinal")

    def _announced_on(self, series: Series, ref: DateRef) -> list[tuple[Event, str]]:
        """The events an announcement on `ref` may report: that day's and the day before's."""
        if not ref.is_day or ref.low is None:
            return series.on(ref)
        return series.on(replace(ref, low=ref.low - dt.timedelta(days=1)))

    def _beyond_horizon(self, claim: Claim, series: Series, day: Optional[dt.date]):
        """A claim that needs events past the day up to which the list is complete: the list
        cannot say it is wrong ("fifth ICBM test" in 2025 against a list complete to 2018)."""
        known = f"through {series.complete_through.isoformat()}" if series.complete_through \
            else "with no date up to which it is complete"
        return self._finding(claim, series, "unverifiable",
                             f"{claim.text}: the rules list {plural(series.noun, 2)} {known}, "
                             f"not up to {day.isoformat() if day else 'the date meant'}.", {})

    def _subset(self, mention: Mention, first: Token, n: int, narrowed: list[str], kind: str = "ordinal",
                claim: Optional[Claim] = None):
        """An ordinal or count of some events of the series only ("its first hydrogen bomb
        test"): the list does not say which events those are, so it is not judged, and said."""
        series = mention.series
        claim = claim or self.claim(kind, self.char(first.i), self.char(mention.end - 1)
                                    + len(self.doc[mention.end - 1]), n, mention)
        subset = plural(narrowed[0], 2) if narrowed[0] in series.subtypes else \
            f"{' '.join(narrowed)} {plural(series.noun, 2)}"
        return self._finding(claim, series, "unverifiable",
                             f"{claim.text}: counts only {subset}, which the list of "
                             f"{plural(series.noun, 2)} does not tell apart.", {"value": n})

    def _ordinal_claim(self, mention: Mention, n: int, token: Token):
        series = mention.series
        claim = self.claim("ordinal", self.char(token.i), self.char(mention.end - 1)
                            + len(self.doc[mention.end - 1]), n, mention)
        event = series.nth(n)
        ref = self.attached_date(mention)
        name = f"{_ORDINAL_NAMES.get(n, str(n))} {series.noun}"
        if ref is not None and self.via_announcement(mention, ref) and not any(
                e is event for e, _ in self._announced_on(series, ref)):
            ref = None  # the announcement's day says nothing against the event's
        if ref is not None:
            self.used_dates.add(id(ref))
            if ref.needs_date and ref.month_day is None:
                return self._finding(claim, series, "unverifiable",
                                     f"{claim.text} {ref.phrase}: the date cannot be checked: "
                                     f"{ref.phrase!r} needs the article date (front matter `date:` "
                                     f"or --date). The {name} was on {event.label() if event else 'no known date'}.",
                                     _expected_event(event, n)), event
            matches = self._announced_on(series, ref) if self.via_announcement(mention, ref) \
                else series.on(ref)
            if event is not None and any(e is event for e, _ in matches):
                basis = next(b for e, b in matches if e is event)
                note = " (the UTC/US date)" if basis == "UTC" else ""
                if ref.resolved or ref.month_day is not None:  # the date is checked too
                    self.dated.append(self._date_agrees(mention, ref, event, basis))
                return self._finding(claim, series, "consistent",
                                     f"{claim.text} {ref.phrase}{note}: the {name} was on "
                                     f"{event.label()}.", _expected_event(event, n),
                                     assumed=[ref.assumed]), event
            if matches:
                actual = matches[0][0]
                right = _ORDINAL_NAMES.get(actual.n, str(actual.n))
                off = actual.n is not None and abs(actual.n - n) == 1
                return self._finding(
                    claim, series, "inconsistent",
                    f"{claim.text} {ref.phrase}, but the {series.noun} on {actual.label()} was the "
                    f"{right}" + (f"; the {name} was on {event.label()}" if event else "") + ".",
                    _expected_event(actual, actual.n), suggestion=f"{right} {series.noun}",
                    diagnosis="off-by-one" if off else "wrong-ordinal", assumed=[ref.assumed]), actual
            if event is not None:
                return self._finding(
                    claim, series, "inconsistent",
                    f"{claim.text} {ref.phrase}, but the {name} was on {event.label()}"
                    + (f", and no {series.noun} took place on {ref.describe()}"
                       if series.complete_at(ref.high) else "") + ".",
                    _expected_event(event, n), suggestion=f"on {spoken_date(event.date)}",
                    diagnosis="wrong-date", assumed=[ref.assumed]), event
        # the article's date is its writer's: "fifth nuclear test" dated 8 September in New
        # York reports the test of 9 September in Seoul, the same moment
        known = series.by(self.today and self.today + dt.timedelta(days=1))
        if event is None or (self.today is not None and event not in known):
            if self.today is None and event is None and series.complete_through is None:
                return None, None
            if event is None and self.today is not None and not series.complete_at(self.today):
                return self._beyond_horizon(claim, series, self.today), None
            count = len(known)
            when = f"by {self.today.isoformat()} (or the next day, where the event was)" if self.today else (
                f"through {series.complete_through.isoformat()}")
            later = f"; the {name} came on {event.label()}" if event else ""
            return self._finding(claim, series, "inconsistent",
                                 f"{claim.text}, but only {number_word(count)} {plural(series.noun, count)} "
                                 f"had taken place {when}{later}.",
                                 {"value": count, "as_of": (self.today or series.complete_through).isoformat()},
                                 suggestion=f"{_ORDINAL_NAMES.get(count, str(count))} {series.noun}"
                                 if count else None, diagnosis="not-yet" if event else "no-such-event"), None
        if self.today is None:
            return self._finding(claim, series, "consistent",
                                 f"{claim.text}: the {name} took place on {event.label()}.",
                                 _expected_event(event, n),
                                 assumed=[f"the undated article is later than {event.date.isoformat()}"]), event
        return self._finding(claim, series, "consistent",
                             f"{claim.text}: the {name} took place on {event.label()}.",
                             _expected_event(event, n)), event

    def _scoped(self, mention: Mention, n: int, token: Token, end_token: int, period: DateRef,
                named: dict, referent: Optional[Event] = None):
        series = mention.series
        end_char = period.end
        claim = self.claim("ordinal", self.char(token.i), end_char, n, mention)
        if period.needs_date:
            return self._finding(claim, series, "unverifiable",
                                 f"{claim.text}: {period.phrase!r} needs the article date (front "
                                 "matter `date:` or --date).", {"value": n})
        since = period.preposition == "since"
        nth = series.nth(n)
        if nth is not None and series.ordered and referent is None and period.resolved \
                and (self.today is None or nth.earliest <= self.today + dt.timedelta(days=1)) \
                and (period.contains(nth.date) or since and nth.date >= period.low):
            # "the third test in 2013", "its third test since 2006": the n-th event of the
            # whole series lies in (or after the start of) the period; read so, it is right
            return self._finding(claim, series, "consistent",
                                 f"{claim.text}: the {_ORDINAL_NAMES.get(n, n)} {series.noun} was "
                                 f"on {nth.label()}.", _expected_event(nth, n),
                                 assumed=[period.assumed])
        pool = [e for e in series.by(self.today)
                if (e.date > period.high if since else period.contains(e.date)
                    or (e.utc_date is not None and period.contains(e.utc_date)))]
        if referent is None:
            ref = self.attached_date(mention, exclude=[period])
            if ref is not None and ref.resolved:
                matches = [e for e, _ in series.on(ref)]
                referent = matches[0] if matches else None
            elif named.get(id(mention)):
                referent = named[id(mention)][0]
        guessed = False
        if referent is None and self.today is not None:
            known = series.by(self.today)
            latest = known[-1] if known else None
            if latest is not None and (series.complete_at(self.today) or (
                    self.today - latest.date).days <= series.recent_days):
                referent = latest  # the event the article is about: the latest by its date
                guessed = True
        scope_text = period.phrase.strip() + (f" ({period.describe()})" if period.relative else "")
        if not re.match(r"(?i)(since|in|this|last|so far|earlier|of|during)\b", scope_text):
            scope_text = "in " + scope_text
        listed = ", ".join(e.date.isoformat() for e in pool) or "none"
        if referent is not None and referent in pool:
            position = pool.index(referent) + 1
            if position == n:
                return self._finding(claim, series, "consistent",
                                     f"{claim.text}: the {series.noun} on {referent.label()} was the "
                                     f"{_ORDINAL_NAMES.get(n, n)} {scope_text} ({listed}).",
                                     {"value": n, "events": [e.date.isoformat() for e in pool]},
                                     assumed=[period.assumed])
            right = _ORDINAL_NAMES.get(position, str(position))
            return self._finding(claim, series, "inconsistent",
                                 f"{claim.text}, but the {series.noun} on {referent.label()} was the "
                                 f"{right} {scope_text} ({listed}).",
                                 {"value": position, "events": [e.date.isoformat() for e in pool]},
                                 suggestion=claim.text.replace(token.text, right, 1),
                                 diagnosis="off-by-one" if abs(position - n) == 1 else "wrong-ordinal",
                                 assumed=[period.assumed])
        if referent is not None and guessed and since and not pool:
            # "its first nuclear test since 2017" with none listed after 2017: the sentence
            # speaks of an event the list does not hold (one expected, or one too recent)
            return self._finding(claim, series, "unverifiable",
                                 f"{claim.text}: no {series.noun} is listed {scope_text}, so the "
                                 f"sentence speaks of one the list does not hold.",
                                 {"events": []}, assumed=[period.assumed])
        if referent is not None and not guessed:
            return self._finding(claim, series, "inconsistent",
                                 f"{claim.text}, but the {series.noun} on {referent.label()} was not "
                                 f"{scope_text} ({listed}).", {"events": [e.date.isoformat() for e in pool]},
                                 diagnosis="wrong-scope", assumed=[period.assumed])
        if len(pool) >= n:
            return self._finding(claim, series, "consistent",
                                 f"{claim.text}: {len(pool)} {plural(series.noun, len(pool))} "
                                 f"{scope_text} ({listed}).", {"events": [e.date.isoformat() for e in pool]},
                                 assumed=[period.assumed])
        end = self.today if since else period.high  # "since 2017": up to the time of writing
        if not series.complete_at(end):
            return self._beyond_horizon(claim, series, end)
        return self._finding(claim, series, "inconsistent",
                             f"{claim.text}, but only {len(pool)} {plural(series.noun, len(pool))} "
                             f"took place {scope_text} ({listed}).",
                             {"value": len(pool), "events": [e.date.isoformat() for e in pool]},
                             diagnosis="wrong-ordinal", assumed=[period.assumed])

    def _count(self, mention: Mention):
        """"six nuclear tests": a count claim from the extractor on this noun phrase ("68
        tests" in copy about missile tests is not a count of nuclear tests)."""
        if generic_elsewhere(mention, self.all_series, self.doc, self.sentence, self.index):
            return None
        head = self.doc[mention.end - 1]
        head_start = self.base + head.idx
        head_end = head_start + len(head)
        for claim in self.counts:
            if not (claim.span.start < head_end and head_start < claim.span.end):
                continue
            words = {t.lower_ for t in self.modifiers(mention)}
            if words & _NOT_A_COUNT or self.speculative:
                return None
            first = self.token_at(claim.span.start - self.base - self.sentence.start_char)
            narrowed = self.narrowing(mention, first) if first is not None else []
            if narrowed:
                return self._subset(mention, first, claim.value, narrowed,
                                    claim=replace(claim, subject=self.doc[mention.start:mention.end].text))
            return self._judge_count(mention, claim)
        return None

    def _judge_count(self, mention: Mention, claim: Claim):
        series = mention.series
        claim = replace(claim, subject=self.doc[mention.start:mention.end].text)
        period = self.period_after(mention.end)
        if period is None:  # "In July 2017 North Korea fired two ICBMs": a period before
            attached = self.attached_date(mention)
            spanned = attached and self._between(attached)
            if spanned is not None:
                attached = spanned  # "six tests between October 2006 and September 2017"
            if attached is not None and attached.precision in ("year", "month", "span") \
                    and attached.preposition in ("in", "during", "between", None) \
                    and not re.match(r"\s*(?:,|and)\s*(?:19|20)\d\d",
                                     self.sentence.text[attached.end:]):
                period = attached  # not "by 2016", nor the first of "in 2006, 2009 and 2013"
            elif attached is not None and attached.preposition == "by" and attached.resolved \
                    and series.complete_at(attached.high):
                return self._count_by(mention, claim, attached)
        day = self.today
        if period is not None and period.needs_date:
            return self._finding(claim, series, "unverifiable",
                                 f"{claim.text}: {period.phrase!r} needs the article date (front "
                                 "matter `date:` or --date).", {})
        if day is None:
            if period is None or not series.complete_at(period.high) or period.preposition == "since":
                return self._finding(claim, series, "unverifiable",
                                     f"{claim.text}: how many {plural(series.noun, 2)} had taken "
                                     "place depends on the article date, which the article lacks "
                                     "(front matter `date:` or --date).", {})
        elif not series.complete_at(day):
            return None

        def counted(local_only: bool) -> list[Event]:
            pool = series.by(day, local_only=local_only)
            if period is not None:
                if period.preposition == "since":
                    pool = [e for e in pool if e.date >= period.low]
                else:
                    pool = [e for e in pool if period.contains(e.date)
                            or (e.utc_date is not None and period.contains(e.utc_date))]
            return pool

        low, high = len(counted(True)), len(counted(False))
        # On the day of an event (and the next, for time zones), copy often counts the earlier
        # ones ("North Korea has conducted five nuclear tests since 2006" in the report of the
        # sixth): that reading is allowed, and said.
        reported = series.recent(day) if day is not None and period is None or (
            period is not None and period.preposition == "since") else None
        before_reported = None
        if reported is not None and reported in counted(False) and (day - reported.date).days <= 1:
            before_reported = high - 1
            low = min(low, before_reported)
        scope = ""
        if period is not None:
            scope = f" {period.phrase}" if not period.relative else f" {period.phrase} ({period.describe()})"
        as_of = f" as of {day.isoformat()}" if day else ""
        listed = ", ".join(e.date.isoformat() for e in counted(False)) or "none"
        expected = {"value": high, "as_of": day.isoformat() if day else None,
                    "events": [e.date.isoformat() for e in counted(False)]}
        interval = claim.interval or Interval(claim.value, claim.value)
        if interval.overlaps(Interval(low, high)):
            counts_earlier = before_reported is not None and not interval.overlaps(
                Interval(high, high))
            note = (f"the count leaves out the {series.noun} of {reported.date.isoformat()} the "
                    "article reports") if counts_earlier else None
            return self._finding(claim, series, "consistent",
                                 f"{claim.text}: {high} {plural(series.noun, high)}{scope}{as_of} "
                                 f"({listed}).", expected,
                                 assumed=[period.assumed if period else None, note])
        words = claim.text.split(None, 1)
        return self._finding(claim, series, "inconsistent",
                             f"{claim.text}, but {high} {plural(series.noun, high)} had taken "
                             f"place{scope}{as_of} ({listed}).", expected,
                             suggestion=f"{number_word(high)} {words[1]}" if len(words) == 2 else str(high),
                             diagnosis="off-by-one" if abs(claim.value - high) == 1 else None,
                             assumed=[period.assumed if period else None])

    def _date_claim(self, mention: Mention, named: dict):
        series = mention.series
        ref = self.attached_date(mention)
        if ref is None or id(ref) in self.used_dates or self.another_of_the_series(mention):
            return None
        if ref.preposition in ("since", "from", "until", "till", "by", "before", "after") or re.search(
                r"\b(?:through|thru|until|till|between)\s+$", self.sentence.text[max(0, ref.start - 10):ref.start],
                re.IGNORECASE):
            return None  # "documenting launches since 1984", "drills through Thursday": a period's bound
        if generic_elsewhere(mention, self.all_series, self.doc, self.sentence, self.index):
            return None  # "68 tests in 2022" in copy about missile tests
        if ref.resolved and series.complete_from and ref.high < series.complete_from:
            return None  # before the list begins: the rules know nothing of that time
        if self.foreign_places(mention):
            return None  # "the 2006 Mozambique earthquake": an event the list may lack
        candidates = named.get(id(mention))
        pinned = bool(candidates)
        if not pinned and series.complete_through is None and ref.precision == "year":
            return None  # "the last quake above 5 occurred in 2014": some listed quake did, says nothing
        claim = self.claim("date", ref.start, ref.end,
                            ref.low.isoformat() if ref.is_day else ref.describe(), mention)
        announced = self.via_announcement(mention, ref)
        matches = [(e, b) for e, b in (self._announced_on(series, ref) if announced else series.on(ref))
                   if not pinned or e in candidates]
        if announced and not matches:
            return None  # announced that day: the event may be older
        if ref.low is None and len({e.date.year for e, _ in matches}) > 1:
            # "March 28" with no year and no article date: the one the sentence names a place of
            proper = {t.lower_ for t in self.sentence if t.pos_ == "PROPN"}
            matches = [(e, b) for e, b in matches if proper & set(re.findall(r"\w+", e.name.lower()))]
            if len({e.date.year for e, _ in matches}) != 1:
                return None
        if not matches and not pinned and not (ref.low and series.complete_at(ref.high)) and not (
                ref.needs_date and ref.month_day is None and series.complete_through):
            return None  # an incomplete list that names no event here says nothing of the day
        self.used_dates.add(id(ref))
        if ref.needs_date and ref.month_day is None:
            return self._finding(claim, series, "unverifiable",
                                 f"{ref.phrase}: which day this is needs the article date (front "
                                 "matter `date:` or --date).", {})
        if matches:
            return self._date_agrees(mention, ref, *matches[0], also=[e for e, _ in matches[1:]])
        pool = candidates or list(series.events)
        target = ref.low or dt.date(self.today.year if self.today else 2000, *ref.month_day)
        nearest = min(pool, key=lambda e: abs((e.date - target).days))
        return self._finding(claim, series, "inconsistent",
                             f"{ref.phrase}, but no {series.noun} took place on {ref.describe()}; "
                             f"the nearest was on {nearest.label()}.",
                             _expected_event(nearest, nearest.n), suggestion=f"on {spoken_date(nearest.date)}",
                             diagnosis="wrong-date", assumed=[ref.assumed])

    def _count_by(self, mention: Mention, claim: Claim, ref: DateRef):
        """"By 2016, North Korea had conducted three nuclear tests": the count as of the
        period, at its start or its end (copy means either), whatever the article's date."""
        series = mention.series
        before = len(series.by(ref.low - dt.timedelta(days=1), local_only=True))
        through = len(series.by(ref.high, local_only=True))
        events = [e.date.isoformat() for e in series.by(ref.high, local_only=True)]
        if claim.interval is not None and claim.interval.overlaps(Interval(before, through)):
            return self._finding(claim, series, "consistent",
                                 f"{claim.text} {ref.phrase.strip()}: {before} {plural(series.noun, before)} "
                                 f"before it began, {through} by its end ({', '.join(events)}).",
                                 {"value": through, "events": events})
        return self._finding(claim, series, "inconsistent",
                             f"{claim.text} {ref.phrase.strip()}, but {before} "
                             f"{plural(series.noun, before)} had taken place before it began and "
                             f"{through} by its end ({', '.join(events)}).",
                             {"value": through, "events": events}, diagnosis="wrong-count")

    def _between(self, ref: DateRef) -> Optional[DateRef]:
        """"between October 2006 and September 2017": the span from the one to the other, when
        `ref` is the first of such a pair."""
        if not re.search(r"\bbetween\s+$", self.sentence.text[max(0, ref.start - 10):ref.start], re.IGNORECASE):
            return None
        second = next((other for other in self.dates if other.start > ref.end and re.fullmatch(
            r"\s*and\s*", self.sentence.text[ref.end:other.start], re.IGNORECASE)), None)
        if second is None or not (ref.resolved and second.resolved):
            return None
        return replace(ref, phrase=self.sentence.text[ref.start:second.end], end=second.end,
                       high=second.high, precision="span", preposition="between")

    def _date_agrees(self, mention: Mention, ref: DateRef, event: Event, basis: str,
                     also: Iterable[Event] = ()):
        """The date phrase as a claim of its own, on the day of `event` (and of `also`, other
        events that day)."""
        claim = self.claim("date", ref.start, ref.end,
                           ref.low.isoformat() if ref.is_day else ref.describe(), mention)
        note = " (the UTC/US date)" if basis == "UTC" else ""
        events = [event, *also]
        what = with_article(mention.series.noun) if len(events) == 1 else \
            f"{number_word(len(events))} {plural(mention.series.noun, len(events))}"
        return self._finding(claim, mention.series, "consistent",
                             f"{ref.phrase}{note}: {what} took place on "
                             f"{'; '.join(e.label() for e in events[:3])}"
                             + (f"; and {len(events) - 3} more" if len(events) > 3 else "") + ".",
                             _expected_event(event, event.n), assumed=[ref.assumed])

    def _intervals(self, named: dict, referents: dict) -> Judged:
        out: Judged = []
        text = self.sentence.text
        sentence_start = self.base + self.sentence.start_char
        for duration in self.durations:
            rel_end = duration.span.end - sentence_start
            word = _INTERVAL_WORDS.match(text[rel_end:])
            if not word:
                continue
            after_char = rel_end + word.end()
            candidates = sorted(self.mentions + self.verbs, key=lambda m: m.start)
            anchor = next((m for m in candidates if self.char(m.start) >= after_char
                           and self.char(m.start) - after_char < 60), None)
            if anchor is None:
                continue
            anchor_events = self._identify(anchor, named, referents)
            if anchor_events is None:
                found = self._interval_to_some_event(duration, word.group("word"), anchor,
                                                     candidates, after_char, named, referents)
                if found is not None:
                    out.append(found)
                continue
            if anchor_events == "unresolved":
                claim = replace(duration, subject=self.doc[anchor.start:anchor.end].text)
                out.append(self._finding(claim, anchor.series, "unverifiable",
                                         f"{duration.text} {word.group('word')} the "
                                         f"{anchor.series.noun}: its date needs the article date "
                                         "(front matter `date:` or --date).", {}))
                continue
            (anchor_event, bases, anchor_ref) = anchor_events
            others = [m for m in candidates if m is not anchor and self.char(m.start) < after_char]
            if not others:
                if word.group("word").lower() == "since":
                    out.extend(self._interval_to_now(duration, anchor, anchor_event, anchor_ref))
                continue  # "sanctions came eight days after the test": not the series' interval
            referent = self._interval_referent(anchor, others, named, referents)
            if referent is None:
                continue
            event, ref_bases = referent
            before = word.group("word").lower() == "before"
            common = [b for b in bases if b in ref_bases] or list(bases)
            values = sorted({_days_between(anchor_event, event, b, before) for b in common})
            if any(v is None or v < 0 for v in values):
                continue
            claim = replace(duration, subject=self.doc[anchor.start:anchor.end].text)
            ok = any(_duration_matches(duration, v) for v in values)
            shown = " or ".join(str(v) for v in values)
            basis = "/".join(common)
            what = (f"from the {anchor.series.noun} on {anchor_event.label()} to "
                    f"{event.label()}" if not before else
                    f"from {event.label()} to the {anchor.series.noun} on {anchor_event.label()}")
            expected = {"value": values[0], "unit": "day"}
            assumed = [anchor_ref.assumed if anchor_ref else None]
            if event is not None and self.today is not None and event.date >= self.today - dt.timedelta(days=anchor.series.recent_days) and not any(isinstance(self._identify(o, named, referents), tuple) for o in others):
                assumed.append(f"the event is the {event.label()}, the latest before the article date {self.today.isoformat()}")
            if ok:
                out.append(self._finding(claim, anchor.series, "consistent",
                                         f"{duration.text} {word.group('word')}: {shown} days "
                                         f"{what} ({basis} dates).", expected, assumed=assumed))
            else:
                off = duration.unit and units.dimension(duration.unit) == "[time]" and any(
                    abs(_in_days(duration) - v) <= 1.01 for v in values)
                out.append(self._finding(claim, anchor.series, "inconsistent",
                                         f"{duration.text} {word.group('word')}, but {shown} days "
                                         f"passed {what} ({basis} dates).", expected,
                                         suggestion=f"{values[0]} days",
                                         diagnosis="off-by-one" if off else None, assumed=assumed))
        return out

    def _times(self, named: dict) -> Judged:
        """Times of day said of an event ("the test was conducted at 10:36 a.m. (1:36 a.m.
        GMT)", "the earthquake struck at 4:17 a.m. local time"), checked against the list's
        `time_utc` / `time_local`. A time with no zone is compared with the local time (and with
        UTC); a mismatch is called wrong only when a zone is written, the time is not hedged
        and it is more than half an hour off (an hour and a half for "local time", which copy
        about Pyongyang may give in Pyongyang's own time, half an hour from Seoul's); otherwise a mismatch is not judged (the copy may
        give the time of a warning, a landing or a report)."""
        out: Judged = []
        if self.speculative:
            return out
        for written in self.times:
            if _LABEL_TIME.search(self.sentence.text[:written.start]) or \
                    re.match(r"\s*[:|]", self.sentence.text[written.end:]):
                continue  # "Update 06:25 UTC: the earthquake was felt ...": when the page changed
            hanging = [(d, m) for m in self.mentions + self.verbs
                       if (d := self.hangs_from(m, written.start, written.end)) is not None]
            if not hanging:
                continue
            mention = min(hanging, key=lambda pair: pair[0])[1]
            events = [e for e in self._events_meant(mention, named) if e.time_utc or e.time_local]
            if not events:
                continue
            offs = [(off, e) for e in events if (off := _minutes_off(written, e)) is not None]
            if not offs:
                continue
            claim = self.claim("date", written.start, written.end,
                               f"{written.minutes // 60:02d}:{written.minutes % 60:02d}", mention)
            series = mention.series
            tolerance = 15 if written.approximate else 5
            off, event = min(offs, key=lambda pair: pair[0])
            began = _began(event)
            if off <= tolerance:
                out.append(self._finding(claim, series, "consistent",
                                         f"{written.phrase}: the {series.noun} of {event.label()} "
                                         f"began at {began}.", _expected_event(event, event.n)))
            elif written.zone is not None and not written.approximate \
                    and off > (90 if written.zone == "local" else 30):
                judged = self._finding(claim, series, "inconsistent",
                                       f"{written.phrase}, but the {series.noun} of {event.label()} "
                                       f"began at {began}: this may be the time of something "
                                       "else the sentence speaks of.",
                                       _expected_event(event, event.n), diagnosis="wrong-time")
                out.append((judged[0], replace(judged[1], severity="warning")))
        return out

    def _events_meant(self, mention: Mention, named: dict) -> list[Event]:
        """The events a mention may mean, for a time of day: those of its date (all of that
        day's), of its name, of its ordinal, else the article's."""
        series = mention.series
        pinned = named.get(id(mention))
        ref = self.attached_date(mention)
        if ref is not None:
            if not ref.resolved and ref.month_day is None:
                return []
            found = [e for e, _ in series.on(ref)]
            return [e for e in found if e in pinned] or found if pinned else found
        if pinned:
            return list(pinned)
        ordinal = self.ordinal(mention)
        if ordinal and series.ordered:
            event = series.nth(ordinal[0])
            return [event] if event else []
        return list(series.reported(self.today))

    def _interval_to_now(self, duration: Claim, anchor: Mention, anchor_event: Event,
                         anchor_ref: Optional[DateRef]) -> Judged:
        """"Today marks 19 years since its first nuclear test": with no other event in the
        sentence, "since" counts to the time of writing, the article date (or the one day the
        sentence itself names). Judged only in months or years: a count of days or weeks may
        be a day or more old by the date the page carries; and not in a sentence about the past
        ("by then it had been ...") or dated to another time."""
        if self.today is None or self.speculative:
            return []
        if units.convert(1, duration.unit, "day") < 28 or re.search(
                r"\bhad\b", self.sentence.text[:duration.span.start - self.base - self.sentence.start_char],
                re.IGNORECASE):
            return []
        own = {ref.low for ref in self.dates if ref is not anchor_ref and not (
            ref.is_day and ref.low is not None and abs((ref.low - self.today).days) <= 1)}
        named_days = {ref.low for ref in self.dates if ref is not anchor_ref} - own
        if own or len(named_days) > 1:
            return []  # "in 2016, ten years since the first test": counted to another time
        now = next(iter(named_days), None) or self.today
        days = (now - anchor_event.date).days
        if days < 0:
            return []
        claim = replace(duration, subject=self.doc[anchor.start:anchor.end].text)
        what = f"{days} days from the {anchor.series.noun} on {anchor_event.label()} to {now.isoformat()}"
        expected = {"value": days, "unit": "day"}
        assumed = [f"counted to {'the date the sentence names' if named_days else 'the article date'}"]
        if _duration_matches(duration, days):
            return [self._finding(claim, anchor.series, "consistent",
                                  f"{duration.text} since: {what}.", expected, assumed=assumed)]
        in_unit = units.convert(days, "day", duration.unit)
        return [self._finding(claim, anchor.series, "inconsistent",
                              f"{duration.text} since, but {what} (about {in_unit:.1f} "
                              f"{plural(str(duration.unit), 2)}).", expected, assumed=assumed)]

    def _interval_referent(self, anchor: Mention, others: list[Mention], named: dict,
                           referents: dict) -> Optional[tuple[Event, tuple[str, ...]]]:
        """The event an interval is measured to: the first other mention the sentence
        identifies before the anchor, else (the sentence names an event of the series without
        dating it: "the launch came 12 days after the last one") the latest by the article date."""
        for other in others:
            found = self._identify(other, named, referents)
            if isinstance(found, tuple):
                return found[0], found[1]
        if not others:
            return None
        latest = self._latest(others[0].series)
        return (latest, ("local", "UTC")) if latest is not None else None

    def _interval_to_some_event(self, duration: Claim, word: str, anchor: Mention,
                                candidates: list[Mention], after_char: int, named: dict,
                                referents: dict):
        """"The launch came a day after North Korea fired a short-range missile": the anchor
        names no event, but a complete list can say whether one of its events lies that far
        from the referent. One does: consistent, and said which; none: not judged (the copy
        may count from something the list does not hold)."""
        series = anchor.series
        others = [m for m in candidates if m is not anchor and self.char(m.start) < after_char]
        referent = self._interval_referent(anchor, others, named, referents)
        if referent is None:
            return None
        event = referent[0]
        pinned = named.get(id(anchor))
        if not pinned and not series.complete_at(event.date):
            return None
        before = word.lower() == "before"
        fits = []
        for candidate in pinned or series.events:
            if candidate is event:
                continue
            days = {_days_between(candidate, event, b, before) for b in ("local", "UTC")}
            days = {d for d in days if d is not None and d >= 0 and _duration_matches(duration, d)}
            if days:
                fits.append((candidate, min(days)))
        if not fits:
            return None
        candidate, days = fits[-1] if not before else fits[0]  # the nearest one
        claim = replace(duration, subject=self.doc[anchor.start:anchor.end].text)
        span = f"{days} {plural('day', days)}"
        what = (f"the {series.noun} on {candidate.label()} came {span} before {event.label()}"
                if not before else f"{event.label()} came {span} before the {series.noun} on "
                f"{candidate.label()}")
        return self._finding(claim, series, "consistent", f"{duration.text} {word}: {what}.",
                             {"value": days, "unit": "day"},
                             assumed=[f"the {series.noun} meant is the one on {candidate.label()}"])

    def _identify(self, mention: Mention, named: dict, referents: dict):
        """The event a mention names: (event, bases that matched, date phrase), "unresolved"
        when its date needs the article date, or None when the sentence does not say."""
        series = mention.series
        if id(mention) in referents:
            return referents[id(mention)], ("local", "UTC"), None
        ordinal = self.ordinal(mention)
        ref = self.attached_date(mention)
        if ref is not None:
            if ref.needs_date and ref.month_day is None:
                return "unresolved"
            matches = series.on(ref)
            pinned = named.get(id(mention))
            if pinned:
                matches = [(e, b) for e, b in matches if e in pinned] or matches
            if ordinal and series.ordered:
                matches = [(e, b) for e, b in matches if e.n == ordinal[0]] or matches
            if matches:
                event = matches[0][0]
                return event, tuple(b for e, b in matches if e is event), ref
            return None
        if ordinal and series.ordered:
            event = series.nth(ordinal[0])
            return (event, ("local", "UTC"), None) if event else None
        pinned = named.get(id(mention))
        if pinned and len(pinned) == 1:
            return pinned[0], ("local", "UTC"), None
        return None

    def _latest(self, series: Series) -> Optional[Event]:
        if self.today is None:
            return None
        known = series.by(self.today)
        if not known:
            return None
        latest = known[-1]
        if series.complete_at(self.today) or (self.today - latest.date).days <= series.recent_days:
            return latest
        return None


def _days_between(anchor: Event, event: Event, basis: str, before: bool) -> Optional[int]:
    def day(e: Event) -> dt.date:
        return e.utc_date if basis == "UTC" and e.utc_date else e.date
    delta = (day(anchor) - day(event)).days if before else (day(event) - day(anchor)).days
    return delta


def _in_days(claim: Claim) -> float:
    return units.convert(claim.value, claim.unit, "day")


def _duration_matches(claim: Claim, days: int) -> bool:
    """Days are counted exactly; weeks, months and years as written, to the nearest unit."""
    interval = claim.interval or Interval(claim.value, claim.value)
    if units.convert(1, claim.unit, "day") <= 1.0 + 1e-9:
        low = units.convert(interval.low, claim.unit, "day") if interval.low != float("-inf") else interval.low
        high = units.convert(interval.high, claim.unit, "day") if interval.high != float("inf") else interval.high
        return Interval(low, high, interval.low_open, interval.high_open).overlaps(Interval(days, days))
    actual = units.convert(days, "day", claim.unit)
    return interval.overlaps(Interval(actual - 0.5, actual + 0.5))


def _reported_as_done(noun: Token) -> bool:
    """"North Korea has conducted a sixth nuclear test": the verb the noun is the object of is
    in the past (or the perfect) with no modal, so the event took place."""
    verb = noun.head
    if noun.dep_ not in ("dobj", "nsubjpass", "attr") or verb.pos_ not in ("VERB", "AUX"):
        return False
    # "has admitted carrying out a third test", "delivered on its threat, conducting a second
    # test": a gerund takes the time of the verb it completes
    while verb.tag_ == "VBG" and verb.dep_ in ("xcomp", "advcl", "pcomp", "ccomp") \
            and verb.head.pos_ in ("VERB", "AUX") and verb.head is not verb:
        verb = verb.head
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children):
        return False
    return verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(
        c.dep_ in ("aux", "auxpass") and c.lemma_ == "have" for c in verb.children))


def _indefinite(modifiers: list[Token]) -> bool:
    """"a seventh test" speaks of a possible event, not of the nth one."""
    return any(t.lower_ in ("a", "an", "another", "any") for t in modifiers)


def _indefinite_negative(modifiers: list[Token]) -> bool:
    return any(t.lower_ in ("no", "any", "another", "next") for t in modifiers)


def _expected_event(event: Optional[Event], n: Optional[int]) -> dict:
    if event is None:
        return {"value": n}
    out = {"value": n, "date": event.date.isoformat()}
    if event.utc_date and event.utc_date != event.date:
        out["utc_date"] = event.utc_date.isoformat()
    if event.name:
        out["event"] = event.name
    return out


def _minutes_off(written: TimeRef, event: Event) -> Optional[int]:
    """How many minutes a written time of day is from the event's start, in the zone it was
    written in (UTC for a named zone; local for "local time"; a time with no zone may be
    either); None when the list lacks that time."""
    options = []
    if written.zone not in (None, "local") and event.time_utc is not None:
        utc = written.utc_minutes(event.utc_date or event.date)
        if utc is not None:
            options.append(abs(utc - (event.time_utc.hour * 60 + event.time_utc.minute)))
    if written.zone in (None, "local") and event.time_local is not None:
        options.append(abs(written.minutes - (event.time_local.hour * 60 + event.time_local.minute)))
    if written.zone is None and event.time_utc is not None:
        options.append(abs(written.minutes - (event.time_utc.hour * 60 + event.time_utc.minute)))
    return min(min(off, 1440 - off) for off in options) if options else None


def _began(event: Event) -> str:
    parts = []
    if event.time_local is not None:
        parts.append(f"{event.time_local:%H:%M} local time")
    if event.time_utc is not None:
        parts.append(f"{event.time_utc:%H:%M} UTC")
    return " (".join(parts) + (")" if len(parts) == 2 else "")
