"""The command line as a whole: every option explained, errors caught in one place with the
documented exit codes, and commands that load only what they need."""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from checker import cli, exit_codes
from checker.pipeline import Checker

REPO = Path(__file__).resolve().parent.parent
UNCLOS = str(REPO / "rules" / "unclos.yaml")
WRONG = "Japan's exclusive economic zone extends 200 kilometers from its coast.\n"


def _parsers(parser: argparse.ArgumentParser, name: str = "checker"):
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from _parsers(sub, f"{name} {sub_name}")


def test_every_option_of_every_command_has_help():
    missing = [f"{name} {action.option_strings or action.dest}"
               for name, parser in _parsers(cli.parser())
               for action in parser._actions
               if not isinstance(action, argparse._SubParsersAction) and not action.help]
    assert missing == []


@pytest.mark.parametrize("argv", [["--help"], ["rules", "lint"]])
def test_help_and_rules_lint_load_neither_spacy_nor_the_server_nor_templates(argv):
    probe = ("import sys\nfrom checker.cli import main\ntry:\n    code = main(%r)\n"
             "except SystemExit as stop:\n    code = stop.code\n"
             # pint imports dask when it is installed (the archive extra), and dask imports
             # jinja2 for its notebook widgets: that is not the checker loading its templates
             "templates = () if 'dask' in sys.modules else ('jinja2',)\n"
             "heavy = sorted(m for m in ('spacy', 'starlette', 'uvicorn', *templates) "
             "if m in sys.modules)\nprint('LOADED', heavy, code, file=sys.stderr)" % (argv,))
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=REPO, timeout=120)
    last = proc.stderr.strip().splitlines()[-1]
    assert last == "LOADED [] 0", proc.stderr[-2000:]


def _boom_on(marker: str, monkeypatch):
    """The checker raises an unexpected error on documents containing `marker`: a stand-in for
    any bug, so the test holds the policy, not one bug."""
    original = Checker.check_document

    def check_document(self, document):
        if marker in document.text:
            raise ZeroDivisionError("float division by zero")
        return original(self, document)

    def check_documents(self, batch):
        return [check_document(self, d) for d in batch]
    monkeypatch.setattr(Checker, "check_document", check_document)
    monkeypatch.setattr(Checker, "check_documents", check_documents)


def test_an_internal_error_names_the_file_exits_70_and_the_rest_is_checked(tmp_path, capsys,
                                                                             monkeypatch):
    _boom_on("BOOM", monkeypatch)
    (tmp_path / "a.md").write_text(WRONG, encoding="utf-8")
    (tmp_path / "b.md").write_text("BOOM " + WRONG, encoding="utf-8")
    (tmp_path / "c.md").write_text(WRONG, encoding="utf-8")
    code = cli.main(["check", "--rules", UNCLOS, "--format", "json", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == exit_codes.INTERNAL == 70
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        f"checker: error: {tmp_path / 'b.md'}: internal error: ZeroDivisionError: float division "
        "by zero (at ")
    assert "Traceback" not in err
    import json
    payload = json.loads(out)
    assert [Path(d["path"]).name for d in payload["documents"]] == ["a.md", "c.md"]
    assert [e["message"] for e in payload["errors"]] == [lines[0].removeprefix("checker: error: ")]


def test_an_internal_error_outside_a_document_is_one_line_and_exit_70(tmp_path, capsys,
                                                                       monkeypatch):
    from checker.render import text

    def broken(run, width=100):
        raise KeyError("verdict")
    monkeypatch.setattr(text, "render", broken)
    (tmp_path / "a.md").write_text(WRONG, encoding="utf-8")
    code = cli.main(["check", "--rules", UNCLOS, str(tmp_path / "a.md")])
    err = capsys.readouterr().err
    assert code == 70
    assert err.startswith("checker: internal error: KeyError: 'verdict' (at ")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_user_errors_are_one_line_each_and_exit_2(tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text("- id: [unclosed\n", encoding="utf-8")
    also = tmp_path / "also.yaml"
    also.write_text("{not: a list}\n", encoding="utf-8")
    (tmp_path / "a.md").write_text(WRONG, encoding="utf-8")
    code = cli.main(["check", "--rules", str(broken), "--rules", str(also), str(tmp_path / "a.md")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 2 and all(line.startswith("checker: error: ") for line in err)
    assert {Path(line.split(": ")[2].split(":")[0]).name for line in err} == {"broken.yaml",
                                                                              "also.yaml"}


def test_the_exit_code_policy():
    from checker.model import Claim, DocumentResult, Finding, Span

    claim = Claim("measure", "200 km", Span(0, 6, 1, 1), 200.0, "kilometer")

    def result(verdict, severity, suppressed=None):
        finding = Finding("r", verdict, severity, claim, {}, "m", None, (), suppressed=suppressed)
        return [DocumentResult("a.md", None, [claim], [finding])]

    assert exit_codes.of_run(result("inconsistent", "warning"), "error") == exit_codes.OK
    assert exit_codes.of_run(result("inconsistent", "warning"), "warning") == exit_codes.FINDINGS
    assert exit_codes.of_run(result("inconsistent", "error", "quoted"), "info") == exit_codes.OK
    assert exit_codes.of_run(result("unverifiable", "error"), "info") == exit_codes.FINDINGS
    assert exit_codes.of_run(result("inconsistent", "error"), "error", errors=1) == exit_codes.ERROR
    assert exit_codes.of_run(result("inconsistent", "error"), "error", errors=1,
                             internal=1) == exit_codes.INTERNAL
    assert exit_codes.of_run(result("inconsistent", "error"), None) == exit_codes.OK
