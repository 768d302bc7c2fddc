"""`checker rules impact`: the archived articles whose verdicts a change to the rules changes.

The baseline is what the store holds, or, with `--base REF`, the rules at a git ref. Only the
articles where the old or the new version of a changed rule can fire are checked again (their
fingerprints differ); every other article keeps its verdicts by construction. Each of those
is checked with the new rules (and with the base rules where the store's result is not the
base's) and its findings compared, keyed by rule and span:

- new: a finding the new rules make and the old did not;
- gone: one the old rules made and the new do not;
- changed: the same rule on the same words with another verdict, severity, reference value
  or suggestion.

Nothing is written to the store. The outputs: text, Markdown for a pull-request comment, JSON,
and SARIF (one result per new or changed inconsistent finding, at the article's id).
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any, Optional

from checker.archive import fingerprint
from checker.archive.sources import Partition
from checker.archive.store import Store
from checker.archive.task import Engine, finding_row

COMPARED = ("verdict", "severity", "expected", "suggestion")
SHOWN = ("rule", "verdict", "severity", "text", "line", "column", "message", "suggestion")


@dataclass
class ArticleImpact:
    id: str
    title: Optional[str]
    url: Optional[str]
    date: Optional[str]
    new: list[dict] = field(default_factory=list)
    gone: list[dict] = field(default_factory=list)
    changed: list[tuple[dict, dict]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "url": self.url, "date": self.date,
                "new": self.new, "gone": self.gone,
                "changed": [{"before": b, "after": a} for b, a in self.changed]}


@dataclass
class PartitionImpact:
    key: str
    articles: int = 0
    rechecked: int = 0  # articles where a changed rule can fire
    not_compared: int = 0  # new or edited since the store's run, or errors: no baseline
    changes: list[ArticleImpact] = field(default_factory=list)
    seconds: float = 0.0


def impact_partition(partition: Partition, source: Any, store: Store, head: Engine,
                     base: Optional[Engine], default_date=None) -> PartitionImpact:
    started = time.monotonic()
    report = PartitionImpact(key=partition.key)
    old = store.read_partition(partition.key)
    before = {row["id"]: row for row in old["articles"].to_pylist()} if old["articles"] else {}
    stored: dict[str, list[dict]] = {}
    if old["findings"] is not None:
        for row in old["findings"].to_pylist():
            stored.setdefault(row["id"], []).append(row)
    todo = []
    for article in source.read(partition):
        report.articles += 1
        row = before.get(article.id)
        if article.document is not None and article.document.date is None:
            article.document.date = default_date
        if article.error is not None or row is None or row["status"] != "checked" or \
                row["content_hash"] != fingerprint.content_hash(article.document.text,
                                                                article.document.date):
            report.not_compared += 1
            continue
        now_rules = head.rules.fingerprint(article.document)
        then_rules = base.rules.fingerprint(article.document) if base else row["rules"] or []
        if now_rules == list(then_rules):
            continue
        valid = row["engine"] == head.engine and list(row["rules"] or ()) == list(then_rules)
        todo.append((article, row, stored.get(article.id, []), valid))
    report.rechecked = len(todo)
    after = dict((a.id, r) for a, r, _ in head.check([t[0] for t in todo]))
    rebase = [t[0] for t in todo if not t[3]]
    earlier = dict((a.id, r) for a, r, _ in base.check(rebase)) if base and rebase else {}
    for article, row, findings, valid in todo:
        then = findings if valid else _rows(earlier.get(article.id), article)
        now = _rows(after.get(article.id), article)
        change = compare(article.id, row, then, now)
        if change is not None:
            report.changes.append(change)
    report.seconds = time.monotonic() - started
    return report


def _rows(result, article) -> list[dict]:
    if result is None:
        return []
    return [finding_row(f, article.id, "", article.date) for f in result.findings]


def compare(article_id: str, row: dict, before: list[dict], after: list[dict]) -> Optional[ArticleImpact]:
    def keyed(rows):
        return {(r["rule"], r["start"], r["end"]): r for r in rows}

    then, now = keyed(before), keyed(after)
    impact = ArticleImpact(id=article_id, title=row.get("title"), url=row.get("url"),
                           date=row["date"].isoformat() if row.get("date") else None)
    for key in sorted(now.keys() - then.keys()):
        impact.new.append(_shown(now[key]))
    for key in sorted(then.keys() - now.keys()):
        impact.gone.append(_shown(then[key]))
    for key in sorted(now.keys() & then.keys()):
        if any(now[key][c] != then[key][c] for c in COMPARED):
            impact.changed.append((_shown(then[key]), _shown(now[key])))
    return impact if impact.new or impact.gone or impact.changed else None


def _shown(row: dict) -> dict:
    out = {k: row[k] for k in SHOWN}
    out["expected"] = json.loads(row["expected"]) if isinstance(row["expected"], str) else row["expected"]
    return out


# --- the whole impact and its outputs ----------------------------------------------------------

@dataclass
class Impact:
    store: str
    base: str  # "the store" or "REF"
    changed_rules: list[str]  # units whose hash differs between the baseline and now
    articles: int = 0
    rechecked: int = 0
    not_compared: int = 0
    changes: list[ArticleImpact] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # partitions that could not be compared

    def counts(self) -> dict[str, int]:
        return {"new": sum(len(c.new) for c in self.changes),
                "gone": sum(len(c.gone) for c in self.changes),
                "changed": sum(len(c.changed) for c in self.changes)}

    def to_json(self) -> dict[str, Any]:
        return {"store": self.store, "base": self.base, "changed_rules": self.changed_rules,
                "articles": self.articles, "rechecked": self.rechecked,
                "not_compared": self.not_compared, "findings": self.counts(),
                "articles_changed": [c.to_json() for c in sorted(self.changes, key=lambda c: c.id)],
                "failed_partitions": self.failed}


def _line(row: dict) -> str:
    where = f"{row['line']}:{row['column']}"
    return f"{where} {row['verdict']} {row['rule']} '{row['text']}'"


def render_text(impact: Impact) -> str:
    counts = impact.counts()
    out = [f"rules impact on {impact.store} (baseline: {impact.base})",
           f"changed rules: {', '.join(impact.changed_rules) or 'none'}",
           f"{impact.articles} archived articles; {impact.rechecked} where a changed rule can "
           f"fire were checked again; {len(impact.changes)} change verdicts "
           f"({counts['new']} new, {counts['gone']} gone, {counts['changed']} changed findings)"]
    if impact.not_compared:
        out.append(f"{impact.not_compared} not compared (new, edited or unreadable since the "
                   "store's last run: run `checker archive check` first)")
    for change in sorted(impact.changes, key=lambda c: c.id):
        out.append(f"\n{change.id}" + (f" ({change.date})" if change.date else "")
                   + (f" {change.title}" if change.title else ""))
        out.extend(f"  + new      {_line(r)}" for r in change.new)
        out.extend(f"  - gone     {_line(r)}" for r in change.gone)
        out.extend(f"  ~ changed  {_line(b)} -> {a['verdict']} ({a['message']})"
                   for b, a in change.changed)
    for key in impact.failed:
        out.append(f"error: partition {key} could not be compared")
    return "\n".join(out) + "\n"


def _md(text: Any) -> str:
    """Markdown table cells: no pipes or newlines, and no HTML from an article."""
    return (str(text if text is not None else "").replace("\\", "\\\\").replace("|", "\\|")
            .replace("<", "&lt;").replace(">", "&gt;").replace("\n", " "))


def render_markdown(impact: Impact, limit: int = 100) -> str:
    counts = impact.counts()
    out = ["### Rule change impact on the archive",
           "",
           f"Changed rules: {', '.join(f'`{u}`' for u in impact.changed_rules) or 'none'} "
           f"(baseline: {_md(impact.base)}).",
           "",
           f"**{len(impact.changes)}** of {impact.articles} archived articles change verdicts: "
           f"{counts['new']} new, {counts['gone']} gone and {counts['changed']} changed findings "
           f"({impact.rechecked} articles where a changed rule can fire were checked again)."]
    if impact.not_compared:
        out += ["", f"{impact.not_compared} articles were not compared (new or edited since the "
                    "archive run)."]
    if impact.changes:
        out += ["", "| article | change | rule | claim | verdict | message |",
                "|---|---|---|---|---|---|"]
        rows = 0
        for change in sorted(impact.changes, key=lambda c: c.id):
            name = f"[{_md(change.id)}]({change.url})" if change.url else _md(change.id)
            entries = [("new", None, r) for r in change.new] + [("gone", r, None) for r in change.gone] \
                + [("changed", b, a) for b, a in change.changed]
            for kind, before, after in entries:
                rows += 1
                if rows > limit:
                    break
                shown = after or before
                verdict = shown["verdict"] if kind != "changed" else \
                    f"{before['verdict']} → {after['verdict']}"
                out.append(f"| {name} | {kind} | `{_md(shown['rule'])}` | {_md(shown['text'])} | "
                           f"{_md(verdict)} | {_md(shown['message'])} |")
        if rows > limit:
            out += ["", f"… and {rows - limit} more rows (see the JSON output)."]
    return "\n".join(out) + "\n"


def render_json(impact: Impact) -> str:
    return json.dumps(impact.to_json(), indent=2, default=str) + "\n"


def render_sarif(impact: Impact) -> str:
    """SARIF 2.1.0: one result per new or changed finding, located at the archived article."""
    results = []
    for change in sorted(impact.changes, key=lambda c: c.id):
        for kind, row in [("new", r) for r in change.new] + [("changed", a) for _, a in change.changed]:
            level = {"error": "error", "warning": "warning"}.get(row["severity"], "note") \
                if row["verdict"] == "inconsistent" else "note"
            results.append({
                "ruleId": row["rule"], "level": level,
                "message": {"text": f"{kind} in the archive: {row['verdict']}: {row['message']}"},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": change.url or change.id},
                    "region": {"startLine": row["line"], "startColumn": row["column"]}}}]})
    sarif = {"version": "2.1.0",
             "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
             "runs": [{"tool": {"driver": {"name": "checker rules impact",
                                           "rules": [{"id": u} for u in impact.changed_rules]}},
                       "results": results}]}
    return json.dumps(sarif, indent=2) + "\n"


RENDER = {"text": render_text, "markdown": render_markdown, "json": render_json,
          "sarif": render_sarif}
