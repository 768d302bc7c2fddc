"""Resolve: which event of a dated series a figure speaks of, and how surely.

"The blast registered 6.3, far stronger than the previous test, which measured 5.3": the 6.3
is about the test the article reports, the 5.3 about the one before it. A figure about an event
of a series is judged against that event only, so the event is read from the evidence nearest
the figure, strongest first:

1. explicit (`EXPLICIT`): a mention of the series that the figure is syntactically about
   ("North Korea's sixth nuclear test registered 6.3"), with what qualifies it (an ordinal, a
   date or year attached to it, a period after it, one of an event's names, "previous",
   "latest", a year before the noun); or a date attached to the figure itself ("the 4.52
   recorded in 2006"); or the n-th of a "respectively" list;
2. context (`CONTEXT`): the sentence's only mention of the series, or a date or event name
   elsewhere in the sentence that picks one event;
3. article (`ARTICLE`): nothing in the sentence, and the article is dated just after an event
   (the event it reports); `SAME_DAY` when the figure is about a plain mention of the series
   ("the missile flew 2,700 km") in an article dated the day of the event or the next, and no
   other event of the series came in the days before.

Every piece of evidence narrows the events; the first level that leaves some decides. Several
events left, or evidence that contradicts itself, is recorded with the reason: the verdict is
then `unverifiable` unless the figure fits one of them. The evidence is kept in words for the
finding ("ordinal 'sixth'", "'in 2006'").
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional, Sequence

from spacy.tokens import Doc, Span as SpacySpan, Token

from checker.kinds.events.series import Event, Series
from checker.lexicon import lexicon, months
from checker.stages.phrases import PhraseIndex, paragraph_of
from checker.stages import dates as dates_
from checker.stages.dates import DateRef
from checker.stages.document import Document
from checker.kinds.events.mentions import Mention, SentenceReading, find_mentions
from checker.stages.subject import chunk

EXPLICIT, SAME_DAY, CONTEXT, ARTICLE = 3, 2, 1, 0
STRENGTH_WORDS = {EXPLICIT: "named with the figure", SAME_DAY: "the event the article reports that day",
                  CONTEXT: "named in the sentence", ARTICLE: "taken from the article's date"}
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_LABEL_END = re.compile(r"\s*(?::|\s[-–—]\s|[–—])")  # "6 January 2016:", "Jan. 6, 2016 —"


@dataclass(frozen=True)
class Resolution:
    events: tuple[Event, ...]  # the events the figure may speak of (one when resolved)
    evidence: str  # the words that said so
    strength: int
    reason: Optional[str] = None  # why it is not exactly one event
    # where in the file the words that named the event are, when they hang from the figure
    # itself ("the 4.52 recorded in 2006"): a finding that blames the pairing covers both
    where: Optional[tuple[int, int]] = None

    @property
    def resolved(self) -> bool:
        return len(self.events) == 1

    def to_json(self) -> dict:
        out: dict = {"evidence": self.evidence, "strength": STRENGTH_WORDS[self.strength]}
        if self.resolved:
            out["date"] = self.events[0].date.isoformat()
            out["id"] = self.events[0].key
        else:
            out["candidates"] = [e.date.isoformat() for e in self.events]
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass(frozen=True)
class _Evidence:
    events: frozenset[Event]
    words: str
    where: Optional[tuple[int, int]] = None  # file offsets of the words, when on the figure
    # the words leave the article's own event and another open ("the last test"): the
    # article's event does not settle it
    open_choice: bool = False


class EventResolver:
    """Per document: the series' mentions, read once per sentence."""

    def __init__(self, series: Sequence[Series], document: Document, doc: Doc, index: PhraseIndex):
        self.series = list(series)
        self.document, self.doc, self.index = document, doc, index
        self.today = document.date
        self._readings: dict[int, SentenceReading] = {}

    def reading(self, sentence: SpacySpan) -> SentenceReading:
        """The sentence's mentions of every series, whether or not its context is near: the
        binder decides whether a series is the topic (bind._series_topic)."""
        key = sentence.start
        if key not in self._readings:
            mentions = find_mentions(self.series, self.doc, sentence, self.index, self.today,
                                     in_context=False)
            self._readings[key] = SentenceReading(self.document, self.doc, sentence, mentions,
                                                  self.index)
        return self._readings[key]

    # ------------------------------------------------------------------------ the figure
    def resolve(self, series: Series, span: SpacySpan, about: Sequence[Token],
                siblings: Sequence[SpacySpan] = ()) -> Optional[Resolution]:
        """The events of `series` the figure in `span` may speak of. `about` are the nouns the
        figure is predicated of, best first (stages/subject.py); `siblings` the other figures
        of the same property in the sentence, for "respectively". None when nothing in the
        text ties the figure to any event of the series."""
        reading = self.reading(span.sent)
        mentions = [m for m in reading.mentions if m.series is series]
        paired = self._respectively(reading, series, span, siblings, mentions)
        if paired is not None:
            return self._decide(series, [paired], EXPLICIT)
        linked = _linked(mentions, about, span)
        if linked is not None:
            evidence = self._mention_evidence(reading, linked)
            if evidence is not None:
                return self._decide(series, [evidence], EXPLICIT)
        own = self._figure_dates(reading, span, series)
        if own is not None:
            return self._decide(series, [own], EXPLICIT)
        others = [m for m in mentions if m is not linked]
        taken = [reading.attached_date(m) for m in others]
        free = [ref for ref in self._free_dates(reading, span, siblings) if ref not in taken]
        if linked is None:
            # the figure names no event itself: the sentence's mentions may
            found = [e for e in (self._mention_evidence(reading, m) for m in others) if e is not None]
            if len({e.events for e in found}) > 1:
                events = frozenset().union(*(e.events for e in found))
                return Resolution(tuple(sorted(events, key=_in_list_order)),
                                  "; ".join(e.words for e in found), CONTEXT,
                                  f"the sentence names more than one {series.noun}")
        else:
            # A plain mention ("an underground explosion") is the event the sentence's other
            # mentions name ("carried out its sixth nuclear test, setting off an underground
            # explosion that registered 6.1"), unless they set another event against it
            # ("the blast registered 6.3, stronger than the previous test").
            found = [e for e in (self._mention_evidence(reading, m) for m in others) if e is not None]
            contrast = any(w in lexicon()["event_relative"] or w == "than"
                           for w in (t.lower_ for t in reading.sentence))
            if contrast or len({e.events for e in found}) != 1:
                found = []
        sentence_evidence = found + self._sentence_evidence(reading, series, free)
        if sentence_evidence:
            return self._decide(series, sentence_evidence, CONTEXT)
        label = self._paragraph_label(reading)
        if label is not None:
            return self._decide(series, [_Evidence(_events_on(series, label),
                                                   f"the paragraph's date {label.phrase.strip()!r}")],
                                CONTEXT)
        if self._dated_elsewhere(reading, series, free, linked is None):
            return None  # the sentence is about another time ("in 1945", "last year")
        if not free and self._follows_another_day(reading, series):
            return None  # "On Saturday, it fired 20 projectiles. Some flew about 240 km."
        if _an_earlier_time(reading):
            return None  # "The last time a 7.8-magnitude tremor shook Turkey, ..."
        if linked is not None and self._sequenced(series, self.doc[linked.end - 1]):
            return None  # "The quake came just hours after a 4.6-magnitude tremor shook ..."
        reported = series.reported(self.today)
        if not reported:
            return None
        words = (f"the article's date {self.today.isoformat()} (the {series.noun} of "
                 f"{reported[0].date.isoformat()})")
        if len(reported) > 1:
            return Resolution(reported, words, ARTICLE,
                              f"the article's date fits {len(reported)} {series.noun}s that day")
        fresh = self.today - reported[0].date <= dt.timedelta(days=1)
        alone = not any(e not in reported and
                        reported[0].date - e.date <= dt.timedelta(days=series.recent_days)
                        and e.date <= reported[0].date for e in series.events)
        plain = linked is not None or self._entity(series, about)
        return Resolution(reported, words, SAME_DAY if plain and fresh and alone else ARTICLE)

    def _entity(self, series: Series, about: Sequence[Token]) -> bool:
        """The figure is said of what an event of the series is about ("the ballistic missile
        flew about 2,700 km"): as good as a plain mention of the series."""
        for token in about[:2]:
            phrase = chunk(token)
            if any(self.index.overlaps(p, phrase.start, phrase.end) for p in series.entities):
                return True
        return False

    def _decide(self, series: Series, evidence: list[_Evidence], strength: int) -> Resolution:
        # an article cannot report figures of an event after its date (a day later allowed:
        # time zones); "a sixth test" in 2016 is the ordinal's error, not the figure's
        events = frozenset(e for e in series.events if self.today is None
                           or e.earliest <= self.today + dt.timedelta(days=1))
        for item in evidence:
            events &= item.events
        words = "; ".join(item.words for item in evidence)
        if not events:
            return Resolution((), words, strength,
                              f"no listed {series.noun} fits {words}")
        ordered = tuple(sorted(events, key=_in_list_order))
        where = evidence[0].where if len(evidence) == 1 else None
        if len(ordered) > 1:
            topical = series.recent(self.today)
            # the event the article reports, unless another event of that day fits as well
            # (a quake on the other side of the world, a second shock that evening)
            if topical in events and not any(item.open_choice for item in evidence) and not any(
                    e is not topical and e.date == topical.date for e in events):
                return Resolution((topical,), f"{words}; the article's date "
                                  f"{self.today.isoformat()}", strength, where=where)
            return Resolution(ordered, words, strength,
                              f"{words} fits {len(ordered)} {series.noun}s", where=where)
        return Resolution(ordered, words, strength, where=where)

    # ------------------------------------------------------------------------ evidence
    def _mention_evidence(self, reading: SentenceReading, mention: Mention) -> Optional[_Evidence]:
        """What the words around a mention say about which event it is; None if nothing."""
        series = mention.series
        pieces: list[_Evidence] = []
        modifiers = reading.modifiers(mention)
        ordinal = reading.ordinal(mention)
        period = reading.period_after(mention.end)
        if ordinal and series.ordered:
            n, token = ordinal
            readings = {e for e in series.events if e.n == n}
            if period is not None and period.resolved:
                within = sorted((e for e in series.events if _in(period, e)), key=lambda e: e.date)
                if len(within) >= n:
                    readings.add(within[n - 1])  # "the second test in 2016": the 2nd of 2016
            pieces.append(_Evidence(frozenset(readings), f"ordinal {token.text!r}"))
        relative = self._relative(series, modifiers)
        if relative is not None:
            pieces.append(relative)
        years = [t for t in modifiers if _YEAR.match(t.text)]
        if years:  # "the 2006 and 2009 tests": either year
            wanted = {int(t.text) for t in years}
            pieces.append(_Evidence(frozenset(e for e in series.events if e.date.year in wanted),
                                    " and ".join(repr(t.text) for t in sorted(years, key=lambda t: t.i))))
        for token in modifiers:
            if token.lower_.rstrip("'s") in months() and self.today is not None:
                month = months()[token.lower_.rstrip("'s")]
                pieces.append(_Evidence(frozenset(self._month_events(series, month)),
                                        f"{token.text!r}"))
        date = reading.attached_date(mention)
        if date is not None and date.resolved:
            pieces.append(_Evidence(frozenset(e for e, _ in series.on(date)) |
                                    frozenset(e for e in series.events if _in(date, e)),
                                    repr(date.phrase.strip())))
        elif date is not None and date.month_day is not None:
            pieces.append(_Evidence(frozenset(e for e, _ in series.on(date)),
                                    repr(date.phrase.strip())))
        if period is not None and period.resolved and not (ordinal and series.ordered) \
                and (date is None or period is not date):
            pieces.append(_Evidence(frozenset(e for e in series.events if _in(period, e)),
                                    repr(period.phrase.strip())))
        foreign = reading.foreign_places(mention)
        if foreign:  # "the 2006 Mozambique earthquake": none of the listed ones
            pieces.append(_Evidence(frozenset(), f"place {', '.join(map(repr, foreign))}"))
        named = reading.named().get(id(mention))
        if named:
            names = sorted({n for e in named for n in e.names
                            if any(mention.start <= s < mention.end + 8
                                   for s, _ in self.index.find(n))} or {named[0].names[0]})
            pieces.append(_Evidence(frozenset(named), f"name {', '.join(map(repr, names))}"))
        if not pieces:
            return None
        events = frozenset(series.events)
        for piece in pieces:
            events &= piece.events
        return _Evidence(events, "; ".join(p.words for p in pieces),
                         open_choice=any(p.open_choice for p in pieces))

    def _relative(self, series: Series, modifiers: list[Token]) -> Optional[_Evidence]:
        """"previous", "prior": the event before the one the article reports (or before the
        article date); "latest", "last", "most recent": the latest by the article date."""
        words = {t.lower_ for t in modifiers}
        table = lexicon()["event_relative"]
        kind = next((table[w] for w in words if w in table), None)
        if kind is None or self.today is None:
            return None
        known = series.by(self.today + dt.timedelta(days=1))
        if not known:
            return _Evidence(frozenset(), f"{kind!r}")
        topical = series.recent(self.today)
        word = next(w for w in words if w in table)
        if not series.complete_at(self.today):
            # "the latest earthquake" of a list of notable quakes: the latest listed one need not
            # be the latest there was (an aftershock, a smaller shock)
            return _Evidence(frozenset(), f"{word!r} (the list holds only some events)")
        if kind == "previous":
            pool = [e for e in known if topical is None or e.date < topical.date]
            event = pool[-1] if pool else None
        elif word == "last" and topical is not None and topical is known[-1] and len(known) > 1:
            # in the report of a new event, "the last test" is that one or the one before it
            # ("larger than the last test, which measured 5.1")
            return _Evidence(frozenset(known[-2:]), f"{word!r}", open_choice=True)
        else:
            event = known[-1]
        return _Evidence(frozenset([event]) if event else frozenset(), f"{word!r}")

    def _month_events(self, series: Series, month: int) -> list[Event]:
        """"the November launch": that month in the twelve months before the article date."""
        start = self.today - dt.timedelta(days=366)
        return [e for e in series.events if e.date.month == month and start <= e.date <= self.today]

    def _figure_dates(self, reading: SentenceReading, span: SpacySpan,
                      series: Series) -> Optional[_Evidence]:
        """A date phrase hanging from the figure itself: "the 4.52 recorded in 2006"."""
        base = self.document.body_start + reading.sentence.start_char
        for ref in reading.dates:
            if (ref.resolved or ref.month_day is not None) and _attached(reading, ref, span):
                return _Evidence(_events_on(series, ref), repr(ref.phrase.strip()),
                                 (base + ref.start, base + ref.end))
        return None

    def _respectively(self, reading: SentenceReading, series: Series, span: SpacySpan,
                      siblings: Sequence[SpacySpan], mentions: list[Mention]) -> Optional[_Evidence]:
        """"magnitudes 4.1 and 4.6 for the 2006 and 2009 tests respectively" (or the tests
        first, the figures after): the n-th figure with the n-th event named."""
        if "respectively" not in reading.sentence.text.lower() or len(siblings) < 2:
            return None
        figures = sorted(siblings, key=lambda s: s.start)
        position = next((i for i, s in enumerate(figures) if s.start == span.start), None)
        if position is None:
            return None
        inside = {i for s in figures for i in range(s.start, s.end)}
        named: list[tuple[int, frozenset[Event], str]] = []
        for ref in reading.dates:
            tokens = reading.date_tokens(ref)
            if tokens is not None and tokens.start not in inside and ref.resolved:
                named.append((tokens.start, frozenset(e for e in series.events if _in(ref, e)),
                              ref.phrase.strip()))
        for token in reading.sentence:
            if _YEAR.match(token.text) and token.i not in inside and not any(
                    start <= token.i < start + 3 for start, _, _ in named):
                year = int(token.text)
                named.append((token.i, frozenset(e for e in series.events if e.date.year == year),
                              token.text))
        named.sort(key=lambda item: item[0])
        if len(named) != len(figures):
            return None
        return _Evidence(named[position][1], f"{named[position][2]!r} (respectively)")

    def _sentence_evidence(self, reading: SentenceReading, series: Series,
                           free: list[DateRef]) -> list[_Evidence]:
        """Dates and event names elsewhere in the sentence that pick events of the series
        (`free`: the dates that hang from no other figure or mention)."""
        out: list[_Evidence] = []
        for ref in free:
            if ref.needs_date and ref.month_day is None:
                continue
            events = _events_on(series, ref)
            if events:
                out.append(_Evidence(events, repr(ref.phrase.strip())))
        names = {n for n in series.names
                 if any(reading.sentence.start <= s and e <= reading.sentence.end
                        for s, e in self.index.find(n))}
        if names:
            events = frozenset(e for e in series.events if set(e.names) & names)
            out.append(_Evidence(events, f"name {', '.join(map(repr, sorted(names)))}"))
        return out

    def _free_dates(self, reading: SentenceReading, span: SpacySpan,
                    siblings: Sequence[SpacySpan]) -> list[DateRef]:
        """The sentence's dates that hang from no other figure, and that say when something
        happened: "the first ICBM since November" is after November, not in it."""
        return [ref for ref in reading.dates
                if ref.preposition not in _BOUNDS
                and not any(_attached(reading, ref, other) for other in siblings
                            if other.start != span.start)]

    def _paragraph_label(self, reading: SentenceReading) -> Optional[DateRef]:
        """"6 January 2016: North Korea claims ... The announcement followed a 5.1 magnitude
        earthquake": a timeline's paragraph opens with the day all its sentences speak of."""
        text = self.document.text
        start = self.document.body_start + reading.sentence.start_char
        opening = max(text.rfind("\n\n", 0, start) + 2, self.document.body_start)
        head = text[opening:opening + 60]
        refs = dates_.find_dates(head, self.today)
        if not refs or refs[0].start > 0 or not refs[0].is_day or \
                not _LABEL_END.match(head, refs[0].end):
            return None
        return refs[0]

    def _follows_another_day(self, reading: SentenceReading, series: Series) -> bool:
        """The sentence before, in the same paragraph, says when something happened, on a day
        other than that of the event the article reports: an undated figure whose sentence
        names no event by more than a plain noun may speak of that day's ("On Saturday, it
        fired more than 20 projectiles. Some of them flew about 240 kilometers."; "It struck
        near Izmit on 17 August, 1999. The 7.4-magnitude earthquake left 17,000 dead.")."""
        sentence = reading.sentence
        if sentence.start == 0:
            return False
        before = self.doc[sentence.start - 1].sent
        paragraph = paragraph_of(self.doc, sentence, self.index)
        if before.start < paragraph[0]:
            return False
        reported = series.reported(self.today)
        return any(ref.resolved and ref.is_day and not any(_in(ref, e) for e in reported)
                   for ref in self.reading(before).dates)

    def period_total(self, series: Series, sentence: SpacySpan) -> bool:
        """The sentence names a period longer than a day in which several events of the series
        fell ("so far this year", "in 2022"): a count there totals them, it is no one event's."""
        reading = self.reading(sentence)
        named = [reading.attached_date(m) for m in reading.mentions if m.series is series]
        for ref in reading.dates:
            if ref.resolved and not ref.is_day and ref not in named and not self._on_a_noun(
                    reading, ref) and sum(_in(ref, e) for e in series.events) > 1:
                return True
        return False

    @staticmethod
    def _on_a_noun(reading: SentenceReading, ref: DateRef) -> bool:
        """The date says which thing a noun is ("the 2004 tsunami", "the 2010 quake"), not over
        what time something was counted."""
        tokens = reading.date_tokens(ref)
        return tokens is not None and tokens.root.dep_ in ("compound", "nummod", "amod", "nmod") \
            and tokens.root.head.pos_ in ("NOUN", "PROPN")

    def _sequenced(self, series: Series, token: Token) -> bool:
        """The mention is what another mention of the series came after or before: "The
        quake came just hours after a 4.6-magnitude tremor shook the north", "two days after
        a 4.6 tremor" (lexicon `sequence_words`)."""
        sequence = lexicon()["sequence_words"]
        if token.dep_ == "pobj" and token.head.lower_ in sequence:
            clause = token.head.head
        elif token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in sequence for c in token.head.children):
            clause = token.head.head
        else:
            return False
        for subject in clause.children:
            if subject.dep_ in ("nsubj", "nsubjpass") and subject.i != token.i \
                    and series.named_in(chunk(subject), self.index):
                return True
        return False

    def _dated_elsewhere(self, reading: SentenceReading, series: Series, free: list[DateRef],
                         unlinked: bool) -> bool:
        """The sentence speaks of a time that holds no event of the series, or (for a figure
        tied to no mention) of one before the article's event ("previous", "last year")."""
        topical = series.recent(self.today)
        for ref in free:
            if ref.resolved and (topical is None or not _in(ref, topical)):
                return True
        words = {t.lower_ for t in reading.sentence}
        return unlinked and any(lexicon()["event_relative"].get(w) == "previous" for w in words)


def _an_earlier_time(reading: SentenceReading) -> bool:
    """"The last time a 7.8-magnitude tremor shook Turkey", "the previous time": the sentence
    tells of an occurrence before the one the article reports."""
    relative = lexicon()["event_relative"]
    return any(t.lemma_ == "time" and any(c.dep_ == "amod" and c.lower_ in relative
                                          for c in t.children)
               for t in reading.sentence)


def _events_on(series: Series, ref: DateRef) -> frozenset[Event]:
    return frozenset(e for e, _ in series.on(ref)) | frozenset(
        e for e in series.events if ref.resolved and _in(ref, e))


def _attached(reading: SentenceReading, ref: DateRef, span: SpacySpan) -> bool:
    """Whether a date phrase hangs from the figure in `span` (through a participle or a
    preposition, not through the clause's main verb)."""
    tokens = reading.date_tokens(ref)
    if tokens is None:
        return False
    figure = range(span.start, span.end)
    governor = tokens.root.head
    for _ in range(4):
        if governor.i in figure:
            return True
        if governor.head is governor or governor.dep_ == "ROOT":
            return False
        if governor.pos_ in ("VERB", "AUX") and governor.dep_ not in ("acl", "relcl"):
            return False
        governor = governor.head
    return False


def _in(ref: DateRef, event: Event) -> bool:
    return ref.resolved and any(ref.low <= day <= ref.high for day in event.days)


def _linked(mentions: list[Mention], about: Sequence[Token], span: SpacySpan) -> Optional[Mention]:
    """The mention the figure is about: the first noun it is predicated of that is or holds a
    mention, or a mention in a prepositional phrase on the figure itself."""
    for token in about:
        phrase = chunk(token)
        for mention in mentions:
            if token.i in mention.range or (phrase.start <= mention.start and mention.end <= phrase.end):
                return mention  # "the sixth test", "the second nuclear test's tremor"
    figure = range(span.start, span.end)
    for mention in mentions:
        head = span.doc[mention.end - 1]
        if head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.i in figure:
            return mention  # "a 4.9 magnitude for the blast"
    return None


def _in_list_order(event: Event) -> tuple:
    """Date, then the rule file's order: two events of one day (a quake and its aftershock) in
    the same order on every run, whatever the hash seed."""
    return event.date, event.line


_BOUNDS = frozenset(("since", "after", "before", "from", "until", "till", "by"))
