"""The corpus regression: every article's findings equal the findings recorded for it, each of
which cites the row of the reference fact sheet that justifies its verdict."""
from __future__ import annotations

import pytest

from checker.stages import document as documents
from checker.rules.examples import expected_path, finding_lines, load_expected

from conftest import REPO

ARTICLES = sorted((REPO / "corpus").glob("*.md"))


def test_every_article_has_expected_findings():
    assert ARTICLES and all(expected_path(a).exists() for a in ARTICLES)


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.name)
def test_findings_equal_the_expected_ones(checker, article):
    actual = finding_lines(checker.check_document(documents.read(str(article))))
    assert actual == load_expected(expected_path(article))


def test_the_seed_eez_error_is_flagged_as_a_unit_mix_up(checker):
    result = checker.check_document(documents.read(str(REPO / "corpus" / "voa-2017-03-19-tillerson-china.md")))
    (finding,) = [f for f in result.findings if f.rule == "unclos.eez.breadth"]
    assert finding.claim.text == "200 kilometers"
    assert (finding.verdict, finding.diagnosis) == ("inconsistent", "unit-mix-up")
    assert "370.4" in finding.suggestion and "nautical miles" in finding.suggestion


def test_corpus_json_with_every_bundled_rule_kind_follows_the_contract(capsys):
    import json

    import jsonschema

    from checker import cli

    assert cli.main(["check", "--format", "json", str(REPO / "corpus")]) == 1
    payload = json.loads(capsys.readouterr().out)
    schema = json.loads((REPO / "checker" / "schemas" / "output.schema.json").read_text())
    jsonschema.validate(payload, schema)
    kinds = {c["kind"] for d in payload["documents"] for c in d["claims"]}
    assert {"measure", "count", "magnitude", "duration", "role", "name", "date", "ordinal"} <= kinds
