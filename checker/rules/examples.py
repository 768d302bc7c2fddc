"""`checker rules test` and the corpus regression: rules judged by their own examples, and the
corpus judged against the findings recorded for it, like LanguageTool's rule examples and
`semgrep --test`."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Optional

from checker.stages import document as documents
from checker import kinds, yamlsafe
from checker.model import DocumentResult
from checker.rules.load import Example, Rule

if TYPE_CHECKING:
    from checker.pipeline import Checker

EXPECTED_DIR = "expected"
_GRAVITY = ("consistent", "unverifiable", "inconsistent")


@dataclass(frozen=True)
class ExampleFailure:
    rule: Rule
    example: Example
    got: str  # the verdict this rule gave, or "unchecked"
    others: tuple[str, ...]  # what other rules said about the sentence

    def __str__(self) -> str:
        date = f" (date {self.example.date})" if self.example.date else ""
        others = f"; other findings: {', '.join(self.others)}" if self.others else ""
        return (f"{self.rule.path}:{self.rule.line}:1: {self.rule.id}: example{date} expected "
                f"{self.example.verdict}, got {self.got}{others}: {self.example.text!r}")


def run_examples(checker: Checker, rules: Iterable[Rule]) -> tuple[int, list[ExampleFailure]]:
    """Every example of every rule through the full pipeline; returns (run, failures)."""
    failures: list[ExampleFailure] = []
    run = 0
    for rule in rules:
        for example in rule.examples:
            run += 1
            result = checker.check_text(example.text, date=example.date, path=f"<{rule.id}>")
            own = [f.verdict for f in result.findings if kinds.owner(rule, f.rule)]
            # several findings of one rule on one sentence (an ordinal and a figure of the same
            # event): the example states the gravest
            got = max(own, key=_GRAVITY.index) if own else "unchecked"
            if got != example.verdict:
                others = tuple(f"{f.rule}={f.verdict} on {f.claim.text!r}"
                               for f in result.findings if not kinds.owner(rule, f.rule))
                failures.append(ExampleFailure(rule, example, got, others))
    return run, failures


def finding_lines(result: DocumentResult) -> list[str]:
    """One comparable line per finding: where, what, which rule, which verdict."""
    return sorted(f"{f.claim.span.line}: {f.claim.text!r} {f.rule} {f.verdict}"
                  for f in result.findings)


def expected_path(article: Path) -> Path:
    return article.parent / EXPECTED_DIR / f"{article.stem}.yaml"


def load_expected(path: Path) -> list[str]:
    data = yamlsafe.load(path.read_text(encoding="utf-8")) or {}
    return sorted(f"{item['line']}: {item['text']!r} {item['rule']} {item['verdict']}"
                  for item in data.get("findings", []))


def corpus_regression(checker: Checker, corpus: Path) -> tuple[int, list[str]]:
    """Each corpus article's findings against its expected file; returns (articles, diffs)."""
    diffs: list[str] = []
    articles = list(documents.expand([str(corpus)]))
    for article in map(Path, articles):
        expected_file = expected_path(article)
        if not expected_file.exists():
            diffs.append(f"{article}: no expected findings file {expected_file}")
            continue
        actual = finding_lines(checker.check_document(documents.read(str(article))))
        expected = load_expected(expected_file)
        if actual != expected:
            diff = difflib.unified_diff(expected, actual, fromfile=str(expected_file),
                                        tofile=f"{article} (checker now)", lineterm="")
            diffs.append("\n".join(diff))
    return len(articles), diffs


def default_corpus() -> Optional[Path]:
    corpus = Path(__file__).resolve().parents[2] / "corpus"
    return corpus if corpus.is_dir() else None
