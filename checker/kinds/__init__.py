"""The kinds of fact, registered by name (as yamllint lists its rules and spaCy its factories).

Each kind is one module or package here and declares, in one place, its rule kinds, its part of
the rule-file schema, its typed spec, its fast-path triggers, its lint checks and its component
(see base.py). Everything else asks this registry; nothing outside `checker/kinds/` names a
concrete kind. A new kind of fact is a new module imported below.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from checker.kinds.base import (REGISTRY, Component, Judged, Kind, LoadContext, Trigger,
                                kind_of, register, rule_kinds, unregister)
from checker.kinds import figures, events, offices, names, conversions, calendar  # noqa: F401,E402  (register kinds)

if TYPE_CHECKING:
    from spacy.language import Language

    from checker.rules.rule import Rule

__all__ = ["REGISTRY", "Component", "Judged", "Kind", "LoadContext", "Trigger", "build",
           "kind_of", "owner", "register", "rule_kinds", "unregister"]


def build(rules: list["Rule"], nlp: "Language") -> list[Component]:
    """Every registered kind's component with the rules of its kinds, in registration order;
    a kind with no rules builds nothing."""
    out = []
    for kind in REGISTRY.values():
        mine = [r for r in rules if r.kind in kind.rule_kinds]
        if mine:
            out.append(kind.component(mine, nlp))
    return out


def owner(rule: "Rule", finding_rule: str) -> bool:
    """Whether a finding with id `finding_rule` was made by `rule` or a rule derived from it."""
    kind = kind_of(rule.kind)
    return kind is not None and kind.owns(rule, finding_rule)
