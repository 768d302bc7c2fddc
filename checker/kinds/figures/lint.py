"""Lint checks of figure rules: units of the right dimension, ordered ranges and periods,
credited agencies that the text can name, and no two rules that contradict each other."""
from __future__ import annotations

import math
from itertools import combinations
from typing import TYPE_CHECKING, Iterator

from checker.kinds.figures.spec import Expected
from checker.rules.problems import Problem
from checker.stages import units

if TYPE_CHECKING:
    from checker.rules.rule import Rule

_KIND_DIMENSIONS = {
    "magnitude": lambda dim: dim == units.dimension("seismic_magnitude"),
    "duration": lambda dim: dim == "[time]",
    # A figure in a unit of time is extracted as a duration, so a measure in hours never binds.
    "measure": lambda dim: dim not in (units.dimension("seismic_magnitude"), "[time]"),
}


def unit_dimensions(rules: list["Rule"]) -> Iterator[Problem]:
    for rule in rules:
        spec = rule.spec
        if rule.kind == "count":
            if spec.unit is not None and not units.parse_unit(spec.unit).dimensionless:
                yield Problem(rule.path, rule.line, rule.id,
                              f"a count takes no unit, got {spec.unit!r}", "unit-dimension")
            continue
        if spec.unit is None:
            yield Problem(rule.path, rule.line, rule.id, f"a {rule.kind} rule needs expect.unit",
                          "unit-dimension")
            continue
        dimension = units.dimension(spec.unit)
        if not _KIND_DIMENSIONS[rule.kind](dimension):
            yield Problem(rule.path, rule.line, rule.id,
                          f"unit {spec.unit!r} has dimension {dimension}, which a {rule.kind} "
                          "rule cannot have", "unit-dimension")


def ordered_values(rules: list["Rule"]) -> Iterator[Problem]:
    for rule in rules:
        spec = rule.spec
        for expected in spec.values:
            if expected.low > expected.high:
                yield Problem(rule.path, rule.line, rule.id,
                              f"range [{expected.low}, {expected.high}] is reversed", "ordered")
            if expected.by and expected.by not in spec.attributions:
                yield Problem(rule.path, rule.line, rule.id,
                              f"value credited to {expected.by!r}, which `attributions` does not "
                              "list (the text could never credit it)", "attribution")
        if rule.valid_from and rule.valid_to and rule.valid_from > rule.valid_to:
            yield Problem(rule.path, rule.line, rule.id,
                          f"valid_from {rule.valid_from} is after valid_to {rule.valid_to}", "ordered")
        scope = spec.scope
        if scope.article_from and scope.article_to and scope.article_from > scope.article_to:
            yield Problem(rule.path, rule.line, rule.id,
                          "scope.article_date.from is after scope.article_date.to", "ordered")


def contradictions(rules: list["Rule"]) -> Iterator[Problem]:
    """Two rules that would judge the same claim, over overlapping periods, with no reference
    value in common: whichever binds, the other's figure is called wrong. Figures of two
    events of a list never contradict: the text says which event it speaks of."""
    plain = [rule for rule in rules if rule.spec.event is None]  # pairs of the few, not all
    for a, b in combinations(plain, 2):
        if a.kind != b.kind or a.spec.scope != b.spec.scope or not _same_subject(a, b):
            continue
        if a.spec.unit and b.spec.unit and not units.compatible(a.spec.unit, b.spec.unit):
            continue
        if not _periods_overlap(a, b):
            continue
        if not any(_values_overlap(x, a, y, b) for x in a.spec.values for y in b.spec.values):
            yield Problem(b.path, b.line, b.id,
                          f"contradicts {a.id} ({a.path}:{a.line}): same subject and scope, "
                          "no reference value in common", "contradiction")


def _same_subject(a: "Rule", b: "Rule") -> bool:
    return bool({s.lower() for s in a.subject} & {s.lower() for s in b.subject})


def _periods_overlap(a: "Rule", b: "Rule") -> bool:
    start = max(filter(None, (a.valid_from, b.valid_from)), default=None)
    end = min(filter(None, (a.valid_to, b.valid_to)), default=None)
    return start is None or end is None or start <= end


def _values_overlap(x: Expected, a: "Rule", y: Expected, b: "Rule") -> bool:
    low_y, high_y = y.low, y.high
    if a.spec.unit and b.spec.unit and a.spec.unit != b.spec.unit:
        low_y = units.convert(low_y, b.spec.unit, a.spec.unit) if math.isfinite(low_y) else low_y
        high_y = units.convert(high_y, b.spec.unit, a.spec.unit) if math.isfinite(high_y) else high_y
    slack = max(a.spec.tolerance, 1e-9) + (abs(x.high) if math.isfinite(x.high) else 0) \
        * a.spec.relative_tolerance
    return x.low - slack <= high_y and low_y <= x.high + slack
