"""Binding: which rule, if any, a claim speaks about.

A rule binds a claim when the claim's kind and dimension fit the rule, the claim's subject
(see subject.py) contains one of the rule's subject phrases, and the rule's scope holds: the
event is named nearby or the article is dated in the event's window, the sentence refers to the
rule's year, no ordinal in the subject names another event.

Figures of the events of an event list bind by property ("the magnitude of a nuclear test"):
the property's words must name the figure, the series must be the topic nearby, and which
event it is comes from the resolve stage (resolve.py), with the evidence kept for the finding.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Iterable, Optional, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span as SpacySpan, Token

from checker.kinds.events.series import Property, Series
from checker.stages import units
from checker.stages.dates import find_dates
from checker.stages.document import Document
from checker.lexicon import lexicon
from checker.lexicon import ordinal as lexicon_ordinal
from checker.model import Claim
from checker.rules.rule import Rule
from checker.stages.phrases import PhraseIndex, compile_phrases, context_distance
from checker.stages.restatements import restatements
from checker.kinds.wording import plural
from checker.stages.subject import chunk, subject_tokens

if TYPE_CHECKING:
    from checker.kinds.events.resolve import EventResolver, Resolution

_RELATIVE_YEARS = (
    (re.compile(r"\b(?:last|previous|past) year\b|\ba year (?:ago|earlier)\b", re.I), -1),
    (re.compile(r"\b(?:this|the current) year\b|\bthroughout the year\b|\bso far this year\b", re.I), 0),
    (re.compile(r"\bnext year\b", re.I), 1),
)
_YEAR = re.compile(r"(?<![\d,.$-])(1[89]\d\d|20\d\d)(?![\d,]\d)")


@dataclass(frozen=True)
class PropertyGroup:
    """One figure of the events of one series ("the magnitude of a nuclear test"), with the
    rule derived for each event that has it."""

    series: Series
    property: Property
    rules: dict[str, Rule] = field(hash=False, compare=False)  # event key -> derived rule

    @property
    def subject(self) -> tuple[str, ...]:
        return self.property.subject

    @property
    def all_rules(self) -> list[Rule]:
        return list(self.rules.values())


@dataclass(frozen=True)
class Binding:
    rule: Rule
    claim: Claim
    unverifiable: Optional[str] = None  # why the rule cannot be applied (no article date)
    assumed: Optional[str] = None  # what was assumed to apply it ("last year" = 2016)
    credited: str = ""  # the words the claim is predicated of, where an agency credited is named
    # the subjects of the figure's own clause and of the reporting verbs it is the complement
    # of ("Seoul's weather agency said the quake measured 5.7"); None without a parse or
    # when the figure's clause has no verb of its own ("...; Japan's agency at 6.1")
    clause_credit: Optional[str] = None
    # For a figure of an event list: the property, which events the text may mean, and
    # whether the property was named by its own words (not only by the unit's dimension).
    group: Optional[PropertyGroup] = None
    resolution: Optional["Resolution"] = None
    property_named: bool = True
    # one of several figures said of several events at once ("Thursday's earthquakes were
    # rated 6.0 and 6.2"): it may fit one of them, but fitting none is no error
    among_several: bool = False


class Binder:
    """Rules compiled once per run: subject and context phrases as lemma sequences."""

    def __init__(self, rules: Iterable[Rule], nlp: Language):
        rules = list(rules)
        self.rules = [r for r in rules if r.spec.event is None]
        groups: dict[tuple[str, str], PropertyGroup] = {}
        for rule in rules:
            ref = rule.spec.event
            if ref is None:
                continue
            key = (ref.series.rule_id, ref.property.name)
            group = groups.setdefault(key, PropertyGroup(ref.series, ref.property, {}))
            group.rules[ref.event.key] = rule
        self.groups = list(groups.values())
        self.series = list({id(g.series): g.series for g in self.groups}.values())
        phrases = {p for r in self.rules for p in r.subject + r.spec.scope.context
                   + r.spec.scope.exclude}
        for group in self.groups:
            series = group.series
            phrases |= set(group.subject) | set(series.subject) | set(series.context)
            phrases |= series.names | set(series.exclude) | set(series.entities)
        self._phrases = compile_phrases(sorted(phrases), nlp)
        # rules and groups of a claim's kind and dimension, in their order, by (kind, unit)
        self._fitting: dict[tuple[str, Optional[str]], list[Rule]] = {}
        self._fitting_groups: dict[tuple[str, Optional[str]], list[PropertyGroup]] = {}

    def bind(self, document: Document, doc: Doc, claims: list[Claim]) -> list[tuple[Claim, Optional[Binding]]]:
        matches = PhraseIndex(doc, self._phrases, document.title)
        resolver = None
        if self.groups:
            from checker.kinds.events.resolve import EventResolver
            resolver = EventResolver(self.series, document, doc, matches)
        spans = {id(c): _span(document, doc, c) for c in claims}
        # a rule none of whose subject phrases is in the document binds no claim of it
        present = {id(r) for r in self.rules if any(matches.find(p) for p in r.subject)}
        siblings_of: dict[tuple, list[SpacySpan]] = {}  # figures of one kind in one sentence
        for c in claims:
            if spans[id(c)] is not None:
                siblings_of.setdefault((c.kind, c.sentence), []).append(spans[id(c)])
        restated = restatements(document.text, claims)
        counts: dict[tuple[int, int], list[Claim]] = {}  # each sentence's counts
        for c in claims:
            if c.kind == "count":
                counts.setdefault(c.sentence, []).append(c)
        bound: dict[int, tuple[Claim, Optional[Binding]]] = {}  # by id of the extracted claim
        out: list[tuple[Claim, Optional[Binding]]] = []
        for original in claims:
            claim = original
            source = restated.get(id(claim))
            if source is not None and id(source) in bound:
                # "200 nautical miles (370.4 kilometers)": the figure in parentheses says the
                # same thing in another unit, so the same rule judges it (a wrong conversion is
                # still caught) and a rule about the unit itself never does.
                first, first_binding = bound[id(source)]
                claim = replace(claim, subject=first.subject)
                judged = (claim, replace(first_binding, claim=claim, unverifiable=None)
                          if first_binding and not first_binding.unverifiable else None)
                out.append(judged)
                bound[id(claim)] = judged
                continue
            span = spans[id(claim)]
            if _position(document.text, claim) or _a_sum(document.text, claim) \
                    or _across(document.text, claim):
                # "fell 250 km northwest of Hegura Island": where something is, not how far
                # it went nor how wide a zone is; no rule speaks of positions
                judged = (claim, None)
                out.append(judged)
                bound[id(original)] = judged
                continue
            candidates = subject_tokens(doc, span) if span is not None else []
            if claim.kind == "count" and span is not None:
                candidates = [span.root] + candidates
                if _in_subset(span) or _a_part(counts.get(claim.sentence, [])):
                    claim = replace(claim, qualifier="subset")
            best: Optional[tuple[tuple, Binding, str]] = None
            for rule in self._rules_fitting(claim):
                if id(rule) not in present:
                    continue
                judged = self._try(rule, claim, document, doc, span, candidates, matches)
                if judged and (best is None or judged[0] > best[0]):
                    best = judged
            if resolver is not None and span is not None:
                siblings = siblings_of.get((claim.kind, claim.sentence), [])
                for group in self._groups_fitting(claim):
                    judged = self._try_group(group, claim, document, doc, span, candidates,
                                             matches, resolver, siblings)
                    if judged and (best is None or judged[0] > best[0]):
                        best = judged
            subject_text = best[2] if best else (chunk(candidates[0]).text if candidates else None)
            claim = replace(claim, subject=subject_text)
            judged = (claim, replace(best[1], claim=claim) if best else None)
            out.append(judged)
            bound[id(original)] = judged
        return out

    def _rules_fitting(self, claim: Claim) -> list[Rule]:
        """The rules of the claim's kind and dimension (the first test of `_try`), found once
        per kind and unit rather than tried for every claim."""
        key = (claim.kind, claim.unit)
        if key not in self._fitting:
            self._fitting[key] = [rule for rule in self.rules if _fits(rule, claim)]
        return self._fitting[key]

    def _groups_fitting(self, claim: Claim) -> list[PropertyGroup]:
        """The groups whose property has the claim's kind and dimension (the first tests of
        `_try_group`), once per kind and unit."""
        key = (claim.kind, claim.unit)
        if key not in self._fitting_groups:
            self._fitting_groups[key] = [
                g for g in self.groups if g.property.kind == claim.kind and (
                    claim.kind == "count" or bool(claim.unit and g.property.unit and units.compatible(
                        claim.unit, g.property.unit)))]
        return self._fitting_groups[key]

    def _try(self, rule: Rule, claim: Claim, document: Document, doc: Doc, span,
             candidates: list[Token], matches: "PhraseIndex"):
        if not _fits(rule, claim) or not rule.in_force(document.date):
            return None
        if rule.valid_from is not None and not rule.spec.scope.year and \
                not rule.spec.scope.identifies_event and _before_in_force(
                    span.sent.text if span is not None else claim.sentence_text, rule):
            return None  # "until 1988 territorial waters were three miles": another regime
        if claim.kind == "duration" and not _anchored_on(rule, document, claim, matches, doc):
            return None  # "one day after Kim's birthday": measured from something else
        if claim.qualifier in ("increment", "subset"):
            return None  # "another 12 miles", "including two ICBMs": not the total a rule states
        if _implausible(rule, claim):
            return None
        subject = None
        # A count is about the thing it counts ("five missile launches" counts launches), so
        # its rule must name that noun itself; other figures may name any candidate's phrase.
        searched = candidates[:1] if claim.kind == "count" else candidates
        for rank, token in enumerate(searched):
            phrase = chunk(token)
            start, end = (token.i, token.i + 1) if claim.kind == "count" else (phrase.start, phrase.end)
            hit = next((p for p in rule.subject if matches.overlaps(p, start, end)), None)
            if hit:
                subject = (rank, len(hit), phrase.text)
                break
        if subject is None:
            return None
        if claim.kind != "count" and _describes_another_noun(span, rule, matches):
            return None  # "100 nautical miles from the 2,500 metre isobath": the isobath's depth
        if _excluded(rule.spec.scope.exclude, candidates, span, matches):
            return None
        if rule.spec.scope.ordinal is not None and _other_ordinal(candidates[subject[0]], rule.spec.scope.ordinal):
            return None
        sentence = span.sent if span is not None else None
        sentence_text = sentence.text if sentence is not None else claim.text
        scope = rule.spec.scope
        identified, distance = 0, 0  # how the event was recognised: 2 named nearby, 1 by date
        unverifiable = assumed = None
        if scope.identifies_event:
            if _names_another_year(scope, sentence_text):
                return None  # "the bomb dropped on Hiroshima in 1945" is not this event
            if _dated_outside(scope, document.date, sentence_text):
                return None  # a 2023 story on another minister's visit is not about the 2017 trip
            found = context_distance(scope, doc, sentence, matches)
            if found is not None:
                identified, distance = 2, found
            elif (dated := _dated_in_sentence(scope, sentence_text, document.date)) is not None:
                identified = 2
                assumed = dated.assumed
            elif _dated_within(scope, document.date) and (
                    not scope.context or any(matches.find(p) for p in scope.context)):
                identified = 1  # dated in the window, and the event named somewhere in the text
            else:
                return None
        if scope.year is not None:
            # the year of the figure's own clause: "three launches since January; last year, 37"
            clause = _own_clause(sentence_text, claim.span.start - claim.sentence[0])
            if _narrower_than_year(clause, document.date, scope.year) or _one_event(clause):
                return None  # "the three missiles launched in September last year": one event
            years, relative = _years(clause, document.date)
            if scope.year in years:
                if relative:
                    assumed = f"{relative!r} read as {scope.year} from the article date {document.date}"
            elif relative and document.date is None:
                unverifiable = (f"the sentence says {relative!r} and the article has no date "
                                "(front matter `date:` or --date)")
            else:
                return None
        score = (-subject[0], identified, -distance, subject[1])
        credited = " ".join(chunk(t).text for t in candidates)
        binding = Binding(rule=rule, claim=claim, unverifiable=unverifiable, assumed=assumed,
                          credited=credited, clause_credit=clause_credit(span))
        return score, binding, subject[2]


    def _try_group(self, group: PropertyGroup, claim: Claim, document: Document, doc: Doc,
                   span: SpacySpan, candidates: list[Token], matches: PhraseIndex,
                   resolver: "EventResolver", siblings: list[SpacySpan]):
        """A figure of an event of `group.series`: the property named, the series the topic
        nearby, the event resolved. A score as `_try` gives, or None."""
        series, prop = group.series, group.property
        if claim.kind != prop.kind or claim.qualifier in ("increment", "subset"):
            return None
        if claim.kind == "count":
            if prop.counts and claim.counted not in prop.counts:
                return None
            if _counted_beside(span, prop.counts or (claim.counted or "",)):
                return None  # "one missile and one projectile": a part of the count
        elif not (claim.unit and prop.unit and units.compatible(claim.unit, prop.unit)):
            return None
        if all(_implausible(rule, claim) for rule in group.all_rules):
            return None
        if claim.kind == "duration" and _gap_between_events(document.text, claim):
            return None  # "its second launch over Japan in just over two weeks": not a flight time
        subject = None
        searched = candidates[:1] if claim.kind == "count" else candidates
        for rank, token in enumerate(searched):
            phrase = chunk(token)
            start, end = (token.i, token.i + 1) if claim.kind == "count" else (phrase.start, phrase.end)
            hit = next((p for p in prop.subject if matches.overlaps(p, start, end)), None)
            if hit:
                subject = (rank, len(hit), phrase.text)
                break
        if subject is None:
            # the figure's own words ("magnitude 6.3") or its verb ("flew 930 km") name the
            # property; ranked after any noun the figure is about
            verb = _governing_verb(span)
            places = [(span.start, span.end)] if claim.kind != "count" else []
            places += [(verb.i, verb.i + 1)] if verb is not None else []
            hit = next((p for s, e in places for p in prop.subject if matches.overlaps(p, s, e)), None)
            rank = len(searched)
            if hit is None and verb is not None:
                # then a phrase on the verb with no figure of its own: "was in the air for 69
                # minutes", "stayed aloft" (not "at an altitude of 6,000 km")
                phrases = [(c.left_edge.i, c.right_edge.i + 1) for c in verb.children
                           if c.dep_ in ("prep", "acomp", "advmod")
                           and not any(t.like_num for t in c.subtree)
                           and not (c.left_edge.i <= span.start and span.end <= c.right_edge.i + 1)]
                hit = next((p for s, e in phrases for p in prop.subject if matches.overlaps(p, s, e)), None)
                rank += 1
            if hit:
                subject = (rank, len(hit), chunk(candidates[0]).text if candidates else span.text)
        if subject is None and claim.kind == "magnitude" and sum(
                p.kind == "magnitude" for p in series.properties.values()) == 1 and any(
                m.series is series for m in resolver.reading(span.sent).mentions):
            # a seismic magnitude can only be the series' magnitude ("next to the 4.52
            # recorded in 2006") when the sentence names the series at all
            subject = (len(searched) + 1, 0, chunk(candidates[0]).text if candidates else span.text)
        if subject is None:
            return None
        if _other_ordinal_words(candidates[subject[0]] if subject[0] < len(candidates) else None,
                                series, matches) or _other_ordinal_words(
                _listed_with(span), series, matches):
            return None  # "a second tremor": another event than the series' own
        if _another_shock(span, candidates, series, matches):
            return None
        sentence = span.sent
        if series.context and not _series_topic(series, doc, sentence, matches, document, resolver):
            return None
        if _hypothetical(span):
            return None  # "could fly 6,700 km if fired on a standard trajectory": no event's figure
        if _excluded(series.exclude, candidates, span, matches):
            return None  # "North Korea's new cruise missiles flew 1,500 km"
        if _about_something_else(span, series, prop, matches):
            return None  # "the space station orbits at an altitude of 400 km"
        if claim.kind == "count" and resolver.period_total(series, sentence):
            return None  # "So far this year, the DPRK has launched 23 missiles": a total
        resolution = resolver.resolve(series, span, candidates, siblings)
        credited = " ".join(chunk(t).text for t in candidates)
        clause = clause_credit(span)
        score = (-subject[0], 1, 0, subject[1])
        if resolution is None and document.date is None and series.context and any(
                m.series is series for m in resolver.reading(sentence).mentions):
            return (score[0], 0, 0, 0), Binding(rule=_series_view(group), claim=claim, credited=credited,
                                  group=group, clause_credit=clause,
                                  unverifiable=f"which {series.noun} this is about cannot be "
                                  "told: the text names none and the article has no date "
                                  "(front matter `date:` or --date)"), subject[2]
        if resolution is None:
            horizon = group.all_rules[0].complete_to
            if document.date is not None and horizon is not None and document.date > horizon:
                rule = _series_view(group)
                return score, Binding(rule=rule, claim=claim, credited=credited, group=group,
                                      clause_credit=clause, unverifiable=f"the rules know {plural(series.noun)} up to "
                                      f"{horizon.isoformat()}, and the article is dated "
                                      f"{document.date.isoformat()}"), subject[2]
            return None
        if not resolution.events:
            return None  # the text names a time or an event the list does not hold
        events = [e for e in resolution.events if e.key in group.rules]
        same_dimension = [p for p in series.properties.values() if p.kind == prop.kind and (
            p.unit is None or prop.unit is None or units.compatible(p.unit, prop.unit))]
        named = subject[0] < len(searched) and any(
            p in prop.subject and p not in series.subject for p in [_hit_phrase(prop, candidates, subject, matches)]) \
            or len(same_dimension) == 1
        if not events:
            return None  # the text names an event the rules hold no such figure for
        return score, Binding(rule=group.rules[events[0].key], claim=claim, credited=credited,
                              clause_credit=clause, group=group, resolution=replace(resolution, events=tuple(events)),
                              property_named=named,
                              among_several=_several_for_several(span, candidates, siblings, series, matches)), subject[2]


def _series_topic(series: Series, doc: Doc, sentence: SpacySpan, matches: PhraseIndex,
                  document: Document, resolver: "EventResolver") -> bool:
    """Whether the series is what the sentence is about: one of its context phrases nearby,
    one of its events' names in the sentence, or a phrase naming the series in the sentence of
    an article dated just after one of its events ("The test was the most powerful to date")."""
    if context_distance(series, doc, sentence, matches) is not None:
        return True
    inside = [(s, e) for n in series.names for s, e in matches.find(n)]
    if any(sentence.start <= s and e <= sentence.end for s, e in inside):
        return True
    return series.recent(document.date) is not None and any(
        m.series is series for m in resolver.reading(sentence).mentions)


_REPORTING = {"say", "report", "announce", "estimate", "tell", "state", "put", "measure", "show",
              "indicate", "find", "give", "list", "publish", "register", "suggest", "reveal",
              "record", "detect", "calculate", "add", "note", "confirm", "claim", "assess"}


def clause_credit(span: Optional[SpacySpan]) -> Optional[str]:
    """The words that can credit a figure: the subjects (and "according to" objects) of the
    verb the figure belongs to and of the reporting verbs that verb is the complement of.
    "South Korea's military said after monitors detected a 5.3 tremor": the tremor is the
    monitors', the military only said something after it (an adverbial clause)."""
    if span is None or not span.doc.has_annotation("DEP"):
        return None
    verb = _governing_verb(span)
    if verb is None:
        return None
    low, high = sorted((verb.i, span.start))
    if any(t.text in (";", "—", "--") for t in span.doc[low:high]):
        return None  # "the USGS put it at 6.3; Japan's agency at 6.1": no verb of its own
    words: list[str] = []
    for _ in range(6):
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass", "agent") or (
                    child.dep_ == "prep" and child.lower_ == "according"):
                words.append(_subtree_text(child))
            elif child.dep_ in ("parataxis", "ccomp") and child.lemma_ in _REPORTING and \
                    child.i > span.end:
                words.extend(_subtree_text(c) for c in child.children
                             if c.dep_ in ("nsubj", "nsubjpass"))
        if verb.dep_ in ("ccomp", "xcomp", "conj") and verb.head is not verb:
            verb = verb.head
            continue
        break
    return " | ".join(words)


def _excluded(phrases: tuple[str, ...], candidates: list[Token], span: Optional[SpacySpan],
              matches: PhraseIndex) -> bool:
    """One of `phrases` in the noun phrases the figure is about, or in its own words."""
    if not phrases:
        return False
    places = [(chunk(t).start, chunk(t).end) for t in candidates[:3]]
    if span is not None:
        places.append((span.start, span.end))
    return any(matches.overlaps(p, s, e) for p in phrases for s, e in places)


def _about_something_else(span: SpacySpan, series: Series, prop: Property,
                          matches: PhraseIndex) -> bool:
    """The figure's clause has a noun subject that is none of the series' words: its event
    nouns, entities, context or names, nor the property's words ("the International Space
    Station orbits at an altitude of 400 km"). Pronouns and clauses without a subject pass."""
    if not series.entities:
        return False
    verb = _governing_verb(span)
    if verb is None or verb.lemma_ in _REPORTING:
        return False  # "the USGS put the tremor at 6.3": the subject is who reports it
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    own = series.subject + series.entities + series.context + prop.subject + tuple(series.names)
    for subject in subjects:
        if subject.pos_ not in ("NOUN", "PROPN"):
            continue
        phrase = chunk(subject)
        if not any(matches.overlaps(p, phrase.start, phrase.end) for p in own):
            return True
    return False


def _a_part(mine: list[Claim]) -> bool:
    """Counts of one thing side by side in a sentence (`mine`: the sentence's counts), or a
    count of "others": parts of a total ("ministers from 12 countries and officials from
    eight others")."""
    parts = set(lexicon()["part_words"])
    return len(mine) > 1 and any(c.counted in parts for c in mine)


def _counted_beside(span: SpacySpan, counted: Sequence[str]) -> bool:
    """The count is joined by "and" or "or" to another count of what the property counts:
    "one short-range missile and one unidentified projectile" are parts of what was fired,
    neither the total ("103 entities and 108 individuals" count different things)."""
    noun = span.root
    partners = [c for c in noun.children if c.dep_ == "conj"]
    if noun.dep_ == "conj":
        partners.append(noun.head)
    return any(p.lemma_.lower() in counted and any(c.dep_ == "nummod" for c in p.children)
               for p in partners)


def _one_event(sentence: str) -> bool:
    """"eight missiles in a single day": a count of one event, not of a year."""
    markers = "|".join(re.escape(m) for m in lexicon()["single_event_markers"])
    return bool(re.search(rf"\b(?:{markers})\b", sentence, re.IGNORECASE))


def _hypothetical(span: SpacySpan) -> bool:
    """The figure's clause says what could or would happen ("could fly 6,700 km", "if fired
    on a standard trajectory"), or the figure's thing is the chance of something ("a 0.9
    percent probability of a 7.0-magnitude quake ... over the next 30 years"; lexicon
    `hypothetical_nouns`), not what happened."""
    chances = lexicon()["hypothetical_nouns"]
    token = span.root
    for _ in range(4):
        if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in chances:
            return True
        if token.head.i == token.i:
            break
        token = token.head
    verb = _governing_verb(span)
    if verb is None:
        return False
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children):
        return True
    return any(t.lower_ == "if" and t.dep_ == "mark" for t in verb.subtree)


def _subtree_text(token: Token) -> str:
    return token.doc[token.left_edge.i:token.right_edge.i + 1].text


_OFF_A_PLACE = re.compile(  # "80 km off Aomori", "from the coast of Hokkaido", not "off a country's coastline"
    r"\s*(?:\(\s*[^()]{0,30}\)\s*)?(?:off|from)\s+(?:the\s+(?:[a-z]+\s+){0,2}of\s+)?"
    r"(?-i:[A-Z][\w-]+)(?![\w-]|\s*['’]s\b)")


def _position(text: str, claim: Claim) -> bool:
    """A figure followed by a compass direction ("250 km northwest of Hegura Island") or by
    "off"/"from" and a named place ("80 km (49 miles) off Aomori"): where something is."""
    after = text[claim.span.end:claim.span.end + 60]
    directions = "|".join(sorted(lexicon()["compass_directions"], key=len, reverse=True))
    return bool(re.match(rf"\s*(?:\(\s*[^()]{{0,30}}\)\s*)?(?:to\s+the\s+)?(?:{directions})\b(?:\s+of)?",
                         after, re.IGNORECASE)) or bool(_OFF_A_PLACE.match(after))


def _describes_another_noun(span: Optional[SpacySpan], rule: Rule, matches: PhraseIndex) -> bool:
    """A figure written before a noun ("the 2,500 metres (8,200 ft) isobath") describes that
    noun; unless the noun phrase is the rule's subject ("a 200-mile exclusive economic zone") or
    an extent of it ("limit"), the figure is not the rule's."""
    if span is None:
        return False
    doc, i = span.doc, span.end
    if i < len(doc) and doc[i].text == "(":  # a restatement in parentheses between
        close = next((t.i for t in doc[i:min(len(doc), i + 12)] if t.text == ")"), None)
        i = close + 1 if close is not None else i
    end = i
    while end < len(doc) and doc[end].pos_ in ("NOUN", "ADJ", "PROPN") and not doc[end].is_punct:
        end += 1
    noun = doc[end - 1] if end > i else None
    if noun is None or noun.pos_ != "NOUN" or not (
            span.root.head == noun or noun.head == span.root and noun.dep_ == "appos"):
        return False  # "met for the first time in two years yesterday": not the figure's noun
    if noun.lower_ in lexicon()["extent_nouns"]:
        return False
    return not any(matches.overlaps(p, i, end) for p in rule.subject)


def _across(text: str, claim: Claim) -> bool:
    """"200 kilometers east to west and 110 kilometers from south to north": how large an
    area is along an axis, not how far a zone reaches from its baselines."""
    after = text[claim.span.end:claim.span.end + 50]
    directions = "|".join(sorted(lexicon()["compass_directions"], key=len, reverse=True))
    return bool(re.match(rf"\s*(?:\(\s*[^()]{{0,30}}\)\s*)?(?:wide\s+|long\s+)?(?:from\s+)?(?:the\s+)?"
                         rf"(?:{directions})\s+to\s+(?:the\s+)?(?:{directions})\b", after, re.IGNORECASE))


def _a_sum(text: str, claim: Claim) -> bool:
    """"(totaling 24 miles from shore)": a figure that adds up others in the sentence is about
    their sum, which no one noun of the sentence names."""
    before = text[max(claim.sentence[0], claim.span.start - 30):claim.span.start]
    markers = "|".join(re.escape(m) for m in lexicon()["total_markers"])
    return bool(re.search(rf"\b(?:{markers})\s+(?:of\s+|some\s+|about\s+)?$", before, re.IGNORECASE))


def _before_in_force(sentence: str, rule: Rule) -> bool:
    """The sentence speaks of a time before the rule held: a year before `valid_from`, or a
    word that puts it in the past ("formerly", "from the eighteenth century")."""
    for year in _YEAR.finditer(sentence):
        if re.search(r"\bthe\s+$", sentence[max(0, year.start() - 5):year.start()], re.IGNORECASE) \
                and re.match(r"\s+[A-Z]", sentence[year.end():]):
            continue  # "the 1982 United Nations Convention": a name, not the time spoken of
        if int(year.group(0)) < rule.valid_from.year:
            return True
    markers = "|".join(re.escape(w) for w in lexicon()["past_markers"])
    return bool(re.search(rf"\b(?:{markers})\b", sentence, re.IGNORECASE))


_ANCHOR = re.compile(r"\s*(?:after|before|since|following|prior to)\s+", re.IGNORECASE)


def _anchored_on(rule: Rule, document: Document, claim: Claim, matches: PhraseIndex,
                 doc: Doc) -> bool:
    """A duration "after/before/since X" measures from X: it binds only where X is what the
    rule is about ("two years after the last talks"), not a birthday or a holiday."""
    anchor = _ANCHOR.match(document.text, claim.span.end)
    if anchor is None:
        return True
    at = anchor.end() - document.body_start
    start = matches.token_from(at)
    phrases = rule.subject + rule.spec.scope.context
    return any(matches.overlaps(p, start, min(len(doc), start + 8)) for p in phrases)


def _own_clause(sentence: str, offset: int) -> str:
    """The part of the sentence between semicolons (or dashes) that holds `offset`."""
    start = 0
    for part in re.split(r"(;|\s[—–]\s|\s--\s)", sentence):
        if start <= offset < start + len(part):
            return part
        start += len(part)
    return sentence


def _narrower_than_year(sentence: str, date: Optional[dt.date], year: int) -> bool:
    """The sentence dates what it counts to a month, week or day of the year ("in September
    last year"), so the figure is about that time, not the year's total."""
    return any(ref.resolved and ref.precision in ("day", "week", "month")
               and ref.low.year == year == ref.high.year for ref in find_dates(sentence, date))


def _span(document: Document, doc: Doc, claim: Claim) -> Optional[SpacySpan]:
    return doc.char_span(claim.span.start - document.body_start,
                         claim.span.end - document.body_start, alignment_mode="expand")


def _series_view(group: PropertyGroup) -> Rule:
    """The rule a finding names when no single event is resolved: the series itself."""
    any_rule = group.all_rules[0]
    series = group.series
    return replace(any_rule, id=series.rule_id,
                   title=f"{group.property.title} of a {series.noun}",
                   message=f"the {group.property.title} depends on which {series.noun} is meant")


def _hit_phrase(prop: Property, candidates: list[Token], subject: tuple, matches: PhraseIndex) -> str:
    token = candidates[subject[0]]
    phrase = chunk(token)
    return next((p for p in prop.subject if matches.overlaps(p, phrase.start, phrase.end)), "")


def _governing_verb(span: SpacySpan) -> Optional[Token]:
    """The verb a figure is an argument of ("flew 930 km", "reached an altitude of ...")."""
    token = span.root
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") and token.i not in range(span.start, span.end):
            return token
        if token.head is token:
            return None
        token = token.head
    return None


def _listed_with(span: SpacySpan) -> Optional[Token]:
    """The noun a listed figure belongs to: "magnitudes of 5.5, 4.7 and 4.6" for the 4.6
    (the parse hangs the last of a list on the first, or on the noun)."""
    token = span.root
    for _ in range(6):
        if token.head is token:
            return None
        if token.dep_ in ("conj", "appos", "pobj", "nummod") or token.head.like_num or (
                token.dep_ == "prep" and token.lower_ == "of"):  # "magnitudes of 4.6 and 4.1"
            token = token.head
            if token.pos_ in ("NOUN", "PROPN") and not token.like_num:
                return token
            continue
        return None
    return None


def _other_ordinal_words(token: Optional[Token], series: Series, matches: PhraseIndex) -> bool:
    """The figure's noun carries "second", "another" or "aftershock" words but is not itself a
    mention of the series: it speaks of another event ("a second tremor of magnitude 4.6"). So
    does a noun the figure's noun is listed under: "aftershocks with magnitudes of 4.7",
    "aftershocks including a 4.3-magnitude tremor"."""
    if token is None:
        return False
    others = set(lexicon()["other_event_words"])
    for step in range(3):
        while token.dep_ in ("compound", "amod", "nmod") and token.head.pos_ in ("NOUN", "PROPN") \
                and token.head is not token:
            token = token.head  # "a 4.3-magnitude tremor": the tremor
        phrase = chunk(token)
        words = {t.lower_ for t in phrase}
        if words & others and (step or not series.named_in(phrase, matches)):
            return True
        if step == 0 and not series.named_in(phrase, matches) \
                and any(lexicon_ordinal(w) not in (None, 1) for w in words):
            return True
        if not (token.dep_ in ("pobj", "dobj") and (token.head.dep_ == "prep" or token.head.lower_ in
                                                     lexicon()["subset_markers"])
                and token.head.head.pos_ in ("NOUN", "PROPN")):
            return False
        token = token.head.head


def _another_shock(span: SpacySpan, candidates: list[Token], series: Series,
                   matches: PhraseIndex) -> bool:
    """The figure may be a later or lesser event's: its sentence speaks of aftershocks and the
    figure is said of no mention of the series ("Dozens of aftershocks followed, the strongest
    with a magnitude of 4.4"), or the mention it is said of follows another event ("the quake
    was followed by a 4.6-magnitude quake at 4:49 p.m.")."""
    others = set(lexicon()["other_event_words"])
    mentions, own = [], set()
    for rank, token in enumerate([span.root, *candidates[:2]]):
        while token.dep_ in ("compound", "amod", "nmod") and token.head.pos_ in ("NOUN", "PROPN"):
            token = token.head  # "a 4.6-magnitude quake": the quake
        phrase = _own_phrase(span, token) if rank == 0 else chunk(token)
        if rank == 0:
            own.update(t.i for t in phrase)
        if series.named_in(phrase, matches):
            mentions.append(token)
    if not mentions:  # "the magnitude 6.5 foreshock": the foreshock's, judged as such
        return any(t.lower_ in others and t.pos_ in ("NOUN", "PROPN") and t.i not in own
                   for t in span.sent)
    follows = set(lexicon()["following_verbs"])
    for token in mentions:
        passive = token.dep_ == "pobj" and token.head.lower_ == "by"
        verb = token.head.head if passive else token.head if token.dep_ == "nsubj" else None
        if verb is None or verb.lemma_ not in follows:
            continue
        # what it follows: the passive's subject, the active's object; another of the same
        # series ("the quake was followed by a 4.6-magnitude quake"), not any event ("a
        # collapse followed the test": the collapse is its own series' event)
        earlier = [c for c in verb.children
                   if c.dep_ in (("nsubjpass", "nsubj") if passive else ("dobj",))]
        if any(series.named_in(chunk(c), matches) for c in earlier):
            return True
    return False


def _own_phrase(span: SpacySpan, token: Token) -> SpacySpan:
    """The noun phrase the figure stands in, in full, however it was parsed: "the magnitude
    6.5 foreshock" ("foreshock" in apposition to "magnitude"), "a magnitude 6.3 earthquake"
    ("earthquake" a second subject): the figure's subtree and the nouns right after it."""
    end = max(token.right_edge.i + 1, span.end)
    while end < len(span.doc) and span.doc[end].pos_ in ("NOUN", "PROPN", "ADJ"):
        end += 1
    return span.doc[min(token.left_edge.i, span.start):end]


def _several_for_several(span: SpacySpan, candidates: list[Token], siblings: list[SpacySpan],
                         series: Series, matches: PhraseIndex) -> bool:
    """Several figures of one property said of a plural mention of the series ("Thursday's
    earthquakes were rated 6.0 and 6.2"): each may be another event's, listed or not, and
    which is which is not said (unless "respectively" says it, which event resolution reads)."""
    if "respectively" in span.sent.text.lower() or not candidates:
        return False
    noun = candidates[0]
    # several figures for several events, or one figure shared by several ("two 3.9-magnitude
    # quakes in early February")
    several = len(siblings) > 1 or any(c.dep_ == "nummod" and c.like_num for c in noun.children)
    return several and noun.tag_ in ("NNS", "NNPS") and series.named_in(chunk(noun), matches)


def _in_subset(span) -> bool:
    markers = lexicon()["subset_markers"]
    return any(t.lower_ in markers for t in span.root.ancestors) or any(
        span.doc[max(span.sent.start, span.start - len(m.split())):span.start].text.lower() == m
        for m in markers)


def _implausible(rule: Rule, claim: Claim) -> bool:
    """A figure three orders of magnitude away from every reference value is about something
    else ("after 75 days of silence" is not a flight time of 53 minutes), not a wrong figure."""
    if claim.kind not in ("measure", "duration") or not claim.unit or not rule.spec.unit:
        return False
    value = units.convert(claim.value, claim.unit, rule.spec.unit)
    references = [abs(v) for e in rule.spec.values for v in (e.low, e.high) if v]
    if not value or not references:
        return False
    return all(not 1e-3 <= abs(value) / reference <= 1e3 for reference in references)


def _dated_in_sentence(scope, sentence: str, date: Optional[dt.date]):
    """The date phrase by which the sentence puts what it speaks of on one of the event's days
    ("on Sunday", "Sept. 3"), or None."""
    if not scope.dates:
        return None
    return next((ref for ref in find_dates(sentence, date)
                 if (ref.is_day or ref.month_day is not None)
                 and any(ref.contains(day) for day in scope.dates)), None)


def _names_another_year(scope, sentence: str) -> bool:
    """The sentence dates itself, and never with the event's year."""
    event_year = scope.year or (scope.article_from.year if scope.article_from else None)
    if event_year is None:
        return False
    years = {int(y) for y in _YEAR.findall(sentence)}
    return bool(years) and event_year not in years


def _fits(rule: Rule, claim: Claim) -> bool:
    if rule.kind != claim.kind:
        return False
    if claim.kind == "count":
        return True
    return claim.unit is not None and rule.spec.unit is not None and units.compatible(claim.unit, rule.spec.unit)


def _other_ordinal(token: Token, ordinal: int) -> bool:
    """"a second tremor" is not the sixth test: an ordinal in the subject that differs."""
    return any(value is not None and value != ordinal
               for value in (lexicon_ordinal(word.text) for word in chunk(token)))


@lru_cache(maxsize=1)
def _gap_pattern() -> re.Pattern:
    words = "|".join(re.escape(w) for w in sorted(
        [*lexicon()["ordinals"], "another", "again", "latest"], key=len, reverse=True))
    hedges = "|".join(re.escape(h) for h in sorted(lexicon()["hedges"], key=len, reverse=True))
    return re.compile(rf"\b(?:{words})\b[^.;]{{0,80}}\b(?:in|within)\s+(?:(?:{hedges})\s+)?$",
                      re.IGNORECASE)


def _gap_between_events(text: str, claim: Claim) -> bool:
    """"its second launch over Japan in just over two weeks", "the first test in five years":
    after an ordinal or "another", a duration "in"/"within" is the time between two events,
    not a property of one."""
    return bool(_gap_pattern().search(text[max(0, claim.span.start - 120):claim.span.start]))


def _dated_outside(scope, date: Optional[dt.date], sentence: str) -> bool:
    """The article is dated outside the window in which copy speaks of the event
    (`scope.article_date`) and the sentence does not name the event's year: it speaks of
    another, later or earlier, event of the same kind."""
    if date is None or (scope.article_from is None and scope.article_to is None) \
            or _dated_within(scope, date):
        return False
    event_year = scope.year or (scope.article_from.year if scope.article_from else None)
    return event_year is None or event_year not in {int(y) for y in _YEAR.findall(sentence)}


def _dated_within(scope, date: Optional[dt.date]) -> bool:
    if date is None or (scope.article_from is None and scope.article_to is None):
        return False
    return (scope.article_from is None or date >= scope.article_from) and (
        scope.article_to is None or date <= scope.article_to)


def _years(text: str, date: Optional[dt.date]) -> tuple[set[int], Optional[str]]:
    """Years a sentence refers to, and the relative phrase that needed the article date."""
    years = {int(y) for y in _YEAR.findall(text)}
    relative = None
    for pattern, offset in _RELATIVE_YEARS:
        found = pattern.search(text)
        if found:
            relative = found.group(0)
            if date is not None:
                years.add(date.year + offset)
    return years, relative
