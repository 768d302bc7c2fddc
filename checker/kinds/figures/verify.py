"""Verdicts: a bound claim compared with its rule's reference values, and the words an editor
reads: what was claimed, what the reference says in both units, why, and what to write."""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Optional

from checker.stages import units
from dataclasses import replace

from checker.kinds.figures.bind import Binding
from checker.kinds.events.resolve import EXPLICIT
from checker.lexicon import lexicon
from checker.model import Claim, Finding, Interval
from checker.stages.numbers import Number, find_numbers
from checker.kinds.figures.spec import Expected
from checker.rules.rule import Rule


def verify(binding: Binding) -> Finding:
    if binding.group is not None:
        return _verify_event_figure(binding)
    return _verify(binding)


def _verify(binding: Binding, any_past_a_bound: bool = False) -> Finding:
    """`any_past_a_bound`: a figure far past a reference bound still fits it (asked when looking
    for another event the figure may be of, where any fit is a reason for doubt)."""
    rule, claim = binding.rule, binding.claim
    if binding.unverifiable:
        return _finding(binding, "unverifiable", "info", _expected(rule, rule.spec.values),
                        f"{claim.text}: cannot be checked against {rule.title.lower()}: "
                        f"{binding.unverifiable}.", None)
    claimed = _in_rule_unit(claim, rule)
    candidates, attributed, sure = _candidates(binding)
    by_count = [e for e in candidates if _counts(e, claim)]
    matched = [e for e in by_count if claimed.overlaps(_widen(e, rule))]
    loose = rule.spec.also_read.get(claim.unit) if claim.unit else None
    if not matched and loose is not None:
        # "a 200-mile zone": at sea "miles" are often nautical; either reading may be meant
        meant = _in_rule_unit(replace(claim, unit=loose), rule)
        matched = [e for e in by_count if meant.overlaps(_widen(e, rule))]
    if matched and not any_past_a_bound and all(_far_past_a_bound(e, claimed) for e in matched):
        bound = matched[0]
        return _finding(binding, "unverifiable", "info", _expected(rule, rule.spec.values),
                        f"{claim.text}: cannot be checked: the reference gives only a bound "
                        f"({_fmt_value(bound)}), and {claim.text} is more than "
                        f"{FAR_PAST_BOUND:g} times past it.", None)
    if matched:
        return _consistent(binding, claimed, matched, attributed)
    other_count = [e for e in candidates if e not in by_count and claimed.overlaps(_widen(e, rule))]
    if other_count:
        return _counting_caveat(binding, other_count, by_count)
    if attributed is None and binding.group is None:
        spread = _spread(by_count or candidates, claimed)
        if spread is not None:
            return _within_spread(binding, claimed, spread)
    if attributed and not sure:
        others = [e for e in _reading(rule, claim) if e.by and e.by != attributed
                  and _counts(e, claim) and claimed.overlaps(_widen(e, rule))]
        if others:
            return _unsure_credit(binding, attributed, others)
    return _inconsistent(binding, claimed, by_count or candidates, attributed)


FAR_PAST_BOUND = 2.0  # how far past a reference bound ("over 700 km") a figure is still its


def _far_past_a_bound(expected: Expected, claimed: Interval) -> bool:
    """The reference is only a bound ("over 700 km", "fewer than 50") and the figure lies more
    than FAR_PAST_BOUND times past it: it agrees with the bound, but so would a figure of
    another event ("4,500 km" against a launch said to have flown "over 700 km")."""
    if math.isinf(expected.high) and expected.low > 0 and math.isfinite(claimed.low):
        return claimed.low > FAR_PAST_BOUND * expected.low
    if math.isinf(expected.low) and expected.high > 0 and math.isfinite(claimed.high):
        return claimed.high * FAR_PAST_BOUND < expected.high
    return False


def _spread(values: list[Expected], claimed: Interval) -> Optional[tuple[float, float]]:
    """The lowest and highest of reference values that disagree, when the claimed figure lies
    between them. Values disagree when they are several agencies' figures (`by`), or several
    counts of the same thing (the same `counts`): "59-70 missiles" and "99 missiles" in 2022.
    Values of different things ("19 entities added", "103 on the list") do not. (Figures of
    event lists say so with the property's `disputed`.)"""
    ends = [x for e in values for x in (e.low, e.high) if math.isfinite(x)]
    if len({(e.low, e.high) for e in values}) < 2 or not ends:
        return None
    agencies = {e.by for e in values if e.by}
    counted = [frozenset(e.counts) for e in values if e.counts]
    if len(agencies) < 2 and len(counted) == len(set(counted)):
        return None
    low, high = min(ends), max(ends)
    if not (math.isfinite(claimed.low) and math.isfinite(claimed.high)):
        return None
    return (low, high) if low <= claimed.low and claimed.high <= high else None


def _within_spread(binding: Binding, claimed: Interval, spread: tuple[float, float]) -> Finding:
    """The rule's own sources disagree and the figure, credited to none of them, lies between
    their figures: it matches none, but nothing says it is wrong."""
    rule, claim = binding.rule, binding.claim
    value = _in_rule_unit(replace(claim, interval=Interval(claim.value, claim.value)), rule).low
    message = (f"{claim.text}: cannot be checked: sources differ: {_fmt(spread[0])} to "
               f"{_fmt(spread[1])}; {_fmt(value)} matches none of them ({rule.message}).")
    return _finding(binding, "unverifiable", "info", _expected(rule, rule.spec.values), message,
                    None)


def _candidates(binding: Binding) -> tuple[list[Expected], Optional[str], bool]:
    """The reference values to compare with: those of the agency the text credits with the
    figure, if the rule lists that agency's figures; otherwise all values that do not need
    their agency named. Last, whether the credit is sure (see `credit`)."""
    rule = binding.rule
    values = _reading(rule, binding.claim)
    name, sure = credit(binding, [e.by for e in values if e.by])
    if name is not None:
        return [e for e in values if e.by == name], name, sure
    return [e for e in values if not e.credited_only] or list(values), None, True


def _unsure_credit(binding: Binding, attributed: str, others: list[Expected]) -> Finding:
    """The figure is not what the agency it seems credited to reported, but what another
    listed agency did, and the text does not tie it to one agency clearly: no error to flag."""
    rule, claim = binding.rule, binding.claim
    agencies = sorted({e.by for e in others if e.by})
    message = (f"{claim.text}: cannot be checked: the text names several agencies near the "
               f"figure and does not say clearly whose it is; it is not {attributed}'s figure "
               f"but matches {', '.join(agencies)}: {rule.message}.")
    return _finding(binding, "unverifiable", "info", _expected(rule, others), message, None,
                    matched=tuple(agencies))


def _reading(rule: Rule, claim: Claim) -> list[Expected]:
    """The values of the reading the sentence takes: a value with `when` phrases applies (and
    alone) when one of them is in the sentence ("44 km from the outer limit of the territorial
    sea": the contiguous zone's 12 nautical miles beyond it, not its 24 from the baselines)."""
    sentence = _plain(claim.sentence_text or claim.text)
    chosen = [e for e in rule.spec.values
              if e.when and any(_plain(phrase) in sentence for phrase in e.when)]
    return chosen or [e for e in rule.spec.values if not e.when]


# Whose the thing is does not change the reading: "beyond a country's territorial sea" reads
# as the rule's "beyond the territorial sea"
_OWNER = re.compile(r"\b(?:(?:a|the|each|every|any)\s+(?:coastal\s+)?(?:country|nation|state)['’]s|"
                    r"[A-Z][a-z]+['’]s|the|an|a|its|their)\s+")


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", _OWNER.sub("", text)).lower()


_CLAUSE_BREAK = re.compile(r";|,?\s+(?:while|whereas|but)\s+|\s+—\s+|\s+--\s+")


def credited_agency(binding: Binding, among: Optional[list[str]] = None) -> Optional[str]:
    """Who the text credits the figure to (see `credit`)."""
    return credit(binding, among)[0]


def credit(binding: Binding, among: Optional[list[str]] = None) -> tuple[Optional[str], bool]:
    """Who the text credits the figure to: an agency of the rule file's `attributions` (only
    those in `among`, if given). First one named right at the figure: "6.3 by the USGS", "5.8,
    as published by the CTBTO", "6.3 according to the USGS", "the USGS's estimate of 6.3"; then
    one in the figure's own clause ("the USGS put it at 6.3; Japan's agency at 6.1": the 6.1 is
    Japan's), nearest before the figure, else after it ("..., the USGS said"); then in what the
    figure is predicated of; then in the whole sentence when it names only one. Second, whether
    the credit is sure: not when it was chosen by nearness among several agencies named."""
    claim = binding.claim
    attributions = {name: aliases for name, aliases in binding.rule.spec.attributions.items()
                    if among is None or name in among}
    sentence = claim.sentence_text or claim.text
    at = claim.span.start - claim.sentence[0] if claim.sentence_text else 0
    direct = _named_with(attributions, sentence, at, at + len(claim.text))
    if direct is not None:
        return direct, True
    start, end = 0, len(sentence)
    for match in _CLAUSE_BREAK.finditer(sentence):
        if match.end() <= at:
            start = match.end()
        elif match.start() >= at + len(claim.text):
            end = match.start()
            break
    if binding.clause_credit is not None:
        # the parse says who the figure's clause and its reporting verbs name; an agency
        # elsewhere in the sentence ("said after monitors detected ...") is not its source
        named = _named_at(attributions, binding.clause_credit)
        return (max(named)[1], len({n for _, n in named}) == 1) if named else (None, True)
    found = _named_at(attributions, sentence[start:end])
    sure = len({name for _, name in found}) == 1
    before = [(pos, name) for pos, name in found if start + pos < at]
    after = [(pos, name) for pos, name in found if start + pos >= at]
    if before:
        return max(before)[1], sure
    if after:
        return min(after)[1], sure
    if binding.credited:
        named = _named_at(attributions, binding.credited)
        if named:
            return max(named)[1], len({n for _, n in named}) == 1
    names = {name for _, name in _named_at(attributions, sentence)}
    return (names.pop(), True) if len(names) == 1 else (None, True)


@lru_cache(maxsize=1)
def _source_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What stands between a figure and the agency it is credited to, from the lexicon's
    `source_markers`: after it ("6.3 by the", "5.8, as published by both the", "6.3 according
    to the"), or before it as a possessive ("the USGS's estimate of")."""
    markers = "|".join(re.escape(m).replace(r"\ ", r"\s+")
                       for m in sorted(lexicon()["source_markers"], key=len, reverse=True))
    verbs = "|".join(map(re.escape, lexicon()["source_participles"]))
    after = re.compile(rf"\s*,?\s*(?:(?:as\s+)?(?:first\s+|initially\s+|later\s+)?(?:{verbs})\s+)?"
                       rf"(?:{markers})\s+(?:both\s+)?(?:the\s+)?", re.IGNORECASE)
    before = re.compile(r"['’]s(?:\s+[a-z][\w-]*){0,2}\s+(?:(?:of|at|was|is)\s+)?", re.IGNORECASE)
    return after, before


def _named_with(attributions, sentence: str, start: int, end: int) -> Optional[str]:
    """The agency named in a source phrase right after the figure (`sentence[start:end]`), or
    in a possessive right before it."""
    after, before = _source_patterns()
    follows = after.match(sentence, end)
    if follows:
        named = [(pos, name) for pos, name in _named_at(attributions, sentence[follows.end():])]
        first = min(named, default=None)
        if first is not None and first[0] == 0:
            return first[1]
    for name, aliases in attributions.items():
        for alias in aliases:
            if alias not in sentence[:start]:
                continue
            for match in _alias_pattern(alias).finditer(sentence, 0, start):
                rest = sentence[match.end():start]
                if before.fullmatch(rest) or alias.endswith(("'s", "’s")) and \
                        before.fullmatch("'s" + rest):
                    return name
    return None


def _named_at(attributions, text: str) -> list[tuple[int, str]]:
    """(position, agency) for every agency alias in `text`. Asked for every event a figure is
    compared with, so an alias not in the text at all costs one substring test."""
    out = []
    for name, aliases in attributions.items():
        for alias in aliases:
            if alias in text:
                out.extend((m.start(), name) for m in _alias_pattern(alias).finditer(text))
    return out


@lru_cache(maxsize=None)
def _alias_pattern(alias: str) -> re.Pattern[str]:
    """An agency alias as a whole word (the aliases are few: those of the rule files)."""
    return re.compile(rf"(?<!\w){re.escape(alias)}(?!\w)")


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
    figures = _figures_in(claim.text)
    if not figures:
        return f"{_fmt_value(expected)} {units.label(rule.spec.unit, expected.high)}".strip()
    return claim.text[:figures[0].start] + _fmt_value(expected) + claim.text[figures[-1].end:]


@lru_cache(maxsize=256)
def _figures_in(text: str) -> tuple[Number, ...]:
    """The numbers of a claim's own words: read once, though a figure of an event list is
    worded against every event of its series."""
    return tuple(find_numbers(text))


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
    if first.value is None:  # a bound as the rule states it: at_least, at_most or range
        bound = first.to_json()
        out.update((key, bound[key]) for key in ("at_least", "at_most", "range") if key in bound)
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


# ------------------------------------------------------------------------ figures of events

def _verify_event_figure(binding: Binding) -> Finding:
    """A figure of an event of a series, judged by the policy in docs/rules.md ("How sure a
    verdict is"): consistent when it fits an event the text may mean; inconsistent only when
    it fits none of them and nothing else explains it, at the rule's severity only when the
    event and the property were both named with the figure; otherwise unverifiable."""
    group, resolution = binding.group, binding.resolution
    if binding.unverifiable or resolution is None:
        finding = _verify(binding)
        return replace(finding, event=resolution.to_json() if resolution else None)
    series, prop = group.series, group.property
    event_json = resolution.to_json()
    judged = [(event, _verify(replace(binding, rule=group.rules[event.key])))
              for event in resolution.events]
    fits = [(e, f) for e, f in judged if f.verdict == "consistent"]
    if fits:
        # the event whose figure is nearest: "7.8" that day is the 7.8 shock, not the 7.7 one
        # a tolerance of 0.1 would also let it fit
        event, finding = min(fits, key=lambda pair: _distance(binding, group.rules[pair[0].key]))
        return replace(finding, message=finding.message + _event_note(resolution, event),
                       event=dict(event_json, id=event.key, date=event.date.isoformat()))
    event, finding = judged[0]
    if binding.among_several:
        return _unverifiable(binding, finding, event_json,
                             f"the figure is said of several {series.noun}s at once, and "
                             "which is which, or whether the list holds them, is not said")
    credited = credited_agency(binding)
    if prop.disputed and credited is None:
        return _unverifiable(binding, finding, event_json,
                             f"published estimates of the {prop.title} disagree, and the text "
                             "does not say whose estimate it gives")
    if credited is not None and credited not in {v.by for e in resolution.events
                                                  for v in e.figures.get(prop.name, ())}:
        return _unverifiable(binding, finding, event_json,
                             f"the rules hold no {prop.title} from {credited} for this {series.noun}")
    elsewhere = []  # other events of the series whose figure this is (by the credited agency)
    for other in series.events:
        rule = group.rules.get(other.key)
        if rule is None or other in resolution.events:
            continue
        if credited is not None and not any(v.by == credited for v in other.figures[prop.name]):
            continue
        if all(v.value is None and math.inf in (abs(v.low), abs(v.high))
               for v in other.figures[prop.name]):
            continue  # "over 2,500 km" fits almost any figure: no sign of another event
        match = _verify(replace(binding, rule=rule), any_past_a_bound=True)
        if match.verdict == "consistent":
            elsewhere.append((other, match))
    explicit = resolution.strength == EXPLICIT and binding.property_named
    if elsewhere and not (explicit and resolution.resolved):
        other, match = elsewhere[0]
        return _unverifiable(binding, finding, event_json,
                             f"the figure is the {_matched_words(match)} of the {series.noun} of "
                             f"{other.label()}, and the text does not say clearly which "
                             f"{series.noun} it speaks of ({resolution.evidence})")
    other_property = _other_property_match(binding, resolution)
    if other_property is not None:
        return _unverifiable(binding, finding, event_json,
                             f"the figure matches the {other_property} of the {series.noun}, not "
                             f"its {prop.title}: which one is meant is not clear")
    if not resolution.resolved and resolution.strength < EXPLICIT:
        return _unverifiable(binding, finding, event_json, resolution.reason or "ambiguous")
    severity = finding.severity if explicit else _at_most(finding.severity, "warning")
    message = finding.message + _event_note(resolution, event)
    diagnosis = finding.diagnosis
    if elsewhere:
        other, match = elsewhere[0]
        diagnosis = "wrong-event"
        message += (f" The figure is the {_matched_words(match)} of the {series.noun} of "
                    f"{other.label()}: another {series.noun}?")
        finding = replace(finding, claim=_with_evidence(finding.claim, resolution.where))
    suggestion = finding.suggestion if explicit and resolution.resolved else None
    return replace(finding, severity=severity, message=message, diagnosis=diagnosis,
                   suggestion=suggestion, fix=finding.fix if suggestion else None,
                   event=dict(event_json, id=event.key, date=event.date.isoformat()))


def _distance(binding: Binding, rule: Rule) -> float:
    """How far the claim's value is from the nearest of a rule's reference values, in the
    rule's unit."""
    claimed = _in_rule_unit(binding.claim, rule)
    middle = (claimed.low + claimed.high) / 2 if math.isfinite(claimed.low + claimed.high) \
        else claimed.low if math.isfinite(claimed.low) else claimed.high
    return min((0.0 if e.low <= middle <= e.high else min(abs(middle - e.low), abs(middle - e.high))
                for e in rule.spec.values), default=math.inf)


def _with_evidence(claim: Claim, where: Optional[tuple[int, int]]) -> Claim:
    """The claim stretched over the words that name its event right after it ("4.52 recorded
    in 2006"): either may be what is wrong, so the finding covers both."""
    if where is None or where[0] < claim.span.end or where[0] - claim.span.end > 40:
        return claim
    start, end = claim.sentence
    text = claim.sentence_text[claim.span.start - start:where[1] - start]
    return replace(claim, text=text, span=replace(claim.span, end=where[1]))


def _unverifiable(binding: Binding, finding: Finding, event_json: dict, why: str) -> Finding:
    claim = binding.claim
    return replace(finding, verdict="unverifiable", severity="info",
                   message=f"{claim.text}: cannot be checked: {why}.", suggestion=None,
                   diagnosis=None, fix=None, event=event_json)


def _event_note(resolution, event) -> str:
    return f" (The {event.label()} event: {resolution.evidence}.)"


def _matched_words(finding: Finding) -> str:
    who = ", ".join(finding.matched) if finding.matched else ""
    return f"{who} figure" if who else "figure"


def _other_property_match(binding: Binding, resolution) -> Optional[str]:
    """The title of another figure of the same events, of the same dimension, that the claim
    matches ("2,111.5 km" given as a range when it is the altitude)."""
    group, claim = binding.group, binding.claim
    for prop in group.series.properties.values():
        if prop is group.property or prop.kind != group.property.kind:
            continue
        if prop.unit and claim.unit and not units.compatible(prop.unit, claim.unit):
            continue
        for event in resolution.events:
            values = event.figures.get(prop.name)
            if not values:
                continue
            rule = replace(binding.rule, spec=replace(binding.rule.spec, values=values,
                                                      unit=prop.unit, tolerance=prop.tolerance,
                                                      relative_tolerance=prop.relative_tolerance))
            if _verify(replace(binding, rule=rule, group=None)).verdict == "consistent":
                return prop.title
    return None


def _at_most(severity: str, cap: str) -> str:
    order = ("info", "warning", "error")
    return severity if order.index(severity) <= order.index(cap) else cap
