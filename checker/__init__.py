"""checker: finds the numeric claims in news copy and checks them against sourced YAML rules.

Public API::

    from checker import check
    result = check(text, date="2017-03-19")
    for finding in result.findings:
        print(finding.verdict, finding.claim.text, finding.message)
"""
from typing import Any

from checker.errors import InputError, RuleSetError
from checker.model import Claim, DocumentResult, Finding, Span
from checker.version import __version__

__all__ = ["check", "Checker", "Claim", "Finding", "DocumentResult", "Span", "InputError",
           "RuleSetError", "__version__"]


def __getattr__(name: str) -> Any:
    """The pipeline (and spaCy with it) loads on first use, not on `import checker`."""
    if name in ("check", "Checker"):
        from checker import pipeline
        return getattr(pipeline, name)
    raise AttributeError(f"module 'checker' has no attribute {name!r}")
