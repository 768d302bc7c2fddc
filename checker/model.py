"""Plain data passed between the pipeline stages.

Every stage takes and returns these dataclasses, so each stage can be tested alone with
hand-made input and nothing downstream depends on spaCy or pint objects.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Optional

VERDICTS = ("consistent", "inconsistent", "unverifiable")
SEVERITIES = ("info", "warning", "error")


@dataclass(frozen=True)
class Span:
    """Character offsets into the file's text exactly as read (front matter included)."""

    start: int
    end: int
    line: int
    column: int

    def to_json(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end, "line": self.line, "column": self.column}


@dataclass(frozen=True)
class Interval:
    """What a figure can mean: "about 370" is not the point 370, "more than 15" is open above."""

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def overlaps(self, other: "Interval") -> bool:
        if self.high < other.low or other.high < self.low:
            return False
        if self.high == other.low and (self.high_open or other.low_open):
            return False
        if other.high == self.low and (other.high_open or self.low_open):
            return False
        return True

    def scaled(self, factor: float) -> "Interval":
        return Interval(self.low * factor, self.high * factor, self.low_open, self.high_open)


@dataclass(frozen=True)
class Claim:
    """One checkable statement found in the text.

    `value` is the figure as written (in `unit`); `interval` is what it can mean once hedges
    ("about", "more than") and rounding are taken into account, in the same unit.
    """

    kind: str  # measure | count | magnitude | duration | date | ordinal | role | name | region
    text: str
    span: Span
    value: Any  # the figure (float) for figures; an ordinal, ISO date or name for facts
    unit: Optional[str]  # pint unit name; None for counts and non-numeric claims
    interval: Optional[Interval] = None  # figures only
    sentence: tuple[int, int] = (0, 0)  # character offsets of the sentence in the file
    qualifier: Optional[str] = None  # the hedge word(s), if any
    counted: Optional[str] = None  # lemma of the counted noun, for counts ("missile")
    subject: Optional[str] = None  # what the figure is about, as found in the text
    range: Optional[tuple[float, float]] = None  # a stated range ("4 to 6 per cent"): (low, high)
    sentence_text: str = field(default="", compare=False, repr=False)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "text": self.text,
            "span": self.span.to_json(),
            "value": _number(self.value) if isinstance(self.value, (int, float)) else self.value,
            "unit": self.unit,
            "subject": self.subject,
        }
        if self.counted:
            out["counted"] = self.counted
        if self.qualifier:
            out["qualifier"] = self.qualifier
        if self.range:
            out["range"] = [_number(self.range[0]), _number(self.range[1])]
        if self.interval and (self.interval.low, self.interval.high) != (self.value, self.value):
            out["interval"] = [_bound(self.interval.low), _bound(self.interval.high)]
        return out


@dataclass(frozen=True)
class Source:
    url: str
    title: str = ""


@dataclass(frozen=True)
class Finding:
    """A claim judged against one rule."""

    rule: str
    verdict: str
    severity: str
    claim: Claim
    expected: dict[str, Any]
    message: str
    suggestion: Optional[str]
    sources: tuple[Source, ...]
    diagnosis: Optional[str] = None
    matched: tuple[str, ...] = ()  # which reference values (agencies, counting units) it matched
    # The replacement for the claim's own span, set only where replacing the span is safe
    # (a unit mix-up, a known misspelling): what `checker fix` writes.
    fix: Optional[str] = None
    # Why an inline `<!-- checker: ignore RULE -- reason -->` waived it (see suppress.py).
    suppressed: Optional[str] = None
    # For a figure of an event list: which event it was judged against and why (stages/resolve).
    event: Optional[dict[str, Any]] = None

    def to_json(self) -> dict[str, Any]:
        value = self.claim.value
        claimed: dict[str, Any] = {
            "value": _number(value) if isinstance(value, (int, float)) else value,
            "unit": self.claim.unit}
        if self.claim.counted:
            claimed["counted"] = self.claim.counted
        out: dict[str, Any] = {
            "rule": self.rule,
            "verdict": self.verdict,
            "severity": self.severity,
            "text": self.claim.text,
            "span": self.claim.span.to_json(),
            "claimed": claimed,
            "expected": {"value": None, "unit": None, **self.expected},  # the contract's keys
            "message": self.message,
            "suggestion": self.suggestion,
            "sources": [s.url for s in self.sources],
        }
        if self.diagnosis:
            out["diagnosis"] = self.diagnosis
        if self.matched:
            out["matched"] = list(self.matched)
        if self.fix is not None:
            out["fix"] = self.fix
        if self.suppressed is not None:
            out["suppressed"] = {"reason": self.suppressed}
        if self.event is not None:
            out["event"] = self.event
        return out


@dataclass(frozen=True)
class Notice:
    """A warning about the document itself rather than a claim (a suppression comment without
    a reason, naming an unknown rule, or waiving nothing)."""

    line: int
    column: int
    message: str
    kind: str = "suppression"

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "line": self.line, "column": self.column,
                "message": self.message}


@dataclass
class DocumentResult:
    """Everything checked in one input: its claims, the findings, and the claims no rule covers."""

    path: str
    date: Optional[dt.date]
    claims: list[Claim] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    warnings: list[Notice] = field(default_factory=list)

    @property
    def unchecked(self) -> list[Claim]:
        judged = {id(f.claim) for f in self.findings}
        return [c for c in self.claims if id(c) not in judged]

    def count(self, verdict: str) -> int:
        return sum(1 for f in self.findings if f.verdict == verdict)

    @property
    def waived(self) -> list[Finding]:
        """Findings an inline suppression waived (they do not count for the exit code)."""
        return [f for f in self.findings if f.suppressed is not None]

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "date": self.date.isoformat() if self.date else None,
            "claims": [c.to_json() for c in self.claims],
            "findings": [f.to_json() for f in self.findings],
            "unchecked": len(self.unchecked),
            "warnings": [w.to_json() for w in self.warnings],
        }


def _number(value: float) -> float | int:
    """Whole numbers print as integers in JSON so "200" stays 200, not 200.0."""
    return int(value) if float(value).is_integer() else round(value, 6)


def _bound(value: float) -> float | int | None:
    """An open end ("more than 15") has no number; JSON has no infinity, so it is null."""
    if value in (float("inf"), float("-inf")):
        return None
    return _number(value)
