"""Checking many inputs: read each, check it, keep going past bad ones; across processes with
`--jobs N`. Results come back in input order whatever the number of processes, so the output
of `--jobs 2` is the output of `--jobs 1`.

An input that cannot be read is one error line; an input the checker fails on (a bug) is one
internal-error line naming it, and the other inputs are still checked. A result that strict JSON
cannot hold (NaN, Infinity) is such a bug too, so no output ever carries one.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence, Union

from checker import config as config_module
from checker.commands.options import configure
from checker.errors import InputError, RuleSetError, describe_internal, processing, say
from checker.model import DocumentResult
from checker.pipeline import Checker
from checker.progress import progress_bar
from checker.rules.load import Rule, load_rules
from checker.stages import document as documents

BATCH = 16  # documents parsed in one pipeline pass (and handed to a worker at a time)
# Without --jobs, inputs of this many batches or more are spread over one process per CPU:
# each process loads its own pipeline (about a second), which fewer articles do not repay.
AUTO_BATCHES = 4


@dataclass
class Checked:
    document: documents.Document
    result: DocumentResult


@dataclass
class Batch:
    """What checking the inputs gave: the checked ones, in input order, and one line for each
    input that was not checked."""

    checked: list[Checked] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # unreadable inputs and internal errors
    internal: list[str] = field(default_factory=list)  # those of `errors` that are a bug

    @property
    def results(self) -> list[DocumentResult]:
        return [c.result for c in self.checked]


def load_checker(args: argparse.Namespace) -> Checker:
    """The configuration in force, then the rules (less the disabled ones) and the pipeline.
    ConfigError or RuleSetError (one line per broken rule file) when they cannot be loaded."""
    config = configure(args)
    if not config.disable:
        return Checker(rule_paths=args.rules)
    rules, errors = load_rules(args.rules)
    if errors:
        raise RuleSetError(errors)
    rules, unknown = config_module.without_disabled(rules, config)
    for warning in unknown:
        say(warning, "warning")
    return Checker(rules=rules)


def check_all(args: argparse.Namespace, checker: Checker, desc: str,
              skip: Optional[str] = None) -> Batch:
    """`args.paths` checked as the command line asked (date, default date, jobs), each input
    that was not checked printed as one error line on stderr."""
    config = getattr(args, "configuration", None)
    done = check_inputs(args.paths, checker, date=args.date,
                        default_date=config.default_date if config else None,
                        jobs=getattr(args, "jobs", None), desc=desc, skip=skip)
    for error in done.errors:
        say(error)
    return done


def check_inputs(paths: Sequence[str], checker: Checker, date: Optional[dt.date] = None,
                 default_date: Optional[dt.date] = None, jobs: Optional[int] = 1,
                 desc: str = "check", skip: Optional[str] = None) -> Batch:
    """Every input under `paths` checked; unreadable ones become one error line each.

    `date` overrides every article's date; `default_date` stands in for a missing one. Inputs
    are read here (stdin included) and only the checking is spread over `jobs` processes, each
    with its own Checker built from the same rules (`jobs=None`: one per CPU when there are
    AUTO_BATCHES batches or more). Nothing inside the folder `skip` (a report folder) is read."""
    done = Batch()
    read: list[documents.Document] = []
    for path in documents.expand(list(paths)):
        if skip is not None and _inside(path, skip):
            continue
        try:
            with processing(path):
                document = documents.read(path, date=date)
        except InputError as err:
            done.errors.append(str(err))
            continue
        except Exception as error:  # a bug met while reading: this input's line, not the run's
            done.errors.append(_internal(path, error))
            done.internal.append(done.errors[-1])
            continue
        if document.date is None:
            document.date = default_date
        read.append(document)
    batches = [read[i:i + BATCH] for i in range(0, len(read), BATCH)]
    if jobs is None:
        jobs = _cpus() if len(batches) >= AUTO_BATCHES else 1
    pool = None
    outcomes: Iterable[list[Union[DocumentResult, str]]]
    if jobs <= 1 or len(batches) < 2:
        outcomes = (_check_batch(checker, batch) for batch in batches)
    else:
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker,
                                   initargs=(checker.rules,))
        outcomes = pool.map(_check_in_worker, batches)
    with progress_bar(len(read), desc) as bar:
        for batch, outcome in zip(batches, outcomes):
            for document, checked in zip(batch, outcome):
                if isinstance(checked, str):
                    done.errors.append(checked)
                    done.internal.append(checked)
                else:
                    done.checked.append(Checked(document, checked))
            bar.update(len(batch))
    if pool is not None:
        pool.shutdown()
    return done


def _cpus() -> int:
    """The CPUs this process may run on (a container's or a scheduler's limit included)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _check_batch(checker: Checker, batch: list[documents.Document]) -> list[Union[DocumentResult, str]]:
    """The batch's results; when checking fails, each document alone, so only the one the
    checker fails on becomes an internal-error line naming it."""
    try:
        return [_strict(d, r) for d, r in zip(batch, checker.check_documents(batch))]
    except Exception:  # found again below, document by document
        pass
    outcome: list[Union[DocumentResult, str]] = []
    for document in batch:
        try:
            with processing(document.path):
                outcome.append(_strict(document, checker.check_document(document)))
        except Exception as error:  # a bug: reported, and the run goes on
            outcome.append(_internal(document.path, error))
    return outcome


def _strict(document: documents.Document, result: DocumentResult) -> Union[DocumentResult, str]:
    """The result, unless strict JSON cannot hold it (a NaN or an infinite figure): then an
    internal-error line, so no output of the run is invalid JSON."""
    try:
        json.dumps(result.to_json(), allow_nan=False)
    except ValueError:
        return (f"{document.path}: internal error: a figure out of range (NaN or Infinity) in "
                "the result, left out rather than written as invalid JSON; please report it")
    return result


def _internal(path: str, error: BaseException) -> str:
    return f"{path}: internal error: {describe_internal(error)}; please report it"


def _inside(path: str, folder: str) -> bool:
    if path == documents.STDIN:
        return False
    found, root = os.path.realpath(path), os.path.realpath(folder)
    return found == root or found.startswith(root.rstrip(os.sep) + os.sep)


_worker: Optional[Checker] = None


def _start_worker(rules: list[Rule]) -> None:
    global _worker
    _worker = Checker(rules=rules)


def _check_in_worker(batch: list[documents.Document]) -> list[Union[DocumentResult, str]]:
    assert _worker is not None, "worker started without a Checker"
    return _check_batch(_worker, batch)
