"""The worker processes of `checker serve`, the queue in front of them, and time limits that
really stop a check.

A thread cannot be stopped, so checks run in processes: N workers (`serve_work.serve_checks`),
each with its own pipeline, each fed by one dispatcher thread of the server. A dispatcher takes
the next job from the shared queue, hands it to its worker over a pipe and waits for the reply.
A check that has *run* longer than `run_limit` seconds is stopped: its worker is killed, the job
fails with `CheckTimeout`, and a fresh worker is started in its place, so the queue is not held
up (with more than one worker the others go on; with one, the next job waits only for the new
worker to load). The waiter's own deadline counts queueing too and is the server's business: a
job whose deadline passes while it is queued is cancelled and never runs, and one whose deadline
passes while it runs is answered 504 at once but left to finish (its result dropped) unless it
reaches the run limit. Killing a worker costs a restart of a second or more, so it is kept for
checks that run away, never spent on a check that merely started late under load. Workers are
started by a fork server that has imported the checker once, so a replacement costs loading the
pipeline, not Python and spaCy's imports.

`stats()` says what is true now: workers ready, checks running, checks queued, restarts.
"""
from __future__ import annotations

import datetime as dt
import multiprocessing
import queue
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any, Optional

from checker.commands.serve_work import Reply, serve_checks
from checker.rules.load import Rule

START_TIMEOUT = 120.0  # seconds for a new worker to load its pipeline


class Busy(Exception):
    """The queue is full: shed the load (503)."""


class CheckTimeout(Exception):
    """The check ran past the run limit (its worker was killed and replaced), or its deadline
    had passed before it could start."""


class WorkerLost(Exception):
    """The worker died during the check (killed from outside, out of memory); it was replaced."""


@dataclass
class Job:
    text: str
    date: Optional[dt.date]
    html: bool
    deadline: float  # time.monotonic()
    future: Future = field(default_factory=Future)


def _context() -> Any:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["checker.commands.serve_work"])
    return context


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, context: Any, rules: list[Rule]):
        self.context, self.rules = context, rules
        self.process: Optional[multiprocessing.process.BaseProcess] = None
        self.connection: Optional[Connection] = None
        self.pipeline = ""

    def start(self) -> None:
        """Start the process and wait until its pipeline is loaded; RuntimeError if it cannot."""
        parent, child = self.context.Pipe()
        process = self.context.Process(target=serve_checks, args=(child, self.rules),
                                       name="checker-serve-worker", daemon=True)
        try:
            process.start()
        except OSError as err:
            parent.close()
            raise RuntimeError(f"a worker could not be started: {err}") from None
        finally:
            child.close()
        self.process, self.connection = process, parent
        if not parent.poll(START_TIMEOUT):
            self.stop()
            raise RuntimeError(f"a worker did not load the pipeline within {START_TIMEOUT:g} s")
        try:
            _, self.pipeline = parent.recv()
        except (EOFError, OSError):
            self.stop()
            raise RuntimeError("a worker died while loading the pipeline") from None

    def alive(self) -> bool:
        return self.process is not None and self.process.is_alive()

    def stop(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.kill()
        if self.process is not None:
            self.process.join(5)
        if self.connection is not None:
            self.connection.close()
        self.process = self.connection = None

    def run(self, job: Job, run_limit: float) -> Reply:
        """The job's reply, or CheckTimeout / WorkerLost (the worker is then stopped). A timer
        kills the worker at the run limit, which ends a send blocked on a full pipe as surely
        as a wait for the reply."""
        assert self.connection is not None and self.process is not None
        expired = threading.Event()
        process = self.process

        def expire() -> None:
            expired.set()
            process.kill()

        timer = threading.Timer(run_limit, expire)
        timer.start()
        try:
            self.connection.send((job.text, job.date, job.html))
            return self.connection.recv()
        except (EOFError, OSError):
            self.stop()
            if expired.is_set():
                raise CheckTimeout() from None
            raise WorkerLost("the worker stopped during the check "
                             f"(exit code {process.exitcode})") from None
        finally:
            timer.cancel()


class CheckPool:
    def __init__(self, rules: list[Rule], workers: int, max_queue: int, run_limit: float):
        if workers < 1:
            raise ValueError("a pool needs at least one worker")
        self.rules, self.size, self.max_queue = rules, workers, max_queue
        self.run_limit = run_limit
        self.jobs: queue.Queue[Optional[Job]] = queue.Queue()
        self.lock = threading.Lock()
        self.ready = 0  # workers loaded and waiting for or running a check
        self.running = 0
        self.restarts = 0
        self.pipeline = ""
        self.threads: list[threading.Thread] = []
        self.workers: list[_Worker] = []
        self.closing = False

    def start(self) -> None:
        """Start every worker (in parallel) and return when all have loaded their pipeline."""
        if self.workers:
            raise RuntimeError("the pool is already started")
        context = _context()
        self.workers = [_Worker(context, self.rules) for _ in range(self.size)]
        problems: list[str] = []

        def start(worker: _Worker) -> None:
            try:
                worker.start()
            except RuntimeError as err:
                problems.append(str(err))

        starters = [threading.Thread(target=start, args=(w,)) for w in self.workers]
        for thread in starters:
            thread.start()
        for thread in starters:
            thread.join()
        if problems:
            self.close()
            raise RuntimeError(f"{len(problems)} of {self.size} worker(s) did not start: "
                               f"{problems[0]}")
        self.pipeline = self.workers[0].pipeline
        self.ready = self.size
        self.threads = [threading.Thread(target=self._dispatch, args=(w,), daemon=True,
                                         name=f"checker-dispatch-{i}")
                        for i, w in enumerate(self.workers)]
        for thread in self.threads:
            thread.start()

    def submit(self, text: str, date: Optional[dt.date], html: bool, deadline: float) -> Future:
        """Queue a check; raise Busy when `max_queue` checks are already waiting."""
        if self.jobs.qsize() >= self.max_queue:
            raise Busy()
        job = Job(text, date, html, deadline)
        self.jobs.put(job)
        return job.future

    def stats(self) -> dict[str, int]:
        with self.lock:
            return {"workers": self.size, "ready": self.ready, "running": self.running,
                    "queued": self.jobs.qsize(), "restarts": self.restarts}

    def close(self) -> None:
        self.closing = True
        for _ in self.threads:
            self.jobs.put(None)
        for worker in self.workers:
            worker.stop()
        for thread in self.threads:
            thread.join(5)

    def _dispatch(self, worker: _Worker) -> None:
        while True:
            job = self.jobs.get()
            if job is None or self.closing:
                return
            if not job.future.set_running_or_notify_cancel():
                continue  # its waiter gave up while it was queued: it never runs
            if not worker.alive():  # died while idle (killed from outside): replace it first
                with self.lock:
                    self.ready -= 1
                    self.restarts += 1
                worker.stop()
                self._restart(worker)
            if job.deadline <= time.monotonic():  # its waiter has given up: not worth running
                job.future.set_exception(CheckTimeout())
                continue
            with self.lock:
                self.running += 1
            try:
                reply = worker.run(job, self.run_limit)
            except (CheckTimeout, WorkerLost) as err:
                with self.lock:  # counted before the waiter hears of it: /healthz is true
                    self.running -= 1
                    self.ready -= 1
                    self.restarts += 1
                job.future.set_exception(err)
                self._restart(worker)
                continue
            with self.lock:
                self.running -= 1
            job.future.set_result(reply)

    def _restart(self, worker: _Worker) -> None:
        """A fresh worker in place of a stopped one; jobs wait in the queue meanwhile (the
        other workers keep taking them)."""
        while not self.closing:
            try:
                worker.start()
            except RuntimeError:
                time.sleep(1)
                continue
            with self.lock:
                self.ready += 1
            return
