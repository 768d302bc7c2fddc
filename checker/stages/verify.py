"""Verdicts: a bound claim compared with its rule's reference values, and the words an editor
reads: what was claimed, what the reference says in both units, why, and what to write."""
from __future__ import annotations

import re
from typing import Optional

from checker.stages import units
from checker.stages.bind import Binding
from checker.model import Claim, Finding, Interval
from checker.stages.numbers import find_numbers
from checker.kinds.figures.spec import Expected
from checker.rules.load import Rule


def verify(binding: Binding) -> Finding:
    rule, claim = binding.rule, binding.claim
    if binding.unverifiable:
        return _finding(binding, "unverifiable", "info", _expected(rule, rule.spec.values),
                        f"{claim.text}: cannot be checked against {rule.title.lower()}: "
                        f"{binding.unverifiable}.", None)
    claimed = _in_rule_unit(claim, rule)
    candidates, attributed = _candidates(binding)
    by_count = [e for e in candidates if _counts(e, claim)]
    matched = [e for e in by_count if claimed.overlaps(_widen(e, rule))]
    if matched:
        return _consistent(binding, claimed, matched, attributed)
    other_count = [e for e in candidates if e not in by_count and claimed.overlaps(_widen(e, rule))]
    if other_count:
        return _counting_caveat(binding, other_count, by_count)
    return _inconsistent(binding, claimed, by_count or candidates, attributed)


def _candidates(binding: Binding) -> tuple[list[Expected], Optional[str]]:
    """The reference values to compare with: those of the agency the text credits with the
    figure, if the rule lists that agency's figures; otherwise all values that do not need
    their agency named. The agency is looked for first in what the figure is predicated of
    ("Japan's weather agency put the tremor at 6.1"), then in the whole sentence."""
    rule, claim = binding.rule, binding.claim
    for text in (binding.credited, claim.sentence_text or claim.text):
        named = _agencies_named(rule, text)
        if len(named) == 1 or (named and text is binding.credited):
            name = named[0]
            return [e for e in rule.spec.values if e.by == name], name
    return [e for e in rule.spec.values if not e.credited_only] or list(rule.spec.values), None


def _agencies_named(rule: Rule, text: str) -> list[str]:
    """Agencies with values in the rule that `text` names, nearest the end of the text first."""
    found: list[tuple[int, str]] = []
    for name, aliases in rule.spec.attributions.items():
        if not any(e.by == name for e in rule.spec.values):
            continue
        positions = [m.start() for a in aliases
                     for m in re.finditer(rf"(?<!\w){re.escape(a)}(?!\w)", text)]
        if positions:
            found.append((max(positions), name))
    return [name for _, name in sorted(found, reverse=True)]


def _counts(expected: Expected, claim: Claim) -> bool:
    return not expected.counts or claim.counted is None or claim.counted in expected.counts


def _in_rule_unit(claim: Claim, rule: Rule) -> Interval:
    if claim.unit is None or rule.spec.unit is None or claim.unit == rule.spec.unit:
        return claim.interval
    low = units.convert(claim.interval.low, claim.unit, rule.spec.unit) if claim.interval.low not in (
        float("inf"), float("-inf")) else claim.interval.low
    high = units.convert(claim.interval.high, claim.unit, rule.spec.unit) if claim.interval.high not in (
        float("inf"), float("-inf")) else claim.interval.high
    return Interval(low, high, claim.interval.low_open, claim.interval.high_open)


def _widen(expected: Expected, rule: Rule) -> Interval:
    low = expected.low - rule.spec.tolerance - abs(expected.low) * rule.spec.relative_tolerance
    high = expected.high + rule.spec.tolerance + abs(expected.high) * rule.spec.relative_tolerance
    return Interval(low, high)


def _consistent(binding: Binding, claimed: Interval, matched: list[Expected],
                attributed: Optional[str]) -> Finding:
    rule, claim = binding.rule, binding.claim
    agencies = sorted({e.by for e in matched if e.by})
    others = [e for e in rule.spec.values if e.by and e.by not in agencies and e.value is not None]
    detail = ""
    if agencies:
        detail = f" It matches {', '.join(agencies)}."
        differing = sorted({f"{e.by} {_fmt(e.value)}" for e in others if not any(
            m.by == e.by for m in matched)})
        if differing and not attributed:
            detail += f" Other figures: {', '.join(differing)}."
    message = f"{claim.text}{_converted(claim, rule)} agrees with the reference: {rule.message}.{detail}"
    return _finding(binding, "consistent", rule.severity, _expected(rule, matched), message, None,
                    matched=tuple(agencies) or _count_units(matched))


def _counting_caveat(binding: Binding, matched: list[Expected], intended: list[Expected]) -> Finding:
    rule, claim = binding.rule, binding.claim
    units_matched = ", ".join(sorted({u for e in matched for u in e.counts})) or "another unit"
    intended_text = "; ".join(_describe(e, rule) for e in intended) or "no figure"
    message = (f"{claim.text}: the figure matches the count of {units_matched}, not of "
               f"{_plural(claim.counted)} ({intended_text}): {rule.message}.")
    return _finding(binding, "consistent", rule.severity, _expected(rule, matched), message, None,
                    diagnosis="counting-unit", matched=_count_units(matched))


def _inconsistent(binding: Binding, claimed: Interval, expected: list[Expected],
                  attributed: Optional[str]) -> Finding:
    rule, claim = binding.rule, binding.claim
    credited = ""
    if attributed:
        credited = f" ({attributed} reported {'; '.join(_describe(e, rule, by=False) for e in expected)})"
    diagnosis, why = _diagnose(claim, rule, expected)
    message = (f"{claim.text}{_converted(claim, rule)}, but {rule.message}{credited}."
               + (f" {why}" if why else ""))
    suggestion = _suggest(claim, rule, expected[0])
    return _finding(binding, "inconsistent", rule.severity, _expected(rule, expected), message,
                    suggestion, diagnosis=diagnosis, fix=_safe_fix(claim, diagnosis, suggestion))


# "200 kilometers", "1,000 km": the figure and its unit and nothing else. Only such a span can be
# replaced by "200 nautical miles (370.4 kilometers)" and stay grammatical ("a 200-kilometer
# zone" would not), and only when no hedge ("about") would be lost.
_PLAIN_MEASURE = re.compile(r"\d[\d,]*(?:\.\d+)?\s+[A-Za-z][A-Za-z. ]*")


def _safe_fix(claim: Claim, diagnosis: Optional[str], suggestion: Optional[str]) -> Optional[str]:
    """The replacement `checker fix` may write over the claim's own span, or None. Only a unit
    mix-up qualifies: the number is right and the unit wrong, so the suggestion says what the
    writer meant. Other wrong figures need a person (which figure is right is not the writer's
    slip to guess)."""
    if diagnosis != "unit-mix-up" or not suggestion or claim.qualifier:
        return None
    if not _PLAIN_MEASURE.fullmatch(claim.text) or suggestion == claim.text:
        return None
    return suggestion


def _diagnose(claim: Claim, rule: Rule, expected: list[Expected]) -> tuple[Optional[str], Optional[str]]:
    """A unit mix-up: the number as written equals the reference in the rule's own unit."""
    if claim.unit and rule.spec.unit and claim.unit != rule.spec.unit:
        for e in expected:
            if e.low <= claim.value <= e.high:
                return "unit-mix-up", (f"The figure matches the rule in {units.label(rule.spec.unit)}: "
                                       f"unit mix-up ({units.label(claim.unit)} written for "
                                       f"{units.label(rule.spec.unit)})?")
    if claim.qualifier:
        return "hedge", f"Even read as {claim.qualifier!r} the figure is out of range."
    return None, None


def _suggest(claim: Claim, rule: Rule, expected: Expected) -> str:
    """A replacement for the claim's own words. With the right unit the figure is swapped in
    place ("magnitude 5.2" -> "magnitude 6.1", "four missiles" -> "5 missiles"); with the wrong
    unit the reference comes in the rule's unit with the claim's unit after it."""
    if claim.unit and rule.spec.unit and claim.unit != rule.spec.unit and expected.value is not None:
        converted = units.convert(expected.value, rule.spec.unit, claim.unit)
        return (f"{_fmt(expected.value)} {units.label(rule.spec.unit, expected.value)} "
                f"({_fmt(converted)} {units.label(claim.unit, converted)})")
    figures = list(find_numbers(claim.text))
    if not figures:
        return f"{_fmt_value(expected)} {units.label(rule.spec.unit, expected.high)}".strip()
    return claim.text[:figures[0].start] + _fmt_value(expected) + claim.text[figures[-1].end:]


def _converted(claim: Claim, rule: Rule) -> str:
    if not (claim.unit and rule.spec.unit and claim.unit != rule.spec.unit):
        return ""
    value = units.convert(claim.value, claim.unit, rule.spec.unit)
    return f" (= {_fmt(value)} {units.label(rule.spec.unit, value)})"


def _describe(expected: Expected, rule: Rule, by: bool = True) -> str:
    text = f"{_fmt_value(expected)} {units.label(rule.spec.unit, expected.high)}".strip()
    if expected.counts:
        text += f" {'/'.join(_plural(c) for c in expected.counts)}"
    if expected.by and by:
        text = f"{expected.by}: {text}"
    return text + (f" ({expected.note})" if expected.note else "")


def _expected(rule: Rule, values: list[Expected] | tuple[Expected, ...]) -> dict:
    first = values[0] if values else rule.spec.values[0]
    out = {"value": first.value, "unit": rule.spec.unit}
    if first.value is None:
        out["range"] = [first.low, first.high]
    if len(rule.spec.values) > 1:
        out["values"] = [e.to_json() for e in rule.spec.values]
    return out


def _count_units(values: list[Expected]) -> tuple[str, ...]:
    return tuple(sorted({u for e in values for u in e.counts}))


def _finding(binding: Binding, verdict: str, severity: str, expected: dict, message: str,
             suggestion: Optional[str], diagnosis: Optional[str] = None,
             matched: tuple[str, ...] = (), fix: Optional[str] = None) -> Finding:
    if binding.assumed:
        message += f" (Assumed {binding.assumed}.)"
    return Finding(rule=binding.rule.id, verdict=verdict, severity=severity, claim=binding.claim,
                   expected=expected, message=message, suggestion=suggestion,
                   sources=binding.rule.sources, diagnosis=diagnosis, matched=matched,
                   fix=fix)


def _fmt_value(expected: Expected) -> str:
    if expected.value is not None:
        return _fmt(expected.value)
    return f"{_fmt(expected.low)}–{_fmt(expected.high)}"


def _fmt(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _plural(noun: Optional[str]) -> str:
    if not noun:
        return "things"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"
