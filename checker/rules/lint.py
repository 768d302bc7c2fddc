"""`checker rules lint`: what a rule file must satisfy beyond loading.

Each check is a small function from the loaded rules to problems, so a new check is one
function added to CHECKS. Problems point at file:line so a pull request review can jump there.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Callable, Iterable, Iterator

from checker.stages import units
from checker.rules.load import Rule

_KIND_DIMENSIONS = {
    "magnitude": lambda dim: dim == units.dimension("seismic_magnitude"),
    "duration": lambda dim: dim == "[time]",
    # A figure in a unit of time is extracted as a duration, so a measure in hours never binds.
    "measure": lambda dim: dim not in (units.dimension("seismic_magnitude"), "[time]"),
}

_FIGURE_KINDS = frozenset({"measure", "count", "magnitude", "duration"})


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    rule: str
    message: str
    check: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:1: {self.rule}: {self.message} [{self.check}]"


def unique_ids(rules: list[Rule]) -> Iterator[Problem]:
    first: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in first:
            other = first[rule.id]
            yield Problem(rule.path, rule.line, rule.id,
                          f"duplicate id, first defined at {other.path}:{other.line}", "unique-id")
        else:
            first[rule.id] = rule


def unit_dimensions(rules: list[Rule]) -> Iterator[Problem]:
    for rule in rules:
        if rule.kind not in _FIGURE_KINDS:  # office and name rules carry no figure
            continue
        if rule.kind == "count":
            if rule.unit is not None and not units.parse_unit(rule.unit).dimensionless:
                yield Problem(rule.path, rule.line, rule.id,
                              f"a count takes no unit, got {rule.unit!r}", "unit-dimension")
            continue
        if rule.unit is None:
            yield Problem(rule.path, rule.line, rule.id, f"a {rule.kind} rule needs expect.unit",
                          "unit-dimension")
            continue
        dimension = units.dimension(rule.unit)
        if not _KIND_DIMENSIONS[rule.kind](dimension):
            yield Problem(rule.path, rule.line, rule.id,
                          f"unit {rule.unit!r} has dimension {dimension}, which a {rule.kind} "
                          "rule cannot have", "unit-dimension")


def ordered_values(rules: list[Rule]) -> Iterator[Problem]:
    for rule in rules:
        for expected in rule.values:
            if expected.low > expected.high:
                yield Problem(rule.path, rule.line, rule.id,
                              f"range [{expected.low}, {expected.high}] is reversed", "ordered")
        if rule.tolerance < 0 or rule.relative_tolerance < 0:
            yield Problem(rule.path, rule.line, rule.id, "tolerance is negative", "ordered")
        if rule.valid_from and rule.valid_to and rule.valid_from > rule.valid_to:
            yield Problem(rule.path, rule.line, rule.id,
                          f"valid_from {rule.valid_from} is after valid_to {rule.valid_to}", "ordered")
        scope = rule.scope
        if scope.article_from and scope.article_to and scope.article_from > scope.article_to:
            yield Problem(rule.path, rule.line, rule.id,
                          "scope.article_date.from is after scope.article_date.to", "ordered")
        for expected in rule.values:
            if expected.by and expected.by not in rule.attributions:
                yield Problem(rule.path, rule.line, rule.id,
                              f"value credited to {expected.by!r}, which `attributions` does not "
                              "list (the text could never credit it)", "attribution")


def contradictions(rules: list[Rule]) -> Iterator[Problem]:
    """Two rules that would judge the same claim, over overlapping periods, with no reference
    value in common: whichever binds, the other's figure is called wrong."""
    for a, b in combinations(rules, 2):
        if a.kind not in _FIGURE_KINDS or a.kind != b.kind or a.scope != b.scope \
                or not _same_subject(a, b):
            continue
        if a.unit and b.unit and not units.compatible(a.unit, b.unit):
            continue
        if not _periods_overlap(a, b):
            continue
        if not any(_values_overlap(x, a, y, b) for x in a.values for y in b.values):
            yield Problem(b.path, b.line, b.id,
                          f"contradicts {a.id} ({a.path}:{a.line}): same subject and scope, "
                          "no reference value in common", "contradiction")


def _same_subject(a: Rule, b: Rule) -> bool:
    return bool({s.lower() for s in a.subject} & {s.lower() for s in b.subject})


def _periods_overlap(a: Rule, b: Rule) -> bool:
    start = max(filter(None, (a.valid_from, b.valid_from)), default=None)
    end = min(filter(None, (a.valid_to, b.valid_to)), default=None)
    return start is None or end is None or start <= end


def _values_overlap(x, a: Rule, y, b: Rule) -> bool:
    low_y, high_y = y.low, y.high
    if a.unit and b.unit and a.unit != b.unit:
        low_y, high_y = units.convert(low_y, b.unit, a.unit), units.convert(high_y, b.unit, a.unit)
    slack = max(a.tolerance, 1e-9) + abs(x.high) * a.relative_tolerance
    return x.low - slack <= high_y and low_y <= x.high + slack


CHECKS: tuple[Callable[[list[Rule]], Iterable[Problem]], ...] = (
    unique_ids, unit_dimensions, ordered_values, contradictions,
)


def lint(rules: list[Rule]) -> list[Problem]:
    return [problem for check in CHECKS for problem in check(rules)]
