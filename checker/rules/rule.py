"""What every rule has, whatever its kind: the `Rule` dataclass (and a rule's `Example`).

Its own module, apart from the loading (load.py), because both sides need it: the loader
builds rules through the kinds' registry (checker/kinds), and the kinds' components read rules.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Optional

from checker.model import Source


@dataclass(frozen=True)
class Example:
    text: str
    verdict: str
    date: Optional[dt.date] = None


@dataclass(frozen=True)
class Rule:
    """What every rule has. `spec` is the kind's typed form of its own fields; `parent` names
    the rule a derived rule comes from (a figure of one event of an event list)."""

    id: str
    title: str
    kind: str
    subject: tuple[str, ...]
    severity: str
    message: str
    sources: tuple[Source, ...]
    examples: tuple[Example, ...]
    spec: Any = None
    valid_from: Optional[dt.date] = None
    valid_to: Optional[dt.date] = None
    complete_to: Optional[dt.date] = None  # the file's knowledge horizon
    parent: Optional[str] = None
    path: str = ""
    line: int = 0

    def in_force(self, date: Optional[dt.date]) -> bool:
        if date is None:
            return True
        return (self.valid_from is None or date >= self.valid_from) and (
            self.valid_to is None or date <= self.valid_to)
