"""Inline suppressions `<!-- checker: ignore RULE -- reason -->`: real CLI runs in tmp_path."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from checker import cli
from checker.stages import suppress
from checker.stages import document as documents

REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((REPO / "checker" / "schemas" / "output.schema.json").read_text("utf-8"))
SARIF_SCHEMA = json.loads((REPO / "tests" / "fixtures" / "sarif-schema-2.1.0.json").read_text("utf-8"))
UNCLOS = str(REPO / "rules" / "unclos.yaml")
RULE = "unclos.eez.breadth"
WRONG = "Japan's exclusive economic zone extends 200 kilometers from its coast."
REASON = "quoted as the ministry published it; correction requested"


def run(capsys, *argv, rules=UNCLOS):
    argv = list(argv)
    if rules:
        argv[1:1] = ["--rules", rules]
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def article(tmp_path, body: str, name: str = "story.md") -> str:
    path = tmp_path / name
    path.write_text("---\ndate: 2017-03-19\n---\n" + body, encoding="utf-8")
    return str(path)


def payload(out: str) -> dict:
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    return data


# ------------------------------------------------------------------ exit code and output

def test_without_a_comment_the_finding_fails(tmp_path, capsys):
    code, _, _ = run(capsys, "check", article(tmp_path, WRONG + "\n"))
    assert code == 1


def test_comment_on_the_line_before_waives_the_finding(tmp_path, capsys):
    path = article(tmp_path, f"<!-- checker: ignore {RULE} -- {REASON} -->\n{WRONG}\n")
    code, out, err = run(capsys, "check", path)
    assert code == 0
    assert err == ""
    assert "(waived)" in out and "WAIVED: quoted as" in out
    assert "ministry published it" in " ".join(out.split())
    assert "1 waived by a suppression comment" in out


def test_comment_on_the_same_line_waives_the_finding(tmp_path, capsys):
    path = article(tmp_path, f"{WRONG} <!-- checker: ignore {RULE} -- {REASON} -->\n")
    code, out, _ = run(capsys, "check", "--format", "json", path)
    assert code == 0
    finding = payload(out)["documents"][0]["findings"][0]
    assert finding["verdict"] == "inconsistent"  # the verdict keeps its meaning
    assert finding["suppressed"] == {"reason": REASON}


def test_waived_findings_stay_in_the_json_with_the_reason(tmp_path, capsys):
    path = article(tmp_path, f"<!-- checker: ignore {RULE} -- {REASON} -->\n{WRONG}\n")
    code, out, _ = run(capsys, "check", "--format", "json", path)
    data = payload(out)
    assert code == 0
    document = data["documents"][0]
    assert [f["suppressed"]["reason"] for f in document["findings"]] == [REASON]
    assert document["warnings"] == []
    assert data["summary"]["suppressed"] == 1
    assert data["summary"]["inconsistent"] == 1
    assert data["summary"]["warnings"] == 0


def test_comment_two_lines_above_does_not_reach(tmp_path, capsys):
    path = article(tmp_path, f"<!-- checker: ignore {RULE} -- {REASON} -->\n\n{WRONG}\n")
    code, out, err = run(capsys, "check", "--format", "json", path)
    assert code == 1
    data = payload(out)
    assert "suppressed" not in data["documents"][0]["findings"][0]
    assert [w["line"] for w in data["documents"][0]["warnings"]] == [4]
    assert "waives nothing" in err


def test_figures_inside_the_comment_are_not_claims(tmp_path, capsys):
    path = article(tmp_path, f"{WRONG} <!-- checker: ignore {RULE} -- the 12 nautical mile "
                             "figure was checked by the desk -->\n")
    code, out, _ = run(capsys, "check", "--format", "json", path)
    assert code == 0
    assert [c["text"] for c in payload(out)["documents"][0]["claims"]] == ["200 kilometers"]


# ------------------------------------------------------------------ problems are warnings

def test_a_suppression_without_a_reason_is_reported_and_waives_nothing(tmp_path, capsys):
    path = article(tmp_path, f"<!-- checker: ignore {RULE} -->\n{WRONG}\n")
    code, out, _ = run(capsys, "check", path)
    assert code == 1
    assert "warning:" in out and "has no reason" in out
    assert "1 suppression warning" in out
    code, out, err = run(capsys, "check", "--format", "json", path)
    assert code == 1
    data = payload(out)
    [warning] = data["documents"][0]["warnings"]
    assert warning["line"] == 4 and warning["column"] == 1 and warning["kind"] == "suppression"
    assert "has no reason" in warning["message"]
    assert "suppressed" not in data["documents"][0]["findings"][0]
    assert f"story.md:4:1: suppression ignore {RULE} has no reason" in err


@pytest.mark.parametrize("comment, expected", [
    ("<!-- checker: ignore unclos.no_such_rule -- a reason -->", "unknown rule 'unclos.no_such_rule'"),
    ("<!-- checker: ignore unclos.territorial_sea.breadth -- a reason -->", "waives nothing"),
    ("<!-- checker: ignroe unclos.eez.breadth -- a reason -->", "unknown checker comment"),
    ("<!-- checker: ignore -- a reason -->", "names no rule"),
])
def test_bad_suppressions_are_warnings(tmp_path, capsys, comment, expected):
    path = article(tmp_path, f"{comment}\n{WRONG}\n")
    code, out, err = run(capsys, "check", "--format", "json", path)
    assert code == 1  # the finding is not waived
    [warning] = payload(out)["documents"][0]["warnings"]
    assert expected in warning["message"]
    assert expected in err


def test_an_idle_suppression_fails_only_with_fail_on_warning(tmp_path, capsys):
    right = "An exclusive economic zone stretches 200 nautical miles from a country's coast."
    path = article(tmp_path, f"<!-- checker: ignore {RULE} -- {REASON} -->\n{right}\n")
    code, out, _ = run(capsys, "check", path)
    assert code == 0
    assert "waives nothing" in out
    code, _, _ = run(capsys, "check", "--fail-on", "warning", path)
    assert code == 1


def test_several_rules_in_one_comment(tmp_path, capsys):
    text = ("Japan's exclusive economic zone extends 200 kilometers and its territorial sea "
            "extends 12 kilometers from its coast.")
    path = article(tmp_path, f"<!-- checker: ignore {RULE}, unclos.territorial_sea.breadth -- "
                             f"{REASON} -->\n{text}\n")
    code, out, _ = run(capsys, "check", "--format", "json", path)
    assert code == 0
    findings = payload(out)["documents"][0]["findings"]
    assert len(findings) == 2 and all(f["suppressed"]["reason"] == REASON for f in findings)


def test_txt_files_use_the_same_syntax(tmp_path, capsys):
    path = tmp_path / "story.txt"
    path.write_text(f"{WRONG}\n<!-- checker: ignore {RULE} -- {REASON} -->\n", encoding="utf-8")
    # a comment on the line after does not reach back
    code, _, _ = run(capsys, "check", str(path))
    assert code == 1
    path.write_text(f"<!-- checker: ignore {RULE} -- {REASON} -->\n{WRONG}\n", encoding="utf-8")
    code, _, _ = run(capsys, "check", str(path))
    assert code == 0


# ------------------------------------------------------------------ CI formats and reports

def test_sarif_marks_the_result_suppressed(tmp_path, capsys):
    path = article(tmp_path, f"<!-- checker: ignore {RULE} -- {REASON} -->\n{WRONG}\n")
    code, out, _ = run(capsys, "check", "--format", "sarif", path)
    assert code == 0
    sarif = json.loads(out)
    jsonschema.Draft202012Validator(SARIF_SCHEMA).validate(sarif)
    [result] = sarif["runs"][0]["results"]
    assert result["ruleId"] == RULE
    assert result["suppressions"] == [{"kind": "inSource", "status": "accepted",
                                       "justification": REASON}]


def test_github_and_junit_do_not_fail_on_a_waived_finding(tmp_path, capsys):
    path = article(tmp_path, f"<!-- checker: ignore {RULE} -- {REASON} -->\n{WRONG}\n")
    code, out, _ = run(capsys, "check", "--format", "github", path)
    assert code == 0 and "::error" not in out
    code, out, _ = run(capsys, "check", "--format", "junit", path)
    assert code == 0
    assert 'failures="0"' in out and "<skipped" in out and "Waived (quoted as" in out


def test_a_bad_suppression_is_a_sarif_warning(tmp_path, capsys):
    path = article(tmp_path, f"<!-- checker: ignore {RULE} -->\n{WRONG}\n")
    _, out, _ = run(capsys, "check", "--format", "sarif", path)
    results = json.loads(out)["runs"][0]["results"]
    warning = next(r for r in results if r["ruleId"] == "checker.suppression")
    assert warning["level"] == "warning"
    assert warning["locations"][0]["physicalLocation"]["region"]["startLine"] == 4


def test_reports_list_waived_findings_with_their_reasons(tmp_path, capsys):
    path = article(tmp_path, f"<!-- checker: ignore {RULE} -- {REASON} -->\n{WRONG}\n")
    article(tmp_path, WRONG + "\n", name="other.md")
    code, _, _ = run(capsys, "report", str(tmp_path / "story.md"), str(tmp_path / "other.md"),
                     "-o", str(tmp_path / "out"))
    assert code == 0
    out = tmp_path / "out"
    page = (out / "story.html").read_text("utf-8")
    assert "1 waived finding" in page and "quoted as the ministry published it" in page
    assert 'id="problems"' not in page  # the call-out lists what is still wrong
    index = (out / "index.html").read_text("utf-8")
    assert "<th class=\"n\">waived</th>" in index
    assert "story.html#waived\">1</a>" in index
    markdown = (out / "story.md").read_text("utf-8")
    assert "## Waived (1)" in markdown and "**quoted as the ministry published it" in markdown
    md_index = (out / "index.md").read_text("utf-8")
    assert "waived" in md_index.splitlines()[md_index.splitlines().index("## Articles") + 2]
    page = json.loads((out / "story.json").read_text("utf-8"))
    assert page["findings"][0]["suppressed"] == {"reason": REASON}
    assert Path(path).read_text("utf-8").startswith("---")


# ------------------------------------------------------------------ the parser

def test_parse_reads_lines_from_the_document():
    text = ("---\ntitle: x\n---\nFirst line.\n"
            "<!-- checker: ignore a.b, c.d -- because -->\n<!--checker:ignore e.f-->\n")
    document = documents.from_text(text)
    first, second = suppress.parse(document)
    assert (first.rules, first.reason, first.line, first.problem) == (("a.b", "c.d"), "because", 5, "")
    assert (second.rules, second.reason, second.line) == (("e.f",), "", 6)
    assert "no reason" in second.problem


def test_ordinary_html_comments_are_ignored():
    document = documents.from_text("<!-- an editor's note -->\nText.\n")
    assert suppress.parse(document) == []
