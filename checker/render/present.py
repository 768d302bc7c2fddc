"""What every format shows the same way: verdict labels, figures as read, the coverage line,
links a page may carry, and the claims of a document in reading order."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Optional
from urllib.parse import urlparse

from checker.model import Claim, DocumentResult, Finding
from checker.render.model import Article, Run, summary
from checker.stages import document as documents
from checker.stages import units
from checker.words import counted

LABELS = {  # verdict -> (icon, label shown next to the claim, longer label)
    "inconsistent": ("✗", "inconsistent", "inconsistent with the reference"),
    "unverifiable": ("?", "unverifiable", "cannot be verified from the article"),
    "consistent": ("✓", "ok", "consistent with the reference"),
    "unchecked": ("○", "no rule", "no rule covers it (unchecked)"),
}

# A claim with its anchor on the page and the finding that judged it (None: unchecked).
Anchored = tuple[str, Claim, Optional[Finding]]


def claims_in_order(result: DocumentResult) -> list[Anchored]:
    """Every claim in reading order (an enclosing claim before those inside it), each with a
    stable anchor ("c1", "c2", ...) and its finding."""
    judged = {id(f.claim): f for f in result.findings}
    ordered = sorted(result.claims, key=lambda c: (c.span.start, -c.span.end, c.text))
    return [(f"c{i}", claim, judged.get(id(claim))) for i, claim in enumerate(ordered, 1)]


def verdict_of(finding: Optional[Finding]) -> str:
    return finding.verdict if finding is not None else "unchecked"


def figure(value: Any, unit: Optional[str]) -> str:
    """A number as people write it (200, not 200.0), with its unit's label."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, float):
        value = round(value, 6)
    if unit is None:
        return str(value)
    label = units.label(unit, value if isinstance(value, (int, float)) else 2)
    return f"{value} {label}".strip()


def expected_text(expected: dict[str, Any]) -> str:
    unit = expected.get("unit")
    if expected.get("range"):
        low, high = expected["range"]
        return figure(low, None) + "–" + figure(high, unit)
    if expected.get("value") is not None:
        return figure(expected["value"], unit)
    return ""


def claimed_text(claim: Claim) -> str:
    """The claim as written, plus the figure it was read as when the words do not show it
    ("two dozen missiles (= 24)", "six-day (= 6 days)")."""
    text = claim.text
    if isinstance(claim.value, (int, float)) and not isinstance(claim.value, bool):
        if figure(claim.value, None) not in text.replace(",", ""):
            text += f" (= {figure(claim.value, claim.unit)})"
    return text


def coverage_line(run: Run) -> str:
    """How much of what the articles claim a rule could check."""
    s = summary(run.results, run.errors)
    claims = s["claims"]
    share = f"{round(100 * s['checked'] / claims)}%" if claims else "n/a"
    return (f"{counted(s['documents'], 'article')}, {counted(claims, 'claim')}: "
            f"{s['consistent']} verified, {s['inconsistent']} inconsistent, "
            f"{s['unverifiable']} unverifiable, {s['unchecked']} unchecked (no rule); "
            f"{s['checked']} of {claims} checked by a rule ({share})")


def web_url(value: Any) -> Optional[str]:
    """`value` when it is an http(s) address a page may link to, else None: front matter and
    rule files are input, and a `javascript:` or `data:` URL must never become a link."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    try:
        parsed = urlparse(url)
    except ValueError:
        return None
    if parsed.scheme.lower() not in ("http", "https") or not parsed.netloc:
        return None
    return url


def host(url: str) -> str:
    return urlparse(url).netloc or url


def source_link(article: Article, out_dir: str | Path) -> Optional[str]:
    """The article's file relative to the report folder (None for stdin and pasted text)."""
    if article.path == documents.STDIN or article.path.startswith("<"):
        return None
    rel = os.path.relpath(os.path.abspath(article.path), os.path.abspath(out_dir))
    return rel.replace(os.sep, "/")
