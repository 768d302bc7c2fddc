"""Date phrases resolved against the article date: one row per phrase, (article date, text,
expected phrase, expected first day, expected last day)."""
from __future__ import annotations

import datetime as dt

import pytest

from checker.stages.dates import find_dates, resolve

D = dt.date.fromisoformat

TABLE = [
    # explicit dates
    ("2017-09-05", "Sept. 3, 2017", "Sept. 3, 2017", "2017-09-03", "2017-09-03"),
    ("2017-09-05", "3 September 2017", "3 September 2017", "2017-09-03", "2017-09-03"),
    ("2017-09-05", "It happened on Sept 3.", "on Sept 3", "2017-09-03", "2017-09-03"),
    ("2017-09-05", "September 3", "September 3", "2017-09-03", "2017-09-03"),
    ("2017-09-05", "on September 3rd", "on September 3rd", "2017-09-03", "2017-09-03"),
    ("2017-01-04", "on December 28", "on December 28", "2016-12-28", "2016-12-28"),
    ("2017-12-15", "2017-09-03", "2017-09-03", "2017-09-03", "2017-09-03"),
    ("2017-09-05", "Sunday, September 3, 2017", "Sunday, September 3, 2017", "2017-09-03", "2017-09-03"),
    # a timeline's line: the year before the colon is the date's
    ("2017-09-05", "April 13, 2012: Launches a rocket", "April 13, 2012", "2012-04-13", "2012-04-13"),
    ("2017-09-05", "Feb. 12, 2013: Conducts its third test", "Feb. 12, 2013", "2013-02-12", "2013-02-12"),
    # weekdays: the most recent on or before the article date, unless the phrase says otherwise
    ("2017-09-05", "On Sunday, it tested a bomb.", "On Sunday", "2017-09-03", "2017-09-03"),
    ("2017-09-03", "on Sunday", "on Sunday", "2017-09-03", "2017-09-03"),
    ("2017-09-05", "Sunday's test", "Sunday's", "2017-09-03", "2017-09-03"),
    ("2017-09-05", "next Sunday", "next Sunday", "2017-09-10", "2017-09-10"),
    ("2017-09-03", "last Sunday", "last Sunday", "2017-08-27", "2017-08-27"),
    ("2017-09-05", "They will meet on Sunday.", "on Sunday", "2017-09-10", "2017-09-10"),
    ("2017-11-29", "on Tuesday", "on Tuesday", "2017-11-28", "2017-11-28"),
    # a sentence that looks ahead puts a yearless day ahead, but never a year ahead
    ("2018-06-05", "They will meet on Jun 12.", "on Jun 12", "2018-06-12", "2018-06-12"),
    ("2018-06-05", "It said on Jun 4 that they will meet.", "on Jun 4", "2018-06-04", "2018-06-04"),
    # relative periods
    ("2017-09-05", "last year", "last year", "2016-01-01", "2016-12-31"),
    ("2017-09-05", "this year", "this year", "2017-01-01", "2017-12-31"),
    ("2017-09-05", "so far this year", "so far this year", "2017-01-01", "2017-09-05"),
    ("2017-09-05", "earlier this year", "earlier this year", "2017-01-01", "2017-09-05"),
    ("2017-09-05", "this month", "this month", "2017-09-01", "2017-09-30"),
    ("2017-09-05", "earlier this month", "earlier this month", "2017-09-01", "2017-09-05"),
    ("2017-09-05", "last month", "last month", "2017-08-01", "2017-08-31"),
    # "last week": the calendar week before, or the seven days before (copy means either)
    ("2017-09-05", "last week", "last week", "2017-08-28", "2017-09-04"),
    ("2017-09-03", "last week", "last week", "2017-08-21", "2017-09-02"),
    ("2017-09-05", "yesterday", "yesterday", "2017-09-04", "2017-09-04"),
    ("2017-12-15", "in late November", "in late November", "2017-11-21", "2017-11-30"),
    ("2017-09-05", "in late November", "in late November", "2016-11-21", "2016-11-30"),
    ("2017-09-05", "in mid-September", "in mid-September", "2017-09-11", "2017-09-20"),
    ("2017-09-05", "in November 2016", "in November 2016", "2016-11-01", "2016-11-30"),
    ("2017-09-05", "in May", "in May", "2017-05-01", "2017-05-31"),
    # years
    ("2017-09-05", "in 2016", "in 2016", "2016-01-01", "2016-12-31"),
    ("2017-09-05", "the first since September 2016", "since September 2016", "2016-09-01", "2016-09-30"),
    (None, "in 2016", "in 2016", "2016-01-01", "2016-12-31"),
]


@pytest.mark.parametrize("article, text, phrase, low, high", TABLE)
def test_resolution(article, text, phrase, low, high):
    ref = resolve(text, D(article) if article else None)
    assert ref is not None
    assert (ref.phrase, ref.low, ref.high) == (phrase, D(low), D(high))


@pytest.mark.parametrize("text", ["on Sunday", "last year", "this month", "in late November",
                                  "last week", "yesterday"])
def test_relative_phrases_need_the_article_date(text):
    ref = resolve(text, None)
    assert ref is not None and ref.needs_date and ref.relative


def test_a_yearless_date_keeps_month_and_day_without_an_article_date():
    ref = resolve("conducted on September 3", None)
    assert ref.needs_date and ref.month_day == (9, 3)
    assert ref.contains(D("2017-09-03")) and not ref.contains(D("2016-09-09"))


def test_what_was_assumed_is_said():
    ref = resolve("On Sunday", D("2017-09-05"))
    assert ref.assumed == "'On Sunday' = 2017-09-03 from the article date 2017-09-05"
    assert resolve("Sept. 3, 2017", D("2017-09-05")).assumed is None


def test_a_bare_weekday_naming_the_next_day_may_mean_it_where_the_day_is_ahead():
    # dated Thursday 8 September in New York: "Friday" is last Friday, or Friday in Seoul
    ref = resolve("conducted a test Friday", D("2016-09-08"))
    assert (ref.low, ref.or_day) == (D("2016-09-02"), D("2016-09-09"))
    assert ref.contains(D("2016-09-09")) and not ref.contains(D("2016-09-08"))
    assert "2016-09-09" in ref.assumed
    # other weekdays, and weekdays with "last", have one reading
    assert resolve("conducted a test Tuesday", D("2016-09-08")).or_day is None
    assert resolve("last Friday", D("2016-09-08")).or_day is None


@pytest.mark.parametrize("text", ["it may rain", "a magnitude of 6.3", "2,017 people",
                                  "Hwasong-15", "the 12th day"])
def test_not_dates(text):
    assert find_dates(text, D("2017-09-05")) == []


def test_several_phrases_in_order_without_overlap():
    refs = find_dates("On Sunday, 75 days after the launch on September 15 and in 2016.",
                      D("2017-11-29"))
    assert [r.phrase for r in refs] == ["On Sunday", "on September 15", "in 2016"]
