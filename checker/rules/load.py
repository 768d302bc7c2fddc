"""Rules: loaded from YAML, validated against the rule-file schema, turned into dataclasses.

Rules are data: the engine never names a rule id or a figure. What is common to every rule is a
`Rule`; what only one kind of fact has (reference figures, office holders, an event list) is
that kind's typed `spec`, built by the kind (see checker/kinds). A rule file that does not load
is reported as one line naming the file and line, and the other files still load.
"""
from __future__ import annotations

import datetime as dt
import io
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Optional

from checker import files, kinds, yamlsafe
from checker.kinds.base import LoadContext
from checker.model import Source
from checker.rules import cache, validate
from checker.rules.rule import Example as Example, Rule as Rule  # where they were defined before
from checker.rules.problems import RuleError, RuleErrors, parse_date

if TYPE_CHECKING:
    import jsonschema


def default_rules() -> Path:
    """The bundled rules: the checkout's rules/ folder, or its copy inside an installed wheel."""
    checkout = Path(__file__).resolve().parents[2] / "rules"
    if checkout.is_dir():
        return checkout
    return Path(__file__).resolve().parents[1] / "bundled_rules"


RULE_SUFFIXES = (".yaml", ".yml")

def _kinds_signature() -> str:
    """The registered kinds by name and class: the schema and compiled rules depend on them, so a
    kind registered or replaced (a plugin, a test's own kind) gets its own schema and cache entry."""
    return " ".join(f"{kind.name}={type(kind).__module__}.{type(kind).__qualname__}"
                    for kind in kinds.REGISTRY.values())


def _validator() -> "jsonschema.Draft202012Validator":
    return _validator_for(_kinds_signature())


@lru_cache(maxsize=4)
def _validator_for(signature: str) -> "jsonschema.Draft202012Validator":
    import jsonschema  # only when rule files are read, not when the compile cache has them

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
    becomes an error and the rest still load. A rule set that loads without an error is kept
    in the compile cache (checker/rules/cache.py) under the bytes of its files, so the next run
    with the same files and the same checker skips the YAML, the schema and the compiling."""
    paths = rule_files(paths)
    try:
        contents = [files.read_bytes(str(path), yamlsafe.MAX_RULE_FILE_BYTES) for path in paths]
    except files.FileError:  # a missing or unreadable file is an error line, from the plain load
        return _load_all((path, None) for path in paths)
    parts = [_kinds_signature(), *(part for path, data in zip(paths, contents) for part in (str(path), data))]
    return cache.cached("rules", parts, lambda: _load_all(zip(paths, contents)),
                        keep=lambda loaded: not loaded[1])


def _load_all(files: Iterable[tuple[Path, Optional[bytes]]]) -> tuple[list[Rule], list[RuleError]]:
    rules: list[Rule] = []
    errors: list[RuleError] = []
    for path, data in files:
        try:
            rules.extend(load_file(path, data))
        except RuleErrors as err:
            errors.extend(err.errors)
        except RuleError as err:
            errors.append(err)
    return rules, errors


def load_file(path: Path, data: Optional[bytes] = None) -> list[Rule]:
    """The rules of one file (`data`: its bytes, when already read)."""
    name = str(path)
    try:
        if data is None:
            data = files.read_bytes(name, yamlsafe.MAX_RULE_FILE_BYTES)
        # as Path.read_text reads it: UTF-8, universal newlines
        text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8").read()
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
        from jsonschema.exceptions import best_match

        worst = best_match(problems)
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
