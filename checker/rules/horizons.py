"""`checker rules horizons [PATH...]`: how far each rule's knowledge reaches.

A rule (or its file) may state `complete_to`, the last day up to which it holds every fact of
its series; a claim dated later is unverifiable rather than judged against out-of-date data.
This listing shows each rule's horizon, oldest first, so a maintainer sees which series need
new facts; rules without one are counted, not listed (they are judged at any date).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Optional

from tabulate import tabulate

from checker.rules.load import Rule


@dataclass(frozen=True)
class Horizon:
    rule: str
    title: str
    complete_to: dt.date
    where: str  # path:line


def horizons(rules: Iterable[Rule]) -> tuple[list[Horizon], int]:
    """Rules with a horizon, oldest first, and the number without one (derived rules, such as
    an event list's per-event figures, share their parent's and are left out)."""
    found: list[Horizon] = []
    without = 0
    for rule in rules:
        if rule.parent is not None:
            continue
        if rule.complete_to is None:
            without += 1
            continue
        found.append(Horizon(rule.id, rule.title, rule.complete_to, f"{rule.path}:{rule.line}"))
    found.sort(key=lambda h: (h.complete_to, h.rule))
    return found, without


def render(found: list[Horizon], without: int, today: Optional[dt.date] = None) -> str:
    """A table: rule, what it covers, complete to, and how old that is (in days) on `today`."""
    today = today or dt.date.today()
    rows = [(h.rule, h.title, h.complete_to.isoformat(), (today - h.complete_to).days, h.where)
            for h in found]
    table = tabulate(rows, headers=("rule", "covers", "complete to", "days ago", "where"),
                     disable_numparse=True) if rows else "no rule states complete_to"
    return f"{table}\n{len(found)} rule(s) with a horizon, {without} without\n"
