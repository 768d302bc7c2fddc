"""What can be wrong with rules: a file that does not load (RuleError) and a rule set that
loads but breaks a lint check (Problem). Kept apart so kinds can raise and report them without
importing the loader."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


class RuleError(Exception):
    """A rule file problem: `str()` is one line, "file:line:column: reason"."""

    def __init__(self, path: str, line: int, column: int, message: str):
        super().__init__(f"{path}:{line}:{column}: {message}")
        self.path, self.line, self.column, self.message = path, line, column, message


class RuleErrors(RuleError):
    """Every problem of one file (`errors`); as a RuleError it is the first of them."""

    def __init__(self, errors: list[RuleError]):
        first = errors[0]
        super().__init__(first.path, first.line, first.column, first.message)
        self.errors = errors


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    rule: str
    message: str
    check: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:1: {self.rule}: {self.message} [{self.check}]"


def parse_date(value: object, path: str, line: int) -> "dt.date | None":
    """An ISO date whose form the schema has checked; a day that does not exist (2017-02-30)
    is the rule file's error, reported at its line, not a crash."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise RuleError(path, line, 1, f"{value!r} is not a date (YYYY-MM-DD)") from None
