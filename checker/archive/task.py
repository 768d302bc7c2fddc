"""One partition on a worker: read it, keep what is still valid, check the rest, write it.

Plain functions of (partition, source, store, checker, rules): the Dask runner calls them with
the worker's loaded checker, and tests can call them directly. A task is idempotent: run twice
(a worker died after writing, a client resumed), it writes the same rows again.
"""
from __future__ import annotations

import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

import pyarrow as pa
import pyarrow.compute as pc

from checker.archive import fingerprint
from checker.archive.sources import Article, Partition
from checker.archive.store import SCHEMAS, Store, now
from checker.model import SEVERITIES, DocumentResult, Finding
from checker.pipeline import Checker

BATCH = 16  # articles per pipeline pass, as `checker check` batches them
MAX_ERROR_LINES = 20  # error lines a partition reports back; all are rows in the store

# Why an article is checked, in the order a reason is looked for.
NEW, ERRORED, CHANGED, ENGINE, RULES, TORN = (
    "new", "errored before", "text or date changed", "checker changed", "rules changed",
    "partition half-written")


@dataclass
class Engine:
    """What a worker loads once: the rules with their triggers and hashes, and a Checker.
    A lock keeps one check at a time per worker process (spaCy work holds the GIL anyway)."""

    rules: fingerprint.RuleSet
    checker: Checker
    engine: str
    lock: threading.Lock = field(default_factory=threading.Lock)

    def check(self, articles: list[Article]) -> list[tuple[Article, Optional[DocumentResult], Optional[str]]]:
        """Each article with its result, or with the error that stopped its check: a batch that
        fails is re-run one article at a time, so one bad article fails alone."""
        out = []
        with self.lock:
            for start in range(0, len(articles), BATCH):
                batch = articles[start:start + BATCH]
                try:
                    results = self.checker.check_documents([a.document for a in batch])
                    out.extend((a, r, None) for a, r in zip(batch, results))
                    continue
                except Exception:  # noqa: BLE001 - isolated below, article by article
                    pass
                for article in batch:
                    try:
                        out.append((article, self.checker.check_document(article.document), None))
                    except Exception as err:  # noqa: BLE001 - one article's error is its row
                        out.append((article, None, f"{article.id}: the checker failed on this "
                                    f"article ({type(err).__name__}: {err})"))
        return out


@dataclass
class PartitionReport:
    """What a task did, sent back to the client for the run's summary."""

    key: str
    articles: int = 0
    checked: Counter = field(default_factory=Counter)  # reason -> articles
    rules: Counter = field(default_factory=Counter)  # rule unit -> articles it re-checked
    skipped: int = 0
    removed: int = 0
    errors: int = 0
    error_lines: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    verdicts: Counter = field(default_factory=Counter)  # of the findings now in the partition
    written: bool = False
    seconds: float = 0.0


def check_partition(partition: Partition, source: Any, store: Store, engine: Engine,
                    run: str, default_date=None) -> PartitionReport:
    started = time.monotonic()
    report = PartitionReport(key=partition.key)
    old = store.read_partition(partition.key)
    torn = old["articles"] is not None and store.partition_state(partition.key) == "torn"
    before = {row["id"]: row for row in old["articles"].to_pylist()} if old["articles"] else {}

    articles = _unique(source.read(partition), report)
    report.articles = len(articles)
    to_check: list[Article] = []
    hashes: dict[str, tuple[str, list[str]]] = {}
    kept: list[dict] = []
    for article in articles:
        if article.document is not None and article.document.date is None:
            article.document.date = default_date
        if article.error is not None:
            continue
        content = fingerprint.content_hash(article.document.text, article.document.date)
        rules = engine.rules.fingerprint(article.document)
        hashes[article.id] = (content, rules)
        reason = _reason(before.get(article.id), content, rules, engine.engine, torn)
        if reason is None:
            report.skipped += 1
            kept.append(_refreshed(before[article.id], article))
            continue
        report.checked[reason] += 1
        if reason == RULES:
            units = fingerprint.changed_units(before[article.id]["rules"] or [], rules)
            for unit in units or [fingerprint.REORDERED]:
                report.rules[unit] += 1
        to_check.append(article)

    current = {a.id for a in articles}
    report.removed = sum(1 for article_id in before if article_id not in current)
    stamp = now()
    new_articles, new_findings, new_claims = [], [], []
    for article in (a for a in articles if a.error is not None):
        new_articles.append(_article_row(article, partition.key, run, stamp, error=article.error))
    for article, result, error in engine.check(to_check):
        content, rules = hashes[article.id]
        if result is None:
            new_articles.append(_article_row(article, partition.key, run, stamp, error=error))
            continue
        new_articles.append(_article_row(article, partition.key, run, stamp, result=result,
                                         content=content, rules=rules, engine=engine.engine))
        new_findings.extend(finding_row(f, article.id, partition.key, article.date)
                            for f in result.findings)
        new_claims.extend(_claim_rows(result, article.id, partition.key))
    errors = [row for row in new_articles if row["status"] == "error"]
    report.errors = len(errors)
    report.error_lines = [row["error"] for row in errors[:MAX_ERROR_LINES]]

    refreshed = any(row is not before.get(row["id"]) for row in kept)
    changed = bool(new_articles) or report.removed or torn or refreshed
    findings = old["findings"]
    if not articles:
        if before:
            store.remove_partition(partition.key)
            report.written = True
        findings = None
    elif changed:
        keep_ids = pa.array([row["id"] for row in kept], pa.string())
        findings = _merged(old["findings"], keep_ids, new_findings, "findings")
        store.write_partition(partition.key, {
            "articles": pa.Table.from_pylist(kept + new_articles, SCHEMAS["articles"]),
            "findings": findings,
            "claims": _merged(old["claims"], keep_ids, new_claims, "claims"),
        })
        report.written = True
    if findings is not None:
        report.verdicts.update(findings.column("verdict").to_pylist())
    report.seconds = time.monotonic() - started
    return report


def _unique(articles: Iterable[Article], report: PartitionReport) -> list[Article]:
    """The source's articles, each id once (the first); later copies are reported."""
    seen, out = set(), []
    for article in articles:
        if article.id in seen:
            report.duplicates.append(article.id)
            continue
        seen.add(article.id)
        out.append(article)
    return out


def _reason(before: Optional[dict], content: str, rules: list[str], engine: str,
            torn: bool) -> Optional[str]:
    if torn:
        return TORN
    if before is None:
        return NEW
    if before["status"] != "checked":
        return ERRORED
    if before["content_hash"] != content:
        return CHANGED
    if before["engine"] != engine:
        return ENGINE
    if list(before["rules"] or ()) != rules:  # in rule order: the order breaks ties
        return RULES
    return None


def _refreshed(row: dict, article: Article) -> dict:
    """A kept row with the title, url and section as the source has them now (they do not
    change a finding, so a new title is no reason to re-check)."""
    now_meta = {"title": article.title, "url": article.url, "section": article.section}
    if all(row[k] == v for k, v in now_meta.items()):
        return row
    return {**row, **now_meta}


def _merged(old: Optional[pa.Table], keep_ids: pa.Array, rows: list[dict], name: str) -> pa.Table:
    fresh = pa.Table.from_pylist(rows, SCHEMAS[name])
    if old is None:
        return fresh
    kept = old.filter(pc.is_in(old.column("id"), value_set=keep_ids)).cast(SCHEMAS[name])
    return pa.concat_tables([kept, fresh])


def _article_row(article: Article, key: str, run: str, stamp, result: Optional[DocumentResult] = None,
                 content: Optional[str] = None, rules: Optional[list[str]] = None,
                 engine: Optional[str] = None, error: Optional[str] = None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": article.id, "partition": key, "title": article.title, "url": article.url,
        "section": article.section, "date": article.date, "checked_at": stamp, "run": run,
        "content_hash": content, "engine": engine, "rules": rules,
        "status": "error" if result is None else "checked", "error": error}
    if result is not None:
        live = [f for f in result.findings if f.suppressed is None]
        bad = [f for f in live if f.verdict == "inconsistent"]
        row.update(claims=len(result.claims), findings=len(result.findings),
                   inconsistent=len(bad), unverifiable=sum(f.verdict == "unverifiable" for f in live),
                   consistent=sum(f.verdict == "consistent" for f in live),
                   waived=len(result.findings) - len(live),
                   worst=max((f.severity for f in bad), key=SEVERITIES.index, default=None))
    return row


def finding_row(finding: Finding, article_id: str, key: str, date) -> dict[str, Any]:
    data = finding.to_json()
    span = data["span"]
    return {"id": article_id, "partition": key, "date": date, "rule": data["rule"],
            "verdict": data["verdict"], "severity": data["severity"], "text": data["text"],
            "start": span["start"], "end": span["end"], "line": span["line"],
            "column": span["column"], "message": data["message"],
            "suggestion": data["suggestion"], "diagnosis": data.get("diagnosis"),
            "claimed": _json(data["claimed"]), "expected": _json(data["expected"]),
            "sources": data["sources"],
            "suppressed": (data.get("suppressed") or {}).get("reason")}


def _claim_rows(result: DocumentResult, article_id: str, key: str) -> list[dict[str, Any]]:
    judged = {id(f.claim) for f in result.findings}
    rows = []
    for claim in result.claims:
        data = claim.to_json()
        span = data["span"]
        rows.append({"id": article_id, "partition": key, "kind": data["kind"],
                     "text": data["text"], "start": span["start"], "end": span["end"],
                     "line": span["line"], "column": span["column"],
                     "value": _json(data["value"]), "unit": data["unit"],
                     "subject": data["subject"], "judged": id(claim) in judged})
    return rows


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)
