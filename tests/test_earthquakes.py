"""The earthquake list (rules/earthquakes.yaml): its dates agree with its times, and a figure
is judged against the shock the text names, by the agency it credits."""
from __future__ import annotations

import datetime as dt

import pytest

from checker import Checker, yamlsafe

from conftest import REPO

RULES = REPO / "rules" / "earthquakes.yaml"


def _events():
    data = yamlsafe.load(RULES.read_text(encoding="utf-8"))
    (series,) = [r for r in data["rules"] if r["id"] == "quakes.notable"]
    return series["events"]["list"]


def _clock(day: str, time: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time if time.count(':') == 2 else time + ':00'}")


@pytest.mark.parametrize("event", _events(), ids=lambda e: e["id"])
def test_each_event_is_dated_consistently(event):
    """The id starts with the local date; the UTC date is the day before or after; where both
    clock times are given, local time minus UTC is a real zone offset (-12 h to +14 h), which
    catches a missing or swapped `utc_date`."""
    local = dt.date.fromisoformat(event["date"])
    assert event["id"].startswith(local.strftime("%Y_%m_%d_"))
    utc = dt.date.fromisoformat(event.get("utc_date", event["date"]))
    assert abs((utc - local).days) <= 1 and ("utc_date" not in event or utc != local)
    if "time_local" in event and "time_utc" in event:
        offset = _clock(event["date"], event["time_local"]) - _clock(utc.isoformat(), event["time_utc"])
        assert dt.timedelta(hours=-12) <= offset <= dt.timedelta(hours=14), offset
    assert event["sources"] and all(s["url"].startswith("http") for s in event["sources"])


def _verdicts(checker: Checker, text: str, date: str) -> dict[str, str]:
    result = checker.check_text(text, date=date)
    return {f.rule: f.verdict for f in result.findings if f.rule.startswith("quakes.notable.")}


@pytest.mark.parametrize("text, rule", [
    ("The Elbistan earthquake measured 7.5.", "quakes.notable.2023_02_06_elbistan.magnitude"),
    ("The Pazarcık earthquake measured 7.8.", "quakes.notable.2023_02_06_pazarcik.magnitude"),
])
def test_shocks_of_the_same_day_are_told_apart_by_name(checker, text, rule):
    assert _verdicts(checker, text, "2023-02-07") == {rule: "consistent"}


@pytest.mark.parametrize("agency, verdict", [("AFAD", "consistent"), ("The USGS", "inconsistent")])
def test_a_credited_magnitude_is_judged_against_that_agency(checker, agency, verdict):
    """AFAD first put the Pazarcık shock at 7.4; the USGS never did (7.8)."""
    text = f"{agency} put the Pazarcık earthquake at magnitude 7.4."
    assert _verdicts(checker, text, "2023-02-08") == {
        "quakes.notable.2023_02_06_pazarcik.magnitude": verdict}


def test_a_figure_on_a_day_of_several_shocks_fits_one_or_is_unverifiable(checker):
    """The 7.8, the 7.5 nine hours later and the 6.7 aftershock fell on one day: a figure that
    names no shock is right if it fits one of them, and unverifiable (not wrong) otherwise."""
    assert _verdicts(checker, "The quake had a magnitude of 7.5.", "2023-02-07") == {
        "quakes.notable.2023_02_06_elbistan.magnitude": "consistent"}
    assert list(_verdicts(checker, "The quake had a magnitude of 4.2.", "2023-02-07").values()) == [
        "unverifiable"]


@pytest.mark.parametrize("text", ["The Pazarcık earthquake killed 3 people.",
                                  "Turkey's disaster agency said the Pazarcık earthquake killed 3 people."])
def test_a_death_toll_that_matches_no_count_is_unverifiable_not_wrong(checker, text):
    assert _verdicts(checker, text, "2024-02-06") == {
        "quakes.notable.2023_02_06_pazarcik.deaths": "unverifiable"}


def test_a_measured_quake_is_a_mention_and_its_day_is_checked(checker):
    # "7.7-magnitude" measures the quake; it does not narrow it to another thing
    text = "A 7.7-magnitude earthquake struck central Myanmar on {}, the US Geological Survey said."
    result = checker.check_text(text.format("Friday"), date="2025-03-28")
    dated = [f for f in result.findings if f.claim.kind == "date"]
    assert [(f.claim.text, f.verdict) for f in dated] == [("on Friday", "consistent")]
    assert "two earthquakes took place on 2025-03-28" in dated[0].message
    # the list of notable quakes is not complete: another day is not called wrong
    result = checker.check_text(text.format("Thursday"), date="2025-03-28")
    assert not [f for f in result.findings if f.claim.kind == "date"]


def test_events_of_one_day_come_out_in_the_same_order_whatever_the_hash_seed(tmp_path):
    """Two quakes of 6 February 2023: which one a finding names must not change between runs
    (a set's order follows Python's per-process hash seed)."""
    import os
    import subprocess
    import sys

    article = tmp_path / "quake.md"
    article.write_text("---\ndate: 2023-02-06\n---\nA magnitude 7.5 earthquake struck southern "
                       "Turkey on Monday, hours after the first quake, the USGS said.\n")
    outputs = set()
    for seed in ("1", "2", "3"):
        run = subprocess.run([sys.executable, "-m", "checker", "check", "--format", "json", str(article)],
                             capture_output=True, text=True, env=dict(os.environ, PYTHONHASHSEED=seed))
        assert run.returncode in (0, 1), run.stderr
        outputs.add(run.stdout)
    assert len(outputs) == 1


def test_a_quake_named_by_a_place_no_listed_quake_has_is_not_judged(checker):
    # the notable-quakes list is not complete: "the 2006 Mozambique earthquake" is not the
    # 2006 Hengchun quake it lists, so neither its year nor its magnitude is judged
    result = checker.check_text("It was the largest since the 2006 Mozambique earthquake, which measured 7.0.")
    assert [f for f in result.findings if f.rule.startswith("quakes.")] == []
    # a place the listed quake is named with picks it
    result = checker.check_text("Chile's earthquake measured 8.8 in 2010.")
    assert ("quakes.notable.2010_02_27_maule.magnitude", "consistent") in [
        (f.rule, f.verdict) for f in result.findings]


def test_magnitudes_listed_for_aftershocks_are_not_the_main_shocks(checker):
    text = ("A magnitude 6.3 earthquake struck western Afghanistan on Saturday, followed by five "
            "aftershocks with magnitudes of 5.5, 4.7, 6.3, 5.9, and 4.6, the USGS said.")
    found = [(f.claim.text, f.verdict) for f in checker.check_text(text, date="2023-10-07").findings
             if f.rule.endswith(".magnitude")]
    assert found == [("magnitude 6.3", "consistent")]


def test_a_tremor_among_aftershocks_is_not_the_main_shock(checker):
    text = ("The quake was followed by multiple aftershocks including a 4.3-magnitude tremor, the "
            "Korea Meteorological Administration said of the Pohang earthquake.")
    assert [f for f in checker.check_text(text, date="2017-11-16").findings
            if f.rule.endswith(".magnitude")] == []


def test_a_year_on_an_unnamed_quake_of_an_incomplete_list_says_nothing(checker):
    # some listed quake struck in 2014; that does not verify this one
    result = checker.check_text("The last earthquake in the country above magnitude 5 occurred in 2014.")
    assert [f for f in result.findings if f.claim.kind == "date"] == []


def test_a_yearless_day_in_an_undated_article_needs_the_quakes_place(checker):
    text = "The earthquake in {}on March 28 killed more than 1,000 people."
    dated = lambda where: [f.claim.text for f in checker.check_text(text.format(where)).findings  # noqa: E731
                           if f.claim.kind == "date"]
    assert dated("") == []  # March 28 of several years: which quake is not said
    assert dated("Myanmar ") == ["on March 28"]


@pytest.mark.parametrize("text", [
    "Update 06:25 UTC: The Pohang earthquake struck South Korea on Wednesday.",
    "Posted at 06:25 UTC | The Pohang earthquake struck South Korea on Wednesday.",
])
def test_the_time_a_page_was_updated_is_not_the_quakes(checker, text):
    result = checker.check_text(text, date="2017-11-15")
    assert [f for f in result.findings if "06:25" in f.claim.text] == []
    assert any(f.claim.text == "on Wednesday" and f.verdict == "consistent" for f in result.findings)


def test_the_latest_quake_of_a_list_of_notable_ones_may_be_an_unlisted_aftershock(checker):
    text = ("Six earthquakes struck western Afghanistan's Herat on Saturday, the largest of "
            "magnitude 6.3, the USGS said.\n\nThe latest earthquake, with a magnitude of 5.9, "
            "occurred in the Zinda Jan district of Herat.")
    result = checker.check_text(text, date="2023-10-08")
    assert [f.verdict for f in result.findings if f.claim.text == "a magnitude of 5.9"] in ([], ["unverifiable"])
    assert any(f.claim.text == "magnitude 6.3" and f.verdict == "consistent" for f in result.findings)


TINGRI = "A magnitude 7.1 earthquake struck Tingri in Tibet on Tuesday. "
LAQUILA = "A deadly earthquake struck L'Aquila on Monday. "


@pytest.mark.parametrize("text, date, main_shock", [
    (TINGRI + "Dozens of aftershocks followed, the strongest with a magnitude of 4.4.",
     "2025-01-07", ["magnitude 7.1"]),
    (TINGRI + "The area has felt several aftershocks, measuring approximately 4.4 magnitude.",
     "2025-01-07", ["magnitude 7.1"]),
    (TINGRI + "The quake was followed by a 4.4-magnitude quake at about 4:49 p.m.",
     "2025-01-07", ["magnitude 7.1"]),
    (LAQUILA + "The first tremor was followed by two others of magnitudes of 4.6 and 4.1.",
     "2009-04-06", []),
    (LAQUILA + "The quake came just hours after a 4.6-magnitude tremor shook the north.",
     "2009-04-06", []),
    (LAQUILA + "The quake came two days after a 4.6-magnitude tremor.", "2009-04-06", []),
])
def test_another_shocks_magnitude_is_not_held_against_the_main_shock(checker, text, date, main_shock):
    # aftershocks, a shock that followed the quake or came before it, "others": only the main
    # shock's own figure (where the text gives one) is judged, and it is right
    findings = [(f.claim.text, f.verdict) for f in checker.check_text(text, date=date).findings
                if f.rule.endswith(".magnitude")]
    assert findings == [(claim, "consistent") for claim in main_shock]


def test_a_shock_named_as_the_quake_without_another_beside_it_is_judged(checker):
    named = checker.check_text(LAQUILA + "The 4.6 quake came before dawn.", date="2009-04-06")
    assert [f.verdict for f in named.findings if f.rule.endswith(".magnitude")] == ["inconsistent"]


@pytest.mark.parametrize("sentence", [
    "The magnitude {} earthquake in Tingri was followed by dozens of aftershocks.",
    "The Tingri quake, which measured {}, was followed by more than 150 aftershocks.",
])
def test_the_main_shock_named_beside_its_aftershocks_is_still_judged(checker, sentence):
    def verdicts(magnitude):
        result = checker.check_text(sentence.format(magnitude), date="2025-01-07")
        return [f.verdict for f in result.findings
                if f.rule == "quakes.notable.2025_01_07_tingri.magnitude"]
    assert verdicts("7.1") == ["consistent"]
    assert verdicts("6.1") == ["inconsistent"]


def test_a_quake_of_a_day_with_several_listed_quakes_is_not_the_most_recent_by_default(checker):
    # 2025-10-10: two shocks off Davao Oriental and one in the Drake Passage; the text names no
    # place, so the figure is not held against whichever the list puts last
    text = "It was the second temblor after a magnitude 7.4 earthquake struck on Friday morning."
    findings = [(f.verdict, f.rule) for f in checker.check_text(text, date="2025-10-10").findings
                if f.rule.endswith(".magnitude")]
    assert findings and all(verdict != "inconsistent" for verdict, _ in findings)


def test_a_figure_that_fits_several_shocks_of_a_day_is_credited_to_the_nearest(checker):
    # 6 February 2023: the Pazarcık shock (7.8) and the Elbistan shock (7.5-7.7) both fit "7.8"
    # within the magnitude's tolerance; the finding names the one whose figure it is
    result = checker.check_text("A massive 7.8 magnitude earthquake hit Turkey and Syria on "
                                "Monday.", date="2023-02-06")
    assert [(f.rule, f.verdict) for f in result.findings if f.rule.endswith(".magnitude")] == [
        ("quakes.notable.2023_02_06_pazarcik.magnitude", "consistent")]


@pytest.mark.parametrize("text", [
    "The last time a 7.4-magnitude tremor shook Turkey, as many as 33,000 had died.",
    "It struck near Izmit on 17 August, 1999 at around 3 am. The 7.4-magnitude earthquake and "
    "its aftershocks left over 17,000 people dead.",
])
def test_a_past_quake_recalled_in_the_report_of_a_new_one_is_not_the_new_ones(checker, text):
    # 6 February 2023: the Pazarcık shock was 7.8 by USGS but 7.4 by AFAD's first figure, so
    # judging these figures against it would pass them, or call them wrong, for nothing
    result = checker.check_text(text, date="2023-02-06")
    assert [f for f in result.findings if "2023_02_06" in f.rule] == []
    today = checker.check_text("The 7.8-magnitude earthquake struck before dawn.", date="2023-02-06")
    assert [(f.rule, f.verdict) for f in today.findings if f.rule.endswith(".magnitude")] == [
        ("quakes.notable.2023_02_06_pazarcik.magnitude", "consistent")]




def test_figures_of_several_quakes_at_once_are_not_all_the_listed_ones(checker):
    # 14 April 2016: the Kumamoto foreshock (USGS 6.2) is listed, the aftershock after
    # midnight (USGS 6.0) is not; "Thursday's earthquakes" are both
    text = ("Thursday's earthquakes were rated 6.0 and 6.2 by the U.S. Geological Survey, which "
            "has stated the trembles were foreshocks to the larger quake.")
    found = {f.claim.text: f.verdict for f in checker.check_text(text, date="2016-04-16").findings
             if f.rule.endswith(".magnitude")}
    assert found == {"6.0": "unverifiable", "6.2": "consistent"}
    one = checker.check_text("Thursday's earthquake was rated 6.0 by the U.S. Geological Survey.",
                             date="2016-04-16")
    assert [f.verdict for f in one.findings if f.rule.endswith(".magnitude")] == ["inconsistent"]


def test_the_chance_of_a_quake_is_no_quake(checker):
    text = ("There is a 0.9 percent probability of a 7.0-magnitude quake on the Futagawa fault over "
            "the next 30 years, the task force said of the Kumamoto region.")
    assert [f for f in checker.check_text(text, date="2016-04-16").findings
            if f.rule.endswith(".magnitude")] == []
    real = checker.check_text("A 7.0-magnitude quake struck the Kumamoto region on Saturday.",
                              date="2016-04-16")
    assert [f.rule for f in real.findings if f.rule.endswith(".magnitude")] == [
        "quakes.notable.2016_04_16_kumamoto.magnitude"]


def test_one_figure_shared_by_several_quakes_is_not_a_listed_ones(checker):
    # February 2025 holds one listed quake (Caribbean, 7.6); "two 3.9-magnitude quakes" in
    # Italy that month are not it, and the list may not hold them
    text = "The same area was struck by two 3.9-magnitude quakes in early February."
    assert [f.verdict for f in checker.check_text(text, date="2025-03-13").findings
            if f.rule.endswith(".magnitude")] in ([], ["unverifiable"])
