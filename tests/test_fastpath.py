"""The fast path (only paragraphs where a claim can be are parsed) must not change a finding."""
from __future__ import annotations

import pytest

from checker.stages import document as documents
from checker.stages.fastpath import paragraph_chunks
from checker.pipeline import Checker

from conftest import REPO


@pytest.fixture(scope="module")
def full_parse(checker):
    return Checker(rules=checker.rules, nlp=checker.nlp, fast=False)


def _findings(result):
    return [(f.rule, f.verdict, f.claim.span.start, f.claim.span.end, f.message, f.suggestion)
            for f in result.findings]


@pytest.mark.parametrize("path", sorted((REPO / "corpus").glob("*.md")), ids=lambda p: p.name)
def test_corpus_findings_equal_the_full_parse(checker, full_parse, path):
    document = documents.read(str(path))
    assert _findings(checker.check_document(document)) == _findings(full_parse.check_document(document))


def test_every_rule_example_gets_the_findings_of_the_full_parse(checker, full_parse):
    differing = []
    for rule in checker.rules:
        for example in rule.examples:
            fast = _findings(checker.check_text(example.text, date=example.date))
            full = _findings(full_parse.check_text(example.text, date=example.date))
            if fast != full:
                differing.append((rule.id, example.text))
    assert differing == []


def test_paragraphs_without_a_possible_claim_are_left_unparsed(checker):
    text = ("The weather was mild and everyone went home early.\n\n"
            "Japan's exclusive economic zone extends 200 kilometers from its coast.\n")
    doc = checker.parse(text)
    first, second = (t for t in doc if t.text in ("weather", "zone"))
    assert first.pos_ == "" and second.pos_ != ""  # only the second paragraph went through the tagger and parser
    assert doc.text == text


@pytest.mark.parametrize("text", ["a\n\nb\n", "no break", "\n\n\nlead\n \nend", "", "x\n"])
def test_paragraph_chunks_join_back_to_the_text(text):
    assert "".join(paragraph_chunks(text)) == text
