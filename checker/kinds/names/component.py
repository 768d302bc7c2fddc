"""Names: the canonical spelling, accepted variants, and known misspellings.

A `name` rule lists the house spelling (`canonical`), every accepted spelling (`subject`) and
the known wrong ones (`misspellings`). Every listed spelling found in the text is a claim of
kind "name": an accepted one is consistent (it is never flagged, whatever the house style), a
misspelling is inconsistent with the canonical spelling (or the entry's `suggest`) as the
replacement. A misspelling that is somebody else's right name ("Kim Jong Il", the father) is
not flagged in a sentence with one of the entry's `unless` words ("father", "late"). Spellings
no rule lists are never judged: there is no guessing by similarity.

All spellings are compiled into one PhraseMatcher (case-insensitive, whole tokens) when the
component is built, never per document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from checker.kinds.base import Judged
from checker.kinds.names.spec import NameSpec
from checker.stages.document import Document
from checker.model import Claim, Finding, Span
from checker.rules.load import Rule


@dataclass(frozen=True)
class _Spelling:
    rule: Rule
    canonical: str
    accepted: bool
    suggest: Optional[str] = None
    note: Optional[str] = None
    unless: Optional[re.Pattern] = None
    severity: Optional[str] = None


class NameClaims:
    def __init__(self, rules: list[Rule], nlp: Language):
        self.spellings: dict[tuple[str, ...], list[_Spelling]] = {}
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        patterns = {}
        for rule in rules:
            spec: NameSpec = rule.spec
            canonical = spec.canonical
            for text in dict.fromkeys([canonical, *rule.subject]):
                self._add(nlp, patterns, text, _Spelling(rule, canonical, accepted=True))
            for entry in spec.misspellings:
                pattern = re.compile(r"(?<!\w)(?:%s)(?!\w)" % "|".join(
                    re.escape(word) for word in entry.unless), re.IGNORECASE) if entry.unless else None
                self._add(nlp, patterns, entry.text, _Spelling(
                    rule, canonical, accepted=False, suggest=entry.suggest or canonical,
                    note=entry.note, unless=pattern, severity=entry.severity))
        if patterns:
            self.matcher.add("NAME", list(patterns.values()))

    def _add(self, nlp: Language, patterns: dict, text: str, spelling: _Spelling) -> None:
        doc = nlp.make_doc(text)
        key = tuple(t.lower_ for t in doc)
        entries = self.spellings.setdefault(key, [])
        entries.append(spelling)
        # an accepted spelling in any rule wins over a misspelling in another
        entries.sort(key=lambda s: not s.accepted)
        patterns.setdefault(key, doc)

    def __call__(self, document: Document, doc: Doc) -> Judged:
        if not self.spellings:
            return []
        judged: Judged = []
        base = document.body_start
        for match in filter_spans(self.matcher(doc, as_spans=True)):
            spelling = self.spellings[tuple(t.lower_ for t in match)][0]
            sent = match.sent
            claim = Claim(
                kind="name", text=match.text,
                span=Span(base + match.start_char, base + match.end_char,
                          *document.position(base + match.start_char)),
                value=match.text, unit=None,
                sentence=(base + sent.start_char, base + sent.end_char),
                subject=spelling.canonical, sentence_text=sent.text)
            if not spelling.accepted and spelling.unless is not None \
                    and spelling.unless.search(sent.text):
                judged.append((claim, None))  # somebody else's right name, by the context
                continue
            judged.append((claim, self._finding(claim, spelling)))
        return judged

    @staticmethod
    def _finding(claim: Claim, spelling: _Spelling) -> Finding:
        rule = spelling.rule
        accepted = [s for s in dict.fromkeys([spelling.canonical, *rule.subject])]
        expected = {"value": spelling.canonical, "unit": None, "accepted": accepted}
        if spelling.accepted:
            variant = ("the canonical spelling" if claim.text == spelling.canonical
                       else f"an accepted spelling of {spelling.canonical}")
            return Finding(rule=rule.id, verdict="consistent", severity=rule.severity,
                           claim=claim, expected=expected,
                           message=f"{claim.text} is {variant}: {rule.message}.",
                           suggestion=None, sources=rule.sources)
        why = f" ({spelling.note})" if spelling.note else ""
        return Finding(rule=rule.id, verdict="inconsistent",
                       severity=spelling.severity or rule.severity, claim=claim,
                       expected=expected,
                       message=(f"{claim.text} is a known misspelling{why}; write "
                                f"{spelling.suggest}: {rule.message}."),
                       suggestion=spelling.suggest, sources=rule.sources,
                       diagnosis="misspelling",
                       # the span is the whole misspelt name: replacing it is always safe
                       fix=spelling.suggest if spelling.suggest != claim.text else None)
