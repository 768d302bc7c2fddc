"""`--format junit`: JUnit XML, the test report every CI server can display.

Each suite is an article (or a stage of `rules`: load, lint, examples, corpus), each test case
one checked thing: a finding, a rule file, a lint check, a rule example, a corpus article.
Diagnostics that share a suite and case name (several problems found by one lint check) are one
test case whose failure lists them all. Unverifiable findings are skipped test cases.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from checker.render import diagnostics
from checker.render.diagnostics import ERROR, FAIL, PASS, SKIP, Diagnostic, Report
from checker.render.model import Run

# XML 1.0 cannot carry these control characters at all, escaped or not.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_WORST = (PASS, SKIP, FAIL, ERROR)
_TAGS = {FAIL: "failure", ERROR: "error", SKIP: "skipped"}


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def cases(report: Report, suite: str) -> list[list[Diagnostic]]:
    """The suite's test cases, in order, each the diagnostics that share its name."""
    grouped: dict[str, list[Diagnostic]] = {}
    for diagnostic in report.diagnostics:
        if diagnostic.suite == suite:
            grouped.setdefault(diagnostic.case, []).append(diagnostic)
    return list(grouped.values())


def outcome(case: list[Diagnostic]) -> str:
    return max((d.outcome for d in case), key=_WORST.index)


def _counts(element: ET.Element, outcomes: list[str]) -> None:
    element.set("tests", str(len(outcomes)))
    element.set("failures", str(outcomes.count(FAIL)))
    element.set("errors", str(outcomes.count(ERROR)))
    element.set("skipped", str(outcomes.count(SKIP)))


def _case(parent: ET.Element, case: list[Diagnostic]) -> str:
    first = case[0]
    element = ET.SubElement(parent, "testcase", classname=_clean(first.rule), name=_clean(first.case))
    if first.path:
        element.set("file", _clean(first.path))
        element.set("line", str(first.line))
    result = outcome(case)
    if result in _TAGS:
        reported = [d for d in case if d.outcome == result]
        child = ET.SubElement(element, _TAGS[result], message=_clean(reported[0].message))
        if result != SKIP:
            child.set("type", reported[0].level)
            child.text = _clean("\n".join(f"{d.path}:{d.line}:{d.column}: {d.message}"
                                          for d in reported))
    return result


def render(run: Run) -> str:
    report = diagnostics.of(run)
    root = ET.Element("testsuites", name=report.name)
    everything: list[str] = []
    for name in report.suites:
        suite = ET.SubElement(root, "testsuite", name=_clean(name))
        outcomes = [_case(suite, case) for case in cases(report, name)]
        _counts(suite, outcomes)
        everything += outcomes
    _counts(root, everything)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
