#!/usr/bin/env python3
"""`checker archive check` on 1 and 2 Dask workers, and an incremental re-run after a rule change.

Run from the repository root (needs the `archive` extra; the full run takes about 40 minutes on
this project's 2-core machine):

    python benchmarks/archive.py                  # 20,000 generated articles
    python benchmarks/archive.py --articles 400   # a smoke run
    python benchmarks/archive.py --json benchmarks/archive.json

What is measured, each as the command line a newsroom would run (`checker archive check` in a
subprocess, its wall time: cluster start, the pipeline loaded on each worker, reading, checking
and writing the store):

1. a full run into an empty store on the embedded cluster with `--workers 1`, then with
   `--workers 2` into another store; articles/s = articles / wall time; scaling efficiency =
   (rate with 2) / (2 x rate with 1); the two stores must hold the same findings;
2. memory: the largest resident set size of each worker process during the 2-worker run
   (sampled every 0.5 s with psutil over the subprocess's descendants);
3. a re-run with nothing changed (the floor: start-up, reading and hashing every article);
4. incremental re-runs after a one-rule change, each on a copy of the 2-worker store: the EEZ
   breadth rule's value (a narrow rule: its subject is the EEZ), and a missile-range rule (a
   broad one: "missile" is in many foreign-news stories); their time against the full run's,
   and how many articles each re-checked;
5. on paper: the workers needed to re-check 10 million articles in one hour at the measured
   per-worker rate and scaling efficiency.

The articles come from benchmarks/newsgen.py (templates written for it, no dataset text),
seed 20170903: business, sport, local, weather and science copy with figures that no rule
covers, and one story in five on the rules' topics (DPRK tests and missiles, maritime zones,
foreign ministers), some of them wrong.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import pyarrow.dataset as ds

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import newsgen  # noqa: E402

# The one-rule edits: (label, rule file, rule id, the YAML text replaced, its replacement).
EDITS = (
    ("narrow: unclos.eez.breadth 200 -> 190 nmi", "unclos.yaml", "unclos.eez.breadth",
     "- value: 200", "- value: 190"),
    ("broad: a missile-range rule, tolerance 5% -> 6%", "dprk_missiles.yaml", None,
     "tolerance: 5%", "tolerance: 6%"),
)


class PeakMemory:
    """The largest RSS of each descendant of a process, sampled while it runs."""

    def __init__(self, pid: int):
        self.root = psutil.Process(pid)
        self.peaks: dict[int, tuple[str, int]] = {}
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while not self.done.is_set():
            try:
                for child in self.root.children(recursive=True):
                    try:
                        rss = child.memory_info().rss
                        line = " ".join(child.cmdline())
                    except psutil.Error:
                        continue
                    if rss > self.peaks.get(child.pid, ("", 0))[1]:
                        self.peaks[child.pid] = (line, rss)
            except psutil.Error:
                pass
            self.done.wait(0.5)

    def workers(self) -> list[int]:
        """Peak RSS of the worker processes (spawned by multiprocessing, which is how
        LocalCluster starts them)."""
        self.done.set()
        self.thread.join()
        return sorted(rss for line, rss in self.peaks.values() if "spawn_main" in line)


def run(args: list[str], memory: bool = False) -> tuple[float, str, list[int]]:
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "checker", "archive", "check", *args],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env={**os.environ, "CI": "1"})
    sampler = PeakMemory(process.pid) if memory else None
    out, err = process.communicate()
    seconds = time.monotonic() - started
    if process.returncode != 0:
        sys.exit(f"archive check failed ({process.returncode}):\n{out}\n{err}")
    return seconds, out, sampler.workers() if sampler else []


def checked(summary: str) -> int:
    line = next(l for l in summary.splitlines() if l.startswith("checked "))
    return int(line.split()[1].rstrip(":").replace(",", ""))


def findings(store: Path) -> list[tuple]:
    table = ds.dataset(store / "findings", format="parquet").to_table(
        columns=["id", "rule", "start", "end", "verdict", "message"])
    return sorted(zip(*(table.column(c).to_pylist() for c in table.column_names)))


def edited_rules(work: Path, edit) -> Path:
    label, file, rule_id, old, new = edit
    rules = work / f"rules-{file}"
    shutil.rmtree(rules, ignore_errors=True)
    shutil.copytree(REPO / "rules", rules)
    path = rules / file
    text = path.read_text("utf-8")
    at = text.index(f"id: {rule_id}") if rule_id else 0
    where = text.index(old, at)
    path.write_text(text[:where] + new + text[where + len(old):], "utf-8")
    return rules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--keep", type=Path, help="work in this directory and keep it")
    options = parser.parse_args()
    work = options.keep or Path(tempfile.mkdtemp(prefix="checker-archive-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    source = work / "archive.jsonl"
    newsgen.write_jsonl(newsgen.generate(options.articles), source)
    n = options.articles
    print(f"{n:,} generated articles, {source.stat().st_size / n:,.0f} bytes each on average; "
          f"{os.cpu_count()} cores, {platform.python_version()}, {platform.platform()}")

    figures: dict = {"articles": n, "cores": os.cpu_count()}
    rates = {}
    for workers in (1, 2):
        store = work / f"store-{workers}"
        shutil.rmtree(store, ignore_errors=True)
        seconds, out, memory = run([str(source), "--store", str(store), "--workers", str(workers)],
                                   memory=workers == 2)
        rates[workers] = n / seconds
        figures[f"full_{workers}"] = {"seconds": round(seconds, 1), "articles_per_s": round(n / seconds, 2)}
        if memory:
            figures["worker_peak_rss_mb"] = [round(m / 2**20) for m in memory]
        print(f"full run, {workers} worker(s): {seconds:8.1f} s  {n / seconds:7.2f} articles/s")
    efficiency = rates[2] / (2 * rates[1])
    figures["speedup_2_over_1"] = round(rates[2] / rates[1], 3)
    figures["scaling_efficiency"] = round(efficiency, 3)
    same = findings(work / "store-1") == findings(work / "store-2")
    figures["stores_identical"] = same
    print(f"2 workers / 1 worker: {rates[2] / rates[1]:.2f}x (scaling efficiency {efficiency:.1%}); "
          f"same findings in both stores: {same}")
    print(f"peak memory per worker (2-worker run): {', '.join(f'{m} MB' for m in figures.get('worker_peak_rss_mb', []))}")

    full = figures["full_2"]["seconds"]
    seconds, out, _ = run([str(source), "--store", str(work / "store-2"), "--workers", "2"])
    figures["rerun_unchanged"] = {"seconds": round(seconds, 1), "checked": checked(out),
                                  "share_of_full": round(seconds / full, 4)}
    print(f"re-run, nothing changed: {seconds:8.1f} s  ({seconds / full:.1%} of the full run), "
          f"{checked(out)} re-checked")
    figures["rule_changes"] = []
    for edit in EDITS:
        copy = work / "store-edit"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(work / "store-2", copy)
        rules = edited_rules(work, edit)
        seconds, out, _ = run([str(source), "--store", str(copy), "--workers", "2",
                               "--rules", str(rules)])
        figures["rule_changes"].append({"edit": edit[0], "seconds": round(seconds, 1),
                                        "rechecked": checked(out),
                                        "share_of_full": round(seconds / full, 4)})
        print(f"re-run after one rule change ({edit[0]}): {seconds:8.1f} s  "
              f"({seconds / full:.1%} of the full run), {checked(out):,} of {n:,} re-checked")

    per_worker = rates[1]
    needed = 10_000_000 / 3600
    workers = math.ceil(needed / (per_worker * efficiency))
    figures["ten_million_in_an_hour"] = {"articles_per_s_needed": round(needed),
                                         "per_worker": round(per_worker, 2),
                                         "workers": workers}
    print(f"on paper: 10,000,000 articles in one hour need {needed:,.0f} articles/s: "
          f"{workers:,} workers (cores) at {per_worker:.1f} articles/s each and "
          f"{efficiency:.0%} efficiency; one worker alone would take "
          f"{10_000_000 / per_worker / 86400:.1f} days")
    if options.json:
        options.json.write_text(json.dumps(figures, indent=1) + "\n", "utf-8")
    if not options.keep:
        shutil.rmtree(work, ignore_errors=True)
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
