"""What a rule file's values must be beyond the form its schema gives them, for the values the
kinds of fact do not read when the file is loaded.

The schema checks form: "2017-13" has the form of a holder's partial date, `1e300` is a number.
The kinds read their own fields at load (a figure's unit, tolerance and values, an event's date)
and raise at the first problem; what they read only later (an office holder's term, when the
component is built) would end the run with a traceback instead. Here every date the schema
types as a date is read as a day of the calendar, wherever it is, and every number must be
finite and of a size a reference figure can have; every problem is reported with its line.
"""
from __future__ import annotations

import datetime as dt
import math
from typing import Any, Iterator

# Numbers beyond this are no reference figure (and lose integer precision as floats).
MAX_MAGNITUDE = 1e15
# How far back an event list may look for "the latest event" (events.recent_days), in days:
# a century keeps every date subtraction inside the calendar.
MAX_RECENT_DAYS = 36_525


def problems(data: Any, schema: dict[str, Any]) -> list[tuple[int, str]]:
    """(line, message) for every value of `data` (a file that passed `schema`) that cannot be
    read as what it stands for."""
    found = list(_numbers(data, getattr(data, "line", 1), "(top level)"))
    found.extend(_dates(data, schema, schema, getattr(data, "line", 1), "(top level)"))
    for rule in data.get("rules", ()) if isinstance(data, dict) else ():
        found.extend(_rule(rule))
    return sorted(set(found))


def _rule(rule: dict[str, Any]) -> Iterator[tuple[int, str]]:
    name = rule.get("id", "?")
    line = getattr(rule, "line", 1)
    scope = rule.get("scope") or {}
    year = scope.get("year")
    if isinstance(year, int) and not 1 <= year <= 9999:
        yield _line(scope, "year", line), f"rule {name}: scope.year {year} is not a year"
    events = rule.get("events") or {}
    days = events.get("recent_days")
    if isinstance(days, int) and days > MAX_RECENT_DAYS:
        yield (_line(events, "recent_days", line),
               f"rule {name}: events.recent_days {days} is over {MAX_RECENT_DAYS} (a century)")


def _numbers(data: Any, line: int, where: str) -> Iterator[tuple[int, str]]:
    """Every number of the file finite and of a size a reference figure can have (a tolerance
    is its kind's to check: "1%" is a string)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "tolerance":
                continue
            yield from _numbers(value, _line(data, key, line),
                                f"{where}.{key}" if where != "(top level)" else str(key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _numbers(value, line, f"{where}[{index}]")
    elif isinstance(data, (int, float)) and not isinstance(data, bool):
        if not _finite(data):
            yield line, f"{where}: {_shown(data)} is not a finite number"
        elif abs(data) > MAX_MAGNITUDE:
            yield line, f"{where}: {_shown(data)} is beyond {MAX_MAGNITUDE:g}"


def _dates(data: Any, node: dict[str, Any], schema: dict[str, Any], line: int,
           where: str) -> Iterator[tuple[int, str]]:
    """Every value the schema types as a date (`$defs/date`, `$defs/partial_date`) a real day
    of the calendar (or month, or year), walking the data and its schema together."""
    reference = node.get("$ref", "")
    if reference.startswith("#/$defs/"):
        name = reference.rsplit("/", 1)[1]
        if name in ("date", "partial_date") and isinstance(data, str) and not _is_date(data):
            yield line, f"{where}: {data!r} is not a date of the calendar"
        node = schema["$defs"][name]
    if isinstance(data, dict):
        properties = node.get("properties", {})
        extra = node.get("additionalProperties")
        for key, value in data.items():
            child = properties.get(key, extra if isinstance(extra, dict) else None)
            if child is not None:
                yield from _dates(value, child, schema, _line(data, key, line),
                                  key if where == "(top level)" else f"{where}.{key}")
    elif isinstance(data, list) and isinstance(node.get("items"), dict):
        for index, value in enumerate(data):
            yield from _dates(value, node["items"], schema, line, f"{where}[{index}]")


def _line(mapping: Any, key: str, default: int) -> int:
    """The line of `key` in a mapping loaded by yamlsafe (`default` for any other mapping)."""
    return mapping.line_of(key) if hasattr(mapping, "line_of") else default


def _is_date(text: str) -> bool:
    """YYYY-MM-DD, YYYY-MM or YYYY, as a day, month or year that exists."""
    parts = text.split("-")
    try:
        numbers = [int(p) for p in parts]
        dt.date(numbers[0], *(numbers[1:] + [1] * (3 - len(numbers))))
    except (ValueError, TypeError):
        return False
    return 1 <= len(parts) <= 3


def _finite(value: Any) -> bool:
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def shown(message: str, limit: int = 300) -> str:
    """A message cut short: an error line names the problem, it does not repeat the data."""
    return message if len(message) <= limit else message[:limit] + f"... ({len(message)} characters)"


def _shown(value: Any, limit: int = 40) -> str:
    return shown(repr(value), limit)
