"""Rules: loaded from YAML, validated against the packaged JSON Schema, turned into dataclasses.

Rules are data: the engine never names a rule id or a figure. A rule file that does not load
is reported as one line naming the file and line, and the other files still load.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Optional

import jsonschema

from checker.stages import units
from checker import yamlsafe
from checker.model import Source

def default_rules() -> Path:
    """The bundled rules: the checkout's rules/ folder, or its copy inside an installed wheel."""
    checkout = Path(__file__).resolve().parents[2] / "rules"
    if checkout.is_dir():
        return checkout
    return Path(__file__).resolve().parents[1] / "bundled_rules"
RULE_SUFFIXES = (".yaml", ".yml")


class RuleError(Exception):
    """A rule file problem: `str()` is one line, "file:line:column: reason"."""

    def __init__(self, path: str, line: int, column: int, message: str):
        super().__init__(f"{path}:{line}:{column}: {message}")
        self.path, self.line, self.column, self.message = path, line, column, message


@dataclass(frozen=True)
class Expected:
    """One acceptable reference value (or range), who reported it, what it counts."""

    low: float
    high: float
    value: Optional[float] = None
    by: Optional[str] = None
    counts: tuple[str, ...] = ()
    note: Optional[str] = None
    credited_only: bool = False  # an outlier that only counts when the text names its agency

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value} if self.value is not None else {
            "range": [self.low, self.high]}
        if self.by:
            out["by"] = self.by
        if self.counts:
            out["counts"] = list(self.counts)
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class Scope:
    context: tuple[str, ...] = ()
    within: str = "paragraph"
    article_from: Optional[dt.date] = None
    article_to: Optional[dt.date] = None
    year: Optional[int] = None
    ordinal: Optional[int] = None
    dates: tuple[dt.date, ...] = ()  # the event's days (local and UTC where they differ)

    @property
    def identifies_event(self) -> bool:
        return bool(self.context or self.dates) or self.article_from is not None \
            or self.article_to is not None


@dataclass(frozen=True)
class Example:
    text: str
    verdict: str
    date: Optional[dt.date] = None


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    kind: str
    subject: tuple[str, ...]
    values: tuple[Expected, ...]
    unit: Optional[str]
    tolerance: float  # absolute, in `unit`
    relative_tolerance: float
    severity: str
    message: str
    sources: tuple[Source, ...]
    examples: tuple[Example, ...]
    scope: Scope = Scope()
    valid_from: Optional[dt.date] = None
    valid_to: Optional[dt.date] = None
    attributions: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    spec: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)  # as written
    path: str = ""
    line: int = 0

    def in_force(self, date: Optional[dt.date]) -> bool:
        if date is None:
            return True
        return (self.valid_from is None or date >= self.valid_from) and (
            self.valid_to is None or date <= self.valid_to)


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    text = resources.files("checker").joinpath("schemas/rules.schema.json").read_text("utf-8")
    return json.loads(text)


def rule_files(paths: Iterable[str | Path]) -> list[Path]:
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in RULE_SUFFIXES))
        else:
            found.append(path)
    return found


def load_rules(paths: Iterable[str | Path]) -> tuple[list[Rule], list[RuleError]]:
    """Every rule under `paths`; a broken file becomes an error and the rest still load."""
    rules: list[Rule] = []
    errors: list[RuleError] = []
    for path in rule_files(paths):
        try:
            rules.extend(load_file(path))
        except RuleError as err:
            errors.append(err)
    return rules, errors


def load_file(path: Path) -> list[Rule]:
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleError(name, 1, 1, "no such file") from None
    except UnicodeDecodeError:
        raise RuleError(name, 1, 1, "not UTF-8") from None
    try:
        data = yamlsafe.load(text)
    except yamlsafe.YamlError as err:
        raise RuleError(name, err.line, err.column, err.message) from None
    validator = jsonschema.Draft202012Validator(schema())
    problems = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if problems:
        worst = jsonschema.exceptions.best_match(problems)
        raise RuleError(name, _line_of(data, worst.absolute_path), 1,
                        f"{_json_path(worst.absolute_path)}: {worst.message}")
    attributions = {k: tuple(v) for k, v in (data.get("attributions") or {}).items()}
    return [_rule(raw, attributions, name) for raw in data["rules"]]


def _rule(raw: dict[str, Any], attributions: dict[str, tuple[str, ...]], path: str) -> Rule:
    line = getattr(raw, "line", 0)
    expect = raw.get("expect") or {}
    unit = expect.get("unit")
    if unit is not None:
        try:
            unit = str(units.parse_unit(unit))
        except ValueError as err:
            raise RuleError(path, getattr(expect, "line", line), 1,
                            f"rule {raw['id']}: {err}") from None
    tolerance, relative = _tolerance(expect.get("tolerance", 0))
    values = []
    for item in expect.get("values", ()):
        low, high = (item["value"], item["value"]) if "value" in item else tuple(item["range"])
        values.append(Expected(low=float(low), high=float(high), value=item.get("value"),
                               by=item.get("by"), counts=tuple(item.get("counts", ())),
                               note=item.get("note"),
                               credited_only=item.get("credited_only", False)))
    scope_raw = raw.get("scope") or {}
    window = scope_raw.get("article_date") or {}
    scope = Scope(
        context=tuple(scope_raw.get("context", ())),
        within=scope_raw.get("within", "paragraph"),
        article_from=_date(window.get("from")),
        article_to=_date(window.get("to")),
        year=scope_raw.get("year"),
        ordinal=scope_raw.get("ordinal"),
        dates=tuple(_date(d) for d in scope_raw.get("dates", ())),
    )
    return Rule(
        id=raw["id"], title=raw["title"], kind=raw["kind"], subject=tuple(raw["subject"]),
        values=tuple(values), unit=unit, tolerance=tolerance, relative_tolerance=relative,
        severity=raw["severity"], message=raw["message"].strip(),
        sources=tuple(Source(url=s["url"], title=s.get("title", "")) for s in raw["sources"]),
        examples=tuple(Example(text=e["text"], verdict=e["verdict"], date=_date(e.get("date")))
                       for e in raw["examples"]),
        scope=scope, valid_from=_date(raw.get("valid_from")), valid_to=_date(raw.get("valid_to")),
        attributions=attributions, spec=raw, path=path, line=line,
    )


def _tolerance(value: Any) -> tuple[float, float]:
    if isinstance(value, str) and value.strip().endswith("%"):
        return 0.0, float(value.strip()[:-1]) / 100
    return float(value), 0.0


def _date(value: Any) -> Optional[dt.date]:
    return dt.date.fromisoformat(value) if value else None


def _json_path(path: Iterable[Any]) -> str:
    parts = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
    return parts.lstrip(".") or "(top level)"


def _line_of(data: Any, path: Iterable[Any]) -> int:
    """The line of the deepest mapping on `path` that knows its line."""
    line = getattr(data, "line", 1)
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        line = getattr(node, "line", line)
    return line
