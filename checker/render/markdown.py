"""`checker report --format md`: Markdown for a pull-request comment (GitHub-flavoured tables).

`index.md` is what to paste into a PR: the coverage line, the per-article table and the
findings table (everything not consistent) and any cross-article disagreement. One page per
article lists all its findings and its unchecked claims.

GitHub renders raw HTML inside Markdown, so article and rule text is escaped: `&`, `<`, `>` as
entities, `|` so it does not split a table cell, and line breaks folded into spaces.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from checker.model import Claim, Finding
from checker.render.model import Article, Run
from checker.render.present import (
    LABELS,
    claimed_text,
    claims_in_order,
    coverage_line,
    expected_text,
    source_link,
)
from checker.words import counted

_MD_SPECIAL = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "\\|", "\\": "\\\\",
                             "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]"})


def cell(text: Any) -> str:
    """Text safe inside a Markdown table cell (or a line of prose)."""
    return " ".join(str("" if text is None else text).split()).translate(_MD_SPECIAL)


def _verdict(verdict: str) -> str:
    icon, label, _ = LABELS[verdict]
    return f"{icon} {label if verdict != 'consistent' else 'consistent'}"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |",
             "|" + "|".join("---:" if h.startswith("#") or h in _NUMERIC else "---" for h in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


_NUMERIC = {"claims", "✓ verified", "✗ inconsistent", "? unverifiable", "○ unchecked", "fired", "waived"}


def _finding_row(claim: Claim, finding: Optional[Finding], article: Optional[str] = None) -> list[str]:
    verdict = finding.verdict if finding else "unchecked"
    row = [f"{claim.span.line}:{claim.span.column}", _verdict(verdict), cell(claimed_text(claim))]
    if finding is None:
        row += ["", "no rule covers this figure", "", ""]
    else:
        if finding.suppressed is not None:
            row[1] += f" (waived: {cell(finding.suppressed)})"
        row += [cell(expected_text(finding.expected)), cell(finding.message),
                f"**{cell(finding.suggestion)}**" if finding.suggestion else "",
                f"`{finding.rule}`"]
    return ([article] if article is not None else []) + row


_FINDING_HEADERS = ["line:col", "verdict", "claimed", "expected", "why", "suggestion", "rule"]


def index(data: Run) -> str:
    out = ["# Fact-check report", "", f"**Coverage:** {cell(coverage_line(data))}", ""]
    any_waived = any(a.waived for a in data.articles)
    rows = [[f"[{cell(a.title)}]({a.slug}.md)<br>`{a.path}`", a.result.date.isoformat() if a.result.date else "",
             str(len(a.result.claims)), str(a.count("consistent")), _count("inconsistent", a),
             _count("unverifiable", a), str(a.count("unchecked"))]
            + ([_count("waived", a)] if any_waived else []) for a in data.articles]
    out += ["## Articles", "", _table(["article", "date", "claims", "✓ verified", "✗ inconsistent",
                                        "? unverifiable", "○ unchecked"]
                                       + (["waived"] if any_waived else []), rows), ""]
    findings = [[f"[{cell(Path(a.path).name)}]({a.slug}.md)", *_finding_row(f.claim, f)[0:]]
                for a in data.articles for f in a.result.findings if f.verdict != "consistent"]
    out += ["## Findings", ""]
    if findings:
        out += [_table(["article", *_FINDING_HEADERS], findings), ""]
    else:
        out += ["No inconsistent or unverifiable claims.", ""]
    out += ["## Cross-article consistency", ""]
    if not data.consistency:
        out += ["No disagreements between articles found.", ""]
    for group in data.consistency:
        out += [f"**{cell(group.key)}** ({cell(group.basis)})", ""]
        out += [_table(["article", "claim", "verdict", "sentence"], [
            [f"`{m.path}`", cell(m.claim.text), _verdict(m.verdict), cell(m.sentence)]
            for m in group.mentions]), ""]
    if data.errors:
        out += ["## Input errors", ""] + [f"- {cell(e)}" for e in data.errors] + [""]
    return "\n".join(out)


def _count(verdict: str, article: Article) -> str:
    n = article.count(verdict)
    return f"**{n}**" if n else "0"


def article_page(data: Run, article: Article, out_dir: str | Path) -> str:
    result = article.result
    date = result.date.isoformat() if result.date else "no date"
    source = source_link(article, out_dir)
    where = f"[`{article.path}`]({source})" if source else f"`{article.path}`"
    counts = ", ".join(f"{article.count(v)} {_verdict(v)}" for v in
                       ("consistent", "inconsistent", "unverifiable", "unchecked"))
    out = [f"# {cell(article.title)}", "", f"{where} ({date}) · [all articles](index.md)", "",
           f"**Coverage:** {counted(len(result.claims), 'claim')}: {counts}", ""]
    rows = [_finding_row(claim, finding) for _, claim, finding in claims_in_order(result)]
    if rows:
        out += [_table(_FINDING_HEADERS, rows), ""]
    else:
        out += ["No claims found.", ""]
    waived = article.waived
    if waived:
        out += [f"## Waived ({len(waived)})", "",
                "Findings an inline `checker: ignore` comment waived, and the reason given.", ""]
        out += [_table(["line:col", "verdict", "claimed", "rule", "reason", "why"], [
            [f"{f.claim.span.line}:{f.claim.span.column}", _verdict(f.verdict),
             cell(claimed_text(f.claim)), f"`{f.rule}`", f"**{cell(f.suppressed)}**", cell(f.message)]
            for f in waived]), ""]
    if article.warnings:
        out += ["## Suppression warnings", ""]
        out += [f"- line {w.line}: {cell(w.message)}" for w in article.warnings] + [""]
    return "\n".join(out)


def pages(data: Run, out_dir: str | Path) -> dict[str, str]:
    files = {"index.md": index(data)}
    for article in data.articles:
        files[f"{article.slug}.md"] = article_page(data, article, out_dir)
    return files
