"""The pipeline, one direction: Document -> spaCy Doc -> Claims -> Bindings -> Findings.

The rules and the spaCy pipeline are loaded and compiled once per Checker, never per document.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterable, Optional, Sequence, Union

from spacy.language import Language
from spacy.tokens import Doc

from checker import kinds
from checker.stages import fastpath
from checker.stages import suppress
from checker.stages import document as documents
from checker.errors import RuleSetError
from checker.model import SEVERITIES, DocumentResult
from checker.stages.nlp import pipeline
from checker.rules.load import Rule, default_rules, load_rules

DateLike = Union[dt.date, str, None]


class Checker:
    def __init__(self, rule_paths: Optional[Iterable[Union[str, Path]]] = None,
                 rules: Optional[list[Rule]] = None, nlp: Optional[Language] = None,
                 fast: bool = True):
        """`fast=False` parses every paragraph, where the fast path parses only those that can
        hold a claim; the findings are the same (a test holds the two paths to that)."""
        if rules is None:
            rules, errors = load_rules(rule_paths or [default_rules()])
            if errors:
                raise RuleSetError(errors)
        self.rules = rules
        self.nlp = nlp or pipeline()
        self.components = kinds.build(self.rules, self.nlp)
        self.triggers = fastpath.Triggers(self.rules) if fast else None

    def parse(self, text: str) -> Doc:
        return fastpath.parse_many(self.nlp, self.triggers, [text])[0]

    def check_document(self, document: documents.Document) -> DocumentResult:
        return self._judge(document, self.parse(document.body))

    def check_documents(self, batch: Sequence[documents.Document]) -> list[DocumentResult]:
        """Many documents at once: their paragraphs share one pass through the pipeline."""
        docs = fastpath.parse_many(self.nlp, self.triggers, [d.body for d in batch])
        return [self._judge(document, doc) for document, doc in zip(batch, docs)]

    def _judge(self, document: documents.Document, doc: Doc) -> DocumentResult:
        judged = [pair for component in self.components for pair in component(document, doc)]
        judged.sort(key=lambda pair: (pair[0].span.start, pair[0].span.end))
        result = DocumentResult(path=document.path, date=document.date, metadata=document.metadata)
        for claim, finding in _without_shadowed(judged):
            result.claims.append(claim)
            if finding is not None:
                result.findings.append(finding)
        return suppress.apply(document, result, (rule.id for rule in self.rules))

    def check_text(self, text: str, date: DateLike = None, path: str = "<text>") -> DocumentResult:
        return self.check_document(documents.from_text(text, path=path, date=_date(date)))


def _without_shadowed(judged: list) -> list:
    """Two components may read the same words ("74 days after the launch" is a duration for one
    rule and an interval between events for another). An unjudged claim overlapping a judged one
    adds nothing; of overlapping claims judged alike, the one covering more text is kept, so one
    error is reported once. Verdicts that disagree are all kept: the editor must see both.
    Linear in the number of claims (plus the overlapping pairs), so a long text stays fast."""
    def rank(index: int) -> tuple[int, int, int]:  # more text, graver, then the earlier one
        claim, finding = judged[index]
        return claim.span.end - claim.span.start, SEVERITIES.index(finding.severity), -index

    # Overlapping pairs by one sweep over the claims in text order (`judged` is sorted by start):
    # a claim overlaps the earlier ones that have not ended where it starts.
    rivals: list[list[int]] = [[] for _ in judged]  # the judged claims overlapping each claim
    open_: list[int] = []
    for index, (claim, finding) in enumerate(judged):
        open_ = [i for i in open_ if judged[i][0].span.end > claim.span.start]
        for i in open_:
            if judged[i][0].span.start >= claim.span.end:
                continue  # an empty span touches nothing
            if finding is not None:
                rivals[i].append(index)
            if judged[i][1] is not None:
                rivals[index].append(i)
        open_.append(index)
    kept = []
    for index, (claim, finding) in enumerate(judged):
        if finding is None and rivals[index]:
            continue
        if finding is not None and any(judged[i][1].verdict == finding.verdict
                                       and rank(i) > rank(index) for i in rivals[index]):
            continue
        kept.append((claim, finding))
    return kept


_default: Optional[Checker] = None


def check(text: str, date: DateLike = None) -> DocumentResult:
    """Check a string with the bundled rules: the entry point for a CMS or a notebook.

    >>> result = check("The EEZ extends 200 kilometers from the coast.", date="2017-03-19")
    >>> [f.verdict for f in result.findings]
    ['inconsistent']
    """
    global _default
    if _default is None:
        _default = Checker()
    return _default.check_text(text, date=date)


def _date(value: DateLike) -> Optional[dt.date]:
    if value is None or isinstance(value, dt.date):
        return value
    return documents.parse_date(value, "date")
