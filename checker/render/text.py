"""The terminal report: one table per file (tabulate), the unchecked claims, a summary line."""
from __future__ import annotations

import textwrap
from typing import Optional

from tabulate import tabulate

from checker.model import DocumentResult

_MARK = {"consistent": "ok", "inconsistent": "WRONG", "unverifiable": "?"}


def render(results: list[DocumentResult], errors: list[str], width: int = 100,
           left_out: Optional[int] = None) -> str:
    blocks: list[str] = []
    for result in results:
        blocks.append(_document(result, width))
    blocks.append(summary_line(results, errors, left_out))
    return "\n\n".join(blocks) + "\n"


def _document(result: DocumentResult, width: int) -> str:
    """Problems first, in full (the message, the suggestion, a waiver's reason); the verified
    claims in one compact list; then what no rule covers. JSON carries every message."""
    date = result.date.isoformat() if result.date else "no date"
    lines = [f"{result.path} ({date})"]
    rows = []
    for finding in result.findings:
        if finding.verdict == "consistent":
            continue
        span = finding.claim.span
        why = finding.message + (f"\nSuggest: {finding.suggestion}" if finding.suggestion else "")
        if finding.suppressed is not None:
            why += f"\nWAIVED: {finding.suppressed}"
        rows.append([
            f"{span.line}:{span.column}",
            f"{_MARK[finding.verdict]} {finding.verdict}"
            + ("\n(waived)" if finding.suppressed is not None else ""),
            finding.severity,
            textwrap.fill(finding.claim.text, 24),
            "\n".join(textwrap.fill(part, max(30, width - 60)) for part in why.split("\n")),
            finding.rule,
        ])
    if rows:
        lines.append(tabulate(rows, headers=["line:col", "verdict", "severity", "claim", "why", "rule"],
                              tablefmt="simple"))
    else:
        lines.append("nothing inconsistent or unverifiable")
    verified = [f for f in result.findings if f.verdict == "consistent"]
    if verified:
        listed = ", ".join(f"{f.claim.span.line}:{f.claim.span.column} {f.claim.text!r} ({f.rule})"
                           for f in verified)
        lines.append(textwrap.fill(f"Verified: {listed}", width))
    unchecked = result.unchecked
    if unchecked:
        listed = ", ".join(f"{c.span.line}:{c.span.column} {c.text!r}" for c in unchecked)
        lines.append(textwrap.fill(f"Unchecked (no rule covers them): {listed}", width))
    for warning in getattr(result, "warnings", ()):
        lines.append(textwrap.fill(f"warning: {result.path}:{warning.line}:{warning.column}: "
                                   f"{warning.message}", width, subsequent_indent="  "))
    return "\n".join(lines)


def summary_line(results: list[DocumentResult], errors: list[str],
                 left_out: Optional[int] = None) -> str:
    claims = sum(len(r.claims) for r in results)
    findings = [f for r in results for f in r.findings]
    counts = {v: sum(1 for f in findings if f.verdict == v) for v in _MARK}
    text = (f"{len(results)} document(s), {claims} claim(s): {counts['consistent']} consistent, "
            f"{counts['inconsistent']} inconsistent, {counts['unverifiable']} unverifiable, "
            f"{claims - len(findings)} unchecked")
    waived = sum(1 for f in findings if f.suppressed is not None)
    if waived:
        text += f"; {waived} waived by a suppression comment"
    warnings = sum(len(getattr(r, "warnings", ())) for r in results)
    if warnings:
        text += f"; {warnings} suppression warning(s)"
    if left_out is not None:
        text += f"; {left_out} finding(s) outside the changed lines left out"
    if errors:
        text += f"; {len(errors)} input error(s)"
    return text
