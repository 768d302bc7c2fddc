"""The typed form of a figure rule: reference values (who reported each, what it counts, which
reading it belongs to), the unit and tolerance, and which event the figure speaks of."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping, Optional

from checker.rules.problems import RuleError

if TYPE_CHECKING:
    from checker.kinds.events.series import EventRef

FIGURE_KINDS = ("measure", "count", "magnitude", "duration")
INF = math.inf


@dataclass(frozen=True)
class Expected:
    """One acceptable reference value (or range), who reported it, what it counts."""

    low: float
    high: float
    value: Optional[float] = None
    by: Optional[str] = None
    counts: tuple[str, ...] = ()
    note: Optional[str] = None
    credited_only: bool = False  # an outlier that only counts when the text names its agency
    when: tuple[str, ...] = ()  # a reading this value belongs to ("beyond the territorial sea")

    def to_json(self) -> dict[str, Any]:
        if self.value is not None:
            out: dict[str, Any] = {"value": self.value}
        elif self.high == INF:
            out = {"at_least": self.low}
        elif self.low == -INF:
            out = {"at_most": self.high}
        else:
            out = {"range": [self.low, self.high]}
        if self.by:
            out["by"] = self.by
        if self.counts:
            out["counts"] = list(self.counts)
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class Scope:
    """Which event a figure rule without an event list speaks of (see docs/rules.md)."""

    context: tuple[str, ...] = ()
    within: str = "paragraph"
    article_from: Optional[dt.date] = None
    article_to: Optional[dt.date] = None
    year: Optional[int] = None
    ordinal: Optional[int] = None
    dates: tuple[dt.date, ...] = ()  # the event's days (local and UTC where they differ)
    exclude: tuple[str, ...] = ()  # phrases that make a figure another thing's ("cruise missile")

    @property
    def identifies_event(self) -> bool:
        return bool(self.context or self.dates) or self.article_from is not None \
            or self.article_to is not None


@dataclass(frozen=True)
class FigureSpec:
    values: tuple[Expected, ...]
    unit: Optional[str]
    tolerance: float  # absolute, in `unit`
    relative_tolerance: float
    scope: Scope = Scope()
    attributions: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    event: Optional["EventRef"] = field(default=None, compare=False)
    # units copy uses loosely for the rule's own ("miles" for nautical miles at sea): a figure
    # in one of them is also read in the other, and is right if either reading is
    also_read: Mapping[str, str] = field(default_factory=dict, hash=False)

def parse_value(item: Mapping[str, Any], path: str, line: int) -> Expected:
    if "value" in item:
        low = high = item["value"]
    elif "range" in item:
        low, high = item["range"]
    elif "at_least" in item:
        low, high = item["at_least"], INF
    else:
        low, high = -INF, item["at_most"]
    for number in (low, high):
        if isinstance(number, float) and math.isnan(number) or number in (INF, -INF) and \
                not ("at_least" in item or "at_most" in item):
            raise RuleError(path, line, 1, f"value {number!r} is not a finite number")
    return Expected(low=float(low), high=float(high), value=item.get("value"), by=item.get("by"),
                    counts=tuple(item.get("counts", ())), note=item.get("note"),
                    credited_only=item.get("credited_only", False),
                    when=tuple(item.get("when", ())))


def parse_tolerance(value: Any, path: str, line: int) -> tuple[float, float]:
    """(absolute, relative): "1%" is relative; a number is absolute in the rule's unit."""
    text = str(value).strip()
    try:
        if text.endswith("%"):
            absolute, relative = 0.0, float(text[:-1]) / 100
        else:
            absolute, relative = float(text), 0.0
    except ValueError:
        raise RuleError(path, line, 1, f"tolerance {value!r} is not a number or a percentage") from None
    if not all(math.isfinite(x) and x >= 0 for x in (absolute, relative)):
        raise RuleError(path, line, 1, f"tolerance {value!r} must be finite and not negative")
    return absolute, relative


