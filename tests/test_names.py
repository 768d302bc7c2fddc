"""Canonical names, accepted variants and known misspellings (rules/names.yaml, checker/names.py)."""
from __future__ import annotations

import pytest


def names(checker, text, date=None):
    result = checker.check_text(text, date=date)
    return [f for f in result.findings if f.rule.startswith("name.")], result


@pytest.mark.parametrize("written", ["Kim Jung-un", "Kim Jung Un", "kim jung-un"])
def test_misspelling_flagged_with_the_correction(checker, written):
    found, _ = names(checker, f"North Korean leader {written} has said he will build more missiles.")
    assert len(found) == 1
    finding = found[0]
    assert finding.rule == "name.kim_jong_un"
    assert finding.verdict == "inconsistent"
    assert finding.claim.kind == "name"
    assert finding.claim.text == written
    assert finding.suggestion == "Kim Jong Un"
    assert finding.expected == {"value": "Kim Jong Un", "unit": None,
                                "accepted": ["Kim Jong Un", "Kim Jong-un", "Kim Jong-Un",
                                             "Kim Jŏng-ŭn", "Kim Jong-ŭn", "Gim Jeong-eun"]}
    assert written in finding.message and "Kim Jong Un" in finding.message
    assert finding.sources


def test_misspelling_span_is_the_name_itself(checker):
    text = "---\ndate: 2017-12-15\n---\nLeader Kim Jung-un spoke."
    result = checker.check_text(text)
    finding = next(f for f in result.findings if f.rule == "name.kim_jong_un")
    assert text[finding.claim.span.start:finding.claim.span.end] == "Kim Jung-un"
    assert finding.claim.span.line == 4


@pytest.mark.parametrize("written", ["Kim Jong Un", "Kim Jong-un", "Kim Jong-Un"])
def test_accepted_variants_are_consistent_never_flagged(checker, written):
    found, _ = names(checker, f"North Korean leader {written} said the test was a success.")
    assert [(f.verdict, f.suggestion) for f in found] == [("consistent", None)]


def test_chairman_un_flagged(checker):
    found, _ = names(checker, "Pompeo said Chairman Un was committed to denuclearization.")
    assert len(found) == 1
    assert found[0].verdict == "inconsistent"
    assert found[0].claim.text == "Chairman Un"
    assert found[0].suggestion == "Chairman Kim"
    assert "family name is Kim" in found[0].message


def test_father_flagged_only_when_the_son_is_meant(checker):
    meant_son, _ = names(checker, "North Korean leader Kim Jong-il ordered a sixth nuclear test.")
    assert [(f.verdict, f.severity, f.suggestion) for f in meant_son] == [
        ("inconsistent", "warning", "Kim Jong Un")]
    father, result = names(checker, "Kim Jong Un took power after his father Kim Jong Il died in 2011.")
    assert [(f.claim.text, f.verdict) for f in father] == [("Kim Jong Un", "consistent")]
    assert "Kim Jong Il" in [c.text for c in result.unchecked]


@pytest.mark.parametrize("pair", [
    ("Yun Byung-se", "Yun Byung Se"),
    ("Kang Kyung-wha", "Kang Kyung-hwa"),
    ("Ri Yong Ho", "Ri Yong-ho"),
    ("Pak Myong Guk", "Pak Myong-guk"),
    ("Taro Kono", "Tarō Kōno"),
    ("Ja Song Nam", "Ja Song-nam"),
    ("Tongchang-ri", "Dongchang-ri"),
    ("Hwasong-15", "Hwaseong-15"),
    ("Hwasong-12", "KN-17"),
    ("Pukguksong-2", "KN-15"),
])
def test_variant_pairs_are_not_flagged(checker, pair):
    for written in pair:
        found, _ = names(checker, f"Officials mentioned {written} on Tuesday.")
        assert [f.verdict for f in found] == ["consistent"], written
        assert found[0].expected["value"] == pair[0]


def test_names_no_rule_lists_are_not_judged(checker):
    found, result = names(checker, "South Korean actress Kim Jung-eun met Moon Jae-in and Kim Yo Jong.")
    assert found == []
    assert not [c for c in result.claims if c.kind == "name"]


def test_names_do_not_depend_on_the_date(checker):
    for date in (None, "2017-12-15"):
        found, _ = names(checker, "Kim Jung-un spoke.", date)
        assert [f.verdict for f in found] == ["inconsistent"]


def test_name_rule_examples_pass(checker):
    from checker.rules.examples import run_examples
    rules = [r for r in checker.rules if r.kind == "name"]
    assert {"name.kim_jong_un", "name.kang_kyung_wha", "name.taro_kono"} <= {r.id for r in rules}
    run, failures = run_examples(checker, rules)
    assert failures == [], "\n".join(map(str, failures))


def test_schema_requires_canonical_for_name_rules(tmp_path):
    from checker.rules.load import RuleError, load_file
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "rules:\n"
        "  - id: name.bad\n    title: t\n    kind: name\n    subject: [X]\n    severity: info\n"
        "    message: m\n    sources: [{url: 'https://example.org'}]\n"
        "    examples: [{text: a, verdict: unchecked}, {text: b, verdict: unchecked}]\n",
        encoding="utf-8")
    with pytest.raises(RuleError, match="canonical"):
        load_file(bad)
