"""The Dask side: a cluster (embedded, or an existing scheduler), a worker plugin that loads the
rules and the spaCy pipeline once per worker, and one task per partition.

The embedded default is a `distributed.LocalCluster` with one single-threaded worker process
per core: nothing to set up. `--scheduler tcp://HOST:8786` uses an existing cluster, whose
workers must have this checker installed (same version: a worker whose code differs refuses
the work rather than mix two checkers' results in one store); start them with `--nthreads 1`,
one process per core, since checking is CPU-bound Python.

A task reads its partition from the source and writes its partition of the store itself, so
no article text goes through the scheduler and a worker that dies loses only the partition
it was on: Dask runs that task again elsewhere, and the partition is written whole either way.
"""
from __future__ import annotations

import logging
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Optional

from distributed import Client, LocalCluster, WorkerPlugin, as_completed, get_worker

from checker.archive import fingerprint
from checker.archive.store import Store
from checker.progress import progress_bar
from checker.rules.load import Rule

PLUGIN_PREFIX = "checker-archive-"


class ArchivePlugin(WorkerPlugin):
    """Loads, once per worker process, a Checker for each named rule set (the rules now, and
    for `rules impact --base` the rules at the base), sharing one spaCy pipeline."""

    def __init__(self, name: str, rule_sets: dict[str, list[Rule]], engine: str):
        self.name = name
        self.rule_sets = rule_sets
        self.engine = engine
        self.engines: dict[str, Any] = {}
        self.refused: Optional[str] = None

    def setup(self, worker=None) -> None:
        from checker.archive.task import Engine
        from checker.pipeline import Checker
        from checker.stages.nlp import pipeline
        here = fingerprint.engine_hash()
        if here != self.engine:
            self.refused = (f"worker {getattr(worker, 'address', '?')} runs another version of "
                            f"the checker (engine {here}, the client's is {self.engine}): "
                            "install the same version on every worker")
            return
        nlp = pipeline()
        self.engines = {name: Engine(fingerprint.RuleSet(rules), Checker(rules=rules, nlp=nlp), here)
                        for name, rules in self.rule_sets.items()}


@dataclass(frozen=True)
class Job:
    """What every task of a run shares (small: sent with each task)."""

    plugin: str
    store: str
    source: Any
    run: str
    default_date: Any = None


def _engines(job: Job) -> dict[str, Any]:
    plugin = get_worker().plugins[job.plugin]
    if plugin.refused:
        raise RuntimeError(plugin.refused)
    return plugin.engines


def check_task(partition, job: Job):
    from checker.archive.task import check_partition
    return check_partition(partition, job.source, Store(job.store), _engines(job)["head"],
                           job.run, job.default_date)


def impact_task(partition, job: Job):
    from checker.archive.impact import impact_partition
    engines = _engines(job)
    return impact_partition(partition, job.source, Store(job.store), engines["head"],
                            engines.get("base"), job.default_date)


@contextmanager
def connect(scheduler: Optional[str], workers: Optional[int],
            dashboard: str = ":8787") -> Iterator[Client]:
    """A client on `scheduler`, or on an embedded LocalCluster of `workers` processes (default:
    one per core) that stops with the client."""
    if scheduler:
        client = Client(scheduler)  # waits distributed.comm.timeouts.connect (30 s) for it
        try:
            yield client
        finally:
            client.close()
        return
    count = workers or os.cpu_count() or 1
    with LocalCluster(n_workers=count, threads_per_worker=1, processes=True,
                      dashboard_address=dashboard, silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:
        yield client


def dashboard_line(client: Client) -> Optional[str]:
    try:
        link = client.dashboard_link
    except Exception:  # noqa: BLE001 - no dashboard (bokeh absent): nothing to show
        return None
    return f"Dask dashboard: {link}" if link else None


def run_tasks(client: Client, plugin: ArchivePlugin, task: Callable, partitions: list,
              job: Job, desc: str, on_result: Callable[[Any], None]) -> list[tuple[str, str]]:
    """Every partition through `task` on the cluster; `on_result` gets each report as it comes.
    Returns the partitions that failed, with why. The plugin is registered for the run (its
    setup loads the checker on every worker, and on any worker that joins) and removed after."""
    client.register_plugin(plugin, name=plugin.name)
    failed: list[tuple[str, str]] = []
    futures = client.map(task, partitions, job=job, pure=False,
                         key=[f"{desc}-{job.run}-{p.key}" for p in partitions])
    by_key = {f.key: p.key for f, p in zip(futures, partitions)}
    try:
        with progress_bar(len(partitions), desc, unit="partition") as bar:
            for future in as_completed(futures):
                if future.status == "finished":
                    on_result(future.result())
                else:
                    failed.append((by_key[future.key], _why(future)))
                bar.update(1)
    except BaseException:
        client.cancel(futures)
        raise
    finally:
        try:
            client.unregister_worker_plugin(plugin.name)
        except Exception:  # noqa: BLE001 - the cluster is going away with the client anyway
            pass
    return failed


def _why(future) -> str:
    try:
        error = future.exception()
    except Exception as err:  # noqa: BLE001
        error = err
    return f"{type(error).__name__}: {error}".splitlines()[0]


def warn(message: str) -> None:
    print(f"checker: warning: {message}", file=sys.stderr)
