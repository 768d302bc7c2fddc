"""Checking components, registered by name like spaCy pipeline components.

A component owns some rule kinds. It is built once per run from those rules and the spaCy
pipeline, and turns one parsed document into (claim, finding-or-None) pairs. A new kind of
fact (office holders, dated events, names) is a new component; the pipeline does not change.
"""
from __future__ import annotations

from typing import Callable, Optional, Protocol

from spacy.language import Language
from spacy.tokens import Doc

from checker.stages.bind import Binder
from checker.stages.document import Document
from checker.stages.extract import extract
from checker.model import Claim, Finding
from checker.rules.load import Rule
from checker.stages.verify import verify

Judged = list[tuple[Claim, Optional[Finding]]]


class Component(Protocol):
    def __call__(self, document: Document, doc: Doc) -> Judged: ...


Factory = Callable[[list[Rule], Language], Component]
REGISTRY: dict[str, tuple[frozenset[str], Factory]] = {}


def register(name: str, kinds: set[str]) -> Callable[[Factory], Factory]:
    def decorate(factory: Factory) -> Factory:
        REGISTRY[name] = (frozenset(kinds), factory)
        return factory
    return decorate


def build(rules: list[Rule], nlp: Language) -> list[Component]:
    """Every registered component with the rules of its kinds, in registration order."""
    return [factory([r for r in rules if r.kind in kinds], nlp)
            for kinds, factory in REGISTRY.values()]


@register("figures", {"measure", "count", "magnitude", "duration"})
class Figures:
    """Figures with units and counts: extract, bind to a rule by subject, verify."""

    def __init__(self, rules: list[Rule], nlp: Language):
        self.binder = Binder(rules, nlp)

    def __call__(self, document: Document, doc: Doc) -> Judged:
        bound = self.binder.bind(document, doc, extract(document, doc))
        return [(claim, verify(binding) if binding else None) for claim, binding in bound]


from checker.kinds import events, names, offices  # noqa: E402,F401  (register components)
