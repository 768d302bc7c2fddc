"""Dated event lists: ordinals, counts, dates and intervals, judged at the article's date.

Each row: (text, article date or None, the events rule, verdict of its first finding, the
claimed text, the diagnosis if any). `None` as verdict means the rule must not judge the text
(or, with a claimed text, that claim).
"""
from __future__ import annotations

import pytest

NUC = "dprk.nuclear_tests"
MSL = "dprk.missile_launches"
ICBM = "dprk.missile_launches.icbm_tests"

CASES = [
    # ordinals, right / wrong / off by one, dated by the sentence (the finding on `claimed`
    # is checked; other claims of the sentence may have findings of their own)
    ("On Sunday, North Korea conducted its sixth nuclear test.", "2017-09-05", NUC,
     "consistent", "sixth nuclear test", None),
    ("On Sunday, North Korea conducted its fifth nuclear test.", "2017-09-05", NUC,
     "inconsistent", "fifth nuclear test", "off-by-one"),
    ("Pyongyang's fifth nuclear test, conducted on September 3, drew condemnation.", "2017-09-04",
     NUC, "inconsistent", "fifth nuclear test", "off-by-one"),
    ("Pyongyang's fifth nuclear test, conducted on September 3, drew condemnation.", None,
     NUC, "inconsistent", "fifth nuclear test", "off-by-one"),
    ("Pyongyang's third nuclear test, conducted on September 3, drew condemnation.", "2017-09-04",
     NUC, "inconsistent", "third nuclear test", "wrong-ordinal"),
    ("North Korea's sixth nuclear test, on Sept. 3, 2017, was its largest.", None, NUC,
     "consistent", "sixth nuclear test", None),
    ("North Korea's sixth nuclear test took place on Sept. 9, 2016.", None, NUC,
     "inconsistent", "sixth nuclear test", "off-by-one"),
    # ordinals as of the article date
    ("Analysts studied North Korea's sixth nuclear test.", "2017-09-10", NUC, "consistent",
     "sixth nuclear test", None),
    ("Analysts studied North Korea's sixth nuclear test.", "2017-06-01", NUC, "inconsistent",
     "sixth nuclear test", "not-yet"),
    ("Analysts studied North Korea's seventh nuclear test.", "2018-03-01", NUC, "inconsistent",
     "seventh nuclear test", "no-such-event"),
    ("Officials fear North Korea could conduct a seventh nuclear test.", "2018-03-01", NUC,
     None, None, None),
    # scoped ordinals
    ("North Korea conducted its fifth nuclear test on September 9, its second this year.",
     "2016-09-10", NUC, "consistent", "fifth nuclear test", None),
    ("The North carried out its fourth nuclear test in January, its second this year.",
     "2016-01-07", NUC, "inconsistent", "second this year", "off-by-one"),
    ("The Punggye-ri blast was North Korea's first nuclear test since September 2016.",
     "2017-09-04", NUC, "consistent", "first nuclear test since September 2016", None),
    ("The Punggye-ri blast was North Korea's first nuclear test since January 2016.",
     "2017-09-04", NUC, "inconsistent", "first nuclear test since January 2016", "off-by-one"),
    # counts as of the article date
    ("The country's six nuclear tests all took place at Punggye-ri.", "2017-09-04", NUC,
     "consistent", "six nuclear tests", None),
    ("The country's six nuclear tests all took place at Punggye-ri.", "2017-08-30", NUC,
     "inconsistent", "six nuclear tests", "off-by-one"),
    ("The country's five nuclear tests all took place at Punggye-ri.", "2017-08-30", NUC,
     "consistent", "five nuclear tests", None),
    ("The country's six nuclear tests all took place at Punggye-ri.", None, NUC,
     "unverifiable", "six nuclear tests", None),
    ("North Korea conducted two nuclear tests in 2016.", None, NUC, "consistent",
     "two nuclear tests", None),
    ("North Korea conducted two nuclear tests last year.", "2017-02-01", NUC, "consistent",
     "two nuclear tests", None),
    ("North Korea conducted two nuclear tests last year.", "2016-02-01", NUC, "inconsistent",
     "two nuclear tests", None),
    ("North Korea conducted two nuclear tests last year.", None, NUC, "unverifiable",
     "two nuclear tests", None),
    # event dates, weekdays and local vs UTC
    ("North Korea detonated a bomb in an underground nuclear test on Sunday.", "2017-09-05", NUC,
     "consistent", "on Sunday", None),
    ("North Korea detonated a bomb in an underground nuclear test on Sunday.", "2017-09-12", NUC,
     "inconsistent", "on Sunday", "wrong-date"),
    ("North Korea detonated a bomb in an underground nuclear test on Sunday.", None, NUC,
     "unverifiable", "on Sunday", None),
    ("The Hwasong-15 launch on Wednesday alarmed Tokyo.", "2017-11-29", MSL, "consistent",
     "on Wednesday", None),
    ("The Hwasong-15 launch on Tuesday alarmed Washington.", "2017-11-29", MSL, "consistent",
     "on Tuesday", None),  # the UTC/US date
    ("The Hwasong-15 launch on Monday alarmed Washington.", "2017-11-29", MSL, "inconsistent",
     "on Monday", "wrong-date"),
    ("North Korea's third ICBM test, on Nov. 28, 2017, U.S. time, used a Hwasong-15.", None, ICBM,
     "consistent", "third ICBM test", None),
    # intervals: exact days, one basis at a time, off by one caught
    ("The Hwasong-15 launch came 75 days after the missile launch on September 15.", "2017-11-29", MSL,
     "consistent", "75 days", None),
    ("The Hwasong-15 launch came 74 days after the missile launch on September 15.", "2017-11-29", MSL,
     "inconsistent", "74 days", "off-by-one"),
    ("The Hwasong-15 launch came 76 days after the missile launch on September 15.", "2017-11-29", MSL,
     "inconsistent", "76 days", "off-by-one"),
    ("North Korea's launch came 75 days after the missile launch on Sept. 14, U.S. time.", "2017-11-28", MSL,
     "consistent", "75 days", None),
    ("North Korea's launch came 74 days after the missile launch on Sept. 14, U.S. time.", "2017-11-28", MSL,
     "inconsistent", "74 days", "off-by-one"),
    ("North Korea's launch came about 11 weeks after the missile launch on September 15.", "2017-11-29",
     MSL, "consistent", "11 weeks", None),
    ("The test came 359 days after North Korea's fifth nuclear test.", "2017-09-04", NUC,
     "consistent", "359 days", None),
    ("The test came 358 days after North Korea's fifth nuclear test.", "2017-09-04", NUC,
     "inconsistent", "358 days", "off-by-one"),
    ("The Hwasong-15 launch came 75 days after the missile launch on Friday.", None, MSL,
     "unverifiable", "75 days", None),
    # an aside between the ordinal and the noun; a gerund takes the time of its verb
    ("North Korea conducted its sixth (and most recent to date) nuclear test on 3 September 2017.",
     None, NUC, "consistent", "sixth (and most recent to date) nuclear test", None),
    ("North Korea has admitted carrying out a third nuclear test.", "2013-02-12", NUC,
     "consistent", "third nuclear test", None),
    ("North Korea has admitted carrying out a fourth nuclear test.", "2013-02-12", NUC,
     "inconsistent", "fourth nuclear test", None),
    ("North Korea is considering conducting a seventh nuclear test.", "2018-01-01", NUC,
     None, None, None),
    # a date right after another series' noun is that noun's, whatever the parse hangs it on
    ("The blast comes on the heels of an unsettling ballistic missile test last week.",
     "2017-09-03", NUC, None, None, None),
    # a dateline is when the story was filed; "through Thursday" bounds a period
    ("SEOUL, Nov. 19 (Jiji Press)--North Korea test-fired an ICBM on Friday, state media said.",
     "2022-11-19", MSL, "consistent", "on Friday", None),
    ("North Korea fired a ballistic missile during drills that run through Thursday.",
     "2017-08-29", MSL, None, None, None),
    # a count "by" a year is as of its start or its end, whatever the article's date
    ("By 2016, North Korea had already conducted three nuclear tests.", None, NUC, "consistent",
     "three nuclear tests", None),
    ("By 2016, North Korea had already conducted seven nuclear tests.", None, NUC, "inconsistent",
     "seven nuclear tests", "wrong-count"),
    # a count between two dates counts that span
    ("At least six tests were conducted at the nuclear test site between October 2006 and "
     "September 2017.", "2020-01-29", NUC, "consistent", "six tests", None),
    # a person's name alone in an undated article does not pin an event of years before
    ("Building on the President's June 29 trilateral meeting with Prime Minister Fumio Kishida, "
     "the ministers met in Bali.", None, "diplomacy.tillerson_asia_trip_2017_03", None, None, None),
    # a date past another mention of the series is that mention's
    ("This is North Korea's second nuclear test, conducted near the site of its first test in 2006.",
     "2009-05-25", NUC, "consistent", "second nuclear test", None),
    # a count scoped by a list of years counts those years only
    ("North Korea had conducted three underground nuclear tests in 2006, 2009 and 2013.",
     "2016-01-06", NUC, "consistent", "three underground nuclear tests", None),
    ("North Korea had conducted four underground nuclear tests in 2006, 2009 and 2013.",
     "2016-01-06", NUC, "inconsistent", "four underground nuclear tests", None),
    # an ordinal of a subtype the list does not mark, or narrowed by a modifier, is not judged
    ("North Korea said its first hydrogen bomb test had succeeded.", "2016-01-06", NUC,
     "unverifiable", "first hydrogen bomb test", None),
    ("North Korea carried out its second successful nuclear test in the northeast.",
     "2009-05-26", NUC, "unverifiable", "second successful nuclear test", None),
    ("It was North Korea's sixth and most powerful nuclear test.", "2017-09-04", NUC,
     "consistent", "sixth and most powerful nuclear test", None),
    # "first ... since YEAR" with none listed after that year: an event the list does not hold
    ("Seoul says the regime is able to stage its first nuclear test since 2017.", "2022-06-16",
     NUC, "unverifiable", "first nuclear test since 2017", None),
    ("Seoul concluded the regime is ready to conduct its first nuclear test since 2017.",
     "2022-06-16", NUC, None, None, None),
    # an article dated in a time zone behind the event's: the same moment, the next day there
    ("North Korea conducted a fifth nuclear test Friday, South Korean officials said.",
     "2016-09-08", NUC, "consistent", "fifth nuclear test", None),
    ("Analysts studied North Korea's sixth nuclear test.", "2016-09-08", NUC, "inconsistent",
     "sixth nuclear test", "not-yet"),
    # an interval to an event the anchor does not identify: one of the list's events fits
    ("The launch came a day after North Korea fired a short-range ballistic missile.",
     "2022-11-19", MSL, "consistent", "a day", None),
    ("The launch came three days after North Korea fired a short-range ballistic missile.",
     "2022-11-19", MSL, None, None, None),
    ("North Korea fired a missile over Japan on Friday, less than two weeks after its most "
     "powerful nuclear test.", "2017-09-15", NUC, "consistent", "two weeks", None),
    # "since" with no other event in the sentence counts to the time of writing; "after" with
    # none measures from something the list does not hold (sanctions, talks): not judged
    ("Today, 9 October 2025, marks 19 years since North Korea's first nuclear test.",
     "2025-10-09", NUC, "consistent", "19 years", None),
    ("Today marks 17 years since North Korea's first nuclear test.", "2025-10-09", NUC,
     "inconsistent", "17 years", None),
    ("It has been more than seven years since the sixth nuclear test.", "2025-10-09", NUC,
     "consistent", "seven years", None),
    ("By then it had been two years since the sixth nuclear test.", "2025-10-09", NUC,
     None, "two years", None),
    ("In 2016, it was ten years since the first nuclear test.", "2025-10-09", NUC,
     None, "ten years", None),
    ("It has been 100 days since the sixth nuclear test.", "2025-10-09", NUC, None, "100 days", None),
    ("The Security Council adopted new sanctions eight days after the sixth nuclear test.",
     "2017-12-01", NUC, None, "eight days", None),
    ("Talks resumed two years after the first nuclear test.", "2017-12-01", NUC,
     None, "two years", None),
    # past the day up to which a list is complete, an ordinal or scoped count cannot be wrong
    ("It was North Korea's fifth ICBM launch.", "2025-01-07", ICBM, "unverifiable",
     "fifth ICBM launch", None),
    ("North Korea fired its third ICBM launch this year on Wednesday.", "2023-07-12", ICBM,
     "unverifiable", "third ICBM launch this year", None),
    ("North Korea fired its third ICBM launch this year on Wednesday.", "2017-12-01", ICBM,
     "consistent", "third ICBM launch this year", None),
    # a scoped ordinal in an article written long after: the latest event is not the one meant
    ("North Korea's second nuclear test in 2016 drew sanctions.", "2025-01-07", NUC,
     "consistent", "second nuclear test in 2016", None),
    ("North Korea conducted its third nuclear test of 2016 in September.", "2025-01-07", NUC,
     "inconsistent", "third nuclear test of 2016", None),
    # the day an event was announced is its own or the day after: it confirms, never contradicts
    ("On 9 October 2006 North Korea announced that it had conducted a nuclear test, its first.",
     "2008-03-01", NUC, "consistent", "On 9 October 2006", None),
    ("On 13 February 2013, North Korea announced that it conducted a third nuclear test.",
     "2013-06-17", NUC, "consistent", "On 13 February 2013", None),
    ("On 20 March 2013, North Korea announced that it conducted a third nuclear test.",
     "2013-06-17", NUC, None, "On 20 March 2013", None),
    ("On 20 March 2013, North Korea announced that it conducted a third nuclear test.",
     "2013-06-17", NUC, "consistent", "third nuclear test", None),
    # a verb of the series with one of its entities as object dates a launch
    ("North Korea launched a new ballistic missile on July 4.", "2017-07-08", MSL,
     "consistent", "on July 4", None),
    ("North Korea launched a new ballistic missile on July 5.", "2017-07-08", MSL,
     "inconsistent", "on July 5", "wrong-date"),
    # a weekday written with another zone's time is that zone's day ("8:06 p.m. ET Friday" for
    # a launch at 9:06 Saturday in Seoul)
    ("North Korea fired a ballistic missile at 9:06 a.m. (8:06 p.m. ET Friday).", "2019-05-03",
     MSL, "consistent", "Friday", None),
    ("North Korea fired a ballistic missile at 9:06 a.m. (8:06 p.m. ET Tuesday).", "2019-05-03",
     MSL, "inconsistent", "Tuesday", "wrong-date"),
    # the day of a time of day is the day of the verb the time hangs from
    ("At 9:10 a.m. local time on July 4, North Korea launched a new ballistic missile.",
     "2017-07-08", MSL, "consistent", "on July 4", None),
    ("North Korea fired a ballistic missile on Monday.", "2017-03-07", MSL, "consistent",
     "on Monday", None),
    ("North Korea fired a ballistic missile on Tuesday.", "2017-03-07", MSL, "inconsistent",
     "on Tuesday", "wrong-date"),
    ("South Korea fired a ballistic missile on Tuesday in response.", "2017-03-07", MSL,
     None, None, None),
    ("North Korea fired a cruise missile on Tuesday.", "2017-03-07", MSL, None, None, None),
    ("North Korea did not fire a missile on Tuesday.", "2017-03-07", MSL, None, None, None),
    ("North Korea could fire a missile on Tuesday.", "2017-03-07", MSL, None, None, None),
    # a date on a reaction to the event dates the reaction
    ("Guterres condemned North Korea's latest nuclear test Monday before a council meeting.",
     "2017-09-04", NUC, None, None, None),
    ("The nuclear test was ordered by the leader on Saturday, state media said.",
     "2017-09-04", NUC, None, None, None),
    # not about the series
    ("North Korea said the rocket engine test on Sunday was a success.", "2017-03-19", NUC,
     None, None, None),
    ("The regime conducted the first tests of two intercontinental ballistic missiles.",
     "2017-12-15", NUC, None, None, None),
]


@pytest.mark.parametrize("text, date, rule, verdict, claimed, diagnosis", CASES)
def test_events(checker, text, date, rule, verdict, claimed, diagnosis):
    result = checker.check_text(text, date=date)
    own = [f for f in result.findings if f.rule == rule]
    if verdict is None:  # the rule does not judge the text, or (`claimed` given) that claim
        assert [f for f in own if claimed in (None, f.claim.text)] == [], [f.message for f in own]
        return
    assert own, [(f.rule, f.verdict, f.claim.text) for f in result.findings]
    first = next((f for f in own if f.claim.text == claimed), own[0])
    assert (first.verdict, first.claim.text) == (verdict, claimed), first.message
    if diagnosis is not None:
        assert first.diagnosis == diagnosis, first.message


def test_messages_say_what_was_assumed(checker):
    result = checker.check_text("On Sunday, North Korea conducted its fifth nuclear test.",
                                date="2017-09-05")
    finding = next(f for f in result.findings if f.rule == NUC)
    assert "'On Sunday' = 2017-09-03 from the article date 2017-09-05" in finding.message
    assert finding.suggestion == "sixth nuclear test"
    assert finding.claim.kind == "ordinal" and finding.claim.value == 6 - 1
    assert finding.expected["date"] == "2017-09-03"


def test_a_date_checked_with_an_ordinal_is_a_verified_claim_of_its_own(checker):
    result = checker.check_text("On 3 September 2017, North Korea conducted its sixth nuclear test.")
    own = {f.claim.text: f.verdict for f in result.findings if f.rule == NUC}
    assert own == {"On 3 September 2017": "consistent", "sixth nuclear test": "consistent"}
    # a mismatch is one finding, on the ordinal, not a second one on the date
    result = checker.check_text("On 3 September 2017, North Korea conducted its fifth nuclear test.")
    assert [(f.claim.text, f.verdict) for f in result.findings if f.rule == NUC] == [
        ("fifth nuclear test", "inconsistent")]


@pytest.mark.parametrize("text, verdict", [
    # both the time with no zone (Seoul's, the series' time_zone) and the GMT one
    ("North Korea's first nuclear test was conducted at 10:36 a.m. (1:36 a.m. GMT) on 9 October 2006.",
     "consistent"),
    ("The most recent nuclear test took place at 0054 hours GMT on 25 May 2009.", "consistent"),
    ("North Korea conducted its sixth nuclear test at 05:30 GMT on 3 September 2017.", "inconsistent"),
    ("North Korea conducted its sixth nuclear test at around 05:30 GMT on 3 September 2017.", None),
    ("North Korea conducted its sixth nuclear test on 3 September 2017 at 12:00 UTC+08:30.",
     "consistent"),
])
def test_a_time_of_day_said_of_an_event_is_checked_against_its_start(checker, text, verdict):
    times = [f for f in checker.check_text(text).findings
             if f.claim.kind == "date" and ":" in str(f.claim.value)]
    assert {f.verdict for f in times} == ({verdict} if verdict else set())
    if verdict == "inconsistent":
        assert times[0].severity == "warning" and "03:30 UTC" in times[0].message


def test_may_the_month_is_no_modal(checker):
    result = checker.check_text("North Korea conducted its second nuclear test on 25 May 2009.")
    assert {f.claim.text: f.verdict for f in result.findings if f.rule == NUC} == {
        "second nuclear test": "consistent", "on 25 May 2009": "consistent"}


def test_another_countrys_event_is_not_judged(checker):
    text = ("It had been eight years since the last known nuclear test, carried out by Pakistan "
            "on 30 May 1998, before North Korea's test.")
    assert [f for f in checker.check_text(text, date="2006-10-10").findings if f.rule == NUC
            and f.claim.text.endswith("1998")] == []


def test_interval_claim_replaces_the_unchecked_duration(checker):
    result = checker.check_text(
        "The Hwasong-15 launch came 75 days after the missile launch on September 15.",
        date="2017-11-29")
    assert any(f.rule == MSL and f.claim.text == "75 days" and f.claim.kind == "duration"
               for f in result.findings)
    assert "75 days" not in [c.text for c in result.unchecked]


def test_json_output_of_an_events_finding(checker):
    result = checker.check_text("The country's six nuclear tests all took place at Punggye-ri.",
                                date="2017-08-30")
    data = next(f for f in result.findings if f.rule == NUC).to_json()
    assert data["verdict"] == "inconsistent" and data["claimed"]["value"] == 6
    assert data["expected"]["value"] == 5 and data["suggestion"] == "five nuclear tests"


def test_an_event_the_day_after_the_article_date_leaves_the_last_one_before_possible(checker):
    # dated 19 February 2023: the launch of the 20th (a day ahead in Seoul) or of the 18th
    text = ("North Korea's long-range missile was fired at a high angle and flew 900 kilometers "
            "at a maximum altitude of 5,700 kilometers, Japan's defence ministry said.")
    result = checker.check_text(text, date="2023-02-19")
    judged = {f.claim.text: (f.rule, f.verdict) for f in result.findings}
    assert judged["900 kilometers"] == ("dprk.missile_launches.2023_02_18.distance", "consistent")
    assert judged["5,700 kilometers"] == ("dprk.missile_launches.2023_02_18.apogee", "consistent")


def test_a_duration_after_an_ordinal_and_in_is_a_gap_not_a_flight_time(checker):
    text = ("North Korea fired a ballistic missile over Japan on Friday, its second launch over "
            "Japan in just over two weeks.")
    assert [f for f in checker.check_text(text, date="2017-09-15").findings
            if f.rule.endswith(".flight_time")] == []


def test_since_a_month_says_after_it_not_in_it(checker):
    # the first ICBM "since November" is the February launch, not one of November's
    text = ("North Korea fired an ICBM on Saturday. The missile, the first ICBM-class weapon fired "
            "by the North since November, traveled roughly 900 km, hitting a peak altitude of "
            "5,700 km, Japan's defence ministry said.")
    judged = {f.claim.text: f.rule for f in checker.check_text(text, date="2023-02-18").findings}
    assert judged["900 km"] == "dprk.missile_launches.2023_02_18.distance"
    assert judged["5,700 km"] == "dprk.missile_launches.2023_02_18.apogee"


def test_the_headline_in_front_matter_is_context_for_the_whole_article(checker):
    body = "The missile flew 989 km for 4,015 seconds and reached a height of 5,768.5 km.\n"
    with_title = f'---\ndate: 2023-02-19\ntitle: "North Korea launches a Hwasong-15"\n---\n{body}'
    without = f"---\ndate: 2023-02-19\n---\n{body}"
    assert {f.claim.text: f.verdict for f in checker.check_text(with_title).findings} == {
        "989 km": "consistent", "4,015 seconds": "consistent", "5,768.5 km": "consistent"}
    assert checker.check_text(without).findings == []
