"""The one input every output format renders: a `Run`, what one command found.

`checker check` fills `articles` and `errors`; `checker report` also sorts the articles, names
their pages (`slug`) and adds the cross-article `consistency` groups; `checker rules
lint|test|check` fills `rules_check`. A format reads what it needs and nothing decides twice
what a run found.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Optional

from checker.model import VERDICTS, DocumentResult, Finding, Notice

if TYPE_CHECKING:
    from checker.rules.examples import ExampleFailure
    from checker.rules.lint import Problem
    from checker.rules.load import Rule
    from checker.rules.problems import RuleError
    from checker.stages.consistency import Group
    from checker.stages.document import Document

# The order verdicts are listed in, graver first; "unchecked" is a claim no rule judged.
ORDER = ("inconsistent", "unverifiable", "consistent", "unchecked")


@dataclass
class Article:
    """One checked input: the document as read and what the checker found in it."""

    document: Document
    result: DocumentResult
    slug: str = ""  # file name of its report pages, without the extension

    @property
    def path(self) -> str:
        return self.result.path

    @property
    def title(self) -> str:
        title = self.document.metadata.get("title")
        return str(title) if title else Path(self.path).name

    def count(self, verdict: str) -> int:
        if verdict == "unchecked":
            return len(self.result.unchecked)
        if verdict == "waived":
            return len(self.waived)
        return self.result.count(verdict)

    @property
    def problems(self) -> list[Finding]:
        """Inconsistent findings nobody waived: what a page calls out."""
        return [f for f in self.result.findings
                if f.verdict == "inconsistent" and f.suppressed is None]

    @property
    def waived(self) -> list[Finding]:
        """Findings an inline suppression comment waived, with its reason: for the desk's audit."""
        return self.result.waived

    @property
    def warnings(self) -> list[Notice]:
        return list(self.result.warnings)


@dataclass
class RuleStats:
    """How often one rule fired in a run, with which verdicts, in which articles."""

    id: str
    title: str
    counts: dict[str, int] = field(default_factory=lambda: {v: 0 for v in VERDICTS})
    articles: set[str] = field(default_factory=set)

    @property
    def fired(self) -> int:
        return sum(self.counts.values())


@dataclass
class RulesCheck:
    """What `checker rules lint|test|check` found: `stages` says which parts ran."""

    command: str  # lint | test | check
    stages: frozenset[str]  # of "lint", "examples", "corpus"
    paths: list[str]
    rules: list[Rule]
    load_errors: list[RuleError]
    lint: list[tuple[str, list[Problem]]] = field(default_factory=list)  # (check, its problems)
    examples_run: int = 0
    failures: list[ExampleFailure] = field(default_factory=list)
    corpus: Path = Path("corpus")
    corpus_articles: int = 0
    diffs: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return [problem for _, found in self.lint for problem in found]

    @property
    def failed(self) -> bool:
        return bool(self.load_errors or self.problems or self.failures or self.diffs)


@dataclass
class Run:
    command: str  # as a person would type it: "checker check"
    articles: list[Article] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one line per input not checked
    rules: list[Rule] = field(default_factory=list)
    left_out: Optional[int] = None  # findings outside the changed lines (--changed-since)
    organization: Mapping[str, Optional[str]] = field(default_factory=dict)  # ClaimReview author
    consistency: list[Group] = field(default_factory=list)  # cross-article disagreements
    rules_check: Optional[RulesCheck] = None

    @property
    def results(self) -> list[DocumentResult]:
        return [article.result for article in self.articles]

    @property
    def rule_stats(self) -> list[RuleStats]:
        """The rules that fired, by id."""
        titles = {rule.id: rule.title for rule in self.rules}
        stats: dict[str, RuleStats] = {}
        for article in self.articles:
            for finding in article.result.findings:
                rule = stats.setdefault(finding.rule,
                                        RuleStats(finding.rule, titles.get(finding.rule, "")))
                rule.counts[finding.verdict] = rule.counts.get(finding.verdict, 0) + 1
                rule.articles.add(article.path)
        return [stats[key] for key in sorted(stats)]

    @property
    def silent_rules(self) -> list[str]:
        """Loaded rules that fired on nothing."""
        fired = {finding.rule for article in self.articles for finding in article.result.findings}
        return sorted({rule.id for rule in self.rules} - fired)


def summary(results: list[DocumentResult], errors: list[str]) -> dict[str, Any]:
    """The counts of the JSON contract's `summary`, which every format's totals agree with."""
    findings = [f for r in results for f in r.findings]
    claims = sum(len(r.claims) for r in results)
    return {
        "documents": len(results),
        "claims": claims,
        "checked": len(findings),
        "consistent": sum(f.verdict == "consistent" for f in findings),
        "inconsistent": sum(f.verdict == "inconsistent" for f in findings),
        "unverifiable": sum(f.verdict == "unverifiable" for f in findings),
        "unchecked": claims - len(findings),
        "errors": len(errors),
        "suppressed": sum(f.suppressed is not None for f in findings),
        "warnings": sum(len(r.warnings) for r in results),
    }
