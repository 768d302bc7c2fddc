"""The rule-file JSON Schema: the fields every rule has, plus each registered kind's fragment.

The loader validates with the schema assembled from the registry, so a kind added in a test is
validated like a bundled one. `checker/schemas/rules.schema.json` is the same schema written
out for editors (yaml-language-server); regenerate it with `python -m checker.rules.schema`
after changing a kind's fragment (a test fails while it is out of date).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from checker import kinds

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "schemas" / "rules.schema.json"

DEFINITIONS: dict[str, Any] = {
    "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    "partial_date": {
        "type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
        "description": "YYYY-MM-DD, or YYYY-MM / YYYY when only the month or year is known: an "
                       "article dated inside the uncertain period is unverifiable."},
    "source": {
        "type": "object", "required": ["url"], "additionalProperties": False,
        "properties": {"url": {"type": "string", "pattern": "^https?://"},
                       "title": {"type": "string"}}},
    "phrases": {"type": "array", "items": {"type": "string", "minLength": 1}},
}

COMMON: dict[str, Any] = {
    "id": {"type": "string", "pattern": r"^[a-z0-9_]+(\.[a-z0-9_]+)+$",
           "description": "Stable dotted id, e.g. unclos.eez.breadth."},
    "title": {"type": "string", "minLength": 1},
    "kind": {"description": "The kind of fact; see docs/rules.md."},
    "subject": {
        "type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1},
        "description": "Figure kinds: phrases naming what the figure must be about (matched on "
                       "lemmas). events: the noun phrases naming an event of the series. office: "
                       "the title phrases. name: every accepted spelling."},
    "valid_from": {"$ref": "#/$defs/date", "description": "First day the fact holds."},
    "valid_to": {"$ref": "#/$defs/date", "description": "Last day the fact holds."},
    "severity": {"enum": ["error", "warning", "info"]},
    "message": {"type": "string", "minLength": 1,
                "description": "The reference in words, as it ends a finding's message."},
    "sources": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/source"}},
    "examples": {
        "type": "array", "minItems": 2,
        "items": {
            "type": "object", "required": ["text", "verdict"], "additionalProperties": False,
            "properties": {
                "text": {"type": "string", "minLength": 1},
                "date": {"$ref": "#/$defs/date"},
                "verdict": {"enum": ["consistent", "inconsistent", "unverifiable", "unchecked"],
                            "description": "What this rule must say about the sentence; "
                                           "`unchecked` = the rule must not judge it."}}}},
    "complete_to": {"$ref": "#/$defs/date",
                    "description": "This rule's knowledge horizon, where it differs from the "
                                   "file's `complete_to`."},
    "note": {"type": "string", "description": "Free text for reviewers; not shown in findings."},
}
REQUIRED = ["id", "title", "kind", "subject", "severity", "message", "sources", "examples"]


def assemble() -> dict[str, Any]:
    """The whole rule-file schema from the registry (kinds in registration order)."""
    registry = list(kinds.REGISTRY.values())
    properties = dict(COMMON)
    properties["kind"] = dict(COMMON["kind"], enum=kinds.rule_kinds())
    definitions = dict(DEFINITIONS)
    own: dict[str, set[str]] = {}
    for kind in registry:
        fragment = kind.schema.get("properties", {})
        for name, spec in fragment.items():
            properties.setdefault(name, spec)
        own[kind.name] = set(fragment)
        definitions.update(kind.definitions)
    all_kind_fields = set().union(*own.values()) if own else set()
    conditions = []
    for kind in registry:
        foreign = sorted(all_kind_fields - own[kind.name])
        then: dict[str, Any] = {}
        if kind.schema.get("required"):
            then["required"] = list(kind.schema["required"])
        if foreign:
            then["not"] = {"anyOf": [{"required": [name]} for name in foreign]}
        if then:
            conditions.append({"if": {"properties": {"kind": {"enum": list(kind.rule_kinds)}},
                                      "required": ["kind"]}, "then": then})
    rule = {"type": "object", "required": REQUIRED, "additionalProperties": False,
            "properties": properties, "allOf": conditions}
    definitions["rule"] = rule
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://checker.invalid/schemas/rules.schema.json",
        "title": "checker rule file",
        "description": "One domain of reference rules. Each rule says what a claim must be "
                       "about, what the reference expects, and cites its sources.",
        "type": "object", "required": ["rules"], "additionalProperties": False,
        "properties": {
            "domain": {"type": "string", "description": "What the file covers."},
            "complete_to": {
                "$ref": "#/$defs/date",
                "description": "The knowledge horizon: the file holds every fact of its series "
                               "up to this day. A claim about the series dated later is "
                               "unverifiable, not judged against out-of-date data."},
            "attributions": {
                "description": "Who can be credited with a figure, and how the text names them: "
                               "{USGS: [USGS, U.S. Geological Survey]}. Used by values with `by`.",
                "type": "object",
                "additionalProperties": {"type": "array", "minItems": 1,
                                         "items": {"type": "string", "minLength": 1}}},
            "rules": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/rule"}},
        },
        "$defs": definitions,
    }


def render() -> str:
    return json.dumps(assemble(), indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    SCHEMA_FILE.write_text(render(), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}", file=sys.stderr)
