"""`--format sarif`: SARIF 2.1.0, what GitHub code scanning and other CI dashboards ingest."""
from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from checker.version import __version__
from checker.render import diagnostics
from checker.render.diagnostics import Descriptor, Diagnostic, Report
from checker.render.model import Run

SARIF_SCHEMA = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"


def payload(report: Report) -> dict[str, Any]:
    # waived findings stay results, marked suppressed in source, so dashboards can audit them
    results = [d for d in report.diagnostics if d.reported or d.suppressed is not None]
    used = {d.rule for d in results}
    rules = [_descriptor(d) for d in report.descriptors.values()]
    # Every ruleId a result names must be described, even one no builder knew about.
    rules += [{"id": rule, "shortDescription": {"text": rule}}
              for rule in sorted(used - report.descriptors.keys())]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "checker", "version": __version__, "rules": rules}},
            # Columns count characters (Python str indices), not UTF-16 code units.
            "columnKind": "unicodeCodePoints",
            "results": [_result(d) for d in results],
        }],
    }


def _descriptor(descriptor: Descriptor) -> dict[str, Any]:
    out: dict[str, Any] = {"id": descriptor.id,
                           "shortDescription": {"text": descriptor.description or descriptor.id}}
    if descriptor.help_uri:
        out["helpUri"] = descriptor.help_uri
    return out


def _result(diagnostic: Diagnostic) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": max(diagnostic.line, 1),
                              "startColumn": max(diagnostic.column, 1)}
    if diagnostic.offset is not None and diagnostic.length is not None:
        region.update(charOffset=diagnostic.offset, charLength=diagnostic.length)
    out: dict[str, Any] = {
        "ruleId": diagnostic.rule,
        "level": diagnostic.level,
        "message": {"text": diagnostic.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": _uri(diagnostic.path)},
            "region": region,
        }}],
    }
    if diagnostic.suppressed is not None:
        out["suppressions"] = [{"kind": "inSource", "status": "accepted",
                                "justification": diagnostic.suppressed}]
    return out


def _uri(path: str) -> str:
    """The path as given, made a URI reference (forward slashes, reserved characters escaped)."""
    return quote(path.replace("\\", "/"), safe="/")


def render(run: Run) -> str:
    report = diagnostics.of(run)
    return json.dumps(payload(report), indent=2, ensure_ascii=False) + "\n"
