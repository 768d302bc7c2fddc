"""`--format claimreview`: schema.org ClaimReview JSON-LD, checked against the part of the
schema.org vocabulary it uses (tests/fixtures/schemaorg-claimreview.json, no network)."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from checker import cli
from checker.render import claimreview
from checker.render.model import Run

REPO = Path(__file__).resolve().parent.parent
VOCABULARY = json.loads((Path(__file__).parent / "fixtures" / "schemaorg-claimreview.json")
                        .read_text("utf-8"))
TYPES = VOCABULARY["types"]
DATA_TYPES = VOCABULARY["dataTypes"]
PROPERTIES = VOCABULARY["properties"]
RULES = [str(REPO / "rules" / "unclos.yaml"), str(REPO / "rules" / "offices_japan.yaml")]

ARTICLE = (
    "---\n"
    "date: 2017-03-19\n"
    "title: \"Tillerson in Beijing\"\n"
    "source: VOA\n"
    "url: https://www.voanews.com/a/tillerson-china/3772645.html\n"
    "---\n"
    "Japan's exclusive economic zone extends 200 kilometers from its coast.\n"
    "\n"
    "An exclusive economic zone stretches 200 nautical miles from a country's coast.\n"
)
UNDATED = "Japanese Foreign Minister Fumio Kishida met Tillerson in Tokyo.\n"
CONFIG = ('[organization]\nname = "Example Daily Fact Desk"\nurl = "https://factcheck.example.org"\n')


# ---------------------------------------------------------------- the vocabulary check

def _ancestors(name: str, table: dict) -> list[str]:
    chain = []
    while name is not None:
        chain.append(name)
        name = table[name]["subClassOf"]
    return chain


def _matches(value, ranges: list[str], where: str) -> None:
    if isinstance(value, dict):
        kind = value.get("@type")
        assert kind in TYPES, f"{where}: @type {kind!r} is not in the vocabulary"
        assert set(_ancestors(kind, TYPES)) & set(ranges), \
            f"{where}: a {kind} where schema.org expects {ranges}"
        validate_node(value, where)
    elif isinstance(value, bool):
        raise AssertionError(f"{where}: a boolean where schema.org expects {ranges}")
    elif isinstance(value, (int, float)):
        assert "Number" in ranges, f"{where}: a number where schema.org expects {ranges}"
    elif isinstance(value, str):
        textual = [r for r in ranges if r in DATA_TYPES and r != "Number"]
        assert textual, f"{where}: text where schema.org expects {ranges}"
        if textual == ["URL"]:
            assert re.match(r"^https?://[^\s/]+", value), f"{where}: {value!r} is not a URL"
        if set(textual) <= {"Date", "DateTime"}:
            assert re.match(r"^\d{4}-\d{2}-\d{2}$", value), f"{where}: {value!r} is not an ISO date"
            dt.date.fromisoformat(value)
        assert value.strip(), f"{where}: empty text"
    else:
        raise AssertionError(f"{where}: {value!r} is not a schema.org value")


def validate_node(node: dict, where: str = "$") -> None:
    kind = node.get("@type")
    assert kind in TYPES, f"{where}: @type {kind!r} is not in the vocabulary"
    lineage = _ancestors(kind, TYPES)
    for key, value in node.items():
        if key == "@type":
            continue
        if key == "@context":
            assert value == VOCABULARY["context"], f"{where}: @context {value!r}"
            continue
        assert key in PROPERTIES, f"{where}: {key!r} is not a schema.org property here"
        prop = PROPERTIES[key]
        assert set(prop["domainIncludes"]) & set(lineage), \
            f"{where}.{key}: not a property of {kind} (domain {prop['domainIncludes']})"
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            _matches(item, prop["rangeIncludes"], f"{where}.{key}[{index}]")


def test_the_vocabulary_fixture_cites_schema_org_for_every_entry():
    for table in (TYPES, DATA_TYPES, PROPERTIES):
        for name, entry in table.items():
            assert entry["url"] == f"https://schema.org/{name}"
    for name in (*TYPES, *DATA_TYPES):
        table = TYPES if name in TYPES else DATA_TYPES
        _ancestors(name, table)  # every parent is listed
    for prop in PROPERTIES.values():
        assert all(r in TYPES or r in DATA_TYPES for r in prop["rangeIncludes"])


def test_the_validator_rejects_what_schema_org_does_not_define():
    with pytest.raises(AssertionError, match="not a schema.org property"):
        validate_node({"@type": "ClaimReview", "verdict": "false"})
    with pytest.raises(AssertionError, match="not a property of Rating"):
        validate_node({"@type": "Rating", "claimReviewed": "x"})
    with pytest.raises(AssertionError, match="where schema.org expects"):
        validate_node({"@type": "ClaimReview", "reviewRating": {"@type": "Organization", "name": "x"}})
    with pytest.raises(AssertionError, match="not an ISO date"):
        validate_node({"@type": "CreativeWork", "datePublished": "March 2017"})
    with pytest.raises(AssertionError, match="not a URL"):
        validate_node({"@type": "Organization", "url": "example.org"})


# ---------------------------------------------------------------- the output

@pytest.fixture
def reviews(tmp_path, monkeypatch, capsys):
    def run(*texts: str, config: str | None = CONFIG):
        if config is not None:
            (tmp_path / "checker.toml").write_text(config, "utf-8")
        paths = []
        for index, text in enumerate(texts):
            path = tmp_path / f"article{index}.md"
            path.write_text(text, "utf-8")
            paths.append(str(path))
        monkeypatch.chdir(tmp_path)
        argv = ["check", "--format", "claimreview"]
        for rules in RULES:
            argv += ["--rules", rules]
        code = cli.main(argv + paths)
        out, err = capsys.readouterr()
        return code, json.loads(out), err
    return run


def test_every_type_and_property_is_schema_org(reviews):
    code, data, err = reviews(ARTICLE, UNDATED)
    assert code == 1 and err == ""
    assert isinstance(data, list) and len(data) == 3
    for index, review in enumerate(data):
        assert review["@context"] == "https://schema.org"
        assert review["@type"] == "ClaimReview"
        validate_node(review, f"$[{index}]")


def test_claim_rating_article_sources_and_organization(reviews):
    _, data, _ = reviews(ARTICLE)
    wrong, right = data
    assert wrong["claimReviewed"] == "Japan's exclusive economic zone extends 200 kilometers from its coast."
    assert wrong["reviewRating"] == {
        "@type": "Rating", "alternateName": "Inconsistent with the reference",
        "ratingValue": 1, "bestRating": 5, "worstRating": 1,
        "ratingExplanation": wrong["reviewRating"]["ratingExplanation"]}
    assert "200 nautical miles" in wrong["reviewBody"]
    assert right["reviewRating"]["ratingValue"] == 5
    assert right["reviewRating"]["alternateName"] == "Consistent with the reference"
    assert wrong["itemReviewed"] == {
        "@type": "Claim",
        "appearance": {"@type": "CreativeWork", "url": "https://www.voanews.com/a/tillerson-china/3772645.html",
                       "headline": "Tillerson in Beijing", "datePublished": "2017-03-19"},
        "author": {"@type": "Organization", "name": "VOA"}}
    assert wrong["author"] == {"@type": "Organization", "name": "Example Daily Fact Desk",
                               "url": "https://factcheck.example.org"}
    assert all(c["@type"] == "CreativeWork" and c["url"].startswith("http") for c in wrong["citation"])
    assert dt.date.fromisoformat(wrong["datePublished"]) == dt.date.today()


def test_unverifiable_has_words_but_no_number(reviews):
    _, data, _ = reviews(UNDATED)
    (review,) = data
    assert review["reviewRating"]["alternateName"] == "Unverifiable"
    assert "ratingValue" not in review["reviewRating"]
    assert "appearance" not in review["itemReviewed"]  # no url, title or date to point at
    validate_node(review)


def test_without_an_organization_a_placeholder_and_a_warning(reviews):
    code, data, err = reviews(ARTICLE, config=None)
    assert data[0]["author"]["name"].startswith("Unnamed newsroom")
    assert "no organization in the configuration" in err
    validate_node(data[0])


def test_no_findings_is_an_empty_list():
    assert claimreview.render(Run("checker check", organization={"name": "X", "url": None})) == "[]\n"
