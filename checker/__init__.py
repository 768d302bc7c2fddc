"""checker: finds the numeric claims in news copy and checks them against sourced YAML rules.

Public API::

    from checker import check
    result = check(text, date="2017-03-19")
    for finding in result.findings:
        print(finding.verdict, finding.claim.text, finding.message)
"""
from .document import InputError
from .model import Claim, DocumentResult, Finding, Span
from .pipeline import Checker, RuleSetError, check

__all__ = ["check", "Checker", "Claim", "Finding", "DocumentResult", "Span", "InputError",
           "RuleSetError"]
__version__ = "0.1.0"
