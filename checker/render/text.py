"""`--format text`: for `checker check`, one table per file (tabulate), the verified and
unchecked claims and a summary line; for `checker rules lint|test|check`, one line per problem
naming file:line and a summary line."""
from __future__ import annotations

import textwrap
from typing import Optional

from tabulate import tabulate

from checker.model import DocumentResult
from checker.render.model import RulesCheck, Run
from checker.words import counted

_MARK = {"consistent": "ok", "inconsistent": "WRONG", "unverifiable": "?"}


def render(run: Run, width: int = 100) -> str:
    if run.rules_check is not None:
        return _rules(run.rules_check)
    blocks = [_document(result, width) for result in run.results]
    blocks.append(summary_line(run.results, run.errors, run.left_out))
    return "\n\n".join(blocks) + "\n"


def _rules(check: RulesCheck) -> str:
    lines = [f"{e} [load]" for e in check.load_errors]
    lines += [*map(str, check.problems), *map(str, check.failures), *check.diffs]
    parts = [counted(len(check.rules), "rule")]
    if "lint" in check.stages:
        parts.append(counted(len(check.load_errors) + len(check.problems), "lint problem"))
    if "examples" in check.stages:
        parts.append(f"{counted(check.examples_run, 'example')} with "
                     f"{counted(len(check.failures), 'failure')}")
    if "corpus" in check.stages:
        parts.append(f"{counted(check.corpus_articles, 'corpus article')} with "
                     f"{counted(len(check.diffs), 'difference')}")
    lines.append(f"rules {check.command}: " + ", ".join(parts))
    return "".join(f"{line}\n" for line in lines)


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
    for warning in result.warnings:
        lines.append(textwrap.fill(f"warning: {result.path}:{warning.line}:{warning.column}: "
                                   f"{warning.message}", width, subsequent_indent="  "))
    return "\n".join(lines)


def summary_line(results: list[DocumentResult], errors: list[str],
                 left_out: Optional[int] = None) -> str:
    claims = sum(len(r.claims) for r in results)
    findings = [f for r in results for f in r.findings]
    counts = {v: sum(1 for f in findings if f.verdict == v) for v in _MARK}
    text = (f"{counted(len(results), 'document')}, {counted(claims, 'claim')}: "
            f"{counts['consistent']} consistent, "
            f"{counts['inconsistent']} inconsistent, {counts['unverifiable']} unverifiable, "
            f"{claims - len(findings)} unchecked")
    waived = sum(1 for f in findings if f.suppressed is not None)
    if waived:
        text += f"; {waived} waived by a suppression comment"
    warnings = sum(len(r.warnings) for r in results)
    if warnings:
        text += f"; {counted(warnings, 'suppression warning')}"
    if left_out is not None:
        text += f"; {counted(left_out, 'finding')} outside the changed lines left out"
    if errors:
        text += f"; {counted(len(errors), 'input error')}"
    return text
