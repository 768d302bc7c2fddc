"""`checker check`: exit codes, input errors, the JSON contract, stdin."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from checker import cli

REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((REPO / "checker" / "schemas" / "output.schema.json").read_text("utf-8"))

WRONG = "Japan's exclusive economic zone extends 200 kilometers from its coast.\n"
RIGHT = "An exclusive economic zone stretches 200 nautical miles from a country's coast.\n"
WARNING_ONLY = "The continental shelf extends 500 nautical miles from the coast.\n"
NOTHING = "The parade lasted three hours and 20,000 people watched.\n"
ARTICLE = (
    "---\n"
    "title: \"Missiles land in Japan's waters — again\"\n"
    "date: 2017-03-06\n"
    "---\n"
    "# Missiles — über alles\n"
    "\n"
    "North Korea fired four ballistic missiles on Monday. The missile flew about 1,000 km.\n"
    "\n"
    "Three of them landed inside Japan's exclusive economic zone,\n"
    "an area that extends 200 kilometers off a country's coastline. The contiguous zone\n"
    "reaches 24 nautical miles.\n"
)


UNCLOS = str(REPO / "rules" / "unclos.yaml")


def run(capsys, *argv, rules=UNCLOS):
    """Run the CLI in-process; only the maritime-zone rules unless `rules` is None (bundled)."""
    argv = list(argv)
    if rules and argv[:1] == ["check"]:
        argv[1:1] = ["--rules", rules]
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# ---------------------------------------------------------------- exit codes

def test_exit_0_when_everything_is_consistent(tmp_path, capsys):
    code, out, err = run(capsys, "check", write(tmp_path, "ok.md", RIGHT))
    assert code == 0
    assert err == ""


def test_exit_0_when_no_claim_matches_a_rule(tmp_path, capsys):
    code, _, _ = run(capsys, "check", write(tmp_path, "none.md", NOTHING))
    assert code == 0


def test_bundled_rules_are_used_by_default(tmp_path, capsys):
    code, out, err = run(capsys, "check", "--format", "json", write(tmp_path, "bad.md", WRONG),
                         rules=None)
    assert code == 1
    rules = [f["rule"] for f in json.loads(out)["documents"][0]["findings"]]
    assert "unclos.eez.breadth" in rules


def test_rules_option_with_a_missing_rule_file_exits_2(tmp_path, capsys):
    code, _, err = run(capsys, "check", write(tmp_path, "a.md", RIGHT),
                       rules=str(tmp_path / "no-rules.yaml"))
    assert code == 2
    assert "no-rules.yaml" in err


def test_exit_1_on_an_inconsistent_error(tmp_path, capsys):
    code, out, _ = run(capsys, "check", "--date", "2017-03-19", write(tmp_path, "bad.md", WRONG))
    assert code == 1
    assert "bad.md" in out
    assert "unclos.eez.breadth" in out


def test_exit_1_if_any_of_several_files_fails(tmp_path, capsys):
    code, _, _ = run(capsys, "check", write(tmp_path, "a.md", RIGHT), write(tmp_path, "b.md", WRONG))
    assert code == 1


@pytest.mark.parametrize("fail_on, code", [("error", 0), ("warning", 1), ("info", 1)])
def test_fail_on_threshold_for_a_warning(tmp_path, capsys, fail_on, code):
    path = write(tmp_path, "shelf.md", WARNING_ONLY)
    assert run(capsys, "check", "--fail-on", fail_on, path)[0] == code


def test_default_fail_on_is_error(tmp_path, capsys):
    assert run(capsys, "check", write(tmp_path, "shelf.md", WARNING_ONLY))[0] == 0


@pytest.mark.parametrize("fail_on", ["error", "warning", "info"])
def test_error_finding_fails_at_every_threshold(tmp_path, capsys, fail_on):
    assert run(capsys, "check", "--fail-on", fail_on, write(tmp_path, "bad.md", WRONG))[0] == 1


def test_consistent_findings_never_fail(tmp_path, capsys):
    assert run(capsys, "check", "--fail-on", "info", write(tmp_path, "ok.md", RIGHT))[0] == 0


@pytest.mark.parametrize("argv", [
    ["check", "--date", "2017-02-30", "x.md"],
    ["check", "--date", "March 2017", "x.md"],
    ["check", "--fail-on", "fatal", "x.md"],
    ["check", "--format", "xml", "x.md"],
    ["check"],
    ["frobnicate"],
])
def test_usage_errors_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    assert exc.value.code == 2
    assert capsys.readouterr().err


def test_no_command_exits_2(capsys):
    assert cli.main([]) == 2


# ---------------------------------------------------------------- bad inputs

def _bad_inputs(tmp_path):
    binary = tmp_path / "image.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    latin1 = tmp_path / "latin1.md"
    latin1.write_bytes("Le café: l'EEZ s'étend sur 200 kilomètres.\n".encode("latin-1"))
    big = tmp_path / "huge.md"
    with open(big, "wb") as handle:
        handle.write(b"The missile flew 930 kilometers. " * (5 * 1024 * 1024 // 33 + 10))
    return {
        "missing": str(tmp_path / "missing.md"),
        "binary": str(binary),
        "latin1": str(latin1),
        "oversized": str(big),
    }


@pytest.mark.parametrize("kind", ["missing", "binary", "latin1", "oversized"])
def test_bad_input_is_one_line_naming_the_file_and_the_rest_is_checked(tmp_path, capsys, kind):
    bad = _bad_inputs(tmp_path)[kind]
    before = write(tmp_path, "a-before.md", WRONG)
    after = write(tmp_path, "z-after.md", RIGHT)
    code, out, err = run(capsys, "check", "--format", "json", before, bad, after)
    assert code == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert bad in lines[0]
    payload = json.loads(out)
    checked = [d["path"] for d in payload["documents"]]
    assert checked == [before, after]
    assert [f["rule"] for f in payload["documents"][0]["findings"]] == ["unclos.eez.breadth"]


def test_bad_input_exits_2_even_when_the_other_files_are_clean(tmp_path, capsys):
    code, out, err = run(capsys, "check", write(tmp_path, "ok.md", RIGHT), str(tmp_path / "nope.md"))
    assert code == 2
    assert "nope.md" in err


def test_unclosed_front_matter_is_one_error_line(tmp_path, capsys):
    path = write(tmp_path, "open.md", "---\ntitle: x\n" + WRONG)
    ok = write(tmp_path, "ok.md", RIGHT)
    code, out, err = run(capsys, "check", path, ok)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "open.md" in err
    assert "ok.md" in out


@pytest.mark.parametrize("date", ["2017-02-30", "2017-13-01", "someday"])
def test_invalid_front_matter_date_is_one_error_line(tmp_path, capsys, date):
    path = write(tmp_path, "dated.md", f"---\ndate: {date}\n---\n" + WRONG)
    ok = write(tmp_path, "ok.md", RIGHT)
    code, out, err = run(capsys, "check", path, ok)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "dated.md" in err
    assert "ok.md" in out


def test_directory_argument_is_walked(tmp_path, capsys):
    write(tmp_path, "b.md", RIGHT)
    write(tmp_path, "a.txt", WRONG)
    write(tmp_path, "c.json", "{}")
    code, out, _ = run(capsys, "check", "--format", "json", str(tmp_path))
    assert code == 1
    paths = [Path(d["path"]).name for d in json.loads(out)["documents"]]
    assert paths == ["a.txt", "b.md"]


# ---------------------------------------------------------------- the JSON contract

def test_json_output_validates_and_spans_slice_back_to_the_file(tmp_path, capsys):
    path = tmp_path / "article.md"
    path.write_bytes(ARTICLE.encode("utf-8"))
    other = write(tmp_path, "other.md", WRONG + RIGHT)
    code, out, _ = run(capsys, "check", "--format", "json", str(path), other)
    payload = json.loads(out)
    jsonschema.validate(payload, SCHEMA)
    assert payload["schema_version"] == 1
    assert code == 1
    texts = {str(path): ARTICLE, other: WRONG + RIGHT}
    findings = 0
    for document in payload["documents"]:
        text = texts[document["path"]]
        for item in document["claims"] + document["findings"]:
            span = item["span"]
            assert text[span["start"]:span["end"]] == item["text"]
            before = text[:span["start"]]
            assert span["line"] == before.count("\n") + 1
            assert span["column"] == span["start"] - (before.rfind("\n") + 1) + 1
        findings += len(document["findings"])
    article = payload["documents"][0]
    assert article["date"] == "2017-03-06"
    eez = [f for f in article["findings"] if f["rule"] == "unclos.eez.breadth"]
    assert len(eez) == 1 and eez[0]["verdict"] == "inconsistent"
    assert eez[0]["text"] == "200 kilometers"
    assert eez[0]["span"]["line"] == 10
    summary = payload["summary"]
    assert summary["documents"] == 2
    assert summary["checked"] == findings
    assert summary["claims"] == sum(len(d["claims"]) for d in payload["documents"])
    assert summary["inconsistent"] == sum(
        f["verdict"] == "inconsistent" for d in payload["documents"] for f in d["findings"])


def test_json_open_hedge_has_null_end_and_qualifier(tmp_path, capsys):
    path = write(tmp_path, "a.md", "The flight lasted more than 15 hours.\n")
    code, out, _ = run(capsys, "check", "--format", "json", path)
    payload = json.loads(out)
    jsonschema.validate(payload, SCHEMA)
    (claim,) = payload["documents"][0]["claims"]
    assert claim["kind"] == "duration"
    assert claim["value"] == 15
    assert claim["qualifier"] == "more than"
    assert claim["interval"] == [15, None]
    assert payload["summary"]["unchecked"] == 1


def test_empty_file_is_fine(tmp_path, capsys):
    code, out, err = run(capsys, "check", "--format", "json", write(tmp_path, "empty.md", ""))
    assert code == 0
    payload = json.loads(out)
    jsonschema.validate(payload, SCHEMA)
    assert payload["documents"][0]["claims"] == []


def test_directory_with_a_bad_file_checks_the_good_ones(tmp_path, capsys):
    write(tmp_path, "a.md", WRONG)
    (tmp_path / "b.txt").write_bytes(b"\xff\xfe bad bytes")
    write(tmp_path, "c.md", RIGHT)
    code, out, err = run(capsys, "check", "--format", "json", str(tmp_path))
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "b.txt" in err
    assert [Path(d["path"]).name for d in json.loads(out)["documents"]] == ["a.md", "c.md"]


def test_json_with_input_errors_still_validates(tmp_path, capsys):
    code, out, err = run(capsys, "check", "--format", "json", write(tmp_path, "a.md", RIGHT),
                         str(tmp_path / "missing.md"))
    assert code == 2
    payload = json.loads(out)
    jsonschema.validate(payload, SCHEMA)
    assert any("missing.md" in e["message"] for e in payload.get("errors", []))


def test_date_option_overrides_front_matter(tmp_path, capsys):
    path = write(tmp_path, "a.md", ARTICLE)
    _, out, _ = run(capsys, "check", "--format", "json", "--date", "2018-01-02", path)
    assert json.loads(out)["documents"][0]["date"] == "2018-01-02"


def test_stdin_with_date(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(WRONG.encode("utf-8")),
                                                       encoding="utf-8"))
    code, out, _ = run(capsys, "check", "--format", "json", "--date", "2017-03-19", "-")
    assert code == 1
    payload = json.loads(out)
    jsonschema.validate(payload, SCHEMA)
    (document,) = payload["documents"]
    assert document["path"] == "-"
    assert document["date"] == "2017-03-19"
    (finding,) = document["findings"]
    assert WRONG[finding["span"]["start"]:finding["span"]["end"]] == finding["text"]


def test_text_format_names_the_file_and_the_verdict(tmp_path, capsys):
    path = write(tmp_path, "bad.md", WRONG)
    code, out, _ = run(capsys, "check", path)
    assert code == 1
    assert path in out
    assert "inconsistent" in out
    assert "1:" in out  # line:column of the finding


def test_python_dash_m_checker_via_stdin():
    proc = subprocess.run(
        [sys.executable, "-m", "checker", "check", "--format", "json", "--date", "2017-03-19", "-"],
        input=WRONG.encode("utf-8"), capture_output=True, cwd=REPO, timeout=120,
    )
    assert proc.returncode == 1, proc.stderr.decode()
    payload = json.loads(proc.stdout)
    jsonschema.validate(payload, SCHEMA)
    assert "unclos.eez.breadth" in [f["rule"] for f in payload["documents"][0]["findings"]]


def test_python_dash_m_checker_missing_file_exit_2(tmp_path):
    missing = str(tmp_path / "missing.md")
    proc = subprocess.run([sys.executable, "-m", "checker", "check", missing],
                          capture_output=True, cwd=REPO, timeout=120, text=True)
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and missing in lines[0]
    assert "Traceback" not in proc.stderr
