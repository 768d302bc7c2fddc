"""Names: listed spellings, other romanisations, and near misses judged by distance
(rules/names*.yaml, checker/kinds/names/). Every sentence here is written for the test."""
from __future__ import annotations

import textwrap

import pytest

from checker.pipeline import Checker
from checker.rules.lint import lint
from checker.rules.load import RuleError, load_file, load_rules


def names(checker, text, date=None):
    result = checker.check_text(text, date=date)
    return [f for f in result.findings if f.rule.startswith("name.")], result


def judged(checker, text, date=None):
    found, _ = names(checker, text, date)
    return [(f.claim.text, f.rule, f.verdict) for f in found]


# --- listed spellings --------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["Kim Jung-un", "Kim Jung Un", "kim jung-un"])
def test_listed_misspelling_flagged_with_the_correction(checker, written):
    found, _ = names(checker, f"North Korean leader {written} has said he will build more missiles.")
    assert len(found) == 1
    finding = found[0]
    assert finding.rule == "name.kim_jong_un"
    assert finding.verdict == "inconsistent"
    assert finding.severity == "error"  # a listed misspelling keeps the rule's severity
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


def test_listed_misspelling_in_another_spacing_is_still_that_misspelling(checker):
    assert judged(checker, "The envoy said Kim Jungun would attend.") == [
        ("Kim Jungun", "name.kim_jong_un", "inconsistent")]


def test_chairman_un_flagged(checker):
    found, _ = names(checker, "Pompeo said Chairman Un was committed to denuclearization.")
    assert [(f.verdict, f.claim.text, f.suggestion) for f in found] == [
        ("inconsistent", "Chairman Un", "Chairman Kim")]
    assert "family name is Kim" in found[0].message


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
    ("Hwasong-14", "KN-20"),
    ("Pukguksong-2", "KN-15"),
    ("Hwasong-10", "Musudan"),
    ("KCNA", "Korean Central News Agency"),
])
def test_listed_variants_are_consistent_with_the_house_spelling(checker, pair):
    for written in pair:
        found, _ = names(checker, f"Officials mentioned {written} on Tuesday.")
        assert [f.verdict for f in found] == ["consistent"], written
        assert found[0].expected["value"] == pair[0]


def test_names_no_rule_lists_are_not_judged(checker):
    found, result = names(checker, "South Korean actress Kim Jung-eun met Moon Jae-in and Ri Sol Ju.")
    assert found == []
    assert not [c for c in result.claims if c.kind == "name"]


# --- 1. another romanisation, case, spacing or hyphenation is the same name ---------------------

@pytest.mark.parametrize("written", ["Kim Jong Un", "Kim Jong-un", "Kim Jongun", "KIM JONG UN",
                                     "Kim Jong-eun", "Gim Jeong-un"])
def test_romanisations_and_spacings_of_a_name_are_accepted(checker, written):
    found, _ = names(checker, f"The statement quoted {written} at length.")
    assert [(f.claim.text, f.rule, f.verdict, f.suggestion) for f in found] == [
        (written, "name.kim_jong_un", "consistent", None)]


@pytest.mark.parametrize("written, rule", [
    ("Punggye-ri", "name.punggye_ri"), ("Punggye ri", "name.punggye_ri"),
    ("Pukkuksong-2", "name.pukguksong_2"), ("Hwaseong 15", "name.hwasong_15"),
    ("Hwasong 14", "name.hwasong_14"), ("Kōno Tarō", "name.taro_kono"),
    ("Gaeseong", "name.kaesong"), ("Dongchang ri", "name.tongchang_ri"),
])
def test_romanisation_variants_of_places_and_weapons_are_accepted(checker, written, rule):
    assert judged(checker, f"Reporters were told about {written} on Monday.") == [
        (written, rule, "consistent")]


@pytest.mark.parametrize("written, suggestion", [
    ("Pungyye-ri", "Punggye-ri"), ("Punggie-ri", "Punggye-ri"), ("Hwasang-14", "Hwasong-14"),
    ("Kim Jon Un", "Kim Jong Un"), ("Mudusan", "Musudan"), ("Sungjibaeham", "Sungjibaegam"),
])
def test_near_misses_are_flagged_with_the_spelling_they_miss(checker, written, suggestion):
    found, _ = names(checker, f"Reporters were told about {written} on Monday.")
    assert [(f.claim.text, f.verdict, f.diagnosis, f.suggestion) for f in found] == [
        (written, "inconsistent", "near-miss", suggestion)]
    assert found[0].expected["nearest"] == suggestion
    # the suggestion itself passes the rule
    again, _ = names(checker, f"Reporters were told about {suggestion} on Monday.")
    assert [(f.rule, f.verdict) for f in again] == [(found[0].rule, "consistent")]


def test_an_alias_misspelt_names_the_house_spelling_too(checker):
    found, _ = names(checker, "Kim hailed the Mudusan launch.")
    assert found[0].suggestion == "Musudan"
    assert found[0].rule == "name.hwasong_10"
    assert "Hwasong-10" in found[0].message


# --- 2. a different real person is not a misspelling; names are about spelling only -------------

def test_the_father_is_his_own_name_not_a_misspelling_of_the_son(checker):
    assert judged(checker, "North Korean leader Kim Jong Il ordered a nuclear test.") == [
        ("Kim Jong Il", "name.kim_jong_il", "consistent")]
    assert judged(checker, "The square is named after Kim Il Sung.") == [
        ("Kim Il Sung", "name.kim_il_sung", "consistent")]


def test_a_misspelt_father_is_a_misspelling_of_the_father(checker):
    found, _ = names(checker, "Kim Jng Il led the country until 2011.")
    assert [(f.rule, f.verdict, f.suggestion) for f in found] == [
        ("name.kim_jong_il", "inconsistent", "Kim Jong Il")]


def test_a_spelling_as_near_to_two_people_is_not_judged(checker):
    # "In" is one letter from both "Un" and "Il": which person is meant is a guess
    assert judged(checker, "A photograph showed Kim Jong In at the parade.") == []


@pytest.mark.parametrize("written", ["Kim Jong Chol", "Ri Yong Ha", "Kim Yong Nam", "Kim Jong Nam"])
def test_another_syllable_makes_another_person(checker, written):
    found, _ = names(checker, f"A photograph showed {written} at the parade.")
    assert [f for f in found if f.verdict == "inconsistent"] == []


@pytest.mark.parametrize("date", [None, "2005-06-01", "2017-12-15"])
def test_names_are_judged_on_spelling_whatever_the_date(checker, date):
    # in 2005 Kim Jong Un led nothing: that is for the office rules; the spelling stays right
    assert judged(checker, "Kim Jong Un spoke.", date) == [
        ("Kim Jong Un", "name.kim_jong_un", "consistent")]
    assert judged(checker, "Leader Kim Jung-un spoke.", date) == [
        ("Kim Jung-un", "name.kim_jong_un", "inconsistent")]


# --- 3. precision first --------------------------------------------------------------------------

def test_only_a_plausible_name_is_compared(checker):
    # lower case is not a name; a capitalised designator is
    assert judged(checker, "the site at pungyye-ri was closed.") == []
    assert judged(checker, "The site at Pungyye-ri was closed.") == [
        ("Pungyye-ri", "name.punggye_ri", "inconsistent")]


def test_a_number_is_an_identity_not_a_spelling(checker):
    assert judged(checker, "Analysts compared it with the Hwasong-13.") == []
    assert judged(checker, "Analysts compared it with the KN-14.") == []
    assert judged(checker, "Analysts compared it with the Hwasong-11D.") == []
    assert judged(checker, "Analysts compared it with the Hwasomg-14.") == [
        ("Hwasomg-14", "name.hwasong_14", "inconsistent")]


def test_short_names_are_matched_exactly_only(checker):
    assert judged(checker, "The engine was tested at Soahe.") == []
    assert judged(checker, "The engine was tested at Sohae.") == [
        ("Sohae", "name.sohae", "consistent")]


@pytest.mark.parametrize("written", ["Taro Kno", "Taro Kano"])
def test_a_near_miss_is_judged_only_where_the_rule_context_is(checker, written):
    assert judged(checker, f"The painter {written} opened the exhibition.") == []
    assert judged(checker, f"Japan's foreign minister {written} opened the meeting.") == [
        (written, "name.taro_kono", "inconsistent")]


def test_a_distinct_name_is_never_judged_nor_what_it_contains(checker):
    assert judged(checker, "The Rodong Sinmun printed the photographs.") == []
    assert judged(checker, "South Korean actress Kim Jung-eun starred in the film.") == []
    assert judged(checker, "The JCS said it was a Rodong missile.") == [
        ("Rodong", "name.hwasong_7", "consistent")]


def test_one_letter_off_a_long_name_keeps_the_rule_severity_and_a_fix(checker):
    close, _ = names(checker, "North Korean leader Kim Jon Un spoke.")
    assert [(f.severity, f.fix) for f in close] == [("error", "Kim Jong Un")]
    far, _ = names(checker, "Kim hailed the Mudusan launch.")
    assert [(f.severity, f.fix) for f in far] == [("warning", None)]


@pytest.fixture(scope="module")
def own_rules(tmp_path_factory, nlp):
    """A rule file written for these tests: names near English words."""
    path = tmp_path_factory.mktemp("rules") / "names.yaml"
    path.write_text(textwrap.dedent("""\
        rules:
          - id: name.kartoon
            title: t
            kind: name
            canonical: Kartoon
            subject: [Kartoon]
            misspellings: [{text: Kartun, unless: [puppet]}]
            severity: error
            message: m
            sources: [{url: "https://example.org"}]
            examples: [{text: a, verdict: unchecked}, {text: b, verdict: unchecked}]
          - id: name.tonghae_test_site
            title: t
            kind: name
            canonical: Tonghae Test Site
            subject: [Tonghae Test Site]
            severity: error
            message: m
            sources: [{url: "https://example.org"}]
            examples: [{text: a, verdict: unchecked}, {text: b, verdict: unchecked}]
        """), encoding="utf-8")
    rules, errors = load_rules([path])
    assert errors == []
    return Checker(rules=rules, nlp=nlp)


def test_a_near_miss_that_is_a_real_word_is_not_a_misspelling(own_rules):
    assert judged(own_rules, "Cartoon studios opened on Monday.") == []
    assert judged(own_rules, "Kartoen studios opened on Monday.") == [
        ("Kartoen", "name.kartoon", "inconsistent")]


def test_a_listed_misspelling_is_not_flagged_where_its_unless_words_are(own_rules):
    assert judged(own_rules, "Kartun studios opened on Monday.") == [
        ("Kartun", "name.kartoon", "inconsistent")]
    assert judged(own_rules, "The puppet Kartun opened the show.") == []


def test_an_english_word_put_for_another_in_a_name_is_grammar(own_rules):
    assert judged(own_rules, "The Tonghae Test Sites were closed.") == []
    assert judged(own_rules, "The Tonghea Test Site was closed.") == [
        ("Tonghea Test Site", "name.tonghae_test_site", "inconsistent")]


# --- rules ---------------------------------------------------------------------------------------

def test_name_rule_examples_pass(checker):
    from checker.rules.examples import run_examples
    rules = [r for r in checker.rules if r.kind == "name"]
    assert {"name.kim_jong_un", "name.kim_jong_il", "name.punggye_ri", "name.hwasong_14",
            "name.kcna"} <= {r.id for r in rules}
    run, failures = run_examples(checker, rules)
    assert failures == [], "\n".join(map(str, failures))


def test_every_name_rule_cites_a_source(checker):
    assert all(r.sources and all(s.url.startswith("http") for s in r.sources)
               for r in checker.rules if r.kind == "name")


_RULE = """\
  - id: {id}
    title: t
    kind: name
    canonical: {canonical}
    subject: [{canonical}]
{extra}    severity: info
    message: m
    sources: [{{url: "https://example.org"}}]
    examples: [{{text: a, verdict: unchecked}}, {{text: b, verdict: unchecked}}]
"""


def _lint(tmp_path, *rules):
    path = tmp_path / "names.yaml"
    path.write_text("rules:\n" + "".join(_RULE.format(**r) for r in rules), encoding="utf-8")
    return [p.check for p in lint(load_file(path))]


def test_lint_refuses_a_listed_person_as_a_misspelling_of_another(tmp_path):
    son = {"id": "name.son", "canonical": "Kim Jong Un",
           "extra": "    misspellings: [{text: Kim Jong-il}]\n"}
    father = {"id": "name.father", "canonical": "Kim Jong Il", "extra": ""}
    assert _lint(tmp_path, son, father) == ["name-contradiction"]
    son["extra"] = "    misspellings: [{text: Kim Jung-un}]\n"
    assert _lint(tmp_path, son, father) == []


def test_lint_refuses_one_name_accepted_by_two_rules(tmp_path):
    one = {"id": "name.one", "canonical": "Tongchang-ri", "extra": ""}
    two = {"id": "name.two", "canonical": "Dongchang-ri", "extra": ""}
    assert _lint(tmp_path, one, two) == ["name-ambiguous"]
    two["canonical"] = "Sohae"
    assert _lint(tmp_path, one, two) == []


def test_schema_requires_canonical_for_name_rules(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "rules:\n"
        "  - id: name.bad\n    title: t\n    kind: name\n    subject: [X]\n    severity: info\n"
        "    message: m\n    sources: [{url: 'https://example.org'}]\n"
        "    examples: [{text: a, verdict: unchecked}, {text: b, verdict: unchecked}]\n",
        encoding="utf-8")
    with pytest.raises(RuleError, match="canonical"):
        load_file(bad)
