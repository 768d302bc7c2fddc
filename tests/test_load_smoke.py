"""benchmarks/load.py still runs: a tiny run of each part (throughput, the hostile load). No figure is asserted: the figures are in BENCHMARKS.md; what is asserted is what
the server must do whatever the machine: every request answered, idle and trickling connections
closed by the server."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

from conftest import REPO

spec = importlib.util.spec_from_file_location("load", REPO / "benchmarks" / "load.py")
load = importlib.util.module_from_spec(spec)
spec.loader.exec_module(load)


def test_a_small_load_run_answers_every_request(tmp_path):
    out = tmp_path / "load.json"
    done = subprocess.run(
        [sys.executable, "benchmarks/load.py", "--workers", "2", "--clients", "2",
         "--requests", "6", "--payload", "sentence", "--hostile", "--idle", "20", "--burst", "8",
         "--json", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "| workers | payload | clients |" in done.stdout and "hostile load" in done.stdout
    figures = json.loads(out.read_text())
    assert [r["workers"] for r in figures["rows"]] == [2]
    hostile = figures["hostile"]
    assert hostile["burst_ok"] == 8 and hostile["normal_failed"] == 0 and hostile["normal_ok"] > 0
    assert hostile["idle_closed_by_server"] == 20
    assert hostile["slow_head"]["status"] == "closed" and hostile["slow_body"]["status"] == "408"


def test_scaling_divides_article_checks_per_second_at_the_same_client_count():
    rows = [{"workers": w, "clients": c, "payload": p, "requests_per_s": r}
            for w, c, p, r in [(1, 4, "article", 10.0), (2, 4, "article", 18.0),
                               (1, 4, "sentence", 100.0), (2, 4, "sentence", 150.0),
                               (1, 1, "article", 10.0), (2, 1, "article", 10.5)]]
    assert load.scaling(rows) == [
        "article checks/s, 2 workers / 1 worker(s), 1 client(s): 1.05x",
        "article checks/s, 2 workers / 1 worker(s), 4 client(s): 1.80x"]


def test_median_rows_keep_the_middle_run_and_every_failure():
    runs = [[{"requests_per_s": r, "failed": f}] for r, f in [(5.0, 0), (9.0, 1), (7.0, 0)]]
    [row] = load.median_rows(runs)
    assert row["requests_per_s"] == 7.0 and row["failed"] == 1 and row["runs"] == [5.0, 9.0, 7.0]
