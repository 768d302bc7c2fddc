"""Checking many inputs: read each, check it, keep going past bad ones; across processes with
`--jobs N`. Results come back in input order whatever the number of processes, so the output
of `--jobs 2` is the output of `--jobs 1`."""
from __future__ import annotations

import datetime as dt
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Optional, Sequence

from checker.stages import document as documents
from checker.model import DocumentResult
from checker.pipeline import Checker
from checker.progress import progress_bar
from checker.rules.load import Rule


BATCH = 16  # documents parsed in one pipeline pass (and handed to a worker at a time)


@dataclass
class Checked:
    document: documents.Document
    result: DocumentResult


def check_inputs(paths: Sequence[str], checker: Checker, date: Optional[dt.date] = None,
                 default_date: Optional[dt.date] = None, jobs: int = 1,
                 desc: str = "check") -> tuple[list[Checked], list[str]]:
    """Every input under `paths` checked; unreadable ones become one error line each.

    `date` overrides every article's date; `default_date` stands in for a missing one. Inputs
    are read here (stdin included) and only the checking is spread over `jobs` processes, each
    with its own Checker built from the same rules."""
    read: list[documents.Document] = []
    errors: list[str] = []
    for path in documents.expand(list(paths)):
        try:
            document = documents.read(path, date=date)
        except documents.InputError as err:
            errors.append(str(err))
            continue
        if document.date is None:
            document.date = default_date
        read.append(document)
    batches = [read[i:i + BATCH] for i in range(0, len(read), BATCH)]
    if jobs <= 1 or len(batches) < 2:
        done = map(checker.check_documents, batches)
    else:
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker,
                                   initargs=(checker.rules,))
        done = pool.map(_check_in_worker, batches)
    results: list[DocumentResult] = []
    with progress_bar(len(read), desc) as bar:
        for batch_results in done:
            results.extend(batch_results)
            bar.update(len(batch_results))
    if jobs > 1 and len(batches) >= 2:
        pool.shutdown()
    return [Checked(d, r) for d, r in zip(read, results)], errors


_worker: Optional[Checker] = None


def _start_worker(rules: list[Rule]) -> None:
    global _worker
    _worker = Checker(rules=rules)


def _check_in_worker(batch: list[documents.Document]) -> list[DocumentResult]:
    assert _worker is not None, "worker started without a Checker"
    return _worker.check_documents(batch)
