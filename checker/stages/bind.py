"""Binding: which rule, if any, a claim speaks about.

A rule binds a claim when the claim's kind and dimension fit the rule, the claim's subject
(see subject.py) contains one of the rule's subject phrases, and the rule's scope holds: the
event is named nearby or the article is dated in the event's window, the sentence refers to the
rule's year, no ordinal in the subject names another event.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Iterable, Optional

from spacy.attrs import IDX, LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc, Token

from checker.stages import units
from checker.stages.dates import find_dates
from checker.stages.document import Document
from checker.lexicon import lexicon
from checker.lexicon import ordinal as lexicon_ordinal
from checker.model import Claim
from checker.rules.load import Rule
from checker.stages.subject import chunk, subject_tokens

_RELATIVE_YEARS = (
    (re.compile(r"\b(?:last|previous|past) year\b|\ba year (?:ago|earlier)\b", re.I), -1),
    (re.compile(r"\b(?:this|the current) year\b|\bthroughout the year\b|\bso far this year\b", re.I), 0),
    (re.compile(r"\bnext year\b", re.I), 1),
)
_YEAR = re.compile(r"(?<![\d,.$-])(1[89]\d\d|20\d\d)(?![\d,]\d)")


@dataclass(frozen=True)
class Binding:
    rule: Rule
    claim: Claim
    unverifiable: Optional[str] = None  # why the rule cannot be applied (no article date)
    assumed: Optional[str] = None  # what was assumed to apply it ("last year" = 2016)
    credited: str = ""  # the words the claim is predicated of, where an agency credited is named


class Binder:
    """Rules compiled once per run: subject and context phrases as lemma sequences."""

    def __init__(self, rules: Iterable[Rule], nlp: Language):
        self.rules = list(rules)
        phrases = sorted({p for r in self.rules for p in r.subject + r.spec.scope.context})
        self._phrases = compile_phrases(phrases, nlp)

    def bind(self, document: Document, doc: Doc, claims: list[Claim]) -> list[tuple[Claim, Optional[Binding]]]:
        matches = PhraseIndex(doc, self._phrases)
        out: list[tuple[Claim, Optional[Binding]]] = []
        for claim in claims:
            if out and _restates(document.text, out[-1][0], claim):
                # "200 nautical miles (370.4 kilometers)": the figure in parentheses says the
                # same thing in another unit, so the same rule judges it (a wrong conversion is
                # still caught) and a rule about the unit itself never does.
                previous, previous_binding = out[-1]
                claim = replace(claim, subject=previous.subject)
                out.append((claim, replace(previous_binding, claim=claim, unverifiable=None)
                            if previous_binding and not previous_binding.unverifiable else None))
                continue
            span = doc.char_span(claim.span.start - document.body_start,
                                 claim.span.end - document.body_start, alignment_mode="expand")
            candidates = subject_tokens(doc, span) if span is not None else []
            if claim.kind == "count" and span is not None:
                candidates = [span.root] + candidates
                if _in_subset(span):
                    claim = replace(claim, qualifier="subset")
            best: Optional[tuple[tuple, Binding, str]] = None
            for rule in self.rules:
                judged = self._try(rule, claim, document, doc, span, candidates, matches)
                if judged and (best is None or judged[0] > best[0]):
                    best = judged
            subject_text = best[2] if best else (chunk(candidates[0]).text if candidates else None)
            claim = replace(claim, subject=subject_text)
            out.append((claim, replace(best[1], claim=claim) if best else None))
        return out

    def _try(self, rule: Rule, claim: Claim, document: Document, doc: Doc, span,
             candidates: list[Token], matches: "PhraseIndex"):
        if not _fits(rule, claim) or not rule.in_force(document.date):
            return None
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
            found = context_distance(scope, doc, sentence, matches)
            if found is not None:
                identified, distance = 2, found
            elif (dated := _dated_in_sentence(scope, sentence_text, document.date)) is not None:
                identified = 2
                assumed = dated.assumed
            elif _dated_within(scope, document.date):
                identified = 1
            else:
                return None
        if scope.year is not None:
            years, relative = _years(sentence_text, document.date)
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
                          credited=credited)
        return score, binding, subject[2]


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


_OPENS_RESTATEMENT = re.compile(
    r"\s*[(\[]\s*(?:(?:=|or|about|some|roughly|approximately|around|nearly)\s+)?", re.IGNORECASE)
_CLOSES_RESTATEMENT = re.compile(r"\s*[)\]]")


def _restates(text: str, previous: Claim, claim: Claim) -> bool:
    return bool(claim.unit and previous.unit and units.compatible(previous.unit, claim.unit)
                and previous.span.end <= claim.span.start
                and _OPENS_RESTATEMENT.fullmatch(text[previous.span.end:claim.span.start])
                and _CLOSES_RESTATEMENT.match(text, claim.span.end))


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


def _dated_within(scope, date: Optional[dt.date]) -> bool:
    if date is None or (scope.article_from is None and scope.article_to is None):
        return False
    return (scope.article_from is None or date >= scope.article_from) and (
        scope.article_to is None or date <= scope.article_to)


def context_distance(scope, doc: Doc, sentence, matches: "PhraseIndex") -> Optional[int]:
    """Tokens between the claim's sentence and the nearest context phrase in the scope's window."""
    if not scope.context or sentence is None:
        return None
    if scope.within == "sentence":
        start, end = sentence.start, sentence.end
    elif scope.within == "document":
        start, end = 0, len(doc)
    else:
        start, end = _paragraph(doc, sentence, matches)
    best = None
    for phrase in scope.context:
        for hit_start, hit_end in matches.find(phrase):
            if start <= hit_start and hit_end <= end:
                if hit_end <= sentence.start:
                    distance = sentence.start - hit_end
                elif hit_start >= sentence.end:
                    distance = hit_start - sentence.end
                else:
                    distance = 0
                best = distance if best is None else min(best, distance)
    return best


def paragraphs(doc: Doc) -> list[tuple[int, int]]:
    """Token bounds of the paragraphs of a document: a blank line ends a paragraph, and in text
    without blank lines every line is one. Read off the text, then mapped to tokens."""
    blank = re.compile(r"\n[ \t]*\n")
    breaks = blank if blank.search(doc.text) else re.compile(r"\n")
    starts = doc.to_array(IDX).tolist() if len(doc) else []
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in breaks.finditer(doc.text):
        end = bisect.bisect_left(starts, match.start())  # tokens before the break
        if end > start:
            bounds.append((start, end))
        start = max(start, bisect.bisect_left(starts, match.end()))
    if start < len(doc):
        bounds.append((start, len(doc)))
    return bounds


def _paragraph(doc: Doc, sentence, matches: "PhraseIndex") -> tuple[int, int]:
    for start, end in matches.paragraphs:
        if start <= sentence.start < end:
            return min(start, sentence.start), max(end, sentence.end)
    return sentence.start, sentence.end


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


def _token_index(doc: Doc):
    """Per document, once for every component: each token's lemma (or lowercase text when it
    has none) and lowercase text, where each form starts, and the paragraphs. Read from the
    Doc's arrays rather than token by token, which costs more than the parse on long texts."""
    cached = doc.user_data.get("checker.token_index")
    if cached is None:
        strings = doc.vocab.strings
        array = doc.to_array([LEMMA, LOWER]) if len(doc) else []
        memo: dict[int, str] = {}

        def text(key: int) -> str:
            if key not in memo:
                memo[key] = strings[key].lower() if key else ""
            return memo[key]

        lowers = [text(int(lower)) for _, lower in array]
        norms = [text(int(lemma)) or low for (lemma, _), low in zip(array, lowers)]
        by_first: dict[str, list[int]] = {}
        for i, (norm, lower) in enumerate(zip(norms, lowers)):
            by_first.setdefault(norm, []).append(i)
            if lower != norm:
                by_first.setdefault(lower, []).append(i)
        cached = doc.user_data["checker.token_index"] = (norms, lowers, by_first, paragraphs(doc))
    return cached


def compile_phrases(phrases: Iterable[str], nlp: Language) -> dict[str, tuple[str, ...]]:
    """Rule phrases as the lemma sequences PhraseIndex matches: once per run, never per text."""
    phrases = list(phrases)
    return {text: _norms(doc) for text, doc in zip(phrases, nlp.pipe(phrases))}


def _norms(doc: Doc) -> tuple[str, ...]:
    return tuple(_norm(t) for t in doc if not t.is_space)


def _norm(token: Token) -> str:
    return (token.lemma_ or token.text).lower()


class PhraseIndex:
    """Where each rule phrase occurs in one document, matched on lemmas or exact lowercase."""

    def __init__(self, doc: Doc, phrases: dict[str, tuple[str, ...]]):
        self.doc = doc
        self.phrases = phrases
        self.norms, self.lowers, self.by_first, self.paragraphs = _token_index(doc)
        self._cache: dict[str, list[tuple[int, int]]] = {}

    def find(self, phrase: str) -> list[tuple[int, int]]:
        if phrase not in self._cache:
            target = self.phrases.get(phrase, ())
            hits = []
            for i in sorted(set(self.by_first.get(target[0], []))) if target else []:
                end = i + len(target)
                if all(self.norms[i + k] == w or self.lowers[i + k] == w
                       for k, w in enumerate(target) if i + k < len(self.norms)) \
                        and end <= len(self.norms):
                    hits.append((i, end))
            self._cache[phrase] = hits
        return self._cache[phrase]

    def overlaps(self, phrase: str, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.find(phrase))
