"""Verdict quality on real copy: how far an editor can trust what the checker flags.

Runs the checker over a hand-judged set of real published sentences (by default
`../shared/datasets/real-news-dev`, kept outside the repository) and over `corpus/` with its
expected findings, and prints:

- precision of `inconsistent` findings (a flagged figure must almost always be wrong);
- recall of wrong claims (gold `inconsistent` items and the planted variants), over all of
  them and over those whose fact the rule base holds (benchmarks/data/real-news-dev-coverage.yaml
  for the real errors; a planted variant is covered when the checker verifies its original);
- the share of correct on-topic claims (gold `consistent`) that a `consistent` finding verifies;
- every false alarm and every miss, so a regression can be read, not just counted.

Scoring follows the data set's README: an item is caught / flagged / verified when a finding
of that verdict overlaps its span. A gold item names its text (and `nth` occurrence) in the
body after the front matter.

    python benchmarks/verdicts.py [--data DIR] [--json FILE] [--quiet]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker import Checker  # noqa: E402
from checker.stages import document as documents  # noqa: E402
from checker.model import DocumentResult, Finding  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "real-news-dev"


@dataclass
class Gold:
    """One hand-judged item: where it is in the file and what it should get."""

    file: str
    text: str
    start: int
    end: int
    label: str  # inconsistent | consistent | trap
    cat: str
    why: str
    covered: bool = False  # a wrong claim whose fact the rule base holds


@dataclass
class Tally:
    flagged: int = 0  # inconsistent findings
    true_alarms: int = 0
    wrong: int = 0  # gold inconsistent items (and planted variants)
    caught: int = 0
    covered: int = 0  # of those, the ones whose fact a rule holds
    covered_caught: int = 0
    correct: int = 0  # gold consistent items
    verified: int = 0
    false_alarms: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    harmful_suggestions: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float | int]:
        return {
            "inconsistent_findings": self.flagged,
            "true_alarms": self.true_alarms,
            "precision": _ratio(self.true_alarms, self.flagged),
            "wrong_claims": self.wrong,
            "caught": self.caught,
            "recall": _ratio(self.caught, self.wrong),
            "covered_wrong_claims": self.covered,
            "covered_caught": self.covered_caught,
            "recall_covered": _ratio(self.covered_caught, self.covered),
            "correct_claims": self.correct,
            "verified": self.verified,
            "verified_share": _ratio(self.verified, self.correct),
            "false_alarms": len(self.false_alarms),
            "harmful_suggestions": len(self.harmful_suggestions),
        }


def _ratio(a: int, b: int) -> float:
    return round(a / b, 3) if b else 1.0


def _locate(body: str, offset: int, text: str, nth: int) -> tuple[int, int] | None:
    at = -1
    for _ in range(nth):
        at = body.find(text, at + 1)
        if at < 0:
            return None
    return offset + at, offset + at + len(text)


COVERAGE = ROOT / "benchmarks" / "data" / "real-news-dev-coverage.yaml"


def load_gold(data: Path, checker: Checker) -> tuple[dict[str, documents.Document], list[Gold]]:
    gold_file = yaml.safe_load((data / "gold.yaml").read_text(encoding="utf-8"))
    coverage = yaml.safe_load(COVERAGE.read_text(encoding="utf-8")) if COVERAGE.is_file() else {}
    docs: dict[str, documents.Document] = {}
    items: list[Gold] = []
    for name, lists in gold_file.items():
        document = documents.read(str(data / "articles" / name))
        docs[name] = document
        body = document.body
        offset = len(document.text) - len(body)
        for label, key in (("inconsistent", "inconsistent"), ("consistent", "consistent"),
                           ("trap", "traps")):
            for entry in lists.get(key) or []:
                where = _locate(body, offset, entry["text"], int(entry.get("nth", 1)))
                if where is None:
                    print(f"gold: {name}: {entry['text']!r} not found", file=sys.stderr)
                    continue
                covered = label == "inconsistent" and bool((coverage.get(name) or {}).get(entry["text"]))
                items.append(Gold(name, entry["text"], *where, label, entry.get("cat", ""),
                                  entry.get("why", ""), covered))
    for path in sorted((data / "planted").glob("*.md")):
        document = documents.read(str(path))
        name = f"planted/{path.name}"
        docs[name] = document
        meta = document.metadata
        body = document.body
        offset = len(document.text) - len(body)
        where = _locate(body, offset, str(meta["changed_text"]), 1)
        if where is None:
            print(f"gold: {name}: changed text not found", file=sys.stderr)
            continue
        items.append(Gold(name, str(meta["changed_text"]), *where, "inconsistent",
                          str(meta.get("cat", "")), str(meta.get("why", "")),
                          _original_verified(checker, document, meta)))
    return docs, items


def _original_verified(checker: Checker, document: documents.Document, meta: dict) -> bool:
    """A planted variant is covered when the checker verifies the original, correct words: the
    rule base holds the fact the change contradicts."""
    body = document.body
    changed, original = str(meta["changed_text"]), str(meta["original_text"])
    at = body.find(changed)
    text = body[:at] + original + body[at + len(changed):]
    result = checker.check_text(text, date=document.date)
    near = 40  # a finding on the figure next to the changed words ("the 4.52 recorded in 2009")
    return any(f.verdict == "consistent" and f.claim.span.start < at + len(original) + near
               and at - near < f.claim.span.end for f in result.findings)


def _overlaps(finding: Finding, item: Gold) -> bool:
    span = finding.claim.span
    return span.start < item.end and item.start < span.end


def _describe(name: str, finding: Finding) -> str:
    claim = finding.claim
    text = f"{name} {claim.span.line}:{claim.span.column} {claim.text!r} [{finding.rule}"
    text += f", {finding.severity}] {finding.message}"
    if finding.suggestion:
        text += f" | suggest: {finding.suggestion}"
    return text


def score(results: dict[str, DocumentResult], items: list[Gold]) -> Tally:
    tally = Tally()
    by_file: dict[str, list[Gold]] = {}
    for item in items:
        by_file.setdefault(item.file, []).append(item)
    for name, result in results.items():
        gold = by_file.get(name, [])
        active = [f for f in result.findings if f.suppressed is None]
        for finding in active:
            if finding.verdict != "inconsistent":
                continue
            tally.flagged += 1
            hits = [g for g in gold if _overlaps(finding, g)]
            if any(g.label == "inconsistent" for g in hits):
                tally.true_alarms += 1
            else:
                why = "; ".join(f"gold {g.label}: {g.why}" for g in hits) or "no gold item"
                tally.false_alarms.append(f"{_describe(name, finding)}\n      ({why})")
                if finding.suggestion:
                    tally.harmful_suggestions.append(_describe(name, finding))
        for item in gold:
            overlapping = [f for f in active if _overlaps(f, item)]
            if item.label == "inconsistent":
                tally.wrong += 1
                tally.covered += item.covered
                if any(f.verdict == "inconsistent" for f in overlapping):
                    tally.caught += 1
                    tally.covered_caught += item.covered
                else:
                    seen = ", ".join(f"{f.verdict} by {f.rule}" for f in overlapping) or "no finding"
                    tally.misses.append(f"{name}: {item.text!r} [{item.cat}] ({seen})\n"
                                        f"      ({item.why})")
            elif item.label == "consistent":
                tally.correct += 1
                if any(f.verdict == "consistent" for f in overlapping):
                    tally.verified += 1
    return tally


def corpus_tally(checker: Checker) -> Tally:
    """The bundled corpus against its expected findings (corpus/expected/*.yaml)."""
    tally = Tally()
    for path in sorted((ROOT / "corpus").glob("*.md")):
        expected_file = ROOT / "corpus" / "expected" / f"{path.stem}.yaml"
        expected = yaml.safe_load(expected_file.read_text(encoding="utf-8")) or {}
        wanted = {(e["line"], e["text"]) for e in expected.get("findings", [])
                  if e.get("verdict") == "inconsistent"}
        result = checker.check_document(documents.read(str(path)))
        flagged = {(f.claim.span.line, f.claim.text): f for f in result.findings
                   if f.verdict == "inconsistent" and f.suppressed is None}
        tally.flagged += len(flagged)
        tally.wrong += len(wanted)
        for key, finding in flagged.items():
            if key in wanted:
                tally.true_alarms += 1
                tally.caught += 1
            else:
                tally.false_alarms.append(_describe(path.name, finding))
        tally.misses += [f"{path.name}: {text!r} line {line}" for line, text in wanted - set(flagged)]
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="the hand-judged set (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--quiet", action="store_true", help="figures only, no lists")
    args = parser.parse_args(argv)
    if not (args.data / "gold.yaml").is_file():
        print(f"verdicts.py: {args.data}: no gold.yaml (the real-news-dev set)", file=sys.stderr)
        return 2

    checker = Checker()
    docs, items = load_gold(args.data, checker)
    started = time.perf_counter()
    results = {name: checker.check_document(document) for name, document in docs.items()}
    seconds = time.perf_counter() - started
    real = score(results, items)
    corpus = corpus_tally(checker)

    figures = {"real_news_dev": real.figures(), "corpus": corpus.figures(),
               "documents": len(docs), "seconds": round(seconds, 1)}
    for title, tally in (("real-news-dev", real), ("corpus", corpus)):
        f = tally.figures()
        print(f"{title}: inconsistent findings {f['inconsistent_findings']}, "
              f"precision {f['precision']:.3f}; recall {f['caught']}/{f['wrong_claims']} "
              f"= {f['recall']:.3f}", end="")
        if tally.covered:
            print(f" (of wrong claims a rule covers {f['covered_caught']}/"
                  f"{f['covered_wrong_claims']} = {f['recall_covered']:.3f})", end="")
        if tally.correct:
            print(f"; verified {f['verified']}/{f['correct_claims']} = {f['verified_share']:.3f}",
                  end="")
        print(f"; suggestions on false alarms {f['harmful_suggestions']}")
        if not args.quiet:
            for line in tally.false_alarms:
                print(f"  FALSE ALARM {line}")
            for line in tally.misses:
                print(f"  MISS {line}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
