#!/usr/bin/env python3
"""`checker archive check` on 1 and 2 Dask workers, and an incremental re-run after a rule change.

Run from the repository root (needs the `archive` extra; the full run takes about 40 minutes on
this project's 2-core machine):

    python benchmarks/archive.py                  # 20,000 generated articles
    python benchmarks/archive.py --articles 400 --rounds 2   # a smoke run
    python benchmarks/archive.py --json benchmarks/archive.json

What is measured, each as the command line a newsroom would run (`checker archive check` in a
subprocess, its wall time: cluster start, the pipeline loaded on each worker, reading, checking
and writing the store):

1. the archive checked from scratch on the embedded cluster with `--workers 1` into one
   store and with `--workers 2` into another, in interleaved rounds (the machine is shared
   and its load changes: each round, two by default, adds its share of the articles to both
   archives and runs 1 worker then 2 workers on it, so both see the same spell of load); articles/s = articles
   / the sum of the rounds' wall times; scaling efficiency = (rate with 2) / (2 x rate with
   1); the two stores must hold the same findings;
2. memory and CPU: the largest resident set size of a worker process, and the CPU seconds
   (user + system) of the worker processes, sampled every 0.5 s with psutil over the
   subprocess's descendants; articles per worker CPU second with 1 and with 2 workers say
   whether a second worker adds work per article, whatever else the shared machine runs;
3. a re-run with nothing changed (the floor: start-up, reading and hashing every article);
4. incremental re-runs after a one-rule change, each on a copy of the full 2-worker store: the EEZ
   breadth rule's value (a narrow rule: its subject is the EEZ), and the missile launch list's
   distance tolerance (a broad one: event lists are read together, so the change re-checks
   every article where any event list can fire); their time against the full run's, and how
   many articles each re-checked;
5. on paper: the workers needed to re-check 10 million articles in one hour at the measured
   per-worker rate and scaling efficiency.

The articles come from benchmarks/newsgen.py (templates written for it, no dataset text),
seed 20170903: business, sport, local, weather, science and foreign copy with figures that no
rule covers, and one article in twenty on the rules' topics (DPRK tests and missiles, maritime
zones, foreign ministers), some of them wrong: the EEZ is named in 2.8 % of the articles, a
missile in 4 %.
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
    ("broad: the missile launch list's distance tolerance 5% -> 6% (event lists are read "
     "together: one unit)", "dprk_missile_launches.yaml", None, "tolerance: 5%", "tolerance: 6%"),
)


class PeakMemory:
    """The largest RSS of each descendant of a process, sampled while it runs."""

    def __init__(self, pid: int):
        self.root = psutil.Process(pid)
        self.peaks: dict[int, tuple[str, int]] = {}
        self.cpu: dict[int, float] = {}  # the last CPU seconds (user + system) seen
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
                        times = child.cpu_times()
                    except psutil.Error:
                        continue
                    if "spawn_main" in line:
                        self.cpu[child.pid] = times.user + times.system
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


def run(args: list[str]) -> tuple[float, str, list[int], float]:
    """Wall seconds, the summary, the workers' peak RSS and their CPU seconds."""
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "checker", "archive", "check", *args],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env={**os.environ, "CI": "1"})
    sampler = PeakMemory(process.pid)
    out, err = process.communicate()
    seconds = time.monotonic() - started
    if process.returncode != 0:
        sys.exit(f"archive check failed ({process.returncode}):\n{out}\n{err}")
    return seconds, out, sampler.workers(), sum(sampler.cpu.values())


def checked(summary: str) -> int:
    line = next(row for row in summary.splitlines() if row.startswith("checked "))
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
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--keep", type=Path, help="work in this directory and keep it")
    options = parser.parse_args()
    work = options.keep or Path(tempfile.mkdtemp(prefix="checker-archive-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    n, rounds = options.articles, options.rounds
    records = list(newsgen.generate(n))
    size = sum(len(r["text"].encode()) for r in records) / n
    print(f"{n:,} generated articles, {size:,.0f} bytes of text each on average, in {rounds} "
          f"files; {os.cpu_count()} cores, {platform.python_version()}, {platform.platform()}")
    chunk = math.ceil(n / rounds)
    files = []
    for r in range(rounds):
        path = work / f"part-{r}.jsonl"
        newsgen.write_jsonl(records[r * chunk:(r + 1) * chunk], path)
        files.append(path)

    # Interleaved rounds, fair on a shared machine: each round adds one file to the archive
    # of each configuration and runs 1 worker, then 2 workers, on it (the earlier files are
    # already in each store: they are read and skipped, as in a growing archive).
    figures: dict = {"articles": n, "rounds": rounds, "cores": os.cpu_count(), "rounds_detail": []}
    totals = {1: 0.0, 2: 0.0}
    cpu_seconds = {1: 0.0, 2: 0.0}  # of the worker processes
    memory: list[int] = []
    for r, path in enumerate(files):
        row = {"articles": sum(1 for _ in open(path))}
        for workers in (1, 2):
            source = work / f"archive-{workers}"
            source.mkdir(exist_ok=True)
            shutil.copy(path, source / path.name)
            seconds, out, peaks, cpu = run([str(source), "--store", str(work / f"store-{workers}"),
                                            "--workers", str(workers)])
            assert checked(out) == row["articles"], out
            totals[workers] += seconds
            cpu_seconds[workers] += cpu
            row[f"load_{workers}"] = round(os.getloadavg()[0], 2)
            row[f"seconds_{workers}"] = round(seconds, 1)
            memory += peaks
        figures["rounds_detail"].append(row)
        print(f"round {r + 1}: {row['articles']:,} new articles: 1 worker {row['seconds_1']:.1f} s "
              f"(load average {row['load_1']}), 2 workers {row['seconds_2']:.1f} s "
              f"(load average {row['load_2']})")
    rates = {w: n / totals[w] for w in (1, 2)}
    for w in (1, 2):
        figures[f"full_{w}"] = {"seconds": round(totals[w], 1), "articles_per_s": round(rates[w], 2)}
        print(f"full archive, {w} worker(s): {totals[w]:8.1f} s  {rates[w]:7.2f} articles/s")
    efficiency = rates[2] / (2 * rates[1])
    figures["speedup_2_over_1"] = round(rates[2] / rates[1], 3)
    figures["scaling_efficiency"] = round(efficiency, 3)
    figures["worker_peak_rss_mb"] = max(memory) // 2**20 if memory else None
    per_cpu = {w: n / cpu_seconds[w] for w in (1, 2) if cpu_seconds[w]}
    figures["articles_per_worker_cpu_second"] = {w: round(v, 2) for w, v in per_cpu.items()}
    if len(per_cpu) == 2:
        print(f"articles per worker CPU second: {per_cpu[1]:.2f} with 1 worker, {per_cpu[2]:.2f} "
              f"with 2 (work per article with 2 workers: {per_cpu[1] / per_cpu[2]:.1%} of that "
              "with 1; the wall-clock ratio also depends on what else the machine runs)")
    same = findings(work / "store-1") == findings(work / "store-2")
    figures["stores_identical"] = same
    print(f"2 workers / 1 worker: {rates[2] / rates[1]:.2f}x (scaling efficiency {efficiency:.1%}); "
          f"same findings in both stores: {same}")
    print(f"peak memory per worker: {figures['worker_peak_rss_mb']} MB (largest RSS of a worker "
          "process in the 2-worker runs)")

    full = totals[2]
    source, store = work / "archive-2", work / "store-2"
    seconds, out, _, _ = run([str(source), "--store", str(store), "--workers", "2"])
    figures["rerun_unchanged"] = {"seconds": round(seconds, 1), "checked": checked(out),
                                  "share_of_full": round(seconds / full, 4)}
    print(f"re-run, nothing changed: {seconds:8.1f} s  ({seconds / full:.1%} of the full run), "
          f"{checked(out)} re-checked")
    figures["rule_changes"] = []
    for edit in EDITS:
        copy = work / "store-edit"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(store, copy)
        rules = edited_rules(work, edit)
        seconds, out, _, _ = run([str(source), "--store", str(copy), "--workers", "2",
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
