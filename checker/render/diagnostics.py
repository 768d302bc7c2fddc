"""What the CI formats (SARIF, JUnit, GitHub) show of a run, decided once for all three.

`of(run)` turns the run of `checker check` or of `checker rules lint|test|check` into a
`Report`: a flat list of `Diagnostic`s (one per finding, load error, lint check, rule example or
corpus article) and the descriptors of the rules they refer to. The three formats are views of
that list, so whether a thing passed, failed or was skipped is never decided per format.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Sequence

from checker.model import DocumentResult, Finding
from checker.render.model import Run
from checker.rules.examples import ExampleFailure
from checker.rules.lint import Problem
from checker.rules.load import Rule, rule_files
from checker.rules.problems import RuleError
from checker.stages import document as documents

# Outcomes: what a JUnit testcase says. "fail"/"error"/"skip" are also SARIF results and GitHub
# annotations; "pass" exists only so JUnit can count what was checked and found right.
PASS, FAIL, ERROR, SKIP = "pass", "fail", "error", "skip"

# The rule severities as SARIF levels (GitHub's "notice" is derived from "note").
LEVELS = {"error": "error", "warning": "warning", "info": "note"}

LOAD, CORPUS, INPUT = "rules.load", "rules.corpus", "input-error"
SUPPRESSION = "checker.suppression"
_META = {
    SUPPRESSION: "An inline suppression comment has no reason, names an unknown rule, or waives "
                 "nothing.",
    LOAD: "A rule file does not load: YAML syntax, schema or unit error.",
    CORPUS: "A corpus article's findings differ from its recorded expected findings.",
    INPUT: "An input file could not be read.",
}


@dataclass(frozen=True)
class Diagnostic:
    """One checked thing and its outcome, located in a file."""

    suite: str  # JUnit testsuite: the article, or the stage of `rules` ("lint", "examples", ...)
    case: str  # JUnit testcase name, unique within the suite
    outcome: str  # pass | fail | error | skip
    rule: str  # SARIF ruleId, JUnit classname
    message: str
    path: str  # as given on the command line, so links work from the repository root
    line: int = 1
    column: int = 1
    level: str = "error"  # SARIF level of a reported outcome: error | warning | note
    title: str = ""  # short heading for a GitHub annotation
    offset: Optional[int] = None  # character offset and length, when the span is exact
    length: Optional[int] = None
    suppressed: Optional[str] = None  # the reason an inline suppression gave for waiving it

    @property
    def reported(self) -> bool:
        """Passing checks are test cases, not results: SARIF and GitHub leave them out. So are
        waived findings (SARIF lists them apart, with a `suppressions` property)."""
        return self.outcome != PASS and self.suppressed is None


@dataclass(frozen=True)
class Descriptor:
    """What a ruleId means: SARIF `tool.driver.rules[]`."""

    id: str
    description: str
    help_uri: Optional[str] = None


@dataclass
class Report:
    name: str  # the command, e.g. "checker check"
    diagnostics: list[Diagnostic] = field(default_factory=list)
    descriptors: dict[str, Descriptor] = field(default_factory=dict)
    suites: list[str] = field(default_factory=list)  # in order, including empty ones

    def suite(self, name: str) -> None:
        if name not in self.suites:
            self.suites.append(name)

    def add(self, diagnostic: Diagnostic) -> None:
        self.suite(diagnostic.suite)
        self.diagnostics.append(diagnostic)

    def describe(self, rules: Iterable[Rule]) -> None:
        for rule in rules:
            self.descriptors.setdefault(rule.id, Descriptor(
                rule.id, rule.title, rule.sources[0].url if rule.sources else None))

    def describe_meta(self, rule_id: str, description: str) -> None:
        self.descriptors.setdefault(rule_id, Descriptor(rule_id, description))


def of(run: Run) -> Report:
    """The report of a run: its rule checks, or its checked articles."""
    check = run.rules_check
    if check is None:
        return check_report(run.results, run.errors, run.rules)
    report = rules_report(run.command, check.paths, check.rules, check.load_errors)
    if "lint" in check.stages:
        add_lint(report, check.lint)
    if "examples" in check.stages:
        add_examples(report, check.rules, check.failures)
    if "corpus" in check.stages:
        add_corpus(report, check.corpus, check.diffs)
    return report


# --- checker check ---------------------------------------------------------------------------

def check_report(results: Sequence[DocumentResult], errors: Sequence[str],
                 rules: Iterable[Rule] = ()) -> Report:
    """Every finding of every article; consistent findings are passed test cases."""
    report = Report("checker check")
    report.describe(rules)
    for result in results:
        report.suite(result.path)
        for finding in result.findings:
            report.add(_finding(result.path, finding))
        for warning in result.warnings:
            report.describe_meta(SUPPRESSION, _META[SUPPRESSION])
            report.add(Diagnostic(
                suite=result.path, case=f"{warning.line}:{warning.column} suppression comment",
                outcome=FAIL, rule=SUPPRESSION, message=warning.message, path=result.path,
                line=warning.line, column=warning.column, level="warning",
                title="suppression comment"))
    for error in errors:
        # InputError messages start with the path as given ("notes.md: no such file").
        path, _, reason = error.partition(": ")
        report.describe_meta(INPUT, _META[INPUT])
        report.add(Diagnostic(suite=path, case="read", outcome=ERROR, rule=INPUT,
                              message=reason or error, path=path, title="input error"))
    return report


def _finding(path: str, finding: Finding) -> Diagnostic:
    span = finding.claim.span
    outcome = {"consistent": PASS, "inconsistent": FAIL}.get(finding.verdict, SKIP)
    message = finding.message
    if finding.suggestion:
        message += f" Suggest: {finding.suggestion}"
    level = LEVELS[finding.severity] if outcome == FAIL else "note"
    if finding.suppressed is not None and outcome != PASS:
        # a waived finding is a skipped test case (JUnit) and a suppressed result (SARIF)
        message = f"Waived ({finding.suppressed}): {message}"
        outcome = SKIP
    return Diagnostic(
        suite=path, case=f"{span.line}:{span.column} {finding.claim.text!r} {finding.rule}",
        outcome=outcome, rule=finding.rule, message=message, path=path, line=span.line,
        column=span.column, level=level,
        title=f"{finding.verdict}: {finding.claim.text}", offset=span.start,
        length=span.end - span.start,
        suppressed=finding.suppressed if outcome == SKIP else None)


# --- checker rules lint|test|check --------------------------------------------------------------

def rules_report(name: str, paths: Sequence[str | Path], rules: list[Rule],
                 load_errors: Sequence[RuleError]) -> Report:
    """The load stage: one test case per rule file, failed when the file does not load."""
    report = Report(name)
    report.describe(rules)
    broken = {error.path: error for error in load_errors}
    files = [str(p) for p in rule_files(paths)]
    files += [p for p in broken if p not in files]
    for file in files:
        error = broken.get(file)
        if error is None:
            report.add(Diagnostic("load", file, PASS, LOAD, "loads", file))
            continue
        report.describe_meta(LOAD, _META[LOAD])
        report.add(Diagnostic("load", file, FAIL, LOAD, error.message, file, error.line,
                              error.column, title="rule file does not load"))
    return report


def add_lint(report: Report, lint: Sequence[tuple[str, list[Problem]]]) -> None:
    """One test case per lint check (each check's name and what it found); each problem is a
    result at its rule."""
    for name, found in lint:
        if not found:
            report.add(Diagnostic("lint", name, PASS, f"lint.{name}", "no problem", "", 1))
        for problem in found:
            rule_id = f"lint.{problem.check}"
            report.describe_meta(rule_id, f"Rule lint check {problem.check!r} ({name}).")
            report.add(Diagnostic("lint", name, FAIL, rule_id, f"{problem.rule}: {problem.message}",
                                  problem.path, problem.line, title=f"lint {problem.check}"))


def add_examples(report: Report, rules: Iterable[Rule], failures: Sequence[ExampleFailure]) -> None:
    """One test case per rule example; a failure is reported at its rule, under the rule's id."""
    failed = {(f.rule.id, id(f.example)): f for f in failures}
    for rule in rules:
        for number, example in enumerate(rule.examples, 1):
            case = f"{rule.id} example {number}: {example.text}"
            failure = failed.get((rule.id, id(example)))
            if failure is None:
                report.add(Diagnostic("examples", case, PASS, rule.id, example.verdict, rule.path,
                                      rule.line))
                continue
            others = f"; other findings: {', '.join(failure.others)}" if failure.others else ""
            report.add(Diagnostic(
                "examples", case, FAIL, rule.id,
                f"example expected {example.verdict}, got {failure.got}{others}: {example.text!r}",
                rule.path, rule.line, title=f"{rule.id} example {number}"))


_DIFF_LINE = re.compile(r"^[-+](\d+): ", re.MULTILINE)


def add_corpus(report: Report, corpus: Path, diffs: Sequence[str]) -> None:
    """One test case per corpus article; a difference is located at its first differing line."""
    articles = list(documents.expand([str(corpus)])) if corpus.is_dir() else []
    unclaimed = list(diffs)
    for article in articles:
        mine = [d for d in unclaimed
                if d.startswith(f"{article}: ") or f"\n+++ {article} (checker now)" in d]
        unclaimed = [d for d in unclaimed if d not in mine]
        if not mine:
            report.add(Diagnostic("corpus", article, PASS, CORPUS, "as expected", article))
        for diff in mine:
            report.describe_meta(CORPUS, _META[CORPUS])
            first = _DIFF_LINE.search(diff)
            report.add(Diagnostic("corpus", article, FAIL, CORPUS, diff, article,
                                  int(first.group(1)) if first else 1,
                                  title="corpus regression"))
    for diff in unclaimed:  # a difference no article claims still fails the run
        report.describe_meta(CORPUS, _META[CORPUS])
        report.add(Diagnostic("corpus", str(corpus), FAIL, CORPUS, diff, str(corpus),
                              title="corpus regression"))
