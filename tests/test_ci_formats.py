"""CI output formats, from real CLI runs: SARIF against the official 2.1.0 schema, JUnit parsed as
XML, GitHub workflow commands checked line by line, and exit codes that ignore the format."""
from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from checker.cli import main
from checker.model import Claim, DocumentResult, Finding, Interval, Span
from checker.render import github, junit, sarif
from checker.render.github import escape_data, escape_property
from checker.render.model import Article, Run
from checker.stages import document as documents

REPO = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "sarif-schema-2.1.0.json")
                          .read_text(encoding="utf-8"))
# Only the UNCLOS and units files: the other bundled rule files may change under other work.
UNCLOS = REPO / "rules" / "unclos.yaml"
UNITS = REPO / "rules" / "units.yaml"

ARTICLE = """---
date: 2017-03-19
---
Japan's exclusive economic zone "extends 200 kilometers from its coast", officials said.
A nautical mile is 1,852 meters.
"""
GITHUB_LINE = re.compile(r"^::(error|warning|notice) ((?:[a-z]+=[^,:\r\n]*)(?:,[a-z]+=[^,:\r\n]*)*)::(.*)$")


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An article and a rules copy in tmp_path, run from there so paths stay relative."""
    (tmp_path / "article.md").write_text(ARTICLE, encoding="utf-8")
    rules = tmp_path / "rules"
    rules.mkdir()
    shutil.copy(UNCLOS, rules / "unclos.yaml")
    shutil.copy(UNITS, rules / "units.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def broken_rules(workdir: Path) -> Path:
    """A misspelled unit (load error), a duplicate id (lint), a wrong example verdict (test)."""
    text = UNCLOS.read_text(encoding="utf-8")
    (workdir / "rules" / "broken.yaml").write_text(
        text.replace("unit: nautical_mile\n", "unit: nautical_miel\n"), encoding="utf-8")
    edited = text.replace("id: unclos.contiguous_zone.breadth", "id: unclos.territorial_sea.breadth", 1)
    units_text = UNITS.read_text(encoding="utf-8")
    wrong = units_text.replace('{text: "A nautical mile measures 1,609 meters.", verdict: inconsistent}',
                               '{text: "A nautical mile measures 1,609 meters.", verdict: consistent}')
    assert wrong != units_text
    (workdir / "rules" / "units.yaml").write_text(wrong, encoding="utf-8")
    assert edited.count("unclos.territorial_sea.breadth") > text.count("unclos.territorial_sea.breadth")
    (workdir / "rules" / "unclos.yaml").write_text(edited, encoding="utf-8")
    corpus = workdir / "corpus"
    (corpus / "expected").mkdir(parents=True)
    (corpus / "article.md").write_text(ARTICLE, encoding="utf-8")  # no expected file: a difference
    return workdir / "rules"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def check(capsys, fmt: str) -> tuple[int, str]:
    return run(capsys, "check", "article.md", "--rules", "rules", "--format", fmt)


# --- checker check ---------------------------------------------------------------------------

def test_check_sarif_is_valid_and_locates_the_eez_error(workdir, capsys):
    code, out = check(capsys, "sarif")
    log = json.loads(out)
    jsonschema.Draft202012Validator(SARIF_SCHEMA).validate(log)
    assert code == 1
    (sarif_run,) = log["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "checker" and driver["version"]
    eez = next(r for r in driver["rules"] if r["id"] == "unclos.eez.breadth")
    assert eez["helpUri"].startswith("http") and eez["shortDescription"]["text"]
    (result,) = sarif_run["results"]  # the consistent nautical-mile finding is no result
    assert result["ruleId"] == "unclos.eez.breadth" and result["level"] == "error"
    assert "200 nautical miles" in result["message"]["text"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "article.md"
    region = location["region"]
    assert (region["startLine"], region["startColumn"]) == (4, 42)
    assert ARTICLE[region["charOffset"]:region["charOffset"] + region["charLength"]] == "200 kilometers"


def test_check_junit_counts_findings_per_article(workdir, capsys):
    code, out = check(capsys, "junit")
    root = ET.fromstring(out)
    assert code == 1
    assert root.tag == "testsuites" and (root.get("tests"), root.get("failures")) == ("2", "1")
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "article.md"
    cases = suite.findall("testcase")
    assert len(cases) == 2
    failed = [c for c in cases if c.find("failure") is not None]
    assert [c.get("classname") for c in failed] == ["unclos.eez.breadth"]
    assert failed[0].get("line") == "4"
    assert "200 nautical miles" in failed[0].find("failure").get("message")


def test_check_github_annotates_inconsistent_findings_only(workdir, capsys):
    code, out = check(capsys, "github")
    assert code == 1
    (line,) = out.splitlines()
    match = GITHUB_LINE.match(line)
    assert match, line
    level, properties, _ = match.groups()
    assert level == "error"
    props = dict(p.split("=", 1) for p in properties.split(","))
    assert props["file"] == "article.md" and props["line"] == "4" and props["col"] == "42"
    assert props["title"] == "inconsistent%3A 200 kilometers"  # ':' escaped in a property


def test_unverifiable_is_a_note_a_notice_and_a_skipped_case():
    """Hand-made result: which claims are unverifiable is the binder's business, not this test's."""
    span = Span(start=10, end=20, line=2, column=3)
    claim = Claim(kind="count", text="25 missiles", span=span, value=25, unit=None,
                  interval=Interval(25, 25), sentence=(0, 30))
    finding = Finding(rule="dprk.missiles", verdict="unverifiable", severity="info", claim=claim,
                      expected={}, message="the article has no date", suggestion=None, sources=())
    result = DocumentResult(path="a b.md", date=None, claims=[claim], findings=[finding])
    report = Run("checker check", articles=[Article(documents.from_text("", "a b.md"), result)])
    log = json.loads(sarif.render(report))
    jsonschema.Draft202012Validator(SARIF_SCHEMA).validate(log)
    (result,) = log["runs"][0]["results"]
    assert result["level"] == "note" and result["ruleId"] == "dprk.missiles"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a%20b.md"
    assert {"id": "dprk.missiles", "shortDescription": {"text": "dprk.missiles"}} in \
        log["runs"][0]["tool"]["driver"]["rules"]  # every ruleId is described
    assert github.render(report).startswith("::notice file=a b.md,line=2,col=3,")
    suite = ET.fromstring(junit.render(report)).find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("1", "0", "1")
    assert suite.find("testcase/skipped") is not None


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_exit_code_does_not_depend_on_format(workdir, capsys, fmt):
    assert check(capsys, fmt)[0] == 1
    (workdir / "clean.md").write_text("A nautical mile is 1,852 meters.\n", encoding="utf-8")
    assert run(capsys, "check", "clean.md", "--rules", "rules", "--format", fmt)[0] == 0


def test_input_error_is_reported_and_exits_2(workdir, capsys):
    code, out = run(capsys, "check", "article.md", "missing.md", "--rules", "rules", "--format", "sarif")
    assert code == 2
    log = json.loads(out)
    jsonschema.Draft202012Validator(SARIF_SCHEMA).validate(log)
    missing = [r for r in log["runs"][0]["results"] if r["ruleId"] == "input-error"]
    assert missing[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "missing.md"


# --- checker rules lint|test|check -------------------------------------------------------------

def test_rules_check_sarif_lists_every_kind_of_problem(broken_rules, capsys):
    code, out = run(capsys, "rules", "check", "rules", "--corpus", "corpus", "--format", "sarif")
    log = json.loads(out)
    jsonschema.Draft202012Validator(SARIF_SCHEMA).validate(log)
    assert code == 1
    results = log["runs"][0]["results"]
    by_rule = {r["ruleId"]: r for r in results}
    assert set(by_rule) == {"rules.load", "lint.unique-id", "unit.nautical_mile", "rules.corpus"}
    where = {rule: (r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                    r["locations"][0]["physicalLocation"]["region"]["startLine"])
             for rule, r in by_rule.items()}
    assert where["rules.load"][0] == "rules/broken.yaml" and where["rules.load"][1] > 1
    assert "nautical_miel" in by_rule["rules.load"]["message"]["text"]
    assert where["lint.unique-id"][0] == "rules/unclos.yaml"
    assert where["unit.nautical_mile"] == ("rules/units.yaml", 7)
    assert where["rules.corpus"][0] == "corpus/article.md"
    described = {r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert set(by_rule) <= described


def test_rules_check_junit_has_a_case_per_file_check_example_and_article(broken_rules, capsys):
    code, out = run(capsys, "rules", "check", "rules", "--corpus", "corpus", "--format", "junit")
    assert code == 1
    root = ET.fromstring(out)
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert list(suites) == ["load", "lint", "examples", "corpus"]
    counts = {name: (int(s.get("tests")), int(s.get("failures"))) for name, s in suites.items()}
    assert counts["load"] == (3, 1)  # unclos.yaml, units.yaml and the broken copy
    assert counts["lint"][1] == 1 and counts["lint"][0] >= 4  # one case per lint check
    examples = sum(len(r.get("examples", [])) for name in ("unclos.yaml", "units.yaml")
                   for r in _rules_yaml(broken_rules / name))
    assert counts["examples"] == (examples, 1)
    assert counts["corpus"] == (1, 1)
    for suite in suites.values():
        assert int(suite.get("tests")) == len(suite.findall("testcase"))
    assert int(root.get("tests")) == sum(c[0] for c in counts.values())
    assert int(root.get("failures")) == 4


def test_rules_lint_and_test_run_only_their_stages(broken_rules, capsys):
    code, out = run(capsys, "rules", "lint", "rules", "--format", "junit")
    assert code == 1
    assert [s.get("name") for s in ET.fromstring(out).findall("testsuite")] == ["load", "lint"]
    code, out = run(capsys, "rules", "test", "rules", "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 2  # the load error and the failed example
    for line in lines:
        assert GITHUB_LINE.match(line), line
    assert lines[0].startswith("::error file=rules/broken.yaml,line=")


def test_rules_github_escapes_multiline_corpus_diffs(broken_rules, capsys):
    (broken_rules.parent / "corpus" / "expected" / "article.yaml").write_text(
        "findings: []\n", encoding="utf-8")
    code, out = run(capsys, "rules", "check", "rules", "--corpus", "corpus", "--format", "github")
    assert code == 1
    lines = out.splitlines()
    corpus = [line for line in lines if "file=corpus/article.md" in line]
    assert len(corpus) == 1 and "%0A" in corpus[0]  # one annotation, newlines escaped
    assert ",line=4," in corpus[0]  # at the first differing finding
    for line in lines:
        assert GITHUB_LINE.match(line), line


def test_clean_rules_pass_in_every_format(workdir, capsys):
    for fmt in ("text", "sarif", "junit", "github"):
        code, out = run(capsys, "rules", "lint", "rules", "--format", fmt)
        assert code == 0, out
    code, out = run(capsys, "rules", "lint", "rules", "--format", "sarif")
    assert json.loads(out)["runs"][0]["results"] == []
    assert run(capsys, "rules", "lint", "rules", "--format", "github")[1] == ""


def test_github_escaping_rules():
    assert escape_data("50% off\r\nnext") == "50%25 off%0D%0Anext"
    assert escape_data("a:b,c") == "a:b,c"  # only properties escape ':' and ','
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def _rules_yaml(path: Path) -> list[dict]:
    from checker import yamlsafe

    return yamlsafe.load(path.read_text(encoding="utf-8"))["rules"]
