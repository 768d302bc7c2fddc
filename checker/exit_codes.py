"""The exit-code policy of every command that checks articles (check, report, fix, serve), in
one place:

    0  OK        nothing inconsistent at or above --fail-on
    1  FINDINGS  an inconsistent finding at or above --fail-on (the only code that means that)
    2  ERROR     a usage, configuration, rule-file or input error; the other inputs are still
                 checked and reported
    70 INTERNAL  a bug in the checker (EX_SOFTWARE in BSD's sysexits.h): an unexpected
                 exception, reported as one line naming the file being checked; the other
                 inputs are still checked

The graver code wins: INTERNAL over ERROR over FINDINGS.
"""
from __future__ import annotations

from typing import Iterable, Optional

from checker.model import SEVERITIES, DocumentResult

OK, FINDINGS, ERROR, INTERNAL = 0, 1, 2, 70


def failing(results: Iterable[DocumentResult], fail_on: str) -> bool:
    """Inconsistent findings at or above the threshold fail; unverifiable ones count as info.
    Findings waived by an inline suppression never fail; a problem with a suppression comment
    (no reason, unknown rule, waives nothing) counts as a warning."""
    threshold = SEVERITIES.index(fail_on)
    for result in results:
        if result.warnings and threshold <= SEVERITIES.index("warning"):
            return True
        for finding in result.findings:
            if finding.suppressed is not None:
                continue
            if finding.verdict == "inconsistent" and SEVERITIES.index(finding.severity) >= threshold:
                return True
            if finding.verdict == "unverifiable" and threshold == 0:
                return True
    return False


def of_run(results: Iterable[DocumentResult], fail_on: Optional[str], errors: int = 0,
           internal: int = 0) -> int:
    """The exit code of a run: its internal errors, else its other errors, else its findings
    (none fail when `fail_on` is None: `checker report` succeeds when it has written)."""
    if internal:
        return INTERNAL
    if errors:
        return ERROR
    return FINDINGS if fail_on is not None and failing(results, fail_on) else OK
