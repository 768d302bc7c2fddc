"""Configuration: `[tool.checker]` in pyproject.toml or a checker.toml, found the way ruff finds
its own: from the working directory upward, the nearest directory that has one wins.

In one directory `checker.toml` is preferred to `pyproject.toml` (a pyproject.toml counts only
when it has a `[tool.checker]` table). `--config PATH` names the file instead. Every value in
force carries its origin: `default`, the file it was read from, or the flag that set it
(flag > file > default).

    # checker.toml (in pyproject.toml the same keys go under [tool.checker])
    rules = ["house-rules"]          # extra rule folders/files, beside the bundled rules
    fail-on = "warning"              # info | warning | error
    disable = ["unclos.eez.breadth"] # rule ids not to check
    default-date = "2024-01-01"      # for articles without a front-matter date (and no --date)
    [organization]                   # who publishes the ClaimReview JSON-LD
    name = "Example Daily"
    url = "https://example.org"
"""
from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Sequence

from checker.errors import ConfigError
from checker.model import SEVERITIES

if TYPE_CHECKING:
    from checker.rules.load import Rule

FILENAMES = ("checker.toml", "pyproject.toml")  # preference order within one directory
DEFAULT = "default"
DEFAULT_ORGANIZATION = {"name": "Unnamed newsroom (set organization.name in checker.toml)",
                        "url": None}

# key in the file -> attribute of Config
KEYS = {"rules": "rules", "fail-on": "fail_on", "disable": "disable",
        "default-date": "default_date", "organization": "organization"}
ORGANIZATION_KEYS = ("name", "url")


@dataclass
class Config:
    rules: list[str] = field(default_factory=list)  # extra rule paths, absolute
    fail_on: str = "error"
    disable: list[str] = field(default_factory=list)
    default_date: Optional[dt.date] = None
    organization: dict[str, Optional[str]] = field(default_factory=lambda: dict(DEFAULT_ORGANIZATION))
    path: Optional[Path] = None  # the file read, if any
    origins: dict[str, str] = field(default_factory=lambda: {k: DEFAULT for k in KEYS})
    replace_rules: bool = False  # --rules given: those paths instead of the bundled rules

    def origin(self, key: str) -> str:
        return self.origins.get(key, DEFAULT)

    def rule_paths(self) -> list[str]:
        """What to load: `--rules` paths alone, else the bundled rules and the file's extras."""
        if self.replace_rules:
            return list(self.rules)
        from checker.rules.load import default_rules

        return [str(default_rules()), *self.rules]

    def values(self) -> list[tuple[str, Any, str]]:
        """(key, value as JSON data, origin) for every key, in a stable order."""
        return [
            ("rules", self.rule_paths(), self.origin("rules")),
            ("fail-on", self.fail_on, self.origin("fail-on")),
            ("disable", list(self.disable), self.origin("disable")),
            ("default-date", self.default_date.isoformat() if self.default_date else None,
             self.origin("default-date")),
            ("organization", dict(self.organization), self.origin("organization")),
        ]


def find(start: Optional[Path] = None) -> Optional[Path]:
    """The nearest checker.toml, or pyproject.toml with a [tool.checker] table, from `start`
    (default: the working directory) upward; None if there is none."""
    directory = (start or Path.cwd()).resolve()
    for folder in (directory, *directory.parents):
        for name in FILENAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "checker.toml" or _has_tool_table(candidate):
                return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, ValueError):  # UnicodeDecodeError and TOMLDecodeError are ValueErrors
        return False  # somebody else's broken pyproject.toml is not ours to report
    return isinstance(data.get("tool"), dict) and "checker" in data["tool"]


def read(path: Path) -> dict[str, Any]:
    """The checker table of a config file, validated and typed (keys as in the file)."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such configuration file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read the configuration ({err})") from None
    try:
        data = tomllib.loads(text)
    except ValueError as err:  # tomllib.TOMLDecodeError is a ValueError
        raise ConfigError(f"{path}: not valid TOML ({err})") from None
    prefix = ""
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("checker") if isinstance(data.get("tool"), dict) else None
        if table is None:
            raise ConfigError(f"{path}: no [tool.checker] table")
        prefix = "tool.checker."
        data = table
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: {prefix.rstrip('.')}: must be a table")
    return _validate(data, path, prefix)


def _validate(data: dict[str, Any], path: Path, prefix: str) -> dict[str, Any]:
    def fail(key: str, reason: str) -> ConfigError:
        return ConfigError(f"{path}: {prefix}{key}: {reason}")

    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in KEYS:
            raise fail(key, f"unknown key (known: {', '.join(KEYS)})")
        if key in ("rules", "disable"):
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise fail(key, "must be a list of strings")
            if key == "rules":
                value = [str((path.parent / v).resolve()) for v in value]
                missing = [v for v in value if not Path(v).exists()]
                if missing:
                    raise fail(key, f"{missing[0]}: no such rule file or folder")
            out[key] = value
        elif key == "fail-on":
            if value not in SEVERITIES:
                raise fail(key, f"{value!r} is not one of {', '.join(SEVERITIES)}")
            out[key] = value
        elif key == "default-date":
            if isinstance(value, dt.datetime):
                value = value.date()
            if isinstance(value, str):
                try:
                    value = dt.date.fromisoformat(value.strip())
                except ValueError:
                    raise fail(key, f"{value!r} is not a date YYYY-MM-DD") from None
            if not isinstance(value, dt.date):
                raise fail(key, f"{value!r} is not a date YYYY-MM-DD")
            out[key] = value
        elif key == "organization":
            if isinstance(value, str):
                value = {"name": value}
            if not isinstance(value, dict):
                raise fail(key, "must be a table with name (and url)")
            for sub, item in value.items():
                if sub not in ORGANIZATION_KEYS:
                    raise fail(f"{key}.{sub}", f"unknown key (known: {', '.join(ORGANIZATION_KEYS)})")
                if not isinstance(item, str) or not item.strip():
                    raise fail(f"{key}.{sub}", "must be a non-empty string")
            if "name" not in value:
                raise fail(f"{key}.name", "missing: the organisation's name")
            url = value.get("url")
            if url is not None and not url.startswith(("http://", "https://")):
                raise fail(f"{key}.url", f"{url!r} is not an http(s) URL")
            out[key] = {"name": value["name"], "url": url}
    return out


def resolve(config_path: Optional[str] = None, *, start: Optional[Path] = None,
            isolated: bool = False, rules: Optional[Sequence[str]] = None,
            fail_on: Optional[str] = None, disable: Optional[Sequence[str]] = None,
            default_date: Optional[dt.date] = None) -> Config:
    """The configuration in force: flags (the keyword arguments that are not None) over the
    file (`config_path`, else the nearest one found from `start` upward) over the defaults."""
    config = Config()
    path: Optional[Path] = None
    if config_path is not None:
        path = Path(config_path)
        if not path.is_file():
            raise ConfigError(f"{config_path}: no such configuration file")
    elif not isolated:
        path = find(start)
    if path is not None:
        config.path = path
        shown = str(path)
        for key, value in read(path).items():
            setattr(config, KEYS[key], value)
            config.origins[key] = shown
    flags = {"rules": ("--rules", rules), "fail-on": ("--fail-on", fail_on),
             "disable": ("--disable", disable), "default-date": ("--default-date", default_date)}
    for key, (flag, value) in flags.items():
        if value is None:
            continue
        setattr(config, KEYS[key], list(value) if isinstance(value, (list, tuple)) else value)
        config.origins[key] = f"flag {flag}"
    config.replace_rules = rules is not None
    return config


def without_disabled(rules: list[Rule], config: Config) -> tuple[list[Rule], list[str]]:
    """The rules minus the disabled ones, and a warning for each id no rule has."""
    known = {rule.id for rule in rules}
    warnings = [f"{config.origin('disable')}: disable: no rule has the id {rule_id!r}"
                for rule_id in config.disable if rule_id not in known]
    disabled = set(config.disable)
    # disabling an event list disables the figures derived from it too
    return [rule for rule in rules if rule.id not in disabled
            and rule.parent not in disabled], warnings


def render_text(config: Config) -> str:
    from tabulate import tabulate

    rows = []
    for key, value, origin in config.values():
        if isinstance(value, list):
            shown = "\n".join(value) if value else "(none)"
        elif isinstance(value, dict):
            shown = "\n".join(f"{k} = {v}" for k, v in value.items() if v is not None)
        else:
            shown = "(none)" if value is None else str(value)
        rows.append([key, shown, origin])
    head = f"configuration file: {config.path}" if config.path else "configuration file: none found"
    return head + "\n" + tabulate(rows, headers=["key", "value", "origin"], tablefmt="simple") + "\n"


def render_json(config: Config) -> str:
    import json

    return json.dumps({
        "file": str(config.path) if config.path else None,
        "values": {key: {"value": value, "origin": origin}
                   for key, value, origin in config.values()},
    }, indent=2, ensure_ascii=False) + "\n"


