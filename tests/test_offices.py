"""Office holders judged at the article's date (rules/offices_*.yaml, checker/kinds/offices)."""
from __future__ import annotations

import pytest

from checker.rules.load import default_rules, load_file, load_rules
from checker.pipeline import Checker


def roles(checker, text, date=None):
    result = checker.check_text(text, date=date)
    return [f for f in result.findings if f.rule.startswith("office.")], result


def only(checker, text, date=None):
    found, _ = roles(checker, text, date)
    assert len(found) == 1, [(f.rule, f.claim.text) for f in found]
    return found[0]


def role_claims(result):
    return [c for c in result.claims if c.kind == "role"]


# ------------------------------------------------------------------ the claim at its date

@pytest.mark.parametrize("date, verdict", [
    ("2017-03-16", "consistent"),     # inside Kishida's term (2012-12-26 .. 2017-08-03)
    ("2017-08-03", "consistent"),     # handover day: both terms include it
    ("2017-08-04", "unverifiable"),   # the day after: the story may tell of the day before
    ("2017-08-05", "inconsistent"),
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


@pytest.mark.parametrize("text, date, rule", [
    ("President Trump said the talks would go ahead.", "2018-06-01", "office.us.president"),
    ("Prime Minister Fumio Kishida said Japan would respond.", "2023-03-16", "office.japan.prime_minister"),
    ("South Korean President Moon Jae-in called for calm.", "2018-06-01", "office.rok.president"),
    ("Japan's Defense Minister Itsunori Onodera said the missile flew over Hokkaido.", "2017-09-15",
     "office.japan.defense_minister"),
    ("CIA Director Mike Pompeo met Kim Jong Un in Pyongyang.", "2018-04-17", "office.us.cia_director"),
    ("UN Secretary-General Antonio Guterres condemned the launch.", "2022-10-04",
     "office.un.secretary_general"),
    ("Chief Cabinet Secretary Yoshihide Suga said the missile fell in the sea.", "2017-07-04",
     "office.japan.chief_cabinet_secretary"),
    ("Defense Minister Song Young-moo told lawmakers the test was the strongest yet.", "2017-09-04",
     "office.rok.defense_minister"),
])
def test_titles_and_short_titles_make_claims(checker, text, date, rule):
    finding = only(checker, text, date)
    assert (finding.rule, finding.verdict) == (rule, "consistent"), finding.message


# ------------------------------------------------------------------ offices that share a title

@pytest.mark.parametrize("text, date, rule", [
    ("President Moon Jae-in met President Trump.", "2018-06-01", None),  # two claims, two offices
    ("Prime Minister Boris Johnson spoke.", "2020-03-23", "office.uk.prime_minister"),
    ("Prime Minister Shinzo Abe spoke.", "2020-03-23", "office.japan.prime_minister"),
    ("Prime Minister Lee Nak-yon spoke.", "2019-03-23", "office.rok.prime_minister"),
    ("Foreign Minister Ri Yong Ho spoke.", "2018-03-23", "office.dprk.foreign_minister"),
    ("Foreign Minister Chrystia Freeland spoke.", "2018-03-23", "office.canada.foreign_minister"),
    ("Foreign Minister Julie Bishop spoke.", "2018-03-23", "office.australia.foreign_minister"),
])
def test_an_unqualified_shared_title_is_judged_against_the_persons_own_office(checker, text, date, rule):
    found, _ = roles(checker, text, date)
    if rule is None:
        assert sorted(f.rule for f in found) == ["office.rok.president", "office.us.president"]
    else:
        assert [f.rule for f in found] == [rule]
    assert {f.verdict for f in found} == {"consistent"}


@pytest.mark.parametrize("text, rule", [
    ("British Prime Minister Fumio Kishida spoke.", "office.uk.prime_minister"),
    ("Chinese Foreign Minister Kang Kyung-wha spoke.", "office.china.foreign_minister"),
    ("South Korean President Barack Obama spoke.", "office.rok.president"),
])
def test_a_qualified_title_is_never_judged_against_another_countrys_list(checker, text, rule):
    finding = only(checker, text, "2022-05-01")
    assert finding.rule == rule
    assert finding.verdict == "inconsistent"
    assert finding.diagnosis == "never-held"


def test_a_title_several_offices_share_keeps_the_office_that_fits_the_date(checker):
    """"Chairman" names both the party post (2016-2021) and the State Affairs Commission's."""
    party = only(checker, "Chairman Kim Jong Un met Moon at Panmunjom.", "2018-04-27")
    assert (party.rule, party.verdict) == ("office.dprk.party_chairman", "consistent")
    later = only(checker, "Chairman Kim Jong Un met Xi Jinping in Pyongyang.", "2022-09-09")
    assert (later.rule, later.verdict) == ("office.dprk.state_affairs_chairman", "unverifiable")
    assert "up to 2019-04-11" in later.message


def test_a_misspelt_qualifier_is_judged_against_the_persons_office(checker):
    finding = only(checker, "South Koran Foreign Minister Kang Kyung-wha welcomed Tillerson.", "2017-03-17")
    assert finding.rule == "office.rok.foreign_minister"
    assert finding.verdict == "inconsistent"
    assert finding.claim.text == "South Koran Foreign Minister Kang Kyung-wha"
    right = only(checker, "South Koran Foreign Minister Kang Kyung-wha welcomed Pompeo.", "2018-07-07")
    assert right.verdict == "consistent"


def test_another_countrys_qualifier_leaves_the_claim_unchecked(checker):
    found, result = roles(checker, "French Foreign Minister Fumio Kishida met Tillerson.", "2017-12-15")
    assert found == []
    assert [c.text for c in result.unchecked if c.kind == "role"] == ["Foreign Minister Fumio Kishida"]


def test_a_surname_alone_never_makes_a_stranger_wrong(checker):
    """"Carter" is listed (Ash Carter, Defense), but "U.S. President Carter" is Jimmy Carter."""
    found, result = roles(checker, "Former U.S. President Carter visited Pyongyang.", "2017-12-15")
    assert found == []
    assert [c.value for c in role_claims(result)] == ["Carter"]


def test_a_longer_name_is_another_person(checker):
    found, result = roles(checker, "Foreign Minister Cho Hyun-dong spoke.", "2025-08-10")
    assert found == []
    assert [c.value for c in role_claims(result)] == ["Cho Hyun-dong"]
    found, _ = roles(checker, "Foreign Minister Cho Hyun spoke.", "2025-07-21")
    assert [(f.rule, f.verdict) for f in found] == [("office.rok.foreign_minister", "consistent")]


# ------------------------------------------------------------------ modifiers

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


def test_former_with_only_later_listed_terms_is_unverifiable(checker):
    """Abe was prime minister in 2006-07, before the list starts; in 2010 he was a former one."""
    finding = only(checker, "Former Prime Minister Shinzo Abe visited Seoul.", "2010-05-01")
    assert finding.verdict == "unverifiable"
    assert "2008-09-24" in finding.message
    plain = only(checker, "Prime Minister Shinzo Abe visited Seoul.", "2010-05-01")
    assert plain.verdict == "inconsistent"  # the list does cover 2010: Hatoyama


def test_then_refers_to_the_past_not_to_the_article_date(checker):
    finding = only(checker, "Then-Secretary of State Rex Tillerson had offered talks.", "2019-02-01")
    assert finding.verdict == "consistent"
    assert "past time" in finding.message
    spaced, _ = roles(checker, "The then Secretary of State Rex Tillerson had offered talks.", "2019-02-01")
    assert [f.verdict for f in spaced] == ["consistent"]
    # a term before the list would not be known: never "wrong"
    never = only(checker, "The then U.S. Secretary of State Jim Mattis offered talks.", "2019-02-01")
    assert never.verdict == "unverifiable"


def test_acting(checker):
    acting = only(checker, "Acting Assistant Secretary of State Susan Thornton said so.", "2017-12-15")
    assert acting.verdict == "consistent"
    bare = only(checker, "Assistant Secretary of State Susan Thornton said so.", "2017-12-15")
    assert bare.verdict == "inconsistent"
    assert bare.severity == "warning"
    assert bare.suggestion == "Acting Assistant Secretary of State Susan Thornton"
    retired = only(checker, "Acting Assistant Secretary of State Susan Thornton said so.", "2018-09-01")
    assert retired.verdict == "inconsistent"
    temporary = only(checker, "Temporary President Hwang Kyo-ahn convened the council.", "2017-03-15")
    assert temporary.verdict == "consistent"


@pytest.mark.parametrize("date, judged", [
    ("2017-01-24", False),   # eight days before he took office: "new" reads as "incoming"
    ("2016-06-24", True),    # seven months before: a plain, wrong title
])
def test_new_before_the_term_reads_as_incoming_only_shortly_before(checker, date, judged):
    found, result = roles(checker, "The new U.S. secretary of state, Rex Tillerson, will visit Tokyo.", date)
    assert [c.text for c in role_claims(result)] == ["new U.S. secretary of state, Rex Tillerson"]
    assert [f.verdict for f in found] == (["inconsistent"] if judged else [])


def test_a_year_in_the_sentence_may_be_the_time_the_title_refers_to(checker):
    past = only(checker, "In 2016, Foreign Minister Fumio Kishida visited Pearl Harbor.", "2019-01-10")
    assert past.verdict == "unverifiable"
    assert "2016" in past.message
    now = only(checker, "Foreign Minister Fumio Kishida visited Pearl Harbor.", "2019-01-10")
    assert now.verdict == "inconsistent"
    elsewhere = only(checker, "In 2016, Foreign Minister Taro Kono visited Pearl Harbor.", "2016-12-10")
    assert elsewhere.verdict == "inconsistent"  # 2016 is not in Kono's term either


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


# ------------------------------------------------------------------ horizons and unlisted people

def test_after_the_horizon_a_holder_still_in_office_is_unverifiable(checker):
    finding = only(checker, "Japanese Foreign Minister Toshimitsu Motegi met his counterparts.", "2026-07-01")
    assert finding.verdict == "unverifiable"
    assert "the rules know who was Japan's foreign minister up to 2026-02-19" in finding.message
    assert finding.expected["complete_to"] == "2026-02-19"
    former = only(checker, "Former Japanese Foreign Minister Toshimitsu Motegi spoke.", "2026-07-01")
    assert former.verdict == "unverifiable"


def test_after_the_horizon_a_holder_known_to_have_left_is_still_judged(checker):
    finding = only(checker, "Japanese Foreign Minister Taro Kono met his counterparts.", "2026-07-01")
    assert finding.verdict == "inconsistent"
    assert "up to 2026-02-19" in finding.message


def test_after_the_horizon_a_listed_person_who_never_held_it_is_unverifiable(checker):
    finding = only(checker, "Japan's Foreign Minister Shinjiro Koizumi spoke.", "2026-07-01")
    assert finding.verdict == "unverifiable"
    inside = only(checker, "Japan's Foreign Minister Shinjiro Koizumi spoke.", "2025-12-01")
    assert inside.verdict == "inconsistent"


@pytest.mark.parametrize("text", [
    "Japan's Foreign Minister Haruki Morikawa met Tillerson.",
    "Haruki Morikawa, Japan's foreign minister, met Tillerson.",
])
def test_an_unlisted_name_is_a_claim_never_dropped(checker, text):
    inside, result = roles(checker, text, "2017-12-15")
    assert inside == []
    claims = role_claims(result)
    assert [c.value for c in claims] == ["Haruki Morikawa"]
    assert claims[0] in result.unchecked
    later = only(checker, text, "2026-07-01")
    assert later.verdict == "unverifiable"
    assert "up to 2026-02-19" in later.message and "Haruki Morikawa" in later.message


def test_an_unlisted_name_before_the_list_is_unverifiable(checker):
    finding = only(checker, "North Korean Foreign Minister Pak Ui Chun spoke at the forum.", "2012-07-12")
    assert finding.verdict == "unverifiable"
    assert "only from 2014-04-09" in finding.message


def test_an_unqualified_title_with_an_unlisted_name_stays_unchecked(checker):
    found, result = roles(checker, "Secretary of State Marco Bianchi flew to Seoul.", "2030-01-01")
    assert found == []
    assert [c.text for c in result.unchecked if c.kind == "role"] == ["Secretary of State Marco Bianchi"]
    found, result = roles(checker, "Foreign Minister Rex Tillerson met Kishida.", "2017-12-15")
    assert found == []
    assert [c.text for c in result.unchecked if c.kind == "role"] == ["Foreign Minister Rex Tillerson"]


@pytest.mark.parametrize("text", [
    "Deputy Foreign Minister Fumio Kishida met Tillerson.",     # another office
    "U.N. Under-Secretary-General Antonio Guterres spoke.",     # another office
    "Foreign Minister Yohei Kono met Tillerson.",               # not Taro Kono
    "Kishida met Tillerson in Tokyo.",                          # no title: no role claim
    "Incoming Secretary of State Rex Tillerson met staff.",     # not yet a claim of office
    "Opposition leader Lee Jae-myung criticised the plan.",     # a party post, not a listed office
])
def test_not_judged(checker, text):
    found, _ = roles(checker, text, "2017-12-15")
    assert found == []


# ------------------------------------------------------------------ the rules themselves

def office_files():
    return sorted(default_rules().glob("offices*.yaml"))


def test_office_rules_are_one_file_per_country_or_body_and_lint_clean():
    from checker.rules.lint import lint
    files = office_files()
    assert len(files) >= 7
    rules, errors = load_rules(files)
    assert errors == []
    assert {r.kind for r in rules} == {"office"}
    assert lint(rules) == []
    for rule in rules:
        assert rule.complete_to is not None, rule.id
        assert rule.sources and all(s.url.startswith("http") for s in rule.sources)
        assert all(h.sources for h in rule.spec.holders), rule.id
        verdicts = {e.verdict for e in rule.examples}
        assert {"consistent", "inconsistent"} <= verdicts, rule.id
        assert any(e.date is None for e in rule.examples), rule.id  # an undated one
        assert verdicts & {"unchecked", "unverifiable"}, rule.id


def test_office_rule_examples_pass(checker):
    from checker.rules.examples import run_examples
    rules = [r for r in checker.rules if r.kind == "office"]
    run, failures = run_examples(checker, rules)
    assert run >= 200
    assert failures == [], "\n".join(map(str, failures))


def test_a_holder_who_starts_after_the_horizon_is_a_lint_problem(tmp_path):
    from checker.rules.lint import lint
    path = tmp_path / "late.yaml"
    path.write_text(
        "rules:\n"
        "  - id: office.late\n    title: t\n    kind: office\n    office: x\n    qualifiers: [X]\n"
        "    subject: [minister]\n    severity: info\n    complete_to: \"2020-01-01\"\n"
        "    holders: [{name: A B, valid_from: \"2021-03-01\", sources: [{url: 'https://example.org'}]}]\n"
        "    message: m\n    sources: [{url: 'https://example.org'}]\n"
        "    examples: [{text: a, verdict: unchecked}, {text: b, verdict: unchecked}]\n",
        encoding="utf-8")
    problems = [p for p in lint(load_file(path)) if p.check == "horizon"]
    assert len(problems) == 1 and "2021-03-01" in problems[0].message


def test_component_built_once_without_rules(nlp):
    only_offices = Checker(rules=[], nlp=nlp)
    assert only_offices.check_text("Foreign Minister Fumio Kishida met Tillerson.",
                                   date="2017-12-15").findings == []


def test_schema_requires_holders_for_office_rules(tmp_path):
    from checker.rules.load import RuleError
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


def test_rules_horizons_lists_each_rule_oldest_first(capsys):
    from checker.cli import main
    assert main(["rules", "horizons", *map(str, office_files())]) == 0
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith("office.")]
    assert len(lines) >= 30
    dates = [line.split()[-3] for line in lines]
    assert dates == sorted(dates)
    assert any(line.startswith("office.japan.foreign_minister") and "2026-02-19" in line for line in lines)
    assert "without" in out.splitlines()[-1]


def test_a_misspelt_holder_is_reported_as_the_name_it_misses(checker):
    # the role claim and the spelling finding cover the same words: the editor sees the
    # misspelling (with its fix), not an unchecked title
    result = checker.check_text("Japan's Foreign Minister Taro Kno met Tillerson.", date="2017-12-15")
    flagged = [f for f in result.findings if f.verdict == "inconsistent"]
    assert [(f.claim.text, f.suggestion) for f in flagged] == [("Taro Kno", "Taro Kono")]


@pytest.mark.parametrize("text, verdict", [
    ("Seoul faces a leadership vacuum caused by the ouster of President Park Geun-hye.", "consistent"),
    ("President Park Geun-hye's impeachment left a vacuum.", "consistent"),
    ("Seoul said President Park Geun-hye would attend.", "inconsistent"),
])
def test_the_end_of_a_term_names_the_holder_as_the_title_stood_then(checker, text, verdict):
    found = [f for f in checker.check_text(text, date="2017-03-12").findings
             if f.rule == "office.rok.president"]
    assert [f.verdict for f in found] == [verdict]


def test_outgoing_names_the_holder_at_a_time_just_past(checker):
    text = "Two days before, outgoing UN Secretary-General Ban Ki-moon remarked on the year."
    found = [f for f in checker.check_text(text, date="2017-01-03").findings
             if f.rule == "office.un.secretary_general"]
    assert [f.verdict for f in found] == ["consistent"]


@pytest.mark.parametrize("text, date, rule", [
    ("Foreign Minister Kono talked to reporters this morning.", "2018-03-14", "office.japan.foreign_minister"),
    ("Foreign Minister Wang met reporters in Beijing.", "2018-03-14", "office.china.foreign_minister"),
])
def test_a_surname_with_no_country_is_the_holder_of_that_day(checker, text, date, rule):
    found = [(f.rule, f.verdict) for f in checker.check_text(text, date=date).findings]
    assert found == [(rule, "consistent")]


def test_a_surname_that_fits_no_holder_of_the_day_is_not_judged(checker):
    # Yohei Kono was foreign minister in 2000; the listed holders that day are others
    assert [f for f in checker.check_text("Foreign Minister Kono met reporters.",
                                          date="2021-03-14").findings] == []


@pytest.mark.parametrize("date, verdict", [
    ("2017-08-03", "unverifiable"),   # the day Taro Kono took office: copy may still say former
    ("2017-08-02", "unverifiable"),
    ("2017-09-15", "inconsistent"),
])
def test_former_on_the_day_of_the_handover_is_not_called_wrong(checker, date, verdict):
    finding = only(checker, "They met former Foreign Minister Taro Kono in Tokyo.", date)
    assert finding.verdict == verdict


@pytest.mark.parametrize("text, verdict", [
    ("Its second nuclear test took place when President Obama was in office for four months.",
     "unverifiable"),
    ("Kim met Trump after President Obama had refused to.", "unverifiable"),
    ("President Obama met Kim on Sunday.", "inconsistent"),
])
def test_a_title_in_a_clause_about_another_time_is_as_it_stood_then(checker, text, verdict):
    assert only(checker, text, "2017-09-03").verdict == verdict
