"""The project's pint registry and the mapping from newspaper unit words to pint units.

News units live in data/units.txt (pint's own definition syntax) so adding one is a data edit.
"""
from __future__ import annotations

import hashlib
import re
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Optional, cast

if "pint" not in sys.modules and "dask" not in sys.modules:
    # pint imports Dask at its own import when Dask is installed (the `archive` extra), for
    # quantities wrapping Dask arrays, which the checker never makes: 40 ms of every start-up.
    # Dask is hidden while pint is imported, as if it were not installed (`import dask` then
    # finds nothing, which pint reads as no Dask), and visible again right after.
    sys.modules["dask"] = None  # type: ignore[assignment]
    try:
        import pint
    finally:
        del sys.modules["dask"]
import pint  # noqa: E402

from checker.lexicon import lexicon  # noqa: E402


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry[float]:
    """pint's registry with the news units of data/units.txt. pint keeps its parsed definition
    files (its own and ours) in a folder of the compile cache: 0.1 s off every start-up.

    pint's cache records the absolute paths of the files it parsed and finds its entries by
    their contents, so a cache written by another installation (a venv since deleted) would
    send it to files that are gone: the folder is named after this installation of pint, and
    a cache pint cannot read is bypassed rather than fatal."""
    from checker.rules import cache

    installation = hashlib.sha256(str(Path(pint.__file__).resolve().parent).encode())
    folder = cache.subfolder(f"pint-{pint.__version__}-{installation.hexdigest()[:16]}")
    try:
        ureg: pint.UnitRegistry[float] = pint.UnitRegistry(
            on_redefinition="ignore", cache_folder=folder)
    except Exception:  # noqa: BLE001 (pint and flexcache fail on a bad cache in many ways)
        if folder is None:
            raise
        ureg = pint.UnitRegistry(on_redefinition="ignore")
    with resources.as_file(resources.files("checker").joinpath("data/units.txt")) as path:
        ureg.load_definitions(path)
    return ureg


# A unit expression is short and its powers small. pint evaluates what it parses, so
# "meter**(10**10**9)" would compute a billion-digit integer: exponents must be plain literals.
MAX_UNIT_CHARS = 100
MAX_POWER = 6
_POWER_SIGN = re.compile(r"\*\*|\^")
_POWER = re.compile(r"(?:\*\*|\^)\s*(?:\(\s*[-+]?\d(?:\.\d+)?\s*\)|[-+]?\d(?:\.\d+)?)"
                    r"(?!\s*(?:\*\*|\^|\d|\.))")


@lru_cache(maxsize=4096)
def parse_unit(expression: str) -> pint.Unit:
    """A unit from a rule file or an alias ("nautical_mile", "km**2"); raises ValueError.
    Cached: the extractor asks for the same few units many times per sentence. Rule files are
    untrusted: the expression is bounded before pint evaluates it."""
    if len(expression) > MAX_UNIT_CHARS:
        raise ValueError(f"unit expression of {len(expression)} characters "
                         f"(at most {MAX_UNIT_CHARS})")
    if len(_POWER.findall(expression)) != len(_POWER_SIGN.findall(expression)):
        raise ValueError(f"unit {expression!r}: a power must be a single digit (km**2)")
    units = registry()  # outside the try: a registry that fails to build is not an unknown unit
    try:
        unit = units.parse_units(expression)
    except Exception as err:  # pint says "not a unit" in a dozen ways (tokenize errors included)
        raise ValueError(f"unknown unit {expression!r}") from err
    powers = cast("dict[str, float]", dict(unit._units))  # each unit's exponent ("km**2": 2)
    if any(abs(power) > MAX_POWER for power in powers.values()):
        raise ValueError(f"unit {expression!r}: a power above {MAX_POWER}")
    return unit


@lru_cache(maxsize=4096)
def unit_for_words(words: str) -> Optional[str]:
    """The pint unit a phrase of running text names ("nautical miles" -> "nautical_mile").

    Returns None for words that are not units or that newspapers mostly use as ordinary nouns.
    Handles, beyond single unit words: aliases, "square/cubic X" and "X squared/cubed",
    "degrees Celsius"/"deg F", "X per Y", and symbol compounds ("km2", "km^3", "J/m^2").
    """
    lex = lexicon()
    aliases = lex["unit_aliases"]
    lowered = words.lower()
    for key in (words, lowered, _singular(lowered)):
        if key and key in aliases:
            return str(parse_unit(aliases[key]))
    if words in lex["not_units"] or lowered in lex["not_units"]:
        return None
    if " " not in words.strip() and re.search(r"[/^\d²³]", words):
        return unit_for_symbols(words.strip())
    parts = words.replace("-", " ").split()
    if not parts:
        return None
    if len(parts) >= 2 and parts[0].lower() in lex["degree_words"]:
        scale = lex["temperature_scales"].get(" ".join(parts[1:]).lower())
        return str(parse_unit(scale)) if scale else None
    if len(parts) >= 2 and parts[0].lower() in lex["power_words_before"]:
        return _power(" ".join(parts[1:]), lex["power_words_before"][parts[0].lower()])
    if len(parts) >= 2 and parts[-1].lower() in lex["power_words_after"]:
        return _power(" ".join(parts[:-1]), lex["power_words_after"][parts[-1].lower()])
    if len(parts) >= 3 and "per" in (p.lower() for p in parts[1:-1]):
        index = [p.lower() for p in parts].index("per")
        numerator = unit_for_words(" ".join(parts[:index]))
        denominator = unit_for_words(" ".join(parts[index + 1:]))
        if numerator and denominator:
            return str(parse_unit(f"({numerator})/({denominator})"))
        return None
    if not all(part.isalpha() for part in parts):
        return None
    return _pint_word("_".join(parts))


def unit_for_symbols(expression: str) -> Optional[str]:
    """A unit written in symbols: "km2", "km^3", "m²", "J/m^2", "l/km", "km/hr", "s-1"."""
    pieces = expression.split("/")
    if not 1 <= len(pieces) <= 3 or not all(pieces):
        return None
    factors = []
    for index, piece in enumerate(pieces):
        match = re.fullmatch(r"([A-Za-zµμ]+)(?:\^?([-−]?[1-3])|([²³]))?", piece)
        if not match:
            return None
        name, power, superscript = match.groups()
        exponent = int(power.replace("−", "-")) if power else {"²": 2, "³": 3}.get(superscript, 1)
        unit = unit_for_words(name)
        if unit is None and (len(pieces) > 1 or exponent != 1):
            unit = _pint_word(name)  # a symbol in a compound is a symbol: "l/km", "m2"
        if unit is None:
            return None
        if exponent > 1 and dimension(unit) != "[length]":
            return None  # "km2" is an area; "kmph2", "A4" are names, not powers
        factors.append(f"({unit})**{exponent}" if index == 0 else f"({unit})**{-exponent}")
    try:
        return str(parse_unit("*".join(factors)))
    except ValueError:
        return None


def _power(words: str, exponent: int) -> Optional[str]:
    base = unit_for_words(words)
    if not base or "/" in base or "**" in base or "[length]" != dimension(base):
        return None  # only lengths square and cube ("square miles", not "square dollars")
    return str(parse_unit(f"({base})**{exponent}"))


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else ""


def _pint_word(candidate: str) -> Optional[str]:
    """One word as pint reads it, refusing readings a reader would not make: a prefix symbol
    glued to a unit name ("units" -> micro-nit), a prefixed compound ("kmph" -> kilo-mph),
    physical constants ("sigma"), and dimensionless quantities other than the news ones."""
    lex = lexicon()
    ureg = registry()
    for variant, spelling in lex["spelling_variants"].items():
        candidate = candidate.replace(variant, spelling)
    try:
        unit = parse_unit(candidate)
        readings = ureg.parse_unit_name(candidate)
    except (ValueError, pint.errors.UndefinedUnitError):
        if "_" in candidate and candidate != candidate.lower():  # "British thermal units"
            return _pint_word(candidate.lower())
        return None
    plain = [r for r in readings if not r[0]]
    if len(readings) != 1 and len(plain) != 1:
        return None  # "min": minute, or milli-inch? Only an unprefixed reading is sure
    prefix, name, _suffix = plain[0] if plain else readings[0]
    if name in lex["constant_units"] or name.endswith("_constant"):
        return None
    if prefix and not _well_formed(candidate, prefix, name):
        return None
    if not _known_spelling(candidate, prefix, name, _suffix):
        return None
    if unit.dimensionless:
        root = name
        if str(unit) not in lex["dimensionless_units"] and root not in lex["dimensionless_units"]:
            return None
    return str(unit)


def _known_spelling(candidate: str, prefix: str, name: str, suffix: str) -> bool:
    """A unit written as a symbol must be one news copy uses (lexicon `unit_symbols`, after a
    prefix from `unit_prefixes`): pint also reads "pc" as parsec, "as" as attosecond and
    "ksi" as kip per square inch, which in news are nothing of the kind. Names and aliases
    ("parsecs", "metres", "feet", "ton") and currency codes ("MUSD") need no entry."""
    lex = lexicon()
    ureg = registry()
    definition = ureg._units.get(name)
    if definition is None:
        return True
    prefix_symbol = (ureg._prefixes[prefix].symbol or "") if prefix else ""
    base = candidate[len(prefix_symbol):len(candidate) - len(suffix) or None] \
        if candidate.startswith(prefix_symbol) else candidate
    symbols = {definition.symbol} - {None, "", name}  # pint gives some names as symbol ("ton")
    if base not in symbols and candidate not in symbols:
        return True  # written as a name
    if "currency" in str(parse_unit(name).dimensionality):
        return True
    return (not prefix or prefix in lex["unit_prefixes"]) and (
        base in lex["unit_symbols"] or candidate in lex["unit_symbols"])


def _well_formed(candidate: str, prefix: str, name: str) -> bool:
    ureg = registry()
    if "_per_" in name:
        return False
    definition = ureg._units.get(name)
    prefix_definition = ureg._prefixes.get(prefix)
    if definition is None or prefix_definition is None:
        return True
    if candidate.lower().startswith(prefix):
        rest = candidate[len(prefix):]
        return rest.lower() != (definition.symbol or "").lower()  # "kilom": name + symbol
    symbol = prefix_definition.symbol or ""
    rest = candidate[len(symbol):] if candidate.startswith(symbol) else candidate
    unit_symbols = {definition.symbol, *(a for a in definition.aliases if len(a) <= 3)}
    return rest in unit_symbols or rest.rstrip("s") in unit_symbols


def dimension(unit: str) -> str:
    """A readable dimension ("[length]") used to decide whether two units can be compared."""
    return str(parse_unit(unit).dimensionality)


@lru_cache(maxsize=65536, typed=True)
def convert(value: float, unit: str, target: str) -> float:
    """Cached: a figure is converted into the unit of every rule it is tried against, and
    pint builds two quantities per conversion."""
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
