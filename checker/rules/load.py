"""Rules: loaded from YAML, validated against the rule-file schema, turned into dataclasses.

Rules are data: the engine never names a rule id or a figure. What is common to every rule is a
`Rule`; what only one kind of fact has (reference figures, office holders, an event list) is
that kind's typed `spec`, built by the kind (see checker/kinds). A rule file that does not load
is reported as one line naming the file and line, and the other files still load.
"""
from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional

import jsonschema

from checker import files, kinds, yamlsafe
from checker.kinds.base import LoadContext
from checker.model import Source
from checker.rules import validate
from checker.rules.problems import RuleError, RuleErrors, parse_date


def default_rules() -> Path:
    """The bundled rules: the checkout's rules/ folder, or its copy inside an installed wheel."""
    checkout = Path(__file__).resolve().parents[2] / "rules"
    if checkout.is_dir():
        return checkout
    return Path(__file__).resolve().parents[1] / "bundled_rules"


RULE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Example:
    text: str
    verdict: str
    date: Optional[dt.date] = None


@dataclass(frozen=True)
class Rule:
    """What every rule has. `spec` is the kind's typed form of its own fields; `parent` names
    the rule a derived rule comes from (a figure of one event of an event list)."""

    id: str
    title: str
    kind: str
    subject: tuple[str, ...]
    severity: str
    message: str
    sources: tuple[Source, ...]
    examples: tuple[Example, ...]
    spec: Any = None
    valid_from: Optional[dt.date] = None
    valid_to: Optional[dt.date] = None
    complete_to: Optional[dt.date] = None  # the file's knowledge horizon
    parent: Optional[str] = None
    path: str = ""
    line: int = 0

    def in_force(self, date: Optional[dt.date]) -> bool:
        if date is None:
            return True
        return (self.valid_from is None or date >= self.valid_from) and (
            self.valid_to is None or date <= self.valid_to)


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    from checker.rules.schema import assemble
    return jsonschema.Draft202012Validator(assemble())


def rule_files(paths: Iterable[str | Path]) -> list[Path]:
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in RULE_SUFFIXES))
        else:
            found.append(path)
    return found


def load_rules(paths: Iterable[str | Path]) -> tuple[list[Rule], list[RuleError]]:
    """Every rule under `paths`, each followed by the rules derived from it; a broken file
    becomes an error and the rest still load."""
    rules: list[Rule] = []
    errors: list[RuleError] = []
    for path in rule_files(paths):
        try:
            rules.extend(load_file(path))
        except RuleErrors as err:
            errors.extend(err.errors)
        except RuleError as err:
            errors.append(err)
    return rules, errors


def load_file(path: Path) -> list[Rule]:
    name = str(path)
    try:
        text = files.read_bytes(name, yamlsafe.MAX_RULE_FILE_BYTES).decode("utf-8")
    except files.FileError as err:
        raise RuleError(name, 1, 1, str(err)) from None
    except UnicodeDecodeError:
        raise RuleError(name, 1, 1, "not UTF-8") from None
    try:
        data = yamlsafe.load(text)
    except yamlsafe.YamlError as err:
        raise RuleError(name, err.line, err.column, err.message) from None
    problems = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if problems:
        worst = jsonschema.exceptions.best_match(problems)
        raise RuleError(name, _line_of(data, worst.absolute_path), 1,
                        f"{_json_path(worst.absolute_path)}: {validate.shown(worst.message)}")
    # Values the schema lets through and no kind reads at load (a holder's "2017-13", a
    # 10^20 year); each rule's own problems are its kind's, collected rule by rule below.
    invalid = [RuleError(name, line, 1, message)
               for line, message in validate.problems(data, _validator().schema)]
    attributions = {k: tuple(v) for k, v in (data.get("attributions") or {}).items()}
    horizon = parse_date(data.get("complete_to"), name, getattr(data, "line", 1))
    out: list[Rule] = []
    broken: list[RuleError] = []  # every rule's problem, not only the first rule's
    starts = [getattr(raw, "line", 0) for raw in data["rules"]] + [sys.maxsize]
    for index, raw in enumerate(data["rules"]):
        if any(starts[index] <= error.line < starts[index + 1] for error in invalid):
            continue  # reported already; its kind would only say it again
        try:
            rule = _rule(raw, attributions, horizon, name)
        except RuleError as err:
            broken.append(err)
            continue
        out.append(rule)
        out.extend(kinds.kind_of(rule.kind).derived(rule))
    if invalid or broken:
        raise RuleErrors(sorted(invalid + broken, key=lambda error: error.line))
    return out


def _rule(raw: dict[str, Any], attributions: dict[str, tuple[str, ...]],
          horizon: Optional[dt.date], path: str) -> Rule:
    line = getattr(raw, "line", 0)
    kind = kinds.kind_of(raw["kind"])
    spec = kind.spec(raw, LoadContext(path=path, line=line, attributions=attributions))
    return Rule(
        id=raw["id"], title=raw["title"], kind=raw["kind"], subject=tuple(raw["subject"]),
        severity=raw["severity"], message=raw["message"].strip(),
        sources=tuple(Source(url=s["url"], title=s.get("title", "")) for s in raw["sources"]),
        examples=tuple(Example(text=e["text"], verdict=e["verdict"],
                               date=parse_date(e.get("date"), path, getattr(e, "line", line)))
                       for e in raw["examples"]),
        spec=spec, valid_from=parse_date(raw.get("valid_from"), path, line),
        valid_to=parse_date(raw.get("valid_to"), path, line),
        complete_to=parse_date(raw.get("complete_to"), path, line) or horizon,
        path=path, line=line,
    )


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
