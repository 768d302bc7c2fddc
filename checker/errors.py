"""The errors a user can fix, under one base class, so the command line catches them in one
place (`checker.cli.main`) and prints each as one `checker: error: ...` line.

Anything else that escapes a command is a bug in the checker: `main` reports it as an internal
error naming the file being checked (`processing`), with its own exit code (exit_codes.INTERNAL),
never as a traceback.
"""
from __future__ import annotations

import contextlib
import contextvars
import sys
from typing import Iterator, Sequence


class CheckerError(Exception):
    """A problem with what the user gave the checker; `str()` is one line naming the file (or
    flag) and the reason."""

    def lines(self) -> list[str]:
        """The error lines to print (one per problem)."""
        return [str(self)]


class InputError(CheckerError):
    """An article that cannot be read: missing, binary, not UTF-8, oversized, bad front matter."""


class RuleSetError(CheckerError):
    """The rules could not be loaded; `errors` holds one error per broken rule file, each
    "file:line:column: reason"."""

    def __init__(self, errors: Sequence[Exception]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = list(errors)

    def lines(self) -> list[str]:
        return [str(error) for error in self.errors]


class ConfigError(CheckerError):
    """A configuration problem: the file and the key, or the flag."""


class ChangesError(CheckerError):
    """`--changed-since`: not a git repository, an unknown ref, git missing or failing."""


class OutputError(CheckerError):
    """Output that cannot be written where it was asked for (the report folder)."""


def say(message: str, level: str = "error") -> None:
    """One line on stderr, the only way the checker reports a problem to a person:
    `checker: error: ...`, `checker: warning: ...` or `checker: internal error: ...`."""
    print(f"checker: {level}: {message}", file=sys.stderr)


_processing: contextvars.ContextVar[str | None] = contextvars.ContextVar("processing", default=None)


@contextlib.contextmanager
def processing(path: str) -> Iterator[None]:
    """Mark `path` as the input being worked on, so an internal error can name it."""
    token = _processing.set(path)
    try:
        yield
    finally:
        _processing.reset(token)


def current_input() -> str | None:
    """The input being worked on when an unexpected exception was raised, if any."""
    return _processing.get()


def describe_internal(error: BaseException) -> str:
    """An unexpected exception as one line: its type, its message and where in the checker it
    was raised (file:line of the innermost frame inside the package), for a bug report."""
    where = ""
    trace = error.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename.replace("\\", "/")
        if "/checker/" in filename:
            where = f"{filename[filename.rindex('/checker/') + 1:]}:{trace.tb_lineno}"
        trace = trace.tb_next
    message = str(error).splitlines()[0] if str(error) else ""
    text = type(error).__name__ + (f": {message}" if message else "")
    return text + (f" (at {where})" if where else "")
