"""The project's pint registry and the mapping from newspaper unit words to pint units.

News units live in data/units.txt (pint's own definition syntax) so adding one is a data edit.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Optional

import pint

from .lexicon import lexicon


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    ureg = pint.UnitRegistry(on_redefinition="ignore")
    definitions = resources.files("checker").joinpath("data/units.txt").read_text(encoding="utf-8")
    for line in definitions.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            ureg.define(line)
    return ureg


def parse_unit(expression: str) -> pint.Unit:
    """A unit from a rule file or an alias ("nautical_mile", "km**2"); raises ValueError."""
    try:
        return registry().parse_units(expression)
    except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError, AttributeError,
            TypeError, ValueError, SyntaxError, AssertionError) as err:
        raise ValueError(f"unknown unit {expression!r}") from err


@lru_cache(maxsize=4096)
def unit_for_words(words: str) -> Optional[str]:
    """The pint unit a phrase of running text names ("nautical miles" -> "nautical_mile").

    Returns None for words that are not units or that newspapers mostly use as ordinary nouns.
    """
    lex = lexicon()
    aliases = lex["unit_aliases"]
    if words in aliases:
        return str(parse_unit(aliases[words]))
    lowered = words.lower()
    if lowered in aliases:
        return str(parse_unit(aliases[lowered]))
    if words in lex["not_units"] or lowered in lex["not_units"]:
        return None
    if not all(part.isalpha() for part in words.replace("-", " ").split()):
        return None
    candidate = "_".join(words.replace("-", " ").split())
    try:
        unit = parse_unit(candidate)
    except ValueError:
        return None
    if unit.dimensionless and str(unit) not in ("percent",):
        return None
    return str(unit)


def dimension(unit: str) -> str:
    """A readable dimension ("[length]") used to decide whether two units can be compared."""
    return str(parse_unit(unit).dimensionality)


def convert(value: float, unit: str, target: str) -> float:
    ureg = registry()
    return float(ureg.Quantity(value, parse_unit(unit)).to(parse_unit(target)).magnitude)


def compatible(unit: str, other: str) -> bool:
    return parse_unit(unit).dimensionality == parse_unit(other).dimensionality


def label(unit: Optional[str], value: float = 2) -> str:
    """How a unit is written in a message ("nautical miles", "kilometer")."""
    if unit is None:
        return ""
    name = unit.replace("_", " ")
    if name in ("percent",):
        return "%"
    if name == "seismic magnitude":
        return ""
    return name if value == 1 else _plural(name)


def _plural(name: str) -> str:
    if name.endswith(("s", "Celsius", "Fahrenheit")) or "/" in name or "*" in name:
        return name
    if name.endswith("y") and not name.endswith("ay"):
        return name[:-1] + "ies"
    if name == "foot":
        return "feet"
    return name + "s"
