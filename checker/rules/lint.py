"""`checker rules lint`: what a rule set must satisfy beyond loading.

Each check is a function from the loaded rules to problems: `unique_ids` for every rule, and
each kind's own checks (units and their dimensions, ordered ranges, contradictions, event
lists, office terms; see the kind modules). Problems point at file:line so a pull request
review can jump there.
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator

from checker import kinds
from checker.rules.load import Rule
from checker.rules.problems import Problem

__all__ = ["Problem", "checks", "lint"]


def unique_ids(rules: list[Rule]) -> Iterator[Problem]:
    first: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in first:
            other = first[rule.id]
            yield Problem(rule.path, rule.line, rule.id,
                          f"duplicate id, first defined at {other.path}:{other.line}", "unique-id")
        else:
            first[rule.id] = rule


def _kind_check(kind: kinds.Kind) -> Callable[[list[Rule]], Iterable[Problem]]:
    def check(rules: list[Rule]) -> Iterable[Problem]:
        return kind.lint([r for r in rules if r.kind in kind.rule_kinds])
    check.__name__ = kind.name
    return check


def checks() -> tuple[Callable[[list[Rule]], Iterable[Problem]], ...]:
    """The checks in force: unique ids, then one per registered kind."""
    return (unique_ids, *(_kind_check(kind) for kind in kinds.REGISTRY.values()))


def lint(rules: list[Rule]) -> list[Problem]:
    return [problem for check in checks() for problem in check(rules)]
