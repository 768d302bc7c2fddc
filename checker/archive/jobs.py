"""The two archive jobs as the client runs them: `check` (fill or bring the store up to date)
and `impact` (compare a rule change against the store), each with its summary.

A run is recorded in STORE/runs/RUN.json when it starts ("running") and when it ends
("complete", "incomplete" when partitions failed, "interrupted"); a run killed outright stays
"running", and the next one says it resumes it. Resuming needs nothing special: each
partition written is valid by its fingerprints, so the next run skips it.
"""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence

from checker.archive import fingerprint, runner
from checker.archive.impact import Impact
from checker.archive.sources import DEFAULT_PARTITION_SIZE, Layout
from checker.archive.store import Store, StoreError, now
from checker.rules.load import Rule, RuleError, load_rules


@dataclass
class CheckSummary:
    run: str
    store: str
    partitions: int
    articles: int = 0
    checked: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)
    skipped: int = 0
    removed: int = 0
    errors: int = 0
    error_lines: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    verdicts: Counter = field(default_factory=Counter)
    failed: list[tuple[str, str]] = field(default_factory=list)
    resumed: Optional[str] = None
    seconds: float = 0.0
    dashboard: Optional[str] = None

    def add(self, report) -> None:
        self.articles += report.articles
        self.checked.update(report.checked)
        self.rules.update(report.rules)
        self.skipped += report.skipped
        self.removed += report.removed
        self.errors += report.errors
        self.error_lines.extend(report.error_lines)
        self.duplicates.extend(report.duplicates)
        self.verdicts.update(report.verdicts)

    def to_json(self) -> dict[str, Any]:
        return {"run": self.run, "partitions": self.partitions, "articles": self.articles,
                "checked": dict(self.checked), "rules": dict(self.rules), "skipped": self.skipped,
                "removed": self.removed, "errors": self.errors, "duplicates": len(self.duplicates),
                "findings": dict(self.verdicts), "failed": [k for k, _ in self.failed],
                "seconds": round(self.seconds, 2)}

    def render(self) -> str:
        checked = sum(self.checked.values())
        out = [f"archive check: {self.articles:,} articles in {self.partitions:,} partitions "
               f"(store {self.store}, run {self.run})"]
        if self.resumed:
            out.append(f"resumed: the run {self.resumed} did not finish; what it wrote is kept")
        why = ", ".join(f"{n:,} {reason}" for reason, n in self.checked.most_common())
        out.append(f"checked {checked:,}" + (f": {why}" if why else ""))
        if self.rules:
            out.append("  rules that re-checked articles: " + ", ".join(
                f"{unit} ({n:,})" for unit, n in sorted(self.rules.items())))
        out.append(f"skipped {self.skipped:,} unchanged (text, date, the rules that can fire "
                   "in them and the checker are those of their stored result)")
        if self.removed:
            out.append(f"removed {self.removed:,} gone from the source")
        if self.errors:
            out.append(f"errors: {self.errors:,} articles could not be checked (error rows in "
                       "the store):")
            out.extend(f"  {line}" for line in self.error_lines[:10])
        if self.duplicates:
            out.append(f"duplicates: {len(self.duplicates):,} ids appear again in their "
                       f"partition and were skipped (first: {self.duplicates[0]})")
        out.append("findings in the store: " + ", ".join(
            f"{self.verdicts.get(v, 0):,} {v}" for v in ("inconsistent", "unverifiable", "consistent")))
        for key, why in self.failed:
            out.append(f"error: partition {key} failed: {why} (run again to complete it)")
        rate = f", {checked / self.seconds:.1f} articles checked/s" if self.seconds and checked else ""
        out.append(f"time {self.seconds:.1f} s{rate}")
        return "\n".join(out) + "\n"


def _plan(store: Store, source, partition_size: int):
    """The partitions of the source, cut as the store was cut when it was created."""
    layout = None
    if store.exists():
        meta = store.meta()
        if meta["source"] != source.describe():
            raise StoreError(f"{store.path} holds the archive of {_named(meta['source'])}, "
                             f"not of {_named(source.describe())}: use another --store")
        layout = Layout(**meta["layout"])
    partitions, layout = source.plan(layout, partition_size)
    if not store.exists():
        store.create(source.describe(), layout.to_json())
    return partitions


def _named(description: dict) -> str:
    return description.get("path") or f"{description.get('url')} {description.get('query')!r}"


def check(source, store_path: str, rules: list[Rule], scheduler: Optional[str] = None,
          workers: Optional[int] = None, partition_size: int = DEFAULT_PARTITION_SIZE,
          default_date: Optional[dt.date] = None, dashboard: str = ":8787",
          on_dashboard=None) -> CheckSummary:
    """Bring the store up to date with the source and the rules (raises SourceError,
    StoreError; partition failures are in the summary)."""
    store = Store(store_path)
    started = time.monotonic()
    with store.lock():
        partitions = _plan(store, source, partition_size)
        ruleset = fingerprint.RuleSet(rules)
        run = _run_id()
        summary = CheckSummary(run=run, store=str(store.path), partitions=len(partitions))
        unfinished = [r["run"] for r in store.runs() if r.get("status") in ("running", "interrupted")]
        summary.resumed = unfinished[-1] if unfinished else None
        record = {"run": run, "started": now().isoformat(), "status": "running",
                  "rules_version": ruleset.version, "engine": fingerprint.engine_hash(),
                  "pid": os.getpid()}
        store.save_rules(ruleset.version, ruleset.describe())
        store.save_run(record)
        plugin = runner.ArchivePlugin(runner.PLUGIN_PREFIX + run, {"head": rules},
                                      fingerprint.engine_hash())
        job = runner.Job(plugin=plugin.name, store=str(store.path), source=source, run=run,
                         default_date=default_date)
        try:
            with runner.connect(scheduler, workers, dashboard) as client:
                summary.dashboard = runner.dashboard_line(client)
                if on_dashboard and summary.dashboard:
                    on_dashboard(summary.dashboard)
                summary.failed = runner.run_tasks(client, plugin, runner.check_task, partitions,
                                                  job, "archive", summary.add)
        except KeyboardInterrupt:
            store.save_run({**record, "status": "interrupted", "ended": now().isoformat()})
            raise
        if not summary.failed:
            planned = {p.key for p in partitions}
            for key in store.keys():
                if key not in planned:  # a file of the source that is gone, a shorter file
                    summary.removed += store.table_rows(key)
                    store.remove_partition(key)
        if unfinished and not summary.failed:
            for old in unfinished:  # their work is now complete
                store.save_run({**_run(store, old), "status": "resumed by " + run})
        summary.seconds = time.monotonic() - started
        store.save_run({**record, "status": "incomplete" if summary.failed else "complete",
                        "ended": now().isoformat(), "summary": summary.to_json()})
    return summary


def _run(store: Store, run: str) -> dict:
    return next(r for r in store.runs() if r["run"] == run)


def _run_id() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:6]


def impact(store_path: str, rules: list[Rule], base_rules: Optional[list[Rule]], base_name: str,
           source=None, scheduler: Optional[str] = None, workers: Optional[int] = None,
           default_date: Optional[dt.date] = None, dashboard: str = ":8787") -> Impact:
    """The verdicts a change to the rules changes in the archive (raises StoreError)."""
    from checker.archive import sources
    store = Store(store_path)
    meta = store.meta()
    if source is None:
        source = sources.from_description(meta["source"])
    partitions, _ = source.plan(Layout(**meta["layout"]), DEFAULT_PARTITION_SIZE)
    head = fingerprint.RuleSet(rules)
    if base_rules is None:
        engines = set(store.table("articles", ["engine"]).column("engine").drop_null().to_pylist())
        if engines - {fingerprint.engine_hash()}:
            raise StoreError(f"{store.path} was checked by another version of the checker: "
                             "its verdicts would differ for that reason too; pass --base REF to "
                             "compare the rules at REF with yours under this version")
        then = _stored_hashes(store)
    else:
        then = fingerprint.RuleSet(base_rules).hashes
    changed = sorted(u for u in then.keys() | head.hashes.keys() if then.get(u) != head.hashes.get(u))
    result = Impact(store=str(store.path), base=base_name, changed_rules=changed)
    rule_sets = {"head": rules, **({"base": base_rules} if base_rules is not None else {})}
    plugin = runner.ArchivePlugin(runner.PLUGIN_PREFIX + "impact-" + uuid.uuid4().hex[:6],
                                  rule_sets, fingerprint.engine_hash())
    job = runner.Job(plugin=plugin.name, store=str(store.path), source=source, run="impact",
                     default_date=default_date)

    def add(report) -> None:
        result.articles += report.articles
        result.rechecked += report.rechecked
        result.not_compared += report.not_compared
        result.changes.extend(report.changes)

    with runner.connect(scheduler, workers, dashboard) as client:
        failed = runner.run_tasks(client, plugin, runner.impact_task, partitions, job, "impact", add)
    result.failed = [key for key, _ in failed]
    return result


def _stored_hashes(store: Store) -> dict[str, str]:
    """The rule units and hashes of the store's last complete run."""
    import pyarrow.parquet as pq
    complete = [r for r in store.runs() if r.get("status") == "complete"] or store.runs()
    if not complete:
        raise StoreError(f"{store.path}: no run recorded; run `checker archive check` first")
    table = pq.read_table(store.path / "rules" / f"{complete[-1]['rules_version']}.parquet")
    return dict(zip(table.column("unit").to_pylist(), table.column("hash").to_pylist()))


def rules_at(ref: str, paths: Sequence[str]) -> list[Rule]:
    """The rule files under `paths` as they are at the git ref `ref` (raises RuleError)."""
    def git(*args: str, cwd: str) -> str:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise RuleError(ref, 1, 1, f"git {args[0]}: {done.stderr.strip().splitlines()[0] if done.stderr.strip() else 'failed'}")
        return done.stdout

    out = Path(tempfile.mkdtemp(prefix="checker-base-rules-"))
    found = []
    for path in map(os.path.abspath, paths):
        folder = path if os.path.isdir(path) else os.path.dirname(path)
        top = git("rev-parse", "--show-toplevel", cwd=folder).strip()
        relative = os.path.relpath(path, top)
        for name in git("ls-tree", "-r", "--name-only", ref, "--", relative, cwd=top).splitlines():
            if not name.endswith((".yaml", ".yml")):
                continue
            target = out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(git("show", f"{ref}:{name}", cwd=top), "utf-8")
            found.append(target)
    rules, errors = load_rules(found)
    if errors:
        raise errors[0]
    return rules
