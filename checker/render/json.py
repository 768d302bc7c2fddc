"""`--format json`: the machine-readable contract (schema_version 1, see schemas/output.schema.json)."""
from __future__ import annotations

import json
from typing import Any, Optional

from checker.model import DocumentResult

SCHEMA_VERSION = 1


def document(result: DocumentResult) -> dict[str, Any]:
    return result.to_json()


def summary(results: list[DocumentResult], errors: list[str]) -> dict[str, Any]:
    findings = [f for r in results for f in r.findings]
    claims = sum(len(r.claims) for r in results)
    return {
        "documents": len(results),
        "claims": claims,
        "checked": len(findings),
        "consistent": sum(f.verdict == "consistent" for f in findings),
        "inconsistent": sum(f.verdict == "inconsistent" for f in findings),
        "unverifiable": sum(f.verdict == "unverifiable" for f in findings),
        "unchecked": claims - len(findings),
        "errors": len(errors),
        "suppressed": sum(f.suppressed is not None for f in findings),
        "warnings": sum(len(getattr(r, "warnings", ())) for r in results),
    }


def payload(results: list[DocumentResult], errors: list[str],
            left_out: Optional[int] = None) -> dict[str, Any]:
    """`left_out`: findings outside the lines changed (`--changed-since`), in the summary."""
    out = {
        "schema_version": SCHEMA_VERSION,
        "documents": [document(r) for r in results],
        "errors": [{"message": e} for e in errors],
        "summary": summary(results, errors),
    }
    if left_out is not None:
        out["summary"]["left_out"] = left_out
    return out


def render(results: list[DocumentResult], errors: list[str], left_out: Optional[int] = None) -> str:
    return json.dumps(payload(results, errors, left_out), indent=2, ensure_ascii=False) + "\n"
