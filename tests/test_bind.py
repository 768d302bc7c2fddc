"""Binding: a claim is judged against a rule only when the rule's subject is what it measures."""
from __future__ import annotations

import pytest

EEZ = "unclos.eez.breadth"
CONTIGUOUS = "unclos.contiguous_zone.breadth"
TERRITORIAL = "unclos.territorial_sea.breadth"
SHELF = "unclos.continental_shelf.limit"
DATE = "2017-03-19"


def _claim(result, value):
    matching = [c for c in result.claims if c.value == value]
    assert len(matching) == 1, [c.text for c in result.claims]
    return matching[0]


def _rules_for(result, value):
    claim = _claim(result, value)
    return [f.rule for f in result.findings if f.claim.span == claim.span]


@pytest.mark.parametrize(
    "sentence, value, rule",
    [
        ("Japan's EEZ extends 200 kilometers.", 200, EEZ),
        ("Japan's exclusive economic zone extends 200 kilometers from its coast.", 200, EEZ),
        ("The exclusive economic zone stretches 200 nautical miles from the coast.", 200, EEZ),
        ("Each coastal state has a 200-nautical-mile exclusive economic zone.", 200, EEZ),
        ("The contiguous zone reaches 24 nautical miles.", 24, CONTIGUOUS),
        ("Territorial waters extend 12 nautical miles from the coast.", 12, TERRITORIAL),
        ("The continental shelf extends 500 nautical miles from the coast.", 500, SHELF),
        # a relative clause: the figure belongs to the zone the pronoun stands for
        ("The missiles landed in Japan's exclusive economic zone, which extends 200 nautical "
         "miles from the coast.", 200, EEZ),
        # an apposition with a relative clause inside it
        ("The missiles fell into the EEZ, an area that extends 200 nautical miles from the "
         "coast.", 200, EEZ),
        ("The missiles landed inside Japan's exclusive economic zone, an area that extends 200 "
         "kilometers off a country's coastline.", 200, EEZ),
        ("Chinese ships entered Japan's contiguous zone, which reaches 24 miles offshore.", 24,
         CONTIGUOUS),
        # a figure before the zone's own noun, or before a noun for its extent
        ("Under the convention, a 200-mile exclusive economic zone belongs to each coastal "
         "state.", 200, EEZ),
        ("The territorial sea's 12-nautical-mile limit is set by the convention.", 12, TERRITORIAL),
    ],
)
def test_claim_binds_the_rule_its_subject_names(unclos_checker, sentence, value, rule):
    result = unclos_checker.check_text(sentence, date=DATE)
    assert _rules_for(result, value) == [rule]


@pytest.mark.parametrize(
    "sentence, value, rule",
    [
        # the distance is what the missile flew, not the breadth of the zone it landed in
        ("The missile flew about 930 kilometers and landed inside Japan's exclusive economic "
         "zone.", 930, EEZ),
        ("The missile flew 1,000 km before splashing down in Japan's EEZ.", 1000, EEZ),
        ("The ship sailed 12 kilometers before it entered Chinese territorial waters.", 12,
         TERRITORIAL),
        ("The missile landed 200 kilometers west of the island, inside the EEZ.", 200, EEZ),
        ("Four missiles landed in the EEZ, some 300 kilometers from the Oga peninsula.", 300, EEZ),
        ("Fishing boats were 40 miles from the contiguous zone when the coast guard arrived.", 40,
         CONTIGUOUS),
        # where it fell: "off" or "from" a named place
        ("The missile splashed down inside Japan's EEZ, 80 km (49 miles) off Aomori.", 80, EEZ),
        ("It landed in the exclusive economic zone about 150 km from Hokkaido.", 150, EEZ),
        # a figure before a noun describes that noun: the isobath's depth, not the shelf's limit
        ("A state may claim the continental shelf up to 100 nautical miles from the 2,500 metre "
         "isobath.", 2500, SHELF),
        ("The continental shelf ends at the 2,500 metres (8,200 ft) isobath.", 2500, SHELF),
    ],
)
def test_figure_about_something_else_is_not_judged_by_the_zone_rule(checker, unclos_checker,
                                                                    sentence, value, rule):
    # with only the zone rules loaded the figure stays unchecked ...
    result = unclos_checker.check_text(sentence, date=DATE)
    assert _rules_for(result, value) == []
    assert _claim(result, value) in result.unchecked
    # ... and with all bundled rules it is still not judged as the zone's breadth
    assert rule not in _rules_for(checker.check_text(sentence, date=DATE), value)


def test_contiguous_zone_does_not_bind_the_eez_rule(unclos_checker):
    result = unclos_checker.check_text("The contiguous zone reaches 24 nautical miles.", date=DATE)
    assert EEZ not in {f.rule for f in result.findings}


def test_two_zones_in_one_text_bind_their_own_rules(unclos_checker):
    text = ("Japan's territorial waters extend 12 nautical miles from its coast. "
            "Its exclusive economic zone reaches 200 nautical miles.")
    result = unclos_checker.check_text(text, date=DATE)
    assert _rules_for(result, 12) == [TERRITORIAL]
    assert _rules_for(result, 200) == [EEZ]


def test_bound_claim_records_its_subject(unclos_checker):
    result = unclos_checker.check_text("Japan's EEZ extends 200 kilometers.", date=DATE)
    (finding,) = result.findings
    assert "EEZ" in (finding.claim.subject or "")


def test_claim_of_the_wrong_dimension_is_not_bound(unclos_checker):
    result = unclos_checker.check_text("Japan's EEZ talks lasted 200 hours.", date=DATE)
    assert [f.rule for f in result.findings] == []


def test_unbound_claims_are_kept_as_unchecked(unclos_checker):
    result = unclos_checker.check_text("The missile flew 930 kilometers.", date=DATE)
    assert result.findings == []
    assert [c.value for c in result.unchecked] == [930]


def test_a_year_in_a_treatys_name_is_not_the_time_spoken_of(unclos_checker):
    text = ("Territorial waters, as defined by the 1982 United Nations Convention on the Law of "
            "the Sea, is a belt of coastal waters extending at most twelve nautical miles from "
            "the baseline.")
    assert [(f.rule, f.verdict) for f in unclos_checker.check_text(text).findings] == [
        ("unclos.territorial_sea.breadth", "consistent")]
    # a year the sentence speaks of still puts it before the convention
    text = "Until 1988 the territorial sea of the United States extended three nautical miles."
    assert unclos_checker.check_text(text).findings == []


def test_an_event_rule_needs_the_articles_date_in_its_window_or_the_events_year(checker):
    # the length of a 2017 trip says nothing of a 2023 story's "in about three years"
    text = ("During his first visit to China as a foreign minister in about three years, Foreign "
            "Minister Hayashi held talks with his counterpart.")
    result = checker.check_text(text, date="2023-04-02")
    assert [f for f in result.findings if f.claim.text.endswith("three years")] == []


def test_the_articles_date_alone_does_not_name_an_event(checker):
    # dated in the Vancouver meeting's window, but about Japan and China: "two countries" is no
    # count of the meeting's participants
    text = "Relations between the two countries are at a crucial stage, the ministers said."
    assert [f for f in checker.check_text(text, date="2018-01-28").findings
            if f.rule.startswith("diplomacy.vancouver")] == []
    assert [f.verdict for f in checker.check_text(
        "In Vancouver, the two countries' ministers met.", date="2018-01-16").findings
        if f.rule.startswith("diplomacy.vancouver")] == ["inconsistent"]


@pytest.mark.parametrize("sentence, value", [
    # a limit passed, not the breadth: "beyond 6" is more than 6
    ("Turkey warned that an attempt by Athens to expand its territorial sea beyond 6 nautical "
     "miles would be a cause for war.", 6),
    # whose territorial sea does not change the reading "beyond the territorial sea"
    ("The contiguous zone extends 12 nautical miles beyond a country's territorial sea.", 12),
])
def test_limits_and_readings_are_not_false_alarms(unclos_checker, sentence, value):
    result = unclos_checker.check_text(sentence, date="2018-10-01")
    claim = _claim(result, value)
    assert [f.verdict for f in result.findings if f.claim.span == claim.span] == ["consistent"]


def test_a_year_in_another_clause_does_not_scope_a_count(checker):
    result = checker.check_text(
        "In total, since the beginning of the year, North Korea has carried out three missile "
        "launches; last year, 37 launches were carried out.", date="2023-02-20")
    assert [f.rule for f in result.findings if f.claim.text == "three missile launches"] == []
