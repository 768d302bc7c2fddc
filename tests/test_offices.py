"""Office holders judged at the article's date (rules/offices.yaml, checker/offices.py)."""
from __future__ import annotations

import pytest

from checker.rules.load import load_rules
from checker.pipeline import Checker


def roles(checker, text, date=None):
    result = checker.check_text(text, date=date)
    return [f for f in result.findings if f.rule.startswith("office.")], result


def only(checker, text, date=None):
    found, _ = roles(checker, text, date)
    assert len(found) == 1, [(f.rule, f.claim.text) for f in found]
    return found[0]


@pytest.mark.parametrize("date, verdict", [
    ("2017-03-16", "consistent"),     # inside Kishida's term (2012-12-26 .. 2017-08-03)
    ("2017-08-03", "consistent"),     # handover day: both terms include it
    ("2017-12-15", "inconsistent"),   # Taro Kono by then
])
def test_kishida_verdict_changes_with_the_date(checker, date, verdict):
    finding = only(checker, "Tillerson met Foreign Minister Fumio Kishida in Tokyo.", date)
    assert finding.rule == "office.japan.foreign_minister"
    assert finding.verdict == verdict
    assert finding.claim.kind == "role"
    assert finding.claim.text == "Foreign Minister Fumio Kishida"
    assert finding.claim.value == "Fumio Kishida"


def test_wrong_holder_says_who_held_it_and_when_this_person_did(checker):
    finding = only(checker, "Tillerson met Foreign Minister Fumio Kishida.", "2017-12-15")
    assert "Fumio Kishida was Japan's foreign minister from 2012-12-26 to 2017-08-03" in finding.message
    assert "on 2017-12-15 it was Taro Kono" in finding.message
    assert finding.expected["value"] == "Taro Kono"
    assert finding.expected["unit"] is None
    assert finding.expected["office"] == "Japan's foreign minister"
    assert finding.suggestion == "former Foreign Minister Fumio Kishida"
    assert finding.sources and all(s.url.startswith("http") for s in finding.sources)


def test_claim_span_points_into_the_text(checker):
    text = "On Friday, Japan's Foreign Minister Taro Kono chaired the meeting."
    finding = only(checker, text, "2017-12-15")
    span = finding.claim.span
    assert text[span.start:span.end] == "Japan's Foreign Minister Taro Kono"
    assert (span.line, span.column) == (1, 12)
    assert finding.verdict == "consistent"


@pytest.mark.parametrize("text, claimed", [
    ("Secretary of State Rex Tillerson said talks were possible.", "Secretary of State Rex Tillerson"),
    ("U.S. Secretary of State Rex Tillerson said so.", "U.S. Secretary of State Rex Tillerson"),
    ("Taro Kono, Japan's foreign minister, chaired the meeting.", "Taro Kono, Japan's foreign minister"),
    ("\"No,\" said Japan’s foreign minister, Taro Kono, who chaired it.", "Japan’s foreign minister, Taro Kono"),
    ("U.N. Secretary-General Antonio Guterres told the council.", "U.N. Secretary-General Antonio Guterres"),
    ("Chinese Foreign Minister Wang Yi spoke.", "Chinese Foreign Minister Wang Yi"),
    ("South Korean Foreign Minister Kang Kyung-wha spoke.", "South Korean Foreign Minister Kang Kyung-wha"),
    ("Wu Haitao, China's deputy UN ambassador, spoke.", "Wu Haitao, China's deputy UN ambassador"),
])
def test_claim_shapes_in_office(checker, text, claimed):
    finding = only(checker, text, "2017-12-15")
    assert finding.claim.text == claimed
    assert finding.verdict == "consistent", finding.message


def test_tillerson_after_his_term_is_wrong_but_former_is_right(checker):
    wrong = only(checker, "Secretary of State Rex Tillerson said talks were possible.", "2018-06-12")
    assert wrong.verdict == "inconsistent"
    assert "Mike Pompeo" in wrong.message
    assert wrong.suggestion == "Former Secretary of State Rex Tillerson"
    right = only(checker, "Former Secretary of State Rex Tillerson said talks were possible.", "2018-06-12")
    assert right.verdict == "consistent"
    assert right.claim.qualifier == "Former"


def test_former_while_still_in_office_is_wrong(checker):
    finding = only(checker, "Former Secretary of State Rex Tillerson said so.", "2017-12-15")
    assert finding.verdict == "inconsistent"
    assert finding.suggestion == "Secretary of State Rex Tillerson"
    after = only(checker, "Chrystia Freeland, Canada's former foreign minister, spoke.", "2018-01-16")
    assert after.verdict == "inconsistent"
    assert after.suggestion == "Chrystia Freeland, Canada's foreign minister"


def test_then_refers_to_the_past_not_to_the_article_date(checker):
    finding = only(checker, "Then-Secretary of State Rex Tillerson had offered talks.", "2019-02-01")
    assert finding.verdict == "consistent"
    assert "past time" in finding.message
    never = only(checker, "The then U.S. Secretary of State Jim Mattis offered talks.", "2019-02-01")
    assert never.verdict == "inconsistent"  # Mattis ran Defense, not State
    spaced, _ = roles(checker, "The then Secretary of State Rex Tillerson had offered talks.", "2019-02-01")
    assert [f.verdict for f in spaced] == ["consistent"]


def test_acting(checker):
    acting = only(checker, "Acting Assistant Secretary of State Susan Thornton said so.", "2017-12-15")
    assert acting.verdict == "consistent"
    bare = only(checker, "Assistant Secretary of State Susan Thornton said so.", "2017-12-15")
    assert bare.verdict == "inconsistent"
    assert bare.severity == "warning"
    assert bare.suggestion == "Acting Assistant Secretary of State Susan Thornton"
    retired = only(checker, "Acting Assistant Secretary of State Susan Thornton said so.", "2018-09-01")
    assert retired.verdict == "inconsistent"


def test_no_date_is_unverifiable_with_the_reason(checker):
    finding = only(checker, "Foreign Minister Fumio Kishida met Tillerson.")
    assert finding.verdict == "unverifiable"
    assert "no date" in finding.message
    assert finding.suggestion is None


def test_month_precision_boundary_is_unverifiable(checker):
    inside = only(checker, "North Korean Foreign Minister Ri Yong Ho spoke.", "2020-01-10")
    assert inside.verdict == "unverifiable"
    assert "month" in inside.message
    assert only(checker, "North Korean Foreign Minister Ri Yong Ho spoke.", "2020-03-01").verdict \
        == "inconsistent"


def test_qualified_title_with_another_listed_person_is_wrong(checker):
    finding = only(checker, "Japan's Foreign Minister Wang Yi spoke next.", "2017-12-15")
    assert finding.verdict == "inconsistent"
    assert "Taro Kono" in finding.message


@pytest.mark.parametrize("text", [
    "Foreign Minister Boris Johnson met Tillerson.",            # nobody any rule lists
    "British Foreign Minister Fumio Kishida met Tillerson.",    # an office no rule describes
    "Deputy Foreign Minister Fumio Kishida met Tillerson.",     # another office
    "U.N. Under-Secretary-General Antonio Guterres spoke.",     # another office
    "Foreign Minister Yohei Kono met Tillerson.",               # not Taro Kono
    "Kishida met Tillerson in Tokyo.",                          # no title: no role claim
    "Incoming Secretary of State Rex Tillerson met staff.",     # not yet a claim of office
])
def test_not_judged(checker, text):
    found, _ = roles(checker, text, "2017-12-15")
    assert found == []


def test_unqualified_title_with_unlisted_holder_stays_unchecked(checker):
    found, result = roles(checker, "Foreign Minister Rex Tillerson met Kishida.", "2017-12-15")
    assert found == []
    assert [c.text for c in result.unchecked if c.kind == "role"] == ["Foreign Minister Rex Tillerson"]


def test_office_rules_load_and_lint_clean():
    from checker.rules.lint import lint
    from checker.rules.load import default_rules
    rules, errors = load_rules([default_rules() / "offices.yaml"])
    assert errors == []
    assert {r.kind for r in rules} == {"office"}
    assert len(rules) >= 11
    assert lint(rules) == []


def test_office_rule_examples_pass(checker):
    from checker.rules.examples import run_examples
    rules = [r for r in checker.rules if r.kind == "office"]
    run, failures = run_examples(checker, rules)
    assert run >= 40
    assert failures == [], "\n".join(map(str, failures))


def test_component_built_once_without_rules(nlp):
    only_offices = Checker(rules=[], nlp=nlp)
    assert only_offices.check_text("Foreign Minister Fumio Kishida met Tillerson.",
                                   date="2017-12-15").findings == []


def test_schema_requires_holders_for_office_rules(tmp_path):
    from checker.rules.load import RuleError, load_file
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "rules:\n"
        "  - id: office.bad\n    title: t\n    kind: office\n    office: x\n    qualifiers: [X]\n"
        "    subject: [minister]\n    severity: info\n"
        "    message: m\n    sources: [{url: 'https://example.org'}]\n"
        "    examples: [{text: a, verdict: unchecked}, {text: b, verdict: unchecked}]\n",
        encoding="utf-8")
    with pytest.raises(RuleError, match="holders"):
        load_file(bad)
