"""What an article's result depends on, as short hashes a re-run compares with the stored ones.

An article's findings are a function of three things, and only of them:

- its text and date (`content_hash`);
- the rules that can fire in it (`RuleSet.fingerprint`: each rule unit that can fire, from the
  fast path's `RuleTriggers`, with the hash of its YAML): a rule that cannot fire in a text
  cannot change its findings, so editing it leaves every other article's result valid;
- the checker's own code and language data and the spaCy pipeline (`engine_hash`).

A stored result whose three fingerprints equal the ones computed now is the result a check
would give now, so it is kept; any difference re-checks the article, and the difference says
why (new, changed, which rules, another checker).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable, Optional

from checker.rules.load import Rule
from checker.stages.document import Document
from checker.stages.fastpath import RuleTriggers
from checker.stages.nlp import MODELS

HASH_CHARS = 16  # 64 bits: collisions are negligible for an archive of millions of articles

# The parts of the package that decide findings (stages, kinds of fact, rule loading, language
# data), relative to the package directory. Rendering, commands and the archive are not here.
ENGINE_FILES = ("stages", "kinds", "data", "pipeline.py", "model.py", "lexicon.py",
                "yamlsafe.py", "rules/load.py")
# Rule fields that never change a finding: the examples are run by `checker rules test`.
_INERT_FIELDS = ("examples", "path", "line")


def digest(*parts: str) -> str:
    sha = hashlib.sha256()
    for part in parts:
        sha.update(part.encode("utf-8", "surrogatepass"))
        sha.update(b"\0")
    return sha.hexdigest()[:HASH_CHARS]


def content_hash(text: str, date: Optional[dt.date]) -> str:
    return digest(text, date.isoformat() if date else "")


def rule_hash(rule: Rule) -> str:
    """Everything the rule says (its kind's typed spec included), less its examples and where
    it is written, so moving a rule to another file re-checks nothing."""
    fields = {f.name: getattr(rule, f.name) for f in dataclasses.fields(rule)
              if f.name not in _INERT_FIELDS}
    return digest(json.dumps(_plain(fields), sort_keys=True))


def _plain(value: Any) -> Any:
    """A JSON-able form of rule data: dataclasses by field, mappings, sequences, dates."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"@": type(value).__name__,
                **{f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return repr(value)  # dates, enums: their repr is stable


@lru_cache(maxsize=1)
def engine_hash() -> str:
    """The checker's code and data that decide findings, and the spaCy and model versions."""
    root = Path(__file__).resolve().parents[1]
    parts = []
    for name in ENGINE_FILES:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix != ".pyc"
                       and "__pycache__" not in p.parts) if path.is_dir() else [path]
        for file in files:
            sha = hashlib.sha256(file.read_bytes()).hexdigest()
            parts.append(f"{file.relative_to(root).as_posix()}:{sha}")
    for package in ("spacy", *MODELS):
        try:
            parts.append(f"{package}=={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{package} absent")
    return digest(*parts)


class RuleSet:
    """Rules with their triggers and hashes, compiled once per run (on the client and once per
    worker). A fingerprint entry is "UNIT@HASH"; the units are the rule ids (or "office rules"
    for the office rules, which are read together)."""

    def __init__(self, rules: list[Rule]):
        self.rules = rules
        self.triggers = RuleTriggers(rules)
        # a derived rule (an event's figure) is made from its parent's definition, which the
        # parent's hash covers
        self.hashes = {unit: digest(*(rule_hash(r) for r in members if r.parent is None))
                       for unit, members in self.triggers.units.items()}
        self.version = digest(*sorted(f"{u}@{h}" for u, h in self.hashes.items()))

    def fingerprint(self, document: Document) -> list[str]:
        """The units that can fire in the article (its body and headline, at its date)."""
        text = f"{document.body}\n\n{document.title}" if document.title else document.body
        return [f"{unit}@{self.hashes[unit]}"
                for unit in self.triggers.firing(text, document.date)]

    def describe(self) -> list[dict[str, Any]]:
        """One row per rule, for the store's record of the rules a run used."""
        units = {r.id: unit for unit, members in self.triggers.units.items() for r in members}
        return [{"unit": units[r.id], "rule": r.id, "hash": self.hashes[units[r.id]],
                 "kind": r.kind, "title": r.title, "severity": r.severity,
                 "path": Path(r.path).name} for r in self.rules]


REORDERED = "(rule order)"  # the same rules in another order: it can break a tie differently


def changed_units(before: Iterable[str], after: Iterable[str]) -> set[str]:
    """The units whose entry differs between two fingerprints: added, removed or re-hashed."""
    return {entry.rsplit("@", 1)[0] for entry in set(before) ^ set(after)}
