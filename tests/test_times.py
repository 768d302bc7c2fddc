"""Times of day read from copy, with their zones (stages/times.py)."""
from __future__ import annotations

import datetime as dt

import pytest

from checker.stages.times import find_times

DAY = dt.date(2017, 9, 3)


@pytest.mark.parametrize("text, phrase, minutes, zone, utc, approximate", [
    ("conducted at 10:36 a.m. (1:36 a.m. GMT) near Kilju", "10:36 a.m.", 636, None, None, False),
    ("took place at 0054 hours GMT on 25 May 2009", "0054 hours GMT", 54, "GMT", 54, False),
    ("the explosion at 03:30:02 (UTC), hundreds of stations", "03:30:02 (UTC)", 210, "UTC", 210, False),
    ("recorded at around 9:30 am on Friday", "9:30 am", 570, None, None, True),
    ("struck at 11 p.m. local time, catching many", "11 p.m. local time", 1380, "local", None, False),
    ("slightly after 11.10 pm local time", "11.10 pm local time", 1390, "local", None, True),
    ("at 14:46 JST on 11 March", "14:46 JST", 886, "JST", 346, False),
    ("around 12 noon North Korea time", "12 noon North Korea time", 720, "North Korea time", 210, True),
    ("on 6 January 2016 at 10:00:01 UTC+08:30.", "10:00:01 UTC+08:30", 600, "UTC+08:30", 90, False),
])
def test_times_and_their_zones(text, phrase, minutes, zone, utc, approximate):
    (found, *_) = find_times(text)
    assert (found.phrase, found.minutes, found.zone, found.approximate) == (phrase, minutes, zone, approximate)
    assert found.utc_minutes(DAY) == utc
    assert text[found.start:found.end] == phrase


def test_a_zone_that_changed_is_read_by_the_day():
    # Pyongyang kept UTC+8:30 from August 2015 to May 2018
    (noon,) = find_times("at noon Pyongyang time")
    assert noon.utc_minutes(dt.date(2017, 9, 3)) == 3 * 60 + 30
    assert noon.utc_minutes(dt.date(2013, 2, 12)) == 3 * 60
    assert noon.utc_minutes(None) is None


@pytest.mark.parametrize("text", ["a magnitude 7.6 quake", "the score was 3:1", "at 25:10 GMT",
                                  "13 p.m.", "it rose 4.25 percent"])
def test_not_times(text):
    assert find_times(text) == []


def test_us_eastern_time_follows_daylight_saving():
    (evening,) = find_times("(8:06 p.m. ET Friday)")
    assert evening.zone == "ET"
    assert evening.utc_minutes(dt.date(2019, 5, 3)) == 6    # EDT, UTC-4: 00:06 the next day
    assert evening.utc_minutes(dt.date(2019, 1, 4)) == 66   # EST, UTC-5
