"""A suggested wording is what `checker fix` writes into the article: it must itself pass the rule
that suggested it. Checked over every rule's examples, so a new rule is covered by its own."""
from __future__ import annotations

from checker.rules.load import default_rules, load_rules


def _fixes(checker):
    rules, _ = load_rules([default_rules()])
    for rule in rules:
        for example in rule.examples:
            result = checker.check_text(example.text, date=example.date)
            for finding in result.findings:
                if finding.verdict == "inconsistent" and finding.suggestion:
                    yield example, finding


def test_every_suggestion_passes_the_rule_that_made_it(checker):
    checked = 0
    failures = []
    for example, finding in _fixes(checker):
        checked += 1
        start, end = finding.claim.span.start, finding.claim.span.end
        fixed = example.text[:start] + finding.suggestion + example.text[end:]
        again = checker.check_text(fixed, date=example.date)
        still = [f for f in again.findings
                 if f.rule == finding.rule and f.verdict == "inconsistent"
                 and f.claim.span.start < start + len(finding.suggestion) and f.claim.span.end > start]
        if still:
            failures.append(f"{finding.rule}: {example.text!r} -> {fixed!r}: {still[0].message}")
    assert checked > 50  # the examples hold wrong figures, names, dates and office holders
    assert not failures, "\n".join(failures)
