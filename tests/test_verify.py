"""Verdicts, messages and suggestions, from hand-made rules and claims (no parsing involved)."""
from __future__ import annotations

import json
import re

import pytest

from checker.kinds.figures.bind import Binding
from checker.model import Claim, Interval, Source, Span
from checker.kinds.figures.spec import Expected, FigureSpec
from checker.rules.load import Rule
from checker.kinds.figures.verify import verify

INF = float("inf")
SOURCE = Source(url="https://example.org/unclos", title="UNCLOS")


def make_rule(values, unit="nautical_mile", kind="measure", tolerance=0.0, relative=0.01,
              severity="error", message="the EEZ extends at most 200 nautical miles (UNCLOS art. 57)",
              attributions=None, rule_id="test.eez"):
    expected = []
    for item in values:
        if isinstance(item, Expected):
            expected.append(item)
        else:
            expected.append(Expected(low=float(item), high=float(item), value=item))
    spec = FigureSpec(values=tuple(expected), unit=unit, tolerance=tolerance,
                      relative_tolerance=relative, attributions=attributions or {})
    return Rule(id=rule_id, title="Breadth of the exclusive economic zone", kind=kind,
                subject=("exclusive economic zone",), severity=severity,
                message=message, sources=(SOURCE,), examples=(), spec=spec)


def make_claim(text, value, unit, interval=None, qualifier=None, kind="measure", counted=None,
               sentence=None):
    sentence = sentence or f"The zone extends {text} from the coast."
    start = sentence.index(text)
    return Claim(kind=kind, text=text, span=Span(start, start + len(text), 1, start + 1),
                 value=value, unit=unit, interval=interval or Interval(value, value),
                 sentence=(0, len(sentence)), qualifier=qualifier, counted=counted,
                 sentence_text=sentence)


def judge(rule, claim, **binding):
    return verify(Binding(rule=rule, claim=claim, **binding))


# ---------------------------------------------------------------- measures and tolerance

@pytest.mark.parametrize(
    "text, value, unit, verdict",
    [
        ("200 nautical miles", 200, "nautical_mile", "consistent"),
        ("201 nautical miles", 201, "nautical_mile", "consistent"),   # within 1 %
        ("198.5 nautical miles", 198.5, "nautical_mile", "consistent"),
        ("205 nautical miles", 205, "nautical_mile", "inconsistent"),  # 2.5 % off
        ("150 nautical miles", 150, "nautical_mile", "inconsistent"),
        ("370.4 kilometers", 370.4, "kilometer", "consistent"),
        ("370 kilometers", 370, "kilometer", "consistent"),
        ("230 miles", 230, "mile", "consistent"),                     # 199.9 nmi
        ("200 miles", 200, "mile", "inconsistent"),                   # 173.8 nmi
        ("200 kilometers", 200, "kilometer", "inconsistent"),         # 108 nmi
        ("370,400 meters", 370400, "meter", "consistent"),
    ],
)
def test_measure_verdicts_with_tolerance_and_conversion(text, value, unit, verdict):
    finding = judge(make_rule([200]), make_claim(text, value, unit))
    assert finding.verdict == verdict
    assert finding.rule == "test.eez"
    assert [s.url for s in finding.sources] == [SOURCE.url]


def test_absolute_tolerance_in_rule_unit():
    rule = make_rule([1852], unit="meter", tolerance=5, relative=0.0)
    assert judge(rule, make_claim("1,856 meters", 1856, "meter")).verdict == "consistent"
    assert judge(rule, make_claim("1,860 meters", 1860, "meter")).verdict == "inconsistent"
    assert judge(rule, make_claim("1.852 km", 1.852, "kilometer")).verdict == "consistent"


def test_unit_mix_up_is_diagnosed_and_the_suggestion_gives_both_units():
    finding = judge(make_rule([200]), make_claim("200 kilometers", 200, "kilometer"))
    assert finding.verdict == "inconsistent"
    assert finding.severity == "error"
    assert finding.diagnosis == "unit-mix-up"
    suggestion = finding.suggestion or ""
    assert "200 nautical miles" in suggestion
    assert "370.4" in suggestion
    assert "kilomet" in suggestion
    # the message names the claim, the reference in its own unit, and the mix-up
    assert "200 kilometers" in finding.message
    assert "nautical mile" in finding.message
    assert "mix-up" in finding.message


def test_plain_wrong_figure_is_not_called_a_unit_mix_up():
    finding = judge(make_rule([200]), make_claim("150 kilometers", 150, "kilometer"))
    assert finding.verdict == "inconsistent"
    assert finding.diagnosis != "unit-mix-up"
    assert "200 nautical miles" in (finding.suggestion or "")


def test_wrong_figure_in_rule_unit_suggests_the_reference():
    finding = judge(make_rule([200]), make_claim("250 nautical miles", 250, "nautical_mile"))
    assert finding.verdict == "inconsistent"
    assert finding.diagnosis is None
    assert "200 nautical miles" in (finding.suggestion or "")
    assert "250" not in (finding.suggestion or "")


def test_expected_and_claimed_in_json_keep_their_own_units():
    finding = judge(make_rule([200]), make_claim("200 kilometers", 200, "kilometer"))
    data = finding.to_json()
    assert data["claimed"] == {"value": 200, "unit": "kilometer"}
    assert data["expected"]["value"] == 200
    assert data["expected"]["unit"] == "nautical_mile"
    assert data["sources"] == [SOURCE.url]


# ---------------------------------------------------------------- hedges as intervals

@pytest.mark.parametrize(
    "text, value, unit, interval, qualifier, verdict",
    [
        # "about 370 km" = 351.5..388.5 km, which contains 370.4 km
        ("about 370 kilometers", 370, "kilometer", Interval(351.5, 388.5), "about", "consistent"),
        # "about 300 km" = 285..315 km: nowhere near 370.4 km
        ("about 300 kilometers", 300, "kilometer", Interval(285, 315), "about", "inconsistent"),
        ("more than 150 nautical miles", 150, "nautical_mile", Interval(150, INF, low_open=True),
         "more than", "consistent"),
        ("more than 250 nautical miles", 250, "nautical_mile", Interval(250, INF, low_open=True),
         "more than", "inconsistent"),
        ("up to 200 nautical miles", 200, "nautical_mile", Interval(0, 200), "up to", "consistent"),
        ("less than 100 nautical miles", 100, "nautical_mile", Interval(0, 100, high_open=True),
         "less than", "inconsistent"),
    ],
)
def test_hedged_claims_are_judged_as_intervals(text, value, unit, interval, qualifier, verdict):
    claim = make_claim(text, value, unit, interval=interval, qualifier=qualifier)
    assert judge(make_rule([200]), claim).verdict == verdict


def test_hedged_miss_says_the_hedge_was_taken_into_account():
    claim = make_claim("about 300 kilometers", 300, "kilometer", interval=Interval(285, 315),
                       qualifier="about")
    finding = judge(make_rule([200]), claim)
    assert finding.verdict == "inconsistent"
    assert "about" in finding.message


# ---------------------------------------------------------------- ranges and several values

def test_claim_matching_any_of_several_reference_values_is_consistent():
    rule = make_rule([200, 350, 100, 60], severity="warning")
    assert judge(rule, make_claim("350 nautical miles", 350, "nautical_mile")).verdict == "consistent"
    wrong = judge(rule, make_claim("500 nautical miles", 500, "nautical_mile"))
    assert wrong.verdict == "inconsistent"
    assert wrong.severity == "warning"


def test_reference_range():
    rule = make_rule([Expected(low=4.0, high=6.0)], unit="hour", relative=0.0)
    assert judge(rule, make_claim("5 hours", 5, "hour")).verdict == "consistent"
    assert judge(rule, make_claim("7 hours", 7, "hour")).verdict == "inconsistent"


@pytest.mark.parametrize("bound, written", [
    (Expected(low=1000.0, high=INF), {"at_least": 1000.0}),
    (Expected(low=-INF, high=24.0), {"at_most": 24.0}),
    (Expected(low=4.0, high=6.0), {"range": [4.0, 6.0]}),
])
def test_an_open_reference_bound_is_written_as_the_rule_states_it_in_strict_json(bound, written):
    rule = make_rule([bound], unit="kilometer", relative=0.0)
    expected = judge(rule, make_claim("5 kilometers", 5, "kilometer")).to_json()["expected"]
    assert {key: expected[key] for key in written} == written
    assert not {"at_least", "at_most", "range"} - set(written) & set(expected)
    json.dumps(expected, allow_nan=False)  # an infinite end would make this raise


# ---------------------------------------------------------------- counts

def _salvo_rule():
    return make_rule(
        [Expected(low=4, high=4, value=4, counts=("missile",)),
         Expected(low=1, high=1, value=1, counts=("launch",))],
        unit=None, kind="count", relative=0.0, rule_id="test.salvo",
        message="North Korea launched four missiles in one launch on 6 March 2017")


def _count(text, value, counted):
    sentence = f"North Korea fired {text} on Monday."
    return make_claim(text, value, None, kind="count", counted=counted, sentence=sentence)


def test_count_of_the_right_thing():
    assert judge(_salvo_rule(), _count("four missiles", 4, "missile")).verdict == "consistent"
    wrong = judge(_salvo_rule(), _count("five missiles", 5, "missile"))
    assert wrong.verdict == "inconsistent"
    assert "4" in (wrong.suggestion or "") and "missiles" in (wrong.suggestion or "")


def test_count_of_another_counting_unit_gets_a_caveat():
    """Four missiles in one launch: "four launches" has the right number of the wrong thing."""
    finding = judge(_salvo_rule(), _count("four launches", 4, "launch"))
    assert finding.diagnosis == "counting-unit"
    assert "missile" in finding.message
    assert "launch" in finding.message


# ---------------------------------------------------------------- attributed figures

def _quake_rule():
    return make_rule(
        [Expected(low=6.3, high=6.3, value=6.3, by="USGS"),
         Expected(low=6.1, high=6.1, value=6.1, by="CTBTO"),
         Expected(low=5.7, high=5.7, value=5.7, by="KMA")],
        unit="seismic_magnitude", kind="magnitude", relative=0.0, tolerance=0.05,
        rule_id="test.quake", message="the sixth test registered magnitude 6.3 (USGS)",
        attributions={"USGS": ("USGS", "U.S. Geological Survey"),
                      "CTBTO": ("CTBTO",),
                      "KMA": ("KMA", "Korea Meteorological Administration")})


def _magnitude(value, sentence):
    text = f"magnitude {value}"
    return make_claim(text, value, "seismic_magnitude", kind="magnitude",
                      interval=Interval(value - 0.05, value + 0.05), sentence=sentence)


def test_attributed_figure_checked_against_that_agency():
    sentence = "The Korea Meteorological Administration put the tremor at magnitude 5.7."
    finding = judge(_quake_rule(), _magnitude(5.7, sentence))
    assert finding.verdict == "consistent"
    assert "KMA" in finding.matched


def test_attributed_figure_that_is_another_agencys_is_inconsistent():
    sentence = "The KMA put the tremor at magnitude 6.3."
    finding = judge(_quake_rule(), _magnitude(6.3, sentence))
    assert finding.verdict == "inconsistent"
    assert "KMA" in finding.message
    assert "5.7" in finding.message


def test_unattributed_figure_matching_any_agency_is_consistent():
    finding = judge(_quake_rule(), _magnitude(6.1, "The tremor measured magnitude 6.1."))
    assert finding.verdict == "consistent"
    assert finding.matched == ("CTBTO",)
    wrong = judge(_quake_rule(), _magnitude(4.9, "The tremor measured magnitude 4.9."))
    assert wrong.verdict == "inconsistent"


@pytest.mark.parametrize(
    "value, sentence",
    [
        # the agency named in a source phrase at the figure wins over those named before it
        (6.3, "Estimates ran from 6.1, as the KMA and the CTBTO first said, to magnitude 6.3 "
              "by the U.S. Geological Survey."),
        (6.3, "The KMA and the CTBTO had lower readings than magnitude 6.3 according to the USGS."),
        (6.1, "The KMA said the tremor was weaker than the CTBTO's estimate of magnitude 6.1."),
        (5.7, "The USGS revised its figure, while magnitude 5.7, as published by the KMA, stood."),
    ],
)
def test_agency_named_right_at_the_figure_is_its_source(value, sentence):
    finding = judge(_quake_rule(), _magnitude(value, sentence))
    assert finding.verdict == "consistent", finding.message


def test_agency_named_right_at_the_figure_still_catches_a_wrong_figure():
    sentence = "The USGS put it at 6.3, and the figure was magnitude 5.7 by the CTBTO."
    finding = judge(_quake_rule(), _magnitude(5.7, sentence))
    assert finding.verdict == "inconsistent"
    assert "CTBTO" in finding.message


def test_no_source_phrase_no_credit_from_the_agency_after_the_figure():
    # "followed by" names who came next, not whose figure it is
    sentence = "The USGS put the tremor at magnitude 6.3, followed by the CTBTO at 6.1."
    assert judge(_quake_rule(), _magnitude(6.3, sentence)).verdict == "consistent"


def test_credit_by_nearness_among_several_agencies_is_not_sure():
    # both are named before the figure and neither governs it: the nearest (CTBTO, 6.1) is only
    # a guess, and the figure is the USGS's
    sentence = "The USGS and the CTBTO reported the tremor at magnitude 6.3."
    finding = judge(_quake_rule(), _magnitude(6.3, sentence))
    assert finding.verdict == "unverifiable"
    assert finding.matched == ("USGS",)
    assert "CTBTO" in finding.message
    # a figure that is nobody's is still wrong, and one agency alone is a sure credit
    assert judge(_quake_rule(), _magnitude(4.9, sentence.replace("6.3", "4.9"))).verdict \
        == "inconsistent"
    alone = "The CTBTO reported the tremor at magnitude 6.3."
    assert judge(_quake_rule(), _magnitude(6.3, alone)).verdict == "inconsistent"


def _yearly_count_rule():
    return make_rule(
        [Expected(low=40, high=48, counts=("missile",), note="two ministries' counts"),
         Expected(low=75, high=75, value=75, counts=("missile",), note="a think tank, all types"),
         Expected(low=20, high=20, value=20, counts=("launch",))],
        unit=None, kind="count", relative=0.0, rule_id="test.yearly",
        message="the country fired 40-48 missiles on 20 occasions (75 of all types by one count)")


def _counted_claim(value, sentence, counted="missile"):
    text = f"{value} {counted}s"
    return make_claim(text, value, None, kind="count", counted=counted, sentence=sentence)


def test_figure_between_sources_that_disagree_is_unverifiable():
    finding = judge(_yearly_count_rule(), _counted_claim(61, "By outside estimates, it fired 61 missiles."))
    assert finding.verdict == "unverifiable"
    assert "sources differ: 40 to 75; 61 matches none of them" in finding.message
    for outside in (30, 90):
        sentence = f"By outside estimates, it fired {outside} missiles."
        assert judge(_yearly_count_rule(), _counted_claim(outside, sentence)).verdict == "inconsistent"
    # one count of launches: nothing disagrees
    launches = _counted_claim(25, "By outside estimates, it made 25 launchs.", counted="launch")
    assert judge(_yearly_count_rule(), launches).verdict == "inconsistent"


def test_figure_between_agencies_is_unverifiable_unless_credited_to_one():
    finding = judge(_quake_rule(), _magnitude(5.9, "The tremor measured magnitude 5.9."))
    assert finding.verdict == "unverifiable"
    assert "5.7 to 6.3" in finding.message
    credited = judge(_quake_rule(), _magnitude(5.9, "The KMA put the tremor at magnitude 5.9."))
    assert credited.verdict == "inconsistent"


def test_values_of_different_things_are_no_disagreement():
    rule = make_rule([Expected(low=19, high=19, value=19), Expected(low=103, high=103, value=103)],
                     unit=None, kind="count", relative=0.0, rule_id="test.list",
                     message="19 firms were added, bringing the list to 103")
    claim = _counted_claim(40, "The ministry added 40 firms to the list.", counted="firm")
    assert judge(rule, claim).verdict == "inconsistent"


def test_agency_alias_must_be_a_whole_word():
    # "KMAX" is not the KMA; nothing credits an agency, so any agency's figure matches
    finding = judge(_quake_rule(), _magnitude(6.3, "Station KMAX recorded magnitude 6.3."))
    assert finding.verdict == "consistent"
    assert finding.matched == ("USGS",)


# ---------------------------------------------------------------- unverifiable

def test_binding_that_needs_a_date_is_unverifiable_with_the_reason():
    reason = "the sentence says 'last year' and the article has no date"
    finding = judge(make_rule([200]), make_claim("200 nautical miles", 200, "nautical_mile"),
                    unverifiable=reason)
    assert finding.verdict == "unverifiable"
    assert reason in finding.message
    assert finding.suggestion is None


def test_assumption_is_stated_in_the_message():
    finding = judge(make_rule([200]), make_claim("200 nautical miles", 200, "nautical_mile"),
                    assumed="'last year' read as 2016")
    assert finding.verdict == "consistent"
    assert "'last year' read as 2016" in finding.message


# ---------------------------------------------------------------- end to end with the bundled rules

@pytest.mark.parametrize(
    "sentence, verdict",
    [
        ("Japan's EEZ reaches some 370 kilometres from its shores.", "consistent"),
        ("Japan's EEZ extends about 370 km from its shores.", "consistent"),
        ("The exclusive economic zone extends 230 miles from the baselines.", "consistent"),
        ("An exclusive economic zone stretches 200 nautical miles from a country's coast.",
         "consistent"),
        ("Japan's exclusive economic zone extends 200 kilometers from its coast.", "inconsistent"),
    ],
)
def test_eez_sentences_with_the_bundled_rules(checker, sentence, verdict):
    result = checker.check_text(sentence, date="2017-03-19")
    eez = [f for f in result.findings if f.rule == "unclos.eez.breadth"]
    assert [f.verdict for f in eez] == [verdict]


def test_bundled_eez_mix_up_message_and_suggestion(checker):
    result = checker.check_text(
        "Japan's exclusive economic zone extends 200 kilometers from its coast.", date="2017-03-19")
    (finding,) = [f for f in result.findings if f.rule == "unclos.eez.breadth"]
    assert finding.diagnosis == "unit-mix-up"
    assert re.search(r"200 nautical miles", finding.suggestion or "")
    assert re.search(r"370\.4 kilomet", finding.suggestion or "")
    assert all(s.url.startswith(("http://", "https://")) for s in finding.sources)


@pytest.mark.parametrize("value, verdict", [
    (900, "consistent"),      # "over 700 km": 900 is past the bound, as it says
    (1400, "consistent"),
    (4500, "unverifiable"),   # far past it: so would another launch's figure be
    (500, "inconsistent"),    # short of it
])
def test_a_reference_that_is_only_a_bound_verifies_figures_near_it(value, verdict):
    rule = make_rule([Expected(low=700.0, high=INF)], unit="kilometer", relative=0.0)
    text = f"{value:,} km"
    claim = make_claim(text, value, "kilometer", sentence=f"The missile flew {text}.")
    assert judge(rule, claim).verdict == verdict
