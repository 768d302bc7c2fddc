"""Which event, which role, at what precision: the constructions of real copy that used to be
judged against the wrong event or in the wrong role (issue 11), each with its mirror image.

Sentences are written for these tests. Each asserts the verdicts the bundled rules give; a
figure that must not be judged is "unchecked" (no finding at all).
"""
from __future__ import annotations

import pytest

from checker import Checker


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker()


def verdicts(checker: Checker, text: str, date: str | None) -> dict[str, str]:
    """Each claim's text -> the verdict of the figure rules (unchecked when none judged it)."""
    result = checker.check_text(text, date=date)
    out = {claim.text: "unchecked" for claim in result.claims}
    for finding in result.findings:
        out[finding.claim.text] = finding.verdict
    return out


CASES = [
    # a comparison: the 5.3 is the previous test's
    ("The North Korean blast registered magnitude 6.3, far stronger than the previous test, "
     "which measured 5.3.", "2017-09-04", {"magnitude 6.3": "consistent", "5.3": "consistent"}),
    ("The North Korean blast registered magnitude 6.3, far stronger than the previous test, "
     "which measured 6.1.", "2017-09-04", {"magnitude 6.3": "consistent", "6.1": "inconsistent"}),
    # in the report of a new test "the last test" may be the one before it: a figure of either
    # is not wrong, a figure of neither cannot be placed
    ("North Korea's blast registered magnitude 5.6, larger than the last test, which measured "
     "a magnitude of 5.1.", "2017-09-03", {"magnitude 5.6": "consistent",
                                             "a magnitude of 5.1": "consistent"}),
    ("North Korea's blast registered magnitude 5.6, larger than the last test, which measured "
     "a magnitude of 3.1.", "2017-09-03", {"a magnitude of 3.1": "inconsistent"}),
    # a timeline's paragraph opens with the day its sentences speak of, and a magnitude that day
    # is the collapse's only where the sentence names the collapse (both were called wrong
    # against the collapse after the sixth test; the clause's subject, "the claim", leaves the
    # test's own figure unjudged)
    ("North Korea conducted its sixth nuclear test on Sunday.\n\n6 January 2016: North Korea "
     "claims a hydrogen bomb test. The claim followed the detection of a 5.1 magnitude "
     "earthquake at the Punggye-ri site.", "2017-09-04", {"5.1 magnitude": "unchecked"}),
    ("North Korea conducted its sixth nuclear test on Sunday.\n\n3 September 2017: North Korea "
     "claims a hydrogen bomb test. The claim followed the detection of a 6.3 magnitude "
     "earthquake at the Punggye-ri site.", "2017-09-04", {"6.3 magnitude": "unchecked"}),
    ("North Korea's sixth nuclear test was followed by a second tremor of magnitude 4.1.",
     "2017-09-04", {"magnitude 4.1": "consistent"}),
    # a phrase on the verb names the property when the figure's own words do not ("in the
    # air", "in flight"), but not one that holds a figure of its own
    ("North Korea fired an ICBM on Friday. It was in the air for about 69 minutes.", "2022-11-18",
     {"69 minutes": "consistent"}),
    ("North Korea fired an ICBM on Friday that flew 1,000 km at an altitude of 6,000 km.",
     "2022-11-18", {"1,000 km": "consistent", "6,000 km": "consistent"}),
    # an ordinal and a year name one event together
    ("North Korea's third nuclear test, in 2013, registered magnitude 5.1, the USGS said.",
     "2017-09-05", {"magnitude 5.1": "consistent"}),
    ("North Korea's third nuclear test, in 2013, registered magnitude 6.3, the USGS said.",
     "2017-09-05", {"magnitude 6.3": "inconsistent"}),
    # an event named by its month
    ("The November launch of North Korea's Hwasong-15 flew for 53 minutes.", "2017-12-15",
     {"53 minutes": "consistent"}),
    ("The November launch of North Korea's Hwasong-15 flew for 63 minutes.", "2017-12-15",
     {"63 minutes": "inconsistent"}),
    # "respectively"
    ("The CTBTO put North Korea's 2006 and 2009 tests at magnitudes 4.1 and 4.52 respectively.",
     "2013-02-13", {"4.1": "consistent", "4.52": "consistent"}),
    ("The CTBTO put North Korea's 2006 and 2009 tests at magnitudes 4.52 and 4.1 respectively.",
     "2013-02-13", {"4.52": "inconsistent", "4.1": "inconsistent"}),
    # "since 2006" counts the 2006 test
    ("The blast was North Korea's third nuclear test since 2006.", "2013-02-13",
     {"third nuclear test since 2006": "consistent"}),
    ("The blast was North Korea's fourth nuclear test since 2006.", "2013-02-13",
     {"fourth nuclear test since 2006": "inconsistent"}),
    # an agency in the second clause
    ("The USGS put the North Korean blast at magnitude 6.3; Japan's weather agency at 6.1.",
     "2017-09-03", {"magnitude 6.3": "consistent", "6.1": "consistent"}),
    ("The USGS put the North Korean blast at magnitude 6.3; Japan's weather agency at 6.3.",
     "2017-09-03", {"magnitude 6.3": "consistent", "6.3": "inconsistent"}),
    # an agency in another clause is not the figure's source
    ("South Korea's military said North Korea had tested after monitors detected a "
     "5.3-magnitude tremor.", "2016-09-09", {"5.3-magnitude": "consistent"}),
    ("South Korea's military said the North Korean tremor measured 5.3.", "2016-09-09",
     {"5.3": "inconsistent"}),
    # a position is not a distance flown, nor the breadth of a zone
    ("The North Korean missile splashed down about 250 km northwest of Hegura Island.",
     "2023-06-15", {"about 250 km": "unchecked"}),
    ("The North Korean missile flew about 1,000 km.", "2017-11-29",
     {"1,000 km": "consistent"}),
    ("The missile fell inside Japan's exclusive economic zone, 200 km west of Oshima-Oshima.",
     "2023-02-18", {"200 km": "unchecked"}),
    ("Japan's exclusive economic zone stretches 200 kilometers from its coast.", "2023-02-18",
     {"200 kilometers": "inconsistent"}),
    # altitude and distance flown are different figures of one launch
    ("North Korea's July 4 missile reached an altitude of 2,802 km.", "2017-07-10",
     {"2,802 km": "consistent"}),
    ("North Korea's July 4 missile flew 2,802 km.", "2017-07-10", {"2,802 km": "unverifiable"}),
    # a capability is no figure of a launch
    ("Experts said North Korea's Hwasong-14 could fly 6,700 km on a standard trajectory.",
     "2017-07-05", {"6,700 km": "unchecked"}),
    # a limit is not an exact value
    ("A coastal state's territorial sea extends up to 12 nautical miles.", "2020-01-01",
     {"12 nautical miles": "consistent"}),
    ("A coastal state's territorial sea may not extend beyond 12 nautical miles.", "2020-01-01",
     {"12 nautical miles": "consistent"}),
    # a compound modifier names the zone
    ("Japan claims a 200-nautical-mile exclusive economic zone.", "2020-01-01",
     {"200-nautical-mile": "consistent"}),
    # a figure restated in parentheses, at its own precision
    ("The bay's closing line may be 24 nautical miles (44 km) long.", "2020-01-01",
     {"44 km": "consistent"}),
    ("The bay's closing line may be 24 nautical miles (40 km) long.", "2020-01-01",
     {"40 km": "inconsistent"}),
    # a weekday with a date
    ("The talks opened on Tuesday, January 9, 2018.", None, {"Tuesday, January 9, 2018": "consistent"}),
    ("The talks opened on Tuesday, January 10, 2018.", None, {"Tuesday, January 10, 2018": "inconsistent"}),
]


@pytest.mark.parametrize("text, date, expected", CASES)
def test_each_construction_and_its_mirror(checker, text, date, expected):
    got = verdicts(checker, text, date)
    assert {claim: got.get(claim, "unchecked") for claim in expected} == expected


def test_a_figure_of_an_undated_article_naming_no_event_is_unverifiable(checker):
    result = checker.check_text("The North Korean blast registered magnitude 6.9.", date=None)
    (finding,) = [f for f in result.findings if f.claim.text == "magnitude 6.9"]
    assert finding.verdict == "unverifiable" and "no date" in finding.message


def test_the_finding_records_the_event_and_the_evidence(checker):
    result = checker.check_text("North Korea's sixth nuclear test registered magnitude 6.3, "
                                "the USGS said.", date="2017-09-10")
    (finding,) = [f for f in result.findings if f.claim.text == "magnitude 6.3"]
    assert finding.event["date"] == "2017-09-03" and "sixth" in finding.event["evidence"]
    assert finding.to_json()["event"]["strength"] == "named with the figure"


def test_a_wrong_event_pairing_covers_the_figure_and_its_date(checker):
    result = checker.check_text("The CTBTO recorded a 4.9 magnitude for the North Korean blast, "
                                "next to the 4.52 recorded in 2006.", date="2013-02-12")
    (wrong,) = [f for f in result.findings if f.verdict == "inconsistent"]
    assert wrong.claim.text == "4.52 recorded in 2006" and wrong.diagnosis == "wrong-event"
    assert "2009-05-25" in wrong.message  # whose figure it is


def test_weak_evidence_never_gives_an_error_or_a_suggestion(checker):
    # the article's date alone says which test: at most a warning, and no replacement offered
    result = checker.check_text("The North Korean blast registered magnitude 6.9.", date="2017-09-04")
    (finding,) = [f for f in result.findings if f.claim.text == "magnitude 6.9"]
    assert (finding.verdict, finding.severity, finding.suggestion) == ("inconsistent", "warning", None)


def test_an_undated_figure_after_a_sentence_about_another_day_is_not_the_reported_events(checker):
    # the article reports the launch of Thursday 9 May 2019; the paragraph speaks of Saturday's
    text = ("North Korea fired two short-range missiles on Thursday.\n\nOn Saturday, Pyongyang "
            "fired more than 20 projectiles from Wonsan. Some of them flew about 240 kilometers.")
    result = checker.check_text(text, date="2019-05-09")
    assert [f for f in result.findings if f.claim.text == "240 kilometers"] == []
    alone = checker.check_text("North Korea fired two short-range missiles on Thursday. One of "
                               "them flew about 240 kilometers.", date="2019-05-09")
    assert [f.rule for f in alone.findings if f.claim.text == "240 kilometers"] == [
        "dprk.missile_launches.2019_05_09.distance"]


def test_test_fired_without_its_hyphen_names_a_launch_not_a_test(checker):
    text = ("The United States sent a nuclear-armed submarine to Busan.\n\nPyongyang test fired "
            "a Hwasong-18 solid-fuel ICBM on July 12.")
    result = checker.check_text(text, date="2023-07-19")
    assert [(f.rule, f.verdict) for f in result.findings if f.claim.text == "on July 12"] == [
        ("dprk.missile_launches", "consistent")]


def test_counts_joined_by_and_are_parts_of_the_launchs_total(checker):
    text = ("North Korea fired {} into the sea off its east coast on Thursday, South Korea's "
            "military said.")
    def counted(what):
        result = checker.check_text(text.format(what), date="2019-07-25")
        return [f.rule for f in result.findings if f.claim.kind == "count"]
    assert counted("one short-range ballistic missile and one unidentified projectile") == []
    # beside a count of another thing, a count of missiles is still the launch's
    assert counted("three short-range ballistic missiles and one rocket launcher") == [
        "dprk.missile_launches.2019_07_25.missiles"]


def test_a_count_over_a_period_of_several_launches_is_their_total(checker):
    text = "So far this year, the DPRK has launched 23 ballistic missiles."
    result = checker.check_text(text, date="2022-05-27")
    assert [f for f in result.findings if f.claim.kind == "count"] == []
    # a year that names the event ("the 2004 tsunami") is no period of several events
    named = checker.check_text("The 2004 tsunami killed 230,000 people.", date="2019-01-01")
    assert [f.verdict for f in named.findings if f.claim.kind == "count"] == ["consistent"]


def test_a_figure_far_past_another_events_bound_still_leaves_doubt(checker):
    # 3 November 2022, the day after a barrage of at least 23 missiles (a count the list
    # leaves out): the figure is not held against the day's launch of three
    text = ("This comes just a day after North Korea fired at least 23 missiles, including one "
            "that landed off South Korea's coast.")
    result = checker.check_text(text, date="2022-11-03")
    assert [f.verdict for f in result.findings if f.claim.kind == "count"
            if f.verdict == "inconsistent"] == []


def test_a_bare_test_beside_a_missile_test_is_that_missile_test(checker):
    text = ("Canberra condemned an intercontinental ballistic missile test by North Korea, which "
            "is the second test by the North in the past month.")
    assert [f.rule for f in checker.check_text(text, date="2017-07-30").findings
            if f.rule.startswith("dprk.nuclear_tests")] == []
    nuclear = checker.check_text("North Korea conducted its sixth nuclear test on Sunday; the "
                                 "test was its most powerful.", date="2017-09-03")
    assert any(f.rule == "dprk.nuclear_tests" and f.verdict == "consistent"
               for f in nuclear.findings)


@pytest.mark.parametrize("text", [
    "North Korea is only a political decision away from carrying out its seventh nuclear test.",
    "North Korea is on the verge of conducting its seventh nuclear test, officials said.",
])
def test_an_ordinal_of_a_test_that_may_come_is_not_judged(checker, text):
    assert [f for f in checker.check_text(text, date="2024-11-24").findings
            if f.rule == "dprk.nuclear_tests" and f.verdict == "inconsistent"] == []


def test_a_date_on_follows_may_be_either_events(checker):
    text = ("The nuclear test follows North Korea's successful launch of a long-range rocket on "
            "Dec. 12, which placed a satellite into orbit.")
    assert [f for f in checker.check_text(text, date="2013-02-12").findings
            if f.rule == "dprk.nuclear_tests" and f.verdict == "inconsistent"] == []
