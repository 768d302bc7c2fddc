"""The figures component: extract the figures of a text, bind each to the rule it speaks of,
and judge it."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from checker.kinds.base import Judged
from checker.rules.rule import Rule
from checker.kinds.figures.bind import Binder
from checker.stages.document import Document
from checker.stages.extract import extract
from checker.kinds.figures.verify import verify


class FigureClaims:
    def __init__(self, rules: list[Rule], nlp: Language):
        self.binder = Binder(rules, nlp)

    def __call__(self, document: Document, doc: Doc) -> Judged:
        bound = self.binder.bind(document, doc, extract(document, doc))
        return [(claim, verify(binding) if binding else None) for claim, binding in bound]
