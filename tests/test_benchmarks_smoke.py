"""The benchmark scripts still run and print their tables.

Smoke runs only (a handful of articles and sentences): no figure is asserted, because
benchmarks are scripts that print figures, not timed tests. Their full runs and results are in
BENCHMARKS.md.
"""
from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from conftest import REPO

DATASETS = REPO.parent / "shared" / "datasets"
HAS_QUANTULUM = importlib.util.find_spec("quantulum3") is not None
NO_QUANTULUM = "quantulum3 is not installed (the `bench` extra: pip install quantulum3==0.10.0)"

pytestmark = pytest.mark.skipif(
    not DATASETS.is_dir(), reason=f"no gold datasets at {DATASETS} (shared/ beside the repo)")


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=REPO, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="module")
def speed_smoke():
    return _run("benchmarks/speed.py", "--smoke")


def test_speed_smoke_run_prints_every_table(speed_smoke):
    assert speed_smoke.returncode == 0, speed_smoke.stderr
    out = speed_smoke.stdout
    for heading in ("Real copy, whole processes", "Throughput, real copy", "Throughput, topic-dense",
                    "Throughput, mixed news", "Time per token by article length", "Long run",
                    "Sentences/s on", "Start-up", "--jobs over"):
        assert heading in out, f"missing {heading!r} in:\n{out}"
    for row in ("bare spaCy", "checker check DIR", "checker (fast path)", "checker (fast=False)",
                "checker extractor", "tokens/s", "articles/s", "x bare throughput", "speed-up",
                "checker / bare spaCy", "checker rules lint", "ms / 1000 tokens"):
        assert row in out
    # the fast path found what parsing every paragraph found, in every set
    differ = [line for line in out.splitlines() if line.startswith("fast path vs fast=False")]
    assert len(differ) == 3 and all("differ in 0 of" in line and "claims in 0" in line
                                    for line in differ), differ
    jobs = next(line for line in out.splitlines() if line.startswith("--jobs over"))
    assert jobs.endswith("True"), jobs  # --jobs 2 found what --jobs 1 found


def test_speed_smoke_run_times_quantulum3(speed_smoke):
    if not HAS_QUANTULUM:
        pytest.skip(NO_QUANTULUM)
    assert speed_smoke.returncode == 0, speed_smoke.stderr
    assert "quantulum3 (parser.parse)" in speed_smoke.stdout


def test_accuracy_smoke_run_prints_its_tables():
    done = _run("benchmarks/accuracy.py", "--limit", "5", "--no-quantulum", "--errors", "-")
    assert done.returncode == 0, done.stderr
    assert "F1 summary" in done.stdout and "Precision / recall / F1" in done.stdout
    assert "overall" in done.stdout


def test_accuracy_smoke_run_scores_quantulum3():
    if not HAS_QUANTULUM:
        pytest.skip(NO_QUANTULUM)
    done = _run("benchmarks/accuracy.py", "--limit", "5", "--errors", "-")
    assert done.returncode == 0, done.stderr
    assert "quantulum3" in done.stdout and "F1 summary" in done.stdout


def test_scaling_smoke_run_prints_its_table():
    done = _run("benchmarks/scaling.py", "--sizes", "2", "4")
    assert done.returncode == 0, done.stderr
    assert "s/KB" in done.stdout and len(done.stdout.strip().splitlines()) == 3
