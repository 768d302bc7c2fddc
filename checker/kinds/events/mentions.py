"""Where a sentence names an event of a dated series, and what it says about which one.

A mention is a phrase naming the series ("its sixth nuclear test", "the launch", "the
Hwasong-15"). Around it the sentence may give an ordinal ("sixth"), a date attached to it by the
parse ("conducted on September 3"), a period after it ("in 2016", "this year"), or one of an
event's own names. The events kind judges these claims; the resolve stage reads them to decide
which event a figure speaks of. Read per sentence, once, from the parse.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Iterable, Optional, Sequence

from spacy.tokens import Doc, Span as SpacySpan, Token

from checker.kinds.events.series import Event, Series
from checker.lexicon import lexicon, months, ordinal as lexicon_ordinal
from checker.model import Claim, Interval, Span
from checker.stages import dates as dates_
from checker.stages.phrases import PhraseIndex, context_distance
from checker.stages.dates import DateRef
from checker.stages.document import Document
from checker.stages.times import find_times

ORDINAL_WORDS = lexicon()["ordinals"]
# "may" in lower case only: "May" is a month ("on 25 May 2009")
SPECULATIVE = re.compile(r"\b(?:could|would|might|(?-i:may)|if|whether|possible|possibly|prepar\w*|"
                         r"plan\w*|threat\w*|fears?|warn\w*|expect\w*|likely|ready|readiness|"
                         r"poised|imminent|intend\w*|away\s+from|on\s+the\s+verge\s+of|"
                         r"on\s+the\s+brink\s+of)\b", re.IGNORECASE)
_REACTIONS = frozenset(lexicon()["reaction_verbs"])
_ANNOUNCING = frozenset(lexicon()["announcement_verbs"])
_FOLLOWING = frozenset(lexicon()["following_verbs"])
_NEUTRAL = frozenset(lexicon()["neutral_event_modifiers"])
_YEAR_LIST = re.compile(r"(?:\s*(?:,\s*(?:and\s+)?|and\s+)(?:19|20)\d\d\b)+")
# A dateline: a place in capitals or title case, a comma, a day, an agency in parentheses,
# then a dash ("SEOUL, Nov. 19 (Jiji Press)--", "Tokyo, March 6 (Reuters) -")
_DATELINE = re.compile(r"\s*[A-Z][\w .'-]{1,40},\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?"
                       r"\s*(?:\([^)]{1,40}\))?\s*(?:--|—|–|-)")
_SCOPING = re.compile(r"^(?:this|last|so far this|earlier this|the past)\b", re.IGNORECASE)
_ARGUMENTS = {"dobj", "nsubj", "nsubjpass", "attr", "appos", "oprd"}
_SCOPE_WORDS = re.compile(r"^\s*(?:(?:of|in|for)\s+the\s+year\b|of\s+(?:this|the)\s+year\b)",
                          re.IGNORECASE)


@dataclass
class Mention:
    series: Series
    start: int  # token indices of the matched phrase
    end: int
    phrase: str

    @property
    def range(self) -> range:
        return range(self.start, self.end)


def find_mentions(series_list: Sequence[Series], doc: Doc, sentence: SpacySpan,
                  index: PhraseIndex, today: Optional[dt.date], in_context: bool = True) -> list[Mention]:
    """Series named in the sentence: the longest phrase wins where phrases overlap. With
    `in_context`, only series whose context phrase (or an event's name) is near."""
    found: list[Mention] = []
    for series in series_list:
        named = [Mention(series, start, end, phrase) for phrase in series.subject
                 for start, end in index.find(phrase)
                 if sentence.start <= start and end <= sentence.end and names_event(doc, start, end)]
        named = [m for m in named if not _stands_for_another(m, named, doc, sentence, series_list)]
        if named and (not in_context or _in_context(series, doc, sentence, index, today)):
            found += named
    found.sort(key=lambda m: (-(m.end - m.start), m.start))
    kept: list[Mention] = []
    for mention in found:  # two series may both read the same words ("the test")
        if not any(k.series is mention.series and k.start < mention.end and mention.start < k.end
                   for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)




def _in_context(series: Series, doc: Doc, sentence: SpacySpan, index: PhraseIndex,
                today: Optional[dt.date]) -> bool:
    """The series' context is near the sentence, or the sentence holds one of its events' own
    names: a designator ("Hwasong-15") anywhere; a person's or place's name in an article dated
    near that event or with the event's year ("the June 29 meeting with Kishida" in an undated
    article may be of any later meeting)."""
    if not series.context or context_distance(series, doc, sentence, index) is not None:
        return True
    for event in series.events:
        for name in event.names:
            if not any(sentence.start <= s and e <= sentence.end for s, e in index.find(name)):
                continue
            if any(ch.isdigit() for ch in name) or str(event.date.year) in sentence.text or (
                    today is not None and abs((today - event.date).days) <= max(series.recent_days, 31)):
                return True  # a designator ("Hwasong-15") names the thing wherever it stands
    return False


def find_verb_mentions(series_list: Sequence[Series], doc: Doc, sentence: SpacySpan,
                       index: PhraseIndex, today: Optional[dt.date]) -> list[Mention]:
    """Verbs that report an event of a series ("North Korea fired a missile on Monday", "the
    missiles fired on Monday"): one of the series' `verbs`, not negated, whose object is one of
    its `entities` (not an excluded thing: "fired a cruise missile"), and whose doer, where the
    clause names one, is in the series' context ("South Korea fired a missile" is not)."""
    if not doc.has_annotation("DEP"):
        return []
    found: list[Mention] = []
    for series in series_list:
        if not series.verbs or not _in_context(series, doc, sentence, index, today):
            continue
        verbs = {v.lower() for v in series.verbs}
        things = {e.lower() for e in series.entities} - {c.lower() for c in series.context}
        dateline = _DATELINE.match(sentence.text)
        filed = sentence.start_char + dateline.end() if dateline else sentence.start_char
        for token in sentence:
            if token.pos_ != "VERB" or token.lemma_.lower() not in verbs \
                    or any(c.dep_ == "neg" for c in token.children):
                continue
            objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
            if token.dep_ == "acl" and token.tag_ == "VBN":
                objects.append(token.head)  # "the missiles fired on Monday"
            doers = [c for c in token.children if c.dep_ == "nsubj"] + [
                g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if not any(_is_entity(o, things, series) for o in objects):
                continue
            if any(d.pos_ != "PRON" and d.idx >= filed and not _names_context(d, series) for d in doers):
                continue  # (a dateline's place, "SEOUL, Nov. 19 --", is no doer the parse may take)
            found.append(Mention(series, token.i, token.i + 1, token.lemma_.lower()))
    return found


def _is_entity(noun: Token, things: set[str], series: Series) -> bool:
    phrase = doc_text(noun).lower()
    if any(excluded.lower() in phrase for excluded in series.exclude):
        return False
    return noun.lemma_.lower() in things or noun.lower_ in things or any(
        name.lower() in phrase for name in series.names)


def _names_context(noun: Token, series: Series) -> bool:
    phrase = doc_text(noun).lower()
    return any(c.lower() in phrase for c in series.context)


def doc_text(token: Token) -> str:
    """The words of a token's subtree ("a short-range ballistic missile")."""
    return token.doc[token.left_edge.i:token.right_edge.i + 1].text


def _holds_phrase(head: Token, phrases: list[str], index: PhraseIndex) -> bool:
    first, last = head.left_edge.i, head.right_edge.i + 1
    return any(first <= s and e <= last for p in phrases for s, e in index.find(p))


def generic_elsewhere(mention: Mention, series_list: Sequence[Series], doc: Doc,
                      sentence: SpacySpan, index: PhraseIndex) -> bool:
    """A one-word mention ("68 tests") that another series also uses in its phrases ("missile
    test") names this series only if the sentence, or the one before, has something only this
    series has: one of its phrases or context words that the other series lack ("nuclear"),
    or one of its events' names."""
    if mention.end - mention.start > 1:
        return False
    word = mention.phrase.lower()
    series = mention.series
    # a rival out of its own context here (no "North Korea" near "earthquake") claims nothing;
    # a verb ("launched a missile") is a rival's only if the rival reports events by that verb
    verb = doc[mention.start].pos_ == "VERB"
    rivals = [other for other in series_list if other is not series
              and (word in {v.lower() for v in other.verbs} if verb
                   else any(word in p.lower().split() for p in other.subject))
              and (not other.context or context_distance(other, doc, sentence, index) is not None)]
    if not rivals:
        return False
    theirs = {p.lower() for other in rivals for p in other.subject + other.context}
    own = [p for p in series.subject + series.context if p.lower() not in theirs | {word}]
    start = sentence.start
    if start > 0:
        start = doc[start - 1].sent.start
    specific = own + sorted(series.names)
    return not any(start <= s and e <= sentence.end for p in specific for s, e in index.find(p))


def names_event(doc: Doc, start: int, end: int) -> bool:
    """A matched phrase that is a noun naming an event: not a verb ("tested"), not part of a
    compound verb ("test-launched", "test fired"), and a one-word match ("test") not narrowed to another
    thing by a compound or an of-phrase ("rocket engine test", "the tests of two ICBMs")."""
    if not doc.has_annotation("DEP"):
        return True
    head = doc[end - 1]
    if head.pos_ not in ("NOUN", "PROPN") or (end < len(doc) and doc[end].text == "-"
                                              and doc[end].whitespace_ == ""):
        return False
    if end - start == 1 and end < len(doc) and doc[end] == head.head \
            and doc[end].lemma_.lower() in lexicon()["compound_verb_partners"]:
        return False  # "Pyongyang test fired a missile": "test-fired" without its hyphen
    if end - start == 1:
        for child in head.children:
            if child.dep_ == "compound" and child.i < start and child.pos_ != "PROPN" \
                    and child.lower_ not in ORDINAL_WORDS \
                    and not any(c.dep_ == "nummod" for c in child.children):
                return False  # ("a 7.7-magnitude earthquake" is measured, not narrowed)
            if child.dep_ == "prep" and child.lower_ == "of":
                return False
    return True




def _stands_for_another(mention: Mention, named: list[Mention], doc: Doc,
                        sentence: SpacySpan, series_list: Sequence[Series]) -> bool:
    """A bare one-word mention ("the second test") in a sentence whose same noun is narrowed
    to what another series is about (one of its entities) and is no mention of this series
    ("an intercontinental ballistic missile test ..., which is the second test in a month"):
    it speaks of that other thing."""
    if mention.end - mention.start != 1:
        return False
    things = {e.lower() for other in series_list if other is not mention.series
              for e in other.entities}
    word = doc[mention.start].lemma_.lower()
    covered = {i for m in named if m.end - m.start > 1 for i in m.range}
    for token in sentence:
        if token.i == mention.start or token.i in covered or token.lemma_.lower() != word:
            continue
        if any(c.dep_ == "compound" and c.lemma_.lower() in things for c in token.children):
            return True  # "missile test": another series' thing was tested
    return False


def ordinal_value(token: Token) -> Optional[int]:
    return lexicon_ordinal(token.text)


class SentenceReading:
    """One sentence's mentions of event series, with what the words around each say."""

    def __init__(self, document: Document, doc: Doc, sentence: SpacySpan,
                 mentions: list[Mention], index: PhraseIndex):
        self.document, self.doc, self.sentence = document, doc, sentence
        self.mentions, self.index = mentions, index
        self.today = document.date
        self.base = document.body_start
        self.speculative = bool(SPECULATIVE.search(sentence.text)) or bool(
            dates_.FUTURE.search(sentence.text))
        self.dates = dates_.find_dates(sentence.text, self.today,
                                       future=bool(dates_.FUTURE.search(sentence.text)))
        self._clock_tokens: Optional[frozenset[int]] = None
        self.announced: set[tuple[int, int]] = set()  # (mention start, date start), hangs_from
        # "9:06 a.m. (8:06 p.m. ET Friday)": a day written with another zone's time of day is
        # that zone's day, which may be a day before or after the event's own
        self.times = find_times(sentence.text)  # read once: dates, clocks and the times kind
        zoned = [t for t in self.times if t.zone not in (None, "local")]
        self.dates = [replace(ref, slack=max(ref.slack, 1))
                      if any(0 <= ref.start - t.end <= 2 or 0 <= t.start - ref.end <= 2 for t in zoned)
                      else ref for ref in self.dates]
        dateline = _DATELINE.match(sentence.text)
        if dateline:  # "SEOUL, Nov. 19 (Jiji Press)--": when the story was filed, not an event's day
            self.dates = [ref for ref in self.dates if ref.start >= dateline.end()]

    def clock_tokens(self) -> frozenset[int]:
        """The tokens of the sentence's times of day ("9:10 a.m. local time")."""
        if self._clock_tokens is None:
            found = set()
            for written in self.times:
                span = self.doc.char_span(self.sentence.start_char + written.start,
                                          self.sentence.start_char + written.end,
                                          alignment_mode="expand")
                found.update(range(span.start, span.end) if span is not None else ())
            self._clock_tokens = frozenset(found)
        return self._clock_tokens

    def another_of_the_series(self, mention: Mention) -> bool:
        """"Today's meeting followed on from their meeting in Vancouver last week": where another
        mention of the series carries its context (or an event's name) in its own noun phrase,
        a mention that does not, and is dated on its own, is another event."""
        if not self.doc.has_annotation("DEP"):
            return False
        series = mention.series
        phrases = list(series.context) + sorted(series.names)
        if _holds_phrase(self.doc[mention.end - 1], phrases, self.index):
            return False
        others = [m for m in self.mentions if m.series is series and m is not mention]
        return self._own_date(mention) and any(
            _holds_phrase(self.doc[m.end - 1], phrases, self.index) for m in others)

    def _own_date(self, mention: Mention) -> bool:
        head = self.doc[mention.end - 1]
        return any(ref.start >= head.left_edge.idx - self.sentence.start_char and
                   ref.end <= head.right_edge.idx + len(head.right_edge) - self.sentence.start_char
                   for ref in self.dates)

    def claim(self, kind: str, start_char: int, end_char: int, value, mention: Mention,
               unit: Optional[str] = None, counted: Optional[str] = None,
               interval: Optional[Interval] = None) -> Claim:
        """A claim over sentence-relative character offsets."""
        text = self.sentence.text
        start, end = self.base + self.sentence.start_char + start_char, \
            self.base + self.sentence.start_char + end_char
        return Claim(kind=kind, text=text[start_char:end_char],
                     span=Span(start, end, *self.document.position(start)), value=value,
                     unit=unit, interval=interval, counted=counted,
                     sentence=(self.base + self.sentence.start_char,
                               self.base + self.sentence.end_char),
                     subject=self.doc[mention.start:mention.end].text, sentence_text=text)

    def char(self, token_index: int) -> int:
        return self.doc[token_index].idx - self.sentence.start_char

    def token_at(self, char: int) -> Optional[Token]:
        span = self.doc.char_span(self.sentence.start_char + char,
                                  self.sentence.start_char + char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def date_tokens(self, ref: DateRef) -> Optional[SpacySpan]:
        return self.doc.char_span(self.sentence.start_char + ref.start,
                                  self.sentence.start_char + ref.end, alignment_mode="expand")

    def modifiers(self, mention: Mention) -> list[Token]:
        """Words before the phrase inside its noun phrase ("its sixth and most powerful")."""
        out: list[Token] = []
        i = mention.start - 1
        while i >= self.sentence.start and len(out) < 6:
            token = self.doc[i]
            if token.text == ")":  # "its sixth (and most recent to date) nuclear test"
                opening = next((j for j in range(i - 1, max(self.sentence.start, i - 10) - 1, -1)
                                if self.doc[j].text == "("), None)
                if opening is not None:
                    i = opening - 1
                    continue
            if token.is_punct and token.text != "-" or token.pos_ in ("VERB", "AUX", "ADP") \
                    and token.lower_ not in ORDINAL_WORDS:
                break
            out.append(token)
            if token.pos_ in ("DET", "PRON") or token.tag_ == "POS":
                break
            i -= 1
        return out

    def ordinal(self, mention: Mention) -> Optional[tuple[int, Token]]:
        for token in self.modifiers(mention):
            n = ordinal_value(token)
            if n is not None:
                return n, token
        return None

    def narrowing(self, mention: Mention, ordinal: Token) -> list[str]:
        """What makes an ordinal count only some events of its series: a subtype phrase as the
        mention ("its first hydrogen bomb test"), or a word between the ordinal and the mention
        that is neither the series' own, nor a superlative, nor neutral ("its fifth successful
        launch"; not "its sixth and most powerful nuclear test")."""
        series = mention.series
        text = self.doc[mention.start:mention.end].text.lower()
        out = [phrase for phrase in series.subtypes if phrase.lower() == text]
        own = {word for phrase in series.subject for word in phrase.lower().split()}
        names = {word for name in series.names for word in name.lower().split()}
        depth = 0
        for token in self.doc[ordinal.i + 1:mention.start]:
            depth += (token.text == "(") - (token.text == ")")
            if depth or token.text == ")":
                continue  # an aside: "its sixth (and most recent to date) nuclear test"
            word = token.lower_
            if token.is_punct or token.pos_ in ("DET", "CCONJ", "ADV", "PART", "PRON", "NUM") \
                    or word in own or word in names or word in _NEUTRAL \
                    or token.tag_ in ("JJS", "RBS") or token.ent_type_ in ("NORP", "GPE") \
                    or ordinal_value(token) is not None or token.tag_ == "POS":
                continue
            if token.pos_ == "ADJ" and token.i > 0 and self.doc[token.i - 1].lower_ in ("most", "least"):
                continue
            out.append(token.text)
        return out

    def foreign_doer(self, mention: Mention) -> bool:
        """The clause names who did the event, and it is someone outside the series' context and
        entities:
        "the last known nuclear test, carried out by Pakistan on 30 May 1998", "India's
        nuclear test" in copy about North Korea."""
        series = mention.series
        if not series.entities or not self.doc.has_annotation("DEP"):
            return False  # a series that names no actors ("the device", "North Korea") says nothing of doers
        head = self.doc[mention.end - 1]
        doers = [c for c in head.children if c.dep_ == "poss"]
        verbs = [c for c in head.children if c.dep_ == "acl"]  # "a test carried out by ..."
        if head.dep_ in ("dobj", "nsubjpass") and head.head.pos_ in ("VERB", "AUX"):
            verbs.append(head.head)
        for verb in verbs:
            doers += [c for c in verb.children if c.dep_ == "nsubj"]
            doers += [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        context = [c.lower() for c in series.context + series.entities]
        for doer in doers:
            if doer.pos_ != "PROPN":
                continue  # "it", "the regime", "the country": not named
            words = doc_text(doer).lower()
            if not any(c in words or words in c for c in context):
                return True
        return False

    def foreign_places(self, mention: Mention) -> list[str]:
        """Proper names (places) before the mention ("the 2006 Mozambique earthquake", "Chile's
        quake") that no event of an incomplete list is named with: such a mention may be of an
        event the list lacks. A complete list (every event is in it) needs no such check."""
        series = mention.series
        if series.complete_through is not None or not self.doc.has_annotation("DEP"):
            return []
        head = self.doc[mention.end - 1]
        modifiers = self.modifiers(mention)  # the names before the noun only
        tokens = {t.i for t in modifiers} | {i for t in modifiers if t.tag_ == "POS"
                                            for i in range(t.head.left_edge.i, t.i)}
        # proper nouns (the pipeline runs without NER) that are not the context's, a date's,
        # a magnitude scale's or a credited agency's
        ignored = " ".join([*series.context, *(a for names in series.attributions.values() for a in names),
                            *series.attributions]).lower().split()
        ignored += [*months(), *(d.lower() for d in lexicon()["weekdays"]),
                    *(p.lower() for p in lexicon()["magnitude_prefixes"])]
        ignored += [w.lower() for p in (*series.subject, *(w for prop in series.properties.values()
                                                             for w in prop.subject)) for w in p.split()]

        def names_the_noun(token: Token) -> bool:  # "Mozambique earthquake", "Chile's quake"
            while token.dep_ == "compound" and token.head.i in tokens and token.head != head:
                token = token.head
            return token.head == head and token.dep_ in ("compound", "poss", "nmod", "amod")

        places = [self.doc[i].text for i in sorted(tokens) if self.doc[i].pos_ == "PROPN"
                  and self.doc[i].text.replace("-", "").isalpha() and self.doc[i].lower_ not in ignored
                  and not any(c.dep_ == "nummod" for c in self.doc[i].children)
                  and names_the_noun(self.doc[i])]
        known = [f"{series.noun} {e.name} {' '.join(e.names)}".lower() for e in series.events]
        return [place for place in places if not any(place.lower() in words for words in known)]

    def attached_date(self, mention: Mention, exclude: Iterable[DateRef] = ()) -> Optional[DateRef]:
        """The date phrase of the sentence that dates this mention's event, if any."""
        best = None
        for ref in self.dates:
            if ref in exclude or ref.precision not in ("day", "week", "month", "span", "year"):
                continue
            distance = self.hangs_from(mention, ref.start, ref.end)
            if distance is not None and (best is None or distance < best[0]):
                best = (distance, ref)
        return best[1] if best else None

    def hangs_from(self, mention: Mention, start: int, end: int) -> Optional[int]:
        """Whether the words at sentence offsets start..end (a date, a time of day) say when
        this mention's event happened: they hang from its noun, or from the verb it is an
        argument of; the distance in tokens when they do, else None."""
        span = self.doc.char_span(self.sentence.start_char + start, self.sentence.start_char + end,
                                  alignment_mode="expand")
        if span is None:
            return None
        distance = min(abs(span.start - mention.end), abs(mention.start - span.end))
        low, high = (mention.end, span.start) if span.start >= mention.end else (span.end, mention.start)
        between = [m for m in self.mentions if m is not mention and low <= m.start and m.end <= high]
        if any(m.series is mention.series for m in between):
            return None  # "the second test, near the site of the first test in 2006": the first's
        if self.doc[mention.end - 1].pos_ in ("NOUN", "PROPN") and any(m.end == span.start for m in between):
            return None  # "the blast comes after a missile test last week": the missile test's
        if not self.doc.has_annotation("DEP"):
            return distance if distance <= 8 else None
        head = self.doc[mention.end - 1]
        others = {self.doc[m.end - 1].i for m in self.mentions
                  if m is not mention and (m.start, m.end) != (mention.start, mention.end)}
        chain = [head]  # the noun, and the verb it is an argument of ("tested ... in a test")
        if head.dep_ in _ARGUMENTS and head.head.pos_ in ("VERB", "AUX"):
            chain.append(head.head)
        elif head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.lower_ in ("in", "with") \
                and head.head.head.pos_ in ("VERB", "AUX"):
            chain.append(head.head.head)
        # "condemned the launch Monday", "condemned the launch on Monday": the condemnation's
        # day, whichever word the parse hangs it from ("Sunday's launch" is the launch's own)
        reacted = chain[-1] is not head and chain[-1].lemma_.lower() in _REACTIONS
        if reacted:
            chain.pop()
        # A verb completing another shares its time: "on Wednesday offered to engage in talks".
        while chain[-1].dep_ == "xcomp" and chain[-1].head.pos_ in ("VERB", "AUX") \
                and chain[-1].head not in chain:
            chain.append(chain[-1].head)
        governor = span.root.head
        clocks = self.clock_tokens()
        while (governor.pos_ == "ADP" or governor.i in range(span.start, span.end)
               or governor.i in clocks) and governor.head.i != governor.i:
            governor = governor.head  # "at 9:10 a.m. local time on July 4": the day of the time
        if governor.i in range(span.start, span.end) or governor.i in others:
            return None
        if reacted and span.start > head.i:
            return None
        if governor.i != head.i and governor.lemma_.lower() in _FOLLOWING:
            return None  # "The nuclear test follows the launch of a rocket on Dec. 12": the
            # verb sets one event after another, and its date may be either's
        if governor == head or governor in chain or (
                governor.dep_ in ("acl", "relcl") and governor.head in chain):
            return distance
        if chain[-1].dep_ == "ccomp" and governor == chain[-1].head \
                and governor.lemma_.lower() in _ANNOUNCING:
            # "On 9 October 2006 North Korea announced that it had conducted a test": the day
            # of the announcement, the event's own or the day before
            self.announced.add((mention.start, start))
            return distance + 1
        return None

    def via_announcement(self, mention: Mention, ref: DateRef) -> bool:
        """Whether `ref` dates `mention` only as the day its event was announced."""
        return (mention.start, ref.start) in self.announced

    def period_after(self, end_token: int) -> Optional[DateRef]:
        """A period right after an ordinal or noun: "this year", "in 2016", "since September"."""
        end_char = self.char(end_token - 1) + len(self.doc[end_token - 1])
        rest = self.sentence.text[end_char:]
        scoped = _SCOPE_WORDS.match(rest)
        if scoped and self.today is not None:
            return DateRef(scoped.group(0).strip(), end_char, end_char + scoped.end(),
                           dt.date(self.today.year, 1, 1), dt.date(self.today.year, 12, 31),
                           "year", True, f"'the year' = {self.today.year} from the article date "
                           f"{self.today.isoformat()}")
        for ref in self.dates:
            gap = self.sentence.text[end_char:ref.start]
            if ref.start < end_char or not re.fullmatch(r"[\s,]*", gap):
                continue
            # "since September 2016", "in 2016", "this year", "so far this month" scope an
            # ordinal or a count; "in January" right after a noun dates the event instead
            if ref.precision == "year" and ref.preposition != "since" and ref.low is not None:
                listed = _YEAR_LIST.match(self.sentence.text, ref.end)
                if listed:  # "three tests in 2006, 2009 and 2013": those years only
                    years = (ref.low.year, *map(int, re.findall(r"\d{4}", listed.group(0))))
                    return replace(ref, phrase=self.sentence.text[ref.start:listed.end()],
                                   end=listed.end(), high=dt.date(max(years), 12, 31),
                                   precision="span", years=tuple(sorted(years)))
            if ref.preposition == "since" or ref.precision == "year" or _SCOPING.match(ref.phrase):
                return ref
        return None

    def named(self, mentions: Optional[Sequence[Mention]] = None) -> dict[int, list[Event]]:
        """Events a mention names by one of their own names ("the Hwasong-15 launch"): a name
        inside the mention's noun phrase, or a verb's clause (its parse subtree)."""
        out: dict[int, list[Event]] = {}
        for mention in self.mentions if mentions is None else mentions:
            head = self.doc[mention.end - 1]
            if self.doc.has_annotation("DEP"):
                first, last = head.left_edge.i, head.right_edge.i + 1
            else:
                first, last = self.sentence.start, self.sentence.end
            for event in mention.series.events:
                if any(first <= s and e <= last for name in event.names
                       for s, e in self.index.find(name)):
                    out.setdefault(id(mention), []).append(event)
        return out

