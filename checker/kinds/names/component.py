"""Names: listed spellings matched exactly, other spellings judged by their distance to them.

A `name` rule lists the house spelling (`canonical`), every accepted spelling (`subject`) and
the known wrong ones (`misspellings`). Every listed spelling found in the text is a claim of
kind "name": an accepted one is consistent (never flagged, whatever the house style), a listed
misspelling is inconsistent with the canonical spelling (or the entry's `suggest`) as the
replacement, at the rule's severity. A listed misspelling that is somebody else's right name in
some sentences is not flagged in a sentence with one of the entry's `unless` words.

A spelling no rule lists is compared with the listed ones by nearest.py: another romanisation
of a listed name is consistent, and a near miss that is surely wrong ("Kim Jon Un",
"Hwasang-14") is inconsistent, a `warning` unless it is one letter off a long name.

All listed spellings are compiled into one PhraseMatcher (case-insensitive, whole tokens) and
one comparison index when the component is built, never per document.
"""
from __future__ import annotations

import re
from typing import Optional

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span as TokenSpan
from spacy.util import filter_spans

from checker.kinds.base import Judged
from checker.kinds.names.nearest import CLOSE_LETTERS, Listed, NameIndex
from checker.kinds.names.spec import Misspelling, NameSpec, phrase_pattern
from checker.model import SEVERITIES, Claim, Finding, Span
from checker.rules.rule import Rule
from checker.stages.document import Document


class NameClaims:
    def __init__(self, rules: list[Rule], nlp: Language):
        self.spellings: dict[tuple[str, ...], list[Listed]] = {}
        self.unless: dict[Misspelling, re.Pattern[str]] = {}  # entry -> its `unless` words
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.index = NameIndex(rules)
        patterns: dict[tuple[str, ...], Doc] = {}
        for rule in rules:
            spec: NameSpec = rule.spec
            for text in dict.fromkeys([spec.canonical, *rule.subject]):
                self._add(nlp, patterns, Listed(rule, text))
            for entry in spec.misspellings:
                self._add(nlp, patterns, Listed(rule, entry.text, entry))
                if entry.unless:
                    self.unless[entry] = phrase_pattern(entry.unless)
        if patterns:
            self.matcher.add("NAME", list(patterns.values()))

    def _add(self, nlp: Language, patterns: dict[tuple[str, ...], Doc], listed: Listed) -> None:
        doc = nlp.make_doc(listed.text)
        key = tuple(t.lower_ for t in doc)
        entries = self.spellings.setdefault(key, [])
        entries.append(listed)
        # an accepted spelling in any rule wins over a misspelling in another
        entries.sort(key=lambda s: s.misspelling is not None)
        patterns.setdefault(key, doc)

    def __call__(self, document: Document, doc: Doc) -> Judged:
        if not self.spellings:
            return []
        judged: Judged = []
        exact: dict[int, list[TokenSpan]] = {}  # sentence start -> listed spellings found in it
        for match in filter_spans(self.matcher(doc, as_spans=True)):
            exact.setdefault(match.sent.start, []).append(match)
        for sent in doc.sents:
            at = sent.start_char
            taken = self.index.distinct_spans(sent.text)
            for match in exact.get(sent.start, ()):
                span = (match.start_char - at, match.end_char - at)
                if any(span[0] < e and s < span[1] for s, e in taken):
                    continue  # part of another real name ("Rodong Sinmun")
                listed = self.spellings[tuple(t.lower_ for t in match)][0]
                judged.append(self._judge(document, sent, match.start_char, match.end_char,
                                          listed, 0))
                taken.append(span)
            for near in self.index.matches(sent.text, taken):
                judged.append(self._judge(document, sent, at + near.start, at + near.end,
                                          near.listed, near.distance))
        return judged

    def _judge(self, document: Document, sent: TokenSpan, start: int, end: int, listed: Listed,
               distance: int) -> tuple[Claim, Optional[Finding]]:
        base = document.body_start
        text = document.text[base + start:base + end]  # Doc.text joins every token: not per claim
        claim = Claim(
            kind="name", text=text,
            span=Span(base + start, base + end, *document.position(base + start)),
            value=text, unit=None,
            sentence=(base + sent.start_char, base + sent.end_char),
            subject=listed.rule.spec.canonical, sentence_text=sent.text)
        entry = listed.misspelling
        if entry in self.unless and self.unless[entry].search(sent.text):
            return claim, None  # somebody else's right name, by the context
        return claim, _finding(claim, listed, distance)


def _finding(claim: Claim, listed: Listed, distance: int) -> Finding:
    rule = listed.rule
    canonical = rule.spec.canonical
    accepted = list(dict.fromkeys([canonical, *rule.subject]))
    expected = {"value": canonical, "unit": None, "accepted": accepted}
    entry = listed.misspelling
    if entry is None and distance == 0:
        if claim.text == canonical:
            variant = "the canonical spelling"
        elif claim.text == listed.text:
            variant = f"an accepted spelling of {canonical}"
        else:
            variant = f"{listed.text} in another romanisation, case or spacing"
        return Finding(rule=rule.id, verdict="consistent", severity=rule.severity,
                       claim=claim, expected=expected,
                       message=f"{claim.text} is {variant}: {rule.message}.",
                       suggestion=None, sources=rule.sources)
    if entry is not None:
        why = f" ({entry.note})" if entry.note else ""
        suggestion = entry.suggest or canonical
        return Finding(rule=rule.id, verdict="inconsistent",
                       severity=entry.severity or rule.severity, claim=claim, expected=expected,
                       message=(f"{claim.text} is a known misspelling{why}; write "
                                f"{suggestion}: {rule.message}."),
                       suggestion=suggestion, sources=rule.sources, diagnosis="misspelling",
                       # the span is the whole misspelt name: replacing it is always safe
                       fix=suggestion if suggestion != claim.text else None)
    close = distance == 1 and sum(c.isalpha() for c in listed.plain) >= CLOSE_LETTERS
    severity = rule.severity if close else SEVERITIES[min(SEVERITIES.index(rule.severity),
                                                          SEVERITIES.index("warning"))]
    letters = "letter" if distance == 1 else "letters"
    # the spelling it misses: the house spelling, or the alias it is nearest to ("Mudusan" is
    # "Musudan" misspelt, not "Hwasong-10")
    suggestion = listed.text
    house = "" if suggestion == canonical else f" (house spelling: {canonical})"
    return Finding(rule=rule.id, verdict="inconsistent", severity=severity, claim=claim,
                   expected={**expected, "nearest": listed.text, "distance": distance},
                   message=(f"{claim.text} is not a listed spelling but {distance} {letters} "
                            f"off {listed.text}, and no other listed name is as near: probably "
                            f"a misspelling; write {suggestion}{house}: {rule.message}."),
                   suggestion=suggestion, sources=rule.sources, diagnosis="near-miss",
                   # only a near miss as sure as a listed one is fixed without a person
                   fix=suggestion if close else None)
