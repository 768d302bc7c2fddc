"""Inline suppressions: `<!-- checker: ignore RULE_ID -- reason -->`.

An editor who knows better than a rule (a quotation that must stay as spoken, a figure the desk
has verified elsewhere) waives one finding in the article itself, with the reason, so a desk
chief can audit what was waived and why. The comment is HTML, so rendered Markdown hides it; the
same syntax works in `.txt`.

- It applies to findings of the named rule(s) whose claim starts on the comment's own line or
  on the line after it. Several rules: `ignore rule.a, rule.b -- reason`.
- Only findings that would count (inconsistent, unverifiable) are waived; a waived finding keeps
  its verdict and gains `suppressed` (the reason). It no longer counts for the exit code.
- A comment without a reason, naming an unknown rule, or waiving nothing is itself reported as a
  warning (a `Notice` on the DocumentResult) and, without a reason, waives nothing.
- Claims found inside a checker comment (figures in the reason) are not article text: dropped.

`parse` reads comments from the document text (exact lines from the Document); `apply` runs on
a DocumentResult after the components, from `Checker.check_document`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable

from checker.stages.document import Document
from checker.model import DocumentResult, Notice, Span

# Any HTML comment that starts with "checker:" is ours; the body is parsed separately so a
# malformed one ("checker: ignre x") is reported instead of silently skipped.
_COMMENT = re.compile(r"<!--\s*checker\s*:(?P<body>.*?)-->", re.DOTALL | re.IGNORECASE)
_IGNORE = re.compile(r"^\s*ignore\b(?P<rules>.*?)(?:\s--(?P<reason>.*))?$", re.DOTALL | re.IGNORECASE)
_RULE_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")


@dataclass(frozen=True)
class Suppression:
    rules: tuple[str, ...]
    reason: str  # "" when missing
    line: int  # where the comment starts (1-based)
    column: int
    end_line: int  # where it ends: the next line is covered too
    start: int  # character offsets of the whole comment in the file
    end: int
    problem: str = ""  # why it is malformed (then it waives nothing)


def parse(document: Document) -> list[Suppression]:
    """Every `<!-- checker: ... -->` comment in the body (front matter is YAML, not text)."""
    found: list[Suppression] = []
    for match in _COMMENT.finditer(document.text, document.body_start):
        line, column = document.position(match.start())
        end_line, _ = document.position(match.end() - 1)
        body = " ".join(match.group("body").split())
        ignore = _IGNORE.match(body)
        if ignore is None:
            found.append(Suppression((), "", line, column, end_line, match.start(), match.end(),
                                     problem=f"unknown checker comment {body!r}: expected "
                                             "'ignore RULE_ID -- reason'"))
            continue
        rules = tuple(r for r in re.split(r"[\s,]+", ignore.group("rules").strip()) if r)
        reason = (ignore.group("reason") or "").strip()
        problem = ""
        if not rules:
            problem = "names no rule: write 'ignore RULE_ID -- reason'"
        elif bad := [r for r in rules if not _RULE_ID.match(r)]:
            problem = f"{', '.join(map(repr, bad))} is not a rule id"
        elif not reason:
            problem = (f"ignore {', '.join(rules)} has no reason: write "
                       f"'<!-- checker: ignore {rules[0]} -- why -->'; nothing was waived")
        found.append(Suppression(rules, reason, line, column, end_line, match.start(),
                                 match.end(), problem=problem))
    return found


def apply(document: Document, result: DocumentResult, rule_ids: Iterable[str]) -> DocumentResult:
    """Waive the findings the document's comments name; report malformed or idle comments."""
    comments = parse(document)
    if not comments:
        return result
    known = set(rule_ids)
    inside = [(c.start, c.end) for c in comments]

    def in_comment(span: Span) -> bool:
        return any(start <= span.start and span.end <= end for start, end in inside)

    dropped = {id(c) for c in result.claims if in_comment(c.span)}
    result.claims = [c for c in result.claims if id(c) not in dropped]
    result.findings = [f for f in result.findings if id(f.claim) not in dropped]

    notices: list[Notice] = []
    for comment in comments:
        if comment.problem:
            notices.append(Notice(comment.line, comment.column, f"suppression {comment.problem}"))
            continue
        unknown = [r for r in comment.rules if r not in known]
        for rule in unknown:
            notices.append(Notice(comment.line, comment.column,
                                  f"suppression names unknown rule {rule!r}"))
        used = False
        for index, finding in enumerate(result.findings):
            if finding.rule not in comment.rules or finding.verdict == "consistent":
                continue
            if not comment.line <= finding.claim.span.line <= comment.end_line + 1:
                continue
            used = True
            if finding.suppressed is None:
                result.findings[index] = replace(finding, suppressed=comment.reason)
        if not used and not unknown:
            notices.append(Notice(comment.line, comment.column,
                                  f"suppression of {', '.join(comment.rules)} waives nothing: no "
                                  "inconsistent or unverifiable finding of that rule on this line "
                                  "or the next"))
    result.warnings.extend(notices)
    result.warnings.sort(key=lambda n: (n.line, n.column))
    return result
