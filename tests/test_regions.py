"""Where a launch's missiles fell ("landed inside Japan's exclusive economic zone"), checked
against each event's `inside` / `outside` record (kinds/events/regions.py)."""
from __future__ import annotations

import pytest

from checker.kinds.events.series import parse_series
from checker.rules.problems import RuleError

MSL = "dprk.missile_launches"


def _region_findings(checker, text, date):
    result = checker.check_text(text, date=date)
    return [(f.verdict, f.claim.text) for f in result.findings
            if f.rule == MSL and f.claim.kind == "region"]


@pytest.mark.parametrize("text, date, expected", [
    # 18 February 2023: the Hwasong-15 fell inside the zone (Japan's defence ministry)
    ("North Korea fired an ICBM on Saturday that landed inside Japan's exclusive economic zone.",
     "2023-02-19", [("consistent", "inside Japan's exclusive economic zone")]),
    ("North Korea fired an ICBM on Saturday that landed outside Japan's exclusive economic zone.",
     "2023-02-19", [("inconsistent", "outside Japan's exclusive economic zone")]),
    # a negation turns the side: 30 May 2024, outside
    ("North Korea fired ballistic missiles on Thursday; they did not enter Japan's EEZ.",
     "2024-05-30", [("consistent", "enter Japan's EEZ")]),
    ("North Korea fired ballistic missiles on Thursday; none of them fell in Japan's EEZ.",
     "2024-05-30", [("consistent", "in Japan's EEZ")]),
    ("North Korea fired ballistic missiles on Thursday that fell within Japan's EEZ.",
     "2024-05-30", [("inconsistent", "within Japan's EEZ")]),
    # a hedge ("appears to have") is verified where it fits, never called wrong
    ("North Korea fired an ICBM on Saturday that appears to have landed outside Japan's EEZ.",
     "2023-02-19", [("unverifiable", "outside Japan's EEZ")]),
    # 6 March 2017: three of four fell inside, so either side is right
    ("North Korea fired four missiles on Monday, one of which fell outside Japan's EEZ.",
     "2017-03-06", [("consistent", "outside Japan's EEZ")]),
    # speculation is no claim; nor is a sentence with no launch near
    ("North Korea fired an ICBM on Saturday that may have landed in Japan's EEZ.",
     "2023-02-19", []),
    ("Chinese survey ships entered Japan's exclusive economic zone on Saturday.", "2023-02-19", []),
])
def test_where_a_launch_fell(checker, text, date, expected):
    assert _region_findings(checker, text, date) == expected


def test_a_launch_the_text_does_not_date_is_unverifiable(checker):
    text = "North Korea fired a missile that landed inside Japan's exclusive economic zone."
    assert _region_findings(checker, text, None) == [
        ("unverifiable", "inside Japan's exclusive economic zone")]


def test_an_event_naming_an_undeclared_region_is_a_rule_error():
    raw = {"id": "x.launches", "subject": ["launch"],
           "events": {"regions": {"japan_eez": ["Japan's EEZ"]},
                      "list": [{"date": "2023-02-18", "inside": ["korea_eez"]}]}}
    with pytest.raises(RuleError, match="region 'korea_eez' is not declared"):
        parse_series(raw, "rules/x.yaml", 1, {})
