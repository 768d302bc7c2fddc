"""The pint registry with news units, and newspaper unit words mapped to pint units."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from checker.stages import units


def _same(found, expected: str) -> bool:
    return found is not None and units.parse_unit(found) == units.parse_unit(expected)


@pytest.mark.parametrize(
    "words, expected",
    [
        ("kilometres", "kilometer"),
        ("kilometers", "kilometer"),
        ("kilometre", "kilometer"),
        ("km", "kilometer"),
        ("nautical miles", "nautical_mile"),
        ("nautical mile", "nautical_mile"),
        ("nmi", "nautical_mile"),
        ("miles", "mile"),
        ("mile", "mile"),
        ("metres", "meter"),
        ("meters", "meter"),
        ("%", "percent"),
        ("per cent", "percent"),
        ("percent", "percent"),
        ("hours", "hour"),
        ("minutes", "minute"),
        ("years", "year"),
        ("kilotons", "kiloton"),
        ("square kilometers", "km**2"),
        ("kilometers per hour", "km/hour"),
        ("dollars", "USD"),
    ],
)
def test_unit_words_map_to_pint_units(words, expected):
    assert _same(units.unit_for_words(words), expected), units.unit_for_words(words)


@pytest.mark.parametrize("words", ["points", "point", "lines", "stones", "a", "in", "at",
                                   "missiles", "people", "nations", "percentage"])
def test_ordinary_words_are_not_units(words):
    assert units.unit_for_words(words) is None


def test_nautical_mile_conversions():
    assert units.convert(200, "nautical_mile", "kilometer") == pytest.approx(370.4)
    assert units.convert(12, "nautical_mile", "kilometer") == pytest.approx(22.224)
    assert units.convert(1, "nautical_mile", "meter") == pytest.approx(1852)
    assert units.convert(370.4, "kilometer", "nautical_mile") == pytest.approx(200)
    assert units.convert(230, "mile", "nautical_mile") == pytest.approx(199.87, abs=0.01)


def test_kilotons_are_tnt_energy_not_mass():
    kiloton = units.unit_for_words("kilotons")
    assert units.compatible(kiloton, "joule")
    assert not units.compatible(kiloton, "kilogram")
    assert units.convert(1, kiloton, "joule") == pytest.approx(4.184e12)
    assert units.convert(1, "megaton", kiloton) == pytest.approx(1000)


def test_seismic_magnitude_is_its_own_dimension():
    assert not units.compatible("seismic_magnitude", "dimensionless")
    assert not units.compatible("seismic_magnitude", "percent")
    assert not units.compatible("seismic_magnitude", "joule")
    assert units.compatible("seismic_magnitude", "seismic_magnitude")
    assert units.dimension("seismic_magnitude") != units.dimension("dimensionless")


def test_currencies_do_not_convert_into_each_other():
    assert not units.compatible("USD", "EUR")
    assert not units.compatible("USD", "dimensionless")


def test_length_units_are_compatible_and_time_is_not():
    assert units.compatible("kilometer", "nautical_mile")
    assert units.compatible("mile", "meter")
    assert not units.compatible("kilometer", "hour")
    assert units.dimension("hour") == "[time]"
    assert units.dimension("nautical_mile") == "[length]"


def test_unknown_unit_expression_raises_value_error():
    with pytest.raises(ValueError):
        units.parse_unit("furlongs_of_doom")


@pytest.mark.parametrize(
    "unit, value, text",
    [("nautical_mile", 200, "nautical miles"), ("nautical_mile", 1, "nautical mile"),
     ("kilometer", 370.4, "kilometers"), ("percent", 2, "%")],
)
def test_labels_in_messages(unit, value, text):
    assert units.label(unit, value) == text


@pytest.mark.parametrize(
    "words, expected",
    [
        ("square meters", "m**2"),
        ("sq mi", "mile**2"),
        ("cubic kilometres", "km**3"),
        ("km squared", "km**2"),
        ("km2", "km**2"),
        ("km^3", "km**3"),
        ("m²", "m**2"),
        ("J/m^2", "joule/m**2"),
        ("l/km", "liter/km"),
        ("km/hr", "km/hour"),
        ("s-1", "1/second"),
        ("meters per millisecond", "meter/millisecond"),
        ("degrees Celsius", "degC"),
        ("deg F", "degF"),
        ("degrees f", "degF"),
        ("celcius", "degC"),
        ("MB", "megabyte"),
        ("bytes", "byte"),
        ("μg", "microgram"),
        ("microgrammes", "microgram"),
        ("British thermal units", "british_thermal_unit"),
        ("cents", "cent"),
        ("pence", "penny"),
        ("Swiss francs", "CHF"),
        ("Australian dollars", "AUD"),
        ("rupees", "INR"),
        ("bitcoins", "BTC"),
        ("barrels", "oil_barrel"),
    ],
)
def test_compound_symbol_and_currency_units(words, expected):
    assert _same(units.unit_for_words(words), expected), units.unit_for_words(words)


@pytest.mark.parametrize("words", [
    "units",     # not micro-nit: a prefix symbol glued to a unit name is no reading
    "sigma",     # a physical constant, not a unit
    "kmph2",     # nonsense symbol compound
    "degrees",   # angle or temperature: the scale is not said
    "m", "t", "L", "C",  # short symbols: only context makes them units
    "square dollars",  # only lengths square
])
def test_words_pint_would_misread_are_not_units(words):
    assert units.unit_for_words(words) is None


def test_cents_and_pence_do_not_silently_become_dollars():
    assert units.compatible("penny", "GBP")
    assert not units.compatible("cent", "USD")
    assert not units.compatible("CAD", "USD")


@pytest.fixture(scope="module")
def units_checker(nlp):
    from pathlib import Path

    from checker.pipeline import Checker
    return Checker(rule_paths=[Path(__file__).resolve().parent.parent / "rules" / "units.yaml"],
                   nlp=nlp)


@pytest.mark.parametrize(
    "text, restated, verdict",
    [
        # the parenthesis is the original, the first figure its conversion rounded (1,500 km is
        # 932 miles, written 930)
        ("The ferry sailed about 930 miles (1,500 km) in a week.", "1,500 km", "consistent"),
        ("The ferry sailed 1,500 km (930 miles) in a week.", "930 miles", "consistent"),
        # rounded to five (71 miles is 114.3 km, written 115; 115 km is 71.5 miles)
        ("The dam is 71 miles (115 km) upstream.", "115 km", "consistent"),
        # cut rather than rounded (450 km is 279.6 miles, written 279)
        ("The dam is 279 miles (450 kilometers) upstream.", "450 kilometers", "consistent"),
        # a round thousand is not a licence for any figure, in either direction
        ("The ferry sailed 2,000 km (1,160 miles) in a week.", "1,160 miles", "inconsistent"),
        ("The ferry sailed 1,160 miles (2,000 km) in a week.", "2,000 km", "inconsistent"),
        ("The ferry sailed 2,000 km (1,500 miles) in a week.", "1,500 miles", "inconsistent"),
        ("The dam is 256 miles (420 kilometers) upstream.", "420 kilometers", "inconsistent"),
        ("The cable runs 20 nautical miles (31 km) offshore.", "31 km", "inconsistent"),
        # wire copy rounds to a step of 5 or 10 within 5 % (2,802 km is 1,741.1 miles; 375
        # km is 233.0; 300 km is 186.4; 75 km is 46.6), but a figure further off is still wrong
        ("It reached a height of 2,802 kilometers (1,740 miles).", "1,740 miles", "consistent"),
        ("It landed 375 kilometers (230 miles) northeast of the capital.", "230 miles", "consistent"),
        ("Wellington lies 300 km (185 miles) to the northeast.", "185 miles", "consistent"),
        ("The epicentre was 75 km (45 miles) from the capital.", "45 miles", "consistent"),
        ("The epicentre was 75 km (35 miles) from the capital.", "35 miles", "inconsistent"),
        # a hedged figure is restated as loosely as it is given
        ("The epicentre was about 75 km (45 miles) from the capital.", "45 miles", "consistent"),
        ("The epicentre was about 75 km (41 miles) from the capital.", "41 miles", "inconsistent"),
        ("It could reach nearly 4,700 miles (7,687 km).", "7,687 km", "inconsistent"),
        ("The island is 40 km (20 miles) offshore.", "20 miles", "inconsistent"),
        # a whole number in words is as precise as in digits (9 km is 5.6 miles)
        ("The quake struck at a depth of nine kilometers (six miles).", "six miles", "consistent"),
        ("The quake struck at a depth of nine kilometers (seven miles).", "seven miles", "inconsistent"),
    ],
)
def test_restatements_rounded_or_cut_in_either_direction(units_checker, text, restated, verdict):
    found = [f for f in units_checker.check_text(text).findings if f.claim.text == restated]
    assert [f.verdict for f in found] == [verdict], text


def test_a_pint_cache_that_cannot_be_read_is_bypassed(tmp_path):
    """pint's on-disk cache keeps absolute paths; one written by a venv since deleted made every
    unit unknown. The registry is then built without the cache, with the news units. In a
    process of its own: the registry is built once per process and shared by everything."""
    script = """
import pint
from checker.stages import units
real = pint.UnitRegistry
def stale_cache(*args, **kwargs):
    if kwargs.get("cache_folder") is not None:
        raise FileNotFoundError("/gone/venv/lib/python3.11/site-packages/pint/default_en.txt")
    return real(*args, **kwargs)
units.pint.UnitRegistry = stale_cache
print(units.parse_unit("nautical_mile"), units.registry().Quantity(12, "nautical_mile").to("km"))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={**os.environ, "CHECKER_CACHE_DIR": str(tmp_path)}, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["nautical_mile", "22.224", "kilometer"]
