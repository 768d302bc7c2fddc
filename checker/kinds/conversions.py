"""Unit conversions (`kind: conversion`): a figure restated in another unit must agree with it,
and a stated definition of the unit must be right.

"6,000 kilometers (3,278 miles)" is wrong whatever the 6,000 kilometers are about: 6,000 km is
3,728 miles. A conversion rule names a unit (`conversion.unit`) and what one of it equals
(`conversion.equals`); every restatement in parentheses where one side is in that unit and the
other in a unit of the same dimension is checked at the restated figure's own precision ("24
nautical miles (44 km)" is right: 44.448 rounds to 44), or, since either figure may be the
original, at the first figure's ("about 620 miles (1,000 km)": 1,000 km is 621.4 miles), and a
definition ("a nautical mile is 1,852 meters") against `equals`. Figures in other units are
never judged by it.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional

from checker.kinds.base import Judged, Kind, LoadContext, Trigger, register
from checker.kinds.figures.spec import parse_tolerance
from checker.model import Claim, Finding, Interval
from checker.rules.problems import Problem, RuleError
from checker.stages import units
from checker.kinds.wording import number

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from checker.rules.rule import Rule
    from checker.stages.document import Document


@dataclass(frozen=True)
class ConversionSpec:
    unit: str  # the unit whose conversions this rule checks
    equals: float  # one `unit` in `equals_unit`
    equals_unit: str
    tolerance: float  # relative slack on top of the figures' own precision
    relative_tolerance: float


_DEFINITION = re.compile(r"\b(?:a|an|one|each|the)\s+$", re.IGNORECASE)
_COPULA = re.compile(r"^\s*(?:is|equals|measures|=|is equal to|is defined as|corresponds to|"
                     r"amounts to)\s+(?:exactly\s+|about\s+|roughly\s+|approximately\s+)?$",
                     re.IGNORECASE)


@register
class Conversions(Kind):
    name = "conversions"
    rule_kinds = ("conversion",)
    schema = {
        "required": ["conversion"],
        "properties": {
            "conversion": {
                "type": "object", "required": ["unit", "equals"], "additionalProperties": False,
                "properties": {
                    "unit": {"type": "string", "description": "The unit whose conversions are checked."},
                    "equals": {
                        "type": "object", "required": ["value", "unit"], "additionalProperties": False,
                        "properties": {"value": {"type": "number", "exclusiveMinimum": 0},
                                       "unit": {"type": "string"}},
                        "description": "What one `unit` is in another unit (1 nautical mile = 1852 meter)."},
                    "tolerance": {"$ref": "#/$defs/tolerance"},
                }},
        },
    }

    def spec(self, raw: Mapping[str, Any], context: LoadContext) -> ConversionSpec:
        conversion = raw["conversion"]
        line = getattr(conversion, "line", context.line)
        try:
            unit = str(units.parse_unit(conversion["unit"]))
            equals_unit = str(units.parse_unit(conversion["equals"]["unit"]))
        except ValueError as err:
            raise RuleError(context.path, line, 1, f"rule {raw['id']}: {err}") from None
        if not units.compatible(unit, equals_unit):
            raise RuleError(context.path, line, 1, f"rule {raw['id']}: {unit} cannot equal "
                            f"a figure in {equals_unit}")
        tolerance, relative = parse_tolerance(conversion.get("tolerance", 0), context.path, line)
        return ConversionSpec(unit=unit, equals=float(conversion["equals"]["value"]),
                              equals_unit=equals_unit, tolerance=tolerance,
                              relative_tolerance=relative)

    def triggers(self, rule: "Rule") -> Iterable[Trigger]:
        yield Trigger(figure=True)

    def lint(self, rules: list["Rule"]) -> Iterable[Problem]:
        for rule in rules:
            spec: ConversionSpec = rule.spec
            actual = units.convert(1, spec.unit, spec.equals_unit)
            if abs(actual - spec.equals) > 1e-6 * max(abs(actual), 1):
                yield Problem(rule.path, rule.line, rule.id,
                              f"1 {spec.unit} is {actual:g} {spec.equals_unit} in the unit "
                              f"registry, not {spec.equals:g}", "conversion")

    def component(self, rules: list["Rule"], nlp: "Language"):
        return ConversionClaims(rules)


class ConversionClaims:
    def __init__(self, rules: list["Rule"]):
        self.rules = rules

    def __call__(self, document: "Document", doc: "Doc") -> Judged:
        from checker.stages.extract import extract
        from checker.stages.restatements import restatements
        claims = [c for c in extract(document, doc) if c.unit and c.kind in ("measure", "duration")]
        out: Judged = []
        for claim, source in _pairs(claims, restatements(document.text, claims)):
            rule = self._rule_for(claim.unit, source.unit)
            if rule is not None:
                out.append((claim, _judge_restatement(rule, source, claim)))
        for claim in claims:
            rule = self._definition(document.text, claim)
            if rule is not None:
                out.append((claim, _judge_definition(rule, claim)))
        return out

    def _rule_for(self, unit: str, other: str) -> Optional["Rule"]:
        """The rule whose unit is one of the two, when the other has the same dimension (a
        nautical mile restated in kilometers; not kilometers per hour in miles per hour)."""
        for rule in self.rules:
            mine = rule.spec.unit
            if unit == other:
                continue
            if (unit == mine and units.compatible(other, mine)) or (
                    other == mine and units.compatible(unit, mine)):
                return rule
        return None

    def _definition(self, text: str, claim: Claim) -> Optional["Rule"]:
        """"a nautical mile is 1,852 meters": one of a rule's unit stated in another unit."""
        sentence_start = claim.sentence[0]
        before = text[sentence_start:claim.span.start]
        for rule in self.rules:
            if not units.compatible(claim.unit, rule.spec.unit) or claim.unit == rule.spec.unit:
                continue
            for name in rule.subject:
                match = re.search(rf"(?<![\w-]){re.escape(name)}s?\b(?P<rest>[^.;]*)$", before,
                                  re.IGNORECASE)
                if match and _DEFINITION.search(before[:match.start()]) and \
                        _COPULA.match(match.group("rest")):
                    return rule
        return None


def _pairs(claims: list[Claim], sources: dict[int, Claim]) -> list[tuple[Claim, Claim]]:
    return [(claim, sources[id(claim)]) for claim in claims if id(claim) in sources]


def _judge_restatement(rule: "Rule", source: Claim, claim: Claim) -> Finding:
    """`claim` restates `source`: they agree when the source's figure, converted, falls in
    what the restated figure can mean at its own precision (its hedge widens that)."""
    spec: ConversionSpec = rule.spec
    # the restated figure converts the source as written, not what the source could mean
    low, high = source.range if source.range else (source.value, source.value)
    converted = _convert(Interval(low, high), source.unit, claim.unit)
    # a conversion is often cut rather than rounded ("2,700 km (1,677 miles)" for 1,677.7):
    # a whole unit of the restated figure's last digit either way is allowed. Its trailing
    # zeros are rounding when it keeps as many significant digits as the source ("2,500 km
    # (1,550 miles)"), and digits when it keeps fewer ("24 nautical miles (40 km)" is no
    # rounding of 44.4)
    coarser = _significant(claim.text) < _significant(source.text)
    written = _as_written(claim) if coarser and not claim.qualifier else claim.interval
    widened = _widen(_doubled(written, claim.value), spec)
    exact = units.convert(source.value, source.unit, claim.unit)
    shown = f"{number(exact)} {units.label(claim.unit, exact)}"
    expected = {"value": round(exact, 6), "unit": claim.unit,
                "restates": {"text": source.text, "value": source.value, "unit": source.unit}}
    if converted.overlaps(widened) or _rounded_either_way(spec, source, claim):
        return Finding(rule=rule.id, verdict="consistent", severity=rule.severity, claim=claim,
                       expected=expected,
                       message=f"{claim.text} restates {source.text} (= {shown}): {rule.message}.",
                       suggestion=None, sources=rule.sources)
    suggestion = _rounded_like(exact, claim)
    return Finding(rule=rule.id, verdict="inconsistent", severity=rule.severity, claim=claim,
                   expected=expected,
                   message=(f"{claim.text} does not restate {source.text}: that is {shown} "
                            f"({rule.message})."),
                   suggestion=suggestion, sources=rule.sources, diagnosis="conversion",
                   fix=suggestion)


def _rounded_either_way(spec: ConversionSpec, source: Claim, claim: Claim) -> bool:
    """Whichever of the two figures is the original, the other may be its conversion rounded
    or cut at its own precision: "about 620 miles (1,000 km)" (1,000 km is 621.4 miles, written
    620), "77 miles (125 km)" (125 km is 77.7 miles, cut to 77). Either figure converted into the
    other's unit must fall within the precision the other is written at."""
    return (_within_precision(spec, source, claim, _significant(source.text))
            or _within_precision(spec, claim, source, _significant(claim.text))
            or _round_step(source, claim) or _round_step(claim, source)
            or _hedged(source, claim) or _hedged(claim, source))


def _hedged(original: Claim, written: Claim) -> bool:
    """"about 75 km (45 miles)": a hedged figure is restated as loosely as it is given, so the
    restatement, at its own last digit, need only fall within the hedge's range."""
    if not original.qualifier or original.interval is None or written.range:
        return False
    step = _last_digit(written.text, 1)
    if step is None:
        return False
    hedge = original.interval
    if not (math.isfinite(hedge.low) and math.isfinite(hedge.high)):
        return False
    converted = _convert(Interval(hedge.low, hedge.high), original.unit, written.unit)
    return converted.overlaps(Interval(written.value - step / 2, written.value + step / 2))


ROUND_STEP_SHARE = 0.05  # how far a figure rounded to a step of 5 or 10 may be from the exact


def _round_step(original: Claim, written: Claim) -> bool:
    """Wire copy rounds a conversion to a step of 5 or 10 ("2,802 kilometers (1,740 miles)",
    "300 km (185 miles)", "375 kilometers (230 miles)"): a whole figure ending in 5 or 0 that
    is within half a step and 5 % of the exact conversion ("75 km (45 miles)", 46.6). A wrong
    conversion is further off
    ("6,000 km (3,278 miles)" 12 %, "7,687 km (nearly 4,700 miles)" 1.6 %)."""
    if written.range or original.range or written.value != int(written.value) or not written.value:
        return False
    value = int(written.value)
    if value % 5:
        return False
    step = 10 if value % 10 == 0 else 5
    exact = units.convert(original.value, original.unit, written.unit)
    return abs(exact - value) <= step / 2 and abs(exact - value) <= ROUND_STEP_SHARE * abs(exact)


def _within_precision(spec: ConversionSpec, original: Claim, written: Claim, digits: int) -> bool:
    """`original`, converted into `written`'s unit, rounds or cuts to `written` at the last
    digit it states: from half a unit of that digit below it (rounding) to a whole unit above
    (cutting). An integer's trailing zeros count as rounding only down to as many significant
    digits as the original states, and never fewer than two: "1,000 km (620 miles)" rounds
    621.4, but "1,000 km (578 miles)" cannot be 930 km rounded to a thousand, nor "1,000 km
    (700 miles)" 621 miles rounded to a hundred."""
    step = _last_digit(written.text, max(digits, 2))
    if step is None:
        return False
    low, high = written.range if written.range else (written.value, written.value)
    low_o, high_o = original.range if original.range else (original.value, original.value)
    converted = _convert(Interval(low_o, high_o), original.unit, written.unit)
    allowed = _widen(Interval(low - step / 2, high + step), spec)
    return converted.overlaps(allowed)


def _last_digit(text: str, at_least: int) -> Optional[float]:
    """The unit of the last significant digit of the first figure in `text` ("13.8" 0.1, "231"
    1, "620" 10); an integer's trailing zeros are taken as significant as far as needed to give
    `at_least` significant digits ("1,000" at two digits: 100)."""
    digits = re.search(r"\d[\d,]*(?:\.(\d+))?", text)
    if digits is None:
        return None
    if digits.group(1):
        return 10.0 ** -len(digits.group(1))
    whole = digits.group(0).replace(",", "").lstrip("0")
    if not whole:
        return 1.0
    zeros = len(whole) - len(whole.rstrip("0"))
    significant = len(whole) - zeros
    return 10.0 ** max(0, zeros - max(0, at_least - significant))


def _judge_definition(rule: "Rule", claim: Claim) -> Finding:
    spec: ConversionSpec = rule.spec
    exact = units.convert(spec.equals, spec.equals_unit, claim.unit)
    widened = _widen(claim.interval, spec)
    shown = f"{number(exact)} {units.label(claim.unit, exact)}"
    expected = {"value": spec.equals, "unit": spec.equals_unit}
    if widened.overlaps(Interval(exact, exact)):
        return Finding(rule=rule.id, verdict="consistent", severity=rule.severity, claim=claim,
                       expected=expected, message=f"{claim.text}: {rule.message}.",
                       suggestion=None, sources=rule.sources)
    return Finding(rule=rule.id, verdict="inconsistent", severity=rule.severity, claim=claim,
                   expected=expected,
                   message=f"{claim.text}, but one {units.label(spec.unit, 1)} is {shown}: "
                           f"{rule.message}.",
                   suggestion=_rounded_like(exact, claim), sources=rule.sources,
                   diagnosis="conversion")


def _significant(text: str) -> int:
    """Significant digits of the first figure in `text`; an integer's trailing zeros do not
    count ("2,500" has 2, "24" 2, "40" 1, "13.8" 3)."""
    digits = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if digits is None:
        return 0
    figure = digits.group(0).replace(",", "")
    if "." in figure:
        return len(figure.replace(".", "").lstrip("0"))
    return len(figure.lstrip("0").rstrip("0")) or 1


def _as_written(claim: Claim) -> Interval:
    """Half a unit of the last digit written, trailing zeros included."""
    digits = re.search(r"\d[\d,]*(?:\.(\d+))?", claim.text)
    decimals = len(digits.group(1)) if digits and digits.group(1) else 0
    half = 0.5 * 10.0 ** -decimals
    if claim.range:
        return Interval(claim.range[0] - half, claim.range[1] + half)
    return Interval(claim.value - half, claim.value + half)


def _doubled(interval: Interval, value: float) -> Interval:
    low = value - 2 * (value - interval.low) if interval.low != float("-inf") else interval.low
    high = value + 2 * (interval.high - value) if interval.high != float("inf") else interval.high
    return Interval(low, high, interval.low_open, interval.high_open)


def _convert(interval: Interval, unit: str, target: str) -> Interval:
    def one(x: float) -> float:
        return x if x in (float("inf"), float("-inf")) else units.convert(x, unit, target)
    return Interval(one(interval.low), one(interval.high), interval.low_open, interval.high_open)


def _widen(interval: Interval, spec: ConversionSpec) -> Interval:
    slack_low = abs(interval.low) * spec.relative_tolerance + spec.tolerance
    slack_high = abs(interval.high) * spec.relative_tolerance + spec.tolerance
    return Interval(interval.low - slack_low, interval.high + slack_high,
                    interval.low_open, interval.high_open)


def _rounded_like(value: float, claim: Claim) -> str:
    """The right figure written with as many decimals as the claim's, in the claim's words."""
    digits = re.search(r"\d[\d,]*(?:\.(\d+))?", claim.text)
    decimals = len(digits.group(1)) if digits and digits.group(1) else 0
    figure = f"{value:,.{decimals}f}"
    if digits is None:
        return f"{figure} {units.label(claim.unit, value)}"
    return claim.text[:digits.start()] + figure + claim.text[digits.end():]
