"""`checker archive check` and `checker rules impact` on a real Dask cluster on loopback: a
`dask scheduler` and two `dask worker` processes started here, the CLI as a subprocess.

A worker killed in the middle of a run, a client killed and run again, a one-rule change:
each time the store must end complete, every article once, with the findings of an
uninterrupted run. SQL sources: SQLite, and a PostgreSQL server started here from Debian's
binaries (skipped, with the reason, where they are absent).
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="the archive extra: pip install -e '.[test]'")
import pyarrow.dataset as ds  # noqa: E402

from checker.archive import sources  # noqa: E402

from conftest import REPO  # noqa: E402

sys.path.insert(0, str(REPO / "benchmarks"))
import newsgen  # noqa: E402

DASK = shutil.which("dask", path=os.path.dirname(sys.executable)) or shutil.which("dask")
RULES = REPO / "rules" / "unclos.yaml"
# Generated news, plus stories about the maritime zones the test rule file covers, right and
# wrong (generated news names the EEZ in about one article in thirty).
ZONES = [("Japan's exclusive economic zone extends {} from its coast.", v)
         for v in ("200 nautical miles", "370 kilometers", "200 kilometers")] + [
    ("Territorial waters extend {} from the coast.", v) for v in ("12 nautical miles", "12 kilometers")]
ARTICLES = 90 + len(ZONES)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A scheduler and workers as separate processes, each in its own process group."""

    def __init__(self, root: Path):
        self.root = root
        self.port = _free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.workers: list[subprocess.Popen] = []
        self.scheduler = self._start([DASK, "scheduler", "--host", "127.0.0.1", "--port",
                                      str(self.port), "--no-dashboard"], "scheduler")
        self._wait(lambda: self._connects(), "the scheduler")

    def _start(self, args, name) -> subprocess.Popen:
        log = open(self.root / f"{name}-{len(self.workers)}.log", "w")
        return subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def _connects(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
            return True
        except OSError:
            return False

    def add_worker(self) -> subprocess.Popen:
        worker = self._start([DASK, "worker", self.address, "--nthreads", "1", "--no-nanny",
                              "--no-dashboard", "--host", "127.0.0.1", "--memory-limit", "4GB"],
                             "worker")
        self.workers.append(worker)
        return worker

    def wait_workers(self, count: int) -> None:
        from distributed import Client
        with Client(self.address, timeout="20s") as client:
            client.wait_for_workers(count, timeout=60)

    def kill(self, process: subprocess.Popen) -> None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop(self) -> None:
        for process in [*self.workers, self.scheduler]:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in [*self.workers, self.scheduler]:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    @staticmethod
    def _wait(ready, what: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not ready():
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not start in {timeout} s")
            time.sleep(0.2)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if DASK is None:
        pytest.skip("the `dask` command is not installed (the archive extra)")
    started = Cluster(tmp_path_factory.mktemp("cluster"))
    try:
        started.add_worker()
        started.add_worker()
        started.wait_workers(2)
        yield started
    finally:
        started.stop()


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """Generated news and the maritime stories, as JSON Lines."""
    path = tmp_path_factory.mktemp("archive") / "archive.jsonl"
    zones = [{"id": f"zone-{n}", "date": "2017-09-05", "title": "Zones", "section": "world",
              "text": text.format(value) + "\n"} for n, (text, value) in enumerate(ZONES)]
    newsgen.write_jsonl([*newsgen.generate(ARTICLES - len(ZONES)), *zones], path)
    return path


def checker_cli(*args, check=True, **popen) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True,
                          text=True, timeout=600, cwd=REPO, env={**os.environ, "CI": "1"}, **popen)
    if check:
        assert done.returncode in (0, 1), done.stderr + done.stdout
    return done


def check_args(source, store, cluster, *extra):
    return ["archive", "check", str(source), "--store", str(store), "--scheduler",
            cluster.address, "--rules", str(RULES), "--partition-size", "3", *extra]


def contents(store: Path) -> tuple[list, list]:
    """Every article id (with duplicates, if any) and every finding, sorted."""
    ids = ds.dataset(store / "articles").to_table(columns=["id"]).column("id").to_pylist()
    table = ds.dataset(store / "findings").to_table(
        columns=["id", "rule", "start", "end", "verdict", "message"])
    findings = sorted(zip(*(table.column(c).to_pylist() for c in table.column_names)))
    return sorted(ids), findings


@pytest.fixture(scope="module")
def reference(cluster, archive, tmp_path_factory):
    """An uninterrupted run on the separately started cluster."""
    store = tmp_path_factory.mktemp("reference") / "store"
    done = checker_cli(*check_args(archive, store, cluster))
    assert f"checked {ARTICLES}: {ARTICLES} new" in done.stdout
    return store, contents(store)


def test_a_run_on_a_separate_cluster_fills_the_store(reference):
    store, (ids, findings) = reference
    assert len(ids) == ARTICLES == len(set(ids))
    assert {f[1] for f in findings} >= {"unclos.eez.breadth", "unclos.territorial_sea.breadth"}
    run = json.loads(next((store / "runs").glob("*.json")).read_text())
    assert run["status"] == "complete" and run["summary"]["articles"] == ARTICLES


def _written(store: Path) -> int:
    return len(list((store / "articles").glob("*.parquet")))


def _wait_until(condition, timeout=120):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_worker_killed_mid_run_loses_nothing(cluster, archive, reference, tmp_path):
    store = tmp_path / "store"
    client = subprocess.Popen([sys.executable, "-m", "checker", *check_args(archive, store, cluster)],
                              cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "CI": "1"})
    _wait_until(lambda: _written(store) >= 3)
    partitions = len(sources.JsonLinesSource(str(archive)).plan(None, 3)[0])
    assert _written(store) < partitions, "the run ended before a worker could be killed"
    victim = cluster.workers[0]
    cluster.kill(victim)
    out, err = client.communicate(timeout=300)
    cluster.workers.remove(victim)
    cluster.add_worker()
    cluster.wait_workers(2)
    assert client.returncode == 0, err
    # a task the dead worker had finished writing is not checked twice when it runs again
    assert _count("checked", out) + _count("skipped", out) == ARTICLES
    assert contents(store) == reference[1]


def _count(word: str, summary: str) -> int:
    return int(summary.split(f"\n{word} ")[1].split()[0].rstrip(":").replace(",", ""))


def test_a_killed_client_is_resumed_by_the_next_run(cluster, archive, reference, tmp_path):
    store = tmp_path / "store"
    client = subprocess.Popen([sys.executable, "-m", "checker", *check_args(archive, store, cluster)],
                              cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "CI": "1"}, start_new_session=True)
    _wait_until(lambda: _written(store) >= 3)
    os.killpg(client.pid, signal.SIGKILL)
    client.wait()
    left = _written(store)
    assert left < len(sources.JsonLinesSource(str(archive)).plan(None, 3)[0]), \
        "the run ended before the client could be killed"
    done = checker_cli(*check_args(archive, store, cluster))
    assert "resumed: the run" in done.stdout
    # what the first run wrote is kept, not checked again
    assert _count("skipped", done.stdout) >= 3 * 3
    assert _count("checked", done.stdout) + _count("skipped", done.stdout) == ARTICLES
    assert contents(store) == reference[1]


def test_one_rule_change_rechecks_and_lists_exactly_the_affected_articles(
        cluster, archive, reference, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(reference[0], store)
    rules = tmp_path / "unclos.yaml"
    text = RULES.read_text("utf-8")
    at = text.index("- value: 200", text.index("id: unclos.eez.breadth"))
    rules.write_text(text[:at] + "- value: 190" + text[at + len("- value: 200"):], "utf-8")
    # which articles the edit touches: those whose stored findings include the EEZ rule; a
    # change of its reference value changes each of them (200 km, 370 km and 200 nmi alike)
    eez = {f[0] for f in reference[1][1] if f[1] == "unclos.eez.breadth"}
    assert eez and len(eez) < ARTICLES

    shown = checker_cli("rules", "impact", str(rules), "--store", str(store), "--scheduler",
                        cluster.address, "--format", "json", "--isolated")
    impact = json.loads(shown.stdout)
    assert impact["changed_rules"] == ["unclos.eez.breadth"]
    assert {a["id"] for a in impact["articles_changed"]} == eez
    assert impact["findings"]["new"] == impact["findings"]["gone"] == 0
    assert shown.returncode == 1  # verdicts change

    markdown = checker_cli("rules", "impact", str(rules), "--store", str(store), "--scheduler",
                           cluster.address, "--format", "markdown", "--isolated").stdout
    assert f"**{len(eez)}** of {ARTICLES} archived articles change verdicts" in markdown

    # the pull-request view: the rules at a git ref against the working tree's
    repo = tmp_path / "rules-repo"
    repo.mkdir()
    (repo / "unclos.yaml").write_text(RULES.read_text("utf-8"), "utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(repo)]
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "rules"]):
        subprocess.run([*git, *args], check=True)
    (repo / "unclos.yaml").write_text(rules.read_text("utf-8"), "utf-8")
    based = checker_cli("rules", "impact", str(repo / "unclos.yaml"), "--store", str(store),
                        "--base", "HEAD", "--scheduler", cluster.address, "--format", "json",
                        "--isolated")
    assert json.loads(based.stdout)["articles_changed"] == impact["articles_changed"]

    runs_before = {p.name for p in (store / "runs").glob("*.json")}
    done = checker_cli("archive", "check", str(archive), "--store", str(store), "--scheduler",
                       cluster.address, "--rules", str(rules))
    assert f"checked {impact['rechecked']}: {impact['rechecked']} rules changed" in done.stdout
    new_run = next(json.loads(p.read_text())["run"] for p in (store / "runs").glob("*.json")
                   if p.name not in runs_before)
    table = ds.dataset(store / "articles").to_table(columns=["id", "run"]).to_pylist()
    rechecked = {r["id"] for r in table if r["run"] == new_run}
    assert eez <= rechecked and len(rechecked) == impact["rechecked"]
    again = checker_cli("rules", "impact", str(rules), "--store", str(store), "--scheduler",
                        cluster.address, "--format", "json", "--isolated")
    assert json.loads(again.stdout)["articles_changed"] == [] and again.returncode == 0


def _sql_rows():
    return [{"id": n, "text": r["text"], "date": r["date"], "title": r["title"]}
            for n, r in enumerate(newsgen.generate(12, seed=7))]


def _sql_check(cluster, url, tmp_path, query):
    store = tmp_path / "store"
    done = checker_cli("archive", "check", "--sql", url, "--query", query, "--store", str(store),
                       "--scheduler", cluster.address, "--rules", str(RULES))
    ids, _ = contents(store)
    assert ids == sorted(str(n) for n in range(12))
    again = checker_cli("archive", "check", "--sql", url, "--query", query, "--store", str(store),
                        "--scheduler", cluster.address, "--rules", str(RULES))
    assert "skipped 12 unchanged" in again.stdout
    return done


def test_a_sqlite_database(cluster, tmp_path):
    from sqlalchemy import create_engine, text
    url = f"sqlite:///{tmp_path / 'cms.db'}"
    with create_engine(url).begin() as connection:
        connection.execute(text("CREATE TABLE stories (id INTEGER PRIMARY KEY, body TEXT, "
                                "published TEXT, headline TEXT)"))
        connection.execute(text("INSERT INTO stories VALUES (:id, :text, :date, :title)"), _sql_rows())
    _sql_check(cluster, url, tmp_path, "SELECT id, body AS text, published AS date, "
                                       "headline AS title FROM stories")


def _postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


@pytest.fixture
def postgres(tmp_path):
    """A PostgreSQL server of its own in a temporary directory, on a Unix socket there."""
    bin_dir = _postgres_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL's server binaries are absent (apt-get install postgresql)")
    # its own short path: a Unix socket path is limited to about 100 characters, and the
    # server's user must be able to reach it
    root = Path(tempfile.mkdtemp(prefix="checker-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: run the server as Debian's postgres user
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser to start PostgreSQL as another user")
        shutil.chown(root, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    subprocess.run([*as_user, str(bin_dir / "initdb"), "-D", str(root / "data"), "-U", "checker",
                    "--auth=trust"], check=True, capture_output=True)
    subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(root / "data"), "-l",
                    str(root / "log"), "-w", "-o",
                    f"-p {port} -k {root} -c listen_addresses=''", "start"],
                   check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://checker@/postgres?host={root}&port={port}"
    finally:
        subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(root / "data"), "-m",
                        "immediate", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def test_a_postgresql_database(cluster, tmp_path, postgres):
    from sqlalchemy import create_engine, text
    with create_engine(postgres).begin() as connection:
        connection.execute(text("CREATE TABLE stories (id INTEGER PRIMARY KEY, body TEXT, "
                                "published DATE, headline TEXT)"))
        connection.execute(text("INSERT INTO stories VALUES (:id, :text, CAST(:date AS DATE), "
                                ":title)"), _sql_rows())
    _sql_check(cluster, postgres, tmp_path, "SELECT id, body AS text, published AS date, "
                                            "headline AS title FROM stories")


def test_the_embedded_cluster_needs_nothing_set_up(archive, tmp_path):
    store = tmp_path / "store"
    done = checker_cli("archive", "check", str(archive), "--store", str(store), "--workers", "2",
                       "--rules", str(RULES), "--dashboard", ":0")
    assert f"checked {ARTICLES}: {ARTICLES} new" in done.stdout
    assert "Dask dashboard: http://" in done.stderr
    report = checker_cli("archive", "report", str(store), "-o", str(tmp_path / "report"))
    assert (tmp_path / "report" / "index.html").is_file() and "inconsistent findings" in report.stdout
