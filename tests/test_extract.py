"""Claim extraction, driven by fixtures/extraction.yaml (sentence -> every claim it makes)."""
from __future__ import annotations

import math

import pytest
import yaml

from checker.stages import units

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"

CASES = yaml.safe_load((FIXTURES / "extraction.yaml").read_text(encoding="utf-8"))


def _describe(claim) -> str:
    return (f"{claim.kind} {claim.text!r} value={claim.value} unit={claim.unit} "
            f"counted={claim.counted} qualifier={claim.qualifier} interval={claim.interval}")


@pytest.mark.parametrize("case", CASES, ids=[c["sentence"][:60] for c in CASES])
def test_extraction(case, claims_of):
    sentence = case["sentence"]
    claims = claims_of(sentence)
    got = "\n".join(_describe(c) for c in claims) or "(none)"
    assert len(claims) == len(case["claims"]), f"claims found:\n{got}"
    for claim, expected in zip(claims, case["claims"]):
        assert sentence[claim.span.start:claim.span.end] == claim.text
        assert claim.kind == expected["kind"], got
        if "text" in expected:
            allowed = {expected["text"]}
            if claim.qualifier:
                allowed.add(f"{claim.qualifier} {expected['text']}")
            assert claim.text in allowed, got
        if "value" in expected:
            assert claim.value == pytest.approx(expected["value"]), got
        if expected.get("unit"):
            assert claim.unit is not None, got
            assert units.parse_unit(claim.unit) == units.parse_unit(expected["unit"]), got
        elif expected["kind"] == "count":
            assert claim.unit is None, got
        if "range" in expected:
            assert claim.range == pytest.approx(tuple(expected["range"])), got
        elif claim.range is not None:
            assert claim.range[0] == claim.value, got  # a range claim's value is its low end
        if "counted" in expected:
            assert claim.counted == expected["counted"], got
        if "qualifier" in expected:
            assert (claim.qualifier or "").lower() == expected["qualifier"], got
        if "interval" in expected:
            _check_interval(claim.interval, expected["interval"], got)


def _check_interval(interval, spec, got):
    low, high = interval.low, interval.high
    if "exact" in spec:
        assert (low, high) == pytest.approx(tuple(spec["exact"])), got
    if "covers" in spec:
        a, b = spec["covers"]
        assert low <= a and b <= high, got
    if "within" in spec:
        a, b = spec["within"]
        assert a <= low and high <= b, got
    if "above" in spec:
        assert low == pytest.approx(spec["above"]) and interval.low_open, got
        assert math.isinf(high) or high > 100 * spec["above"], got
    if "below" in spec:
        assert high == pytest.approx(spec["below"]) and interval.high_open, got
        assert low < spec["below"], got
    if "up_to" in spec:
        assert high == pytest.approx(spec["up_to"]) and not interval.high_open, got
        assert low <= spec["up_to"] / 2, got


def test_claims_in_a_multi_sentence_text_have_file_offsets(claims_of):
    text = ("North Korea fired four ballistic missiles on Monday. Three missiles landed "
            "in Japan's exclusive economic zone, some 300 to 350 km off the coast.\n\n"
            "The missiles flew about 1,000 km.")
    claims = claims_of(text)
    assert [c.value for c in claims] == [4, 3, 300, 1000]
    for claim in claims:
        assert text[claim.span.start:claim.span.end] == claim.text
        assert text[claim.sentence[0]:claim.sentence[1]].strip()
        assert claim.sentence[0] <= claim.span.start < claim.span.end <= claim.sentence[1]
