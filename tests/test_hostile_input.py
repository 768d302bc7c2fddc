"""Hostile articles and paths (issue 15): each probe gives one error line naming the file, no
traceback, no hang, the other files of the run still checked, and the documented exit code
(2 for bad input, 70 for an internal error)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from checker import cli, exit_codes, yamlsafe
from checker.stages import document as documents
from checker.stages import fastpath
from checker.stages.document import InputError

from conftest import REPO

EEZ = "Japan's exclusive economic zone extends 200 kilometers from its coast.\n"
UNCLOS = str(REPO / "rules" / "unclos.yaml")
# The probe of the issue: 660 bytes of front matter nested a few hundred levels deep.
DEEP_FRONT_MATTER = "---\ntitle: " + "[" * 320 + "]" * 320 + "\n---\n" + EEZ


def _strict_json(text: str):
    def refuse(constant):
        raise AssertionError(f"{constant} is not JSON")
    return json.loads(text, parse_constant=refuse)


def _check(capsys, *args):
    code = cli.main(["check", "--rules", UNCLOS, "--format", "json", *args])
    out, err = capsys.readouterr()
    return code, _strict_json(out), err


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.md"
    path.write_text(EEZ, encoding="utf-8")
    return path


def _checked_paths(data) -> list[str]:
    return [d["path"] for d in data["documents"]]


# ---------------------------------------------------------------- front matter

def test_deeply_nested_front_matter_is_an_error_line_not_a_crash(tmp_path, good, capsys):
    assert len(DEEP_FRONT_MATTER.encode()) < 800
    deep = tmp_path / "deep.md"
    deep.write_text(DEEP_FRONT_MATTER, encoding="utf-8")
    code, data, err = _check(capsys, str(deep), str(good))
    assert code == 2
    assert _checked_paths(data) == [str(good)]
    [line] = err.strip().splitlines()
    assert str(deep) in line and "nested more than" in line


@pytest.mark.parametrize("front_matter, reason", [
    ("x: " + "9" * 5000, "a number of 5000 characters"),
    ("x: " + "1:" * 300 + "1", "a number of"),  # a sexagesimal int costs quadratic time
    ("x: !!binary aGVsbG8=", "not allowed"),
    ("x: !!timestamp 2017-02-30", "not allowed"),
    ("x: !!int abc", "cannot read this value"),
    ("? [1, 2]\n: x", "a list or mapping as a key"),
    ("x: &a [1]\ny: *a", "aliases"),
    ("x: \x08", "control character U+0008"),  # found by fuzz/run.py: once a two-line error
])
def test_front_matter_yaml_is_bounded_and_plain(front_matter, reason):
    with pytest.raises(InputError) as caught:
        documents.from_text(f"---\n{front_matter}\n---\n{EEZ}", path="a.md")
    message = str(caught.value)
    assert message.startswith("a.md: front matter line ") and reason in message
    assert "\n" not in message and len(message) < 300


def test_yaml_nesting_is_capped_where_it_is_read():
    nested = "x: " + "[" * yamlsafe.MAX_DEPTH + "]" * yamlsafe.MAX_DEPTH
    with pytest.raises(yamlsafe.YamlError):
        yamlsafe.load(nested)
    shallow = "x: " + "[" * (yamlsafe.MAX_DEPTH - 2) + "]" * (yamlsafe.MAX_DEPTH - 2)
    assert yamlsafe.load(shallow)["x"] is not None


def test_an_overlong_date_value_is_quoted_short():
    with pytest.raises(InputError) as caught:
        documents.from_text("---\ndate: " + "x" * 5000 + "\n---\nText.", path="a.md")
    assert len(str(caught.value)) < 200


# ---------------------------------------------------------------- paths

def test_loops_paths_under_files_pipes_and_devices_are_error_lines(tmp_path, good, capsys):
    loop = tmp_path / "loop.md"
    loop.symlink_to(loop)
    under_a_file = str(good) + "/x.md"
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    code, data, err = _check(capsys, str(loop), under_a_file, str(fifo), "/dev/zero", str(good))
    assert code == 2
    assert _checked_paths(data) == [str(good)]
    lines = err.strip().splitlines()
    assert len(lines) == 4 and "Traceback" not in err
    for path, reason in [(loop, "symlink loop"), (under_a_file, "not a directory"),
                         (fifo, "not a regular file"), ("/dev/zero", "not a regular file")]:
        assert any(str(path) in line and reason in line for line in lines), (path, lines)


def test_a_walked_folder_reports_its_pipes_and_loops_and_checks_the_rest(tmp_path, capsys):
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "good.md").write_text(EEZ, encoding="utf-8")
    os.mkfifo(folder / "pipe.md")
    (folder / "loop.md").symlink_to(folder / "loop.md")
    (folder / "up").symlink_to(folder)  # a directory loop is not entered
    code, data, err = _check(capsys, str(folder))
    assert code == 2
    assert _checked_paths(data) == [str(folder / "sub" / "good.md")]
    assert "pipe.md: not a regular file" in err and "loop.md: a symlink loop" in err


def test_a_named_pipe_never_makes_the_checker_wait(tmp_path):
    """In a separate process with a deadline: a hang fails the test instead of stalling it."""
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    done = subprocess.run([sys.executable, "-m", "checker", "check", "--rules", UNCLOS, str(fifo)],
                          capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 2
    assert "pipe.md: not a regular file" in done.stderr and "Traceback" not in done.stderr


# ---------------------------------------------------------------- long texts

def test_a_text_over_spacys_limit_is_checked_in_pieces_with_exact_spans(unclos_checker):
    """spaCy refuses strings over 1,000,000 characters (E088); the README's limit is 5 MB."""
    filler = "Officials met again to talk about the weather and the harvest.\n\n" * 16_500
    text = EEZ + filler + "One more line. " + EEZ
    assert len(text) > 1_000_000
    result = unclos_checker.check_text(text, date="2017-03-19")
    flagged = [f for f in result.findings if f.verdict == "inconsistent"]
    assert len(flagged) == 2
    for finding in flagged:
        span = finding.claim.span
        assert text[span.start:span.end] == "200 kilometers"


def test_one_long_paragraph_is_cut_after_sentences_and_joins_back():
    text = ("The zone is wide. " * 20 + "\n\n") + ("A long sentence goes on. " * 400) + "end"
    chunks = fastpath.paragraph_chunks(text, longest=1000)
    assert "".join(chunks) == text
    assert all(len(chunk) <= 1000 for chunk in chunks)
    assert all(chunk.endswith(". ") for chunk in chunks[1:-1])


def test_a_long_run_without_whitespace_stays_whole():
    text = "x" * 5000
    assert fastpath.paragraph_chunks(text, longest=1000) == [text]


# ---------------------------------------------------------------- one document's failure

def test_an_unexpected_exception_is_that_files_internal_error(tmp_path, good, capsys, monkeypatch):
    """A bug met while checking one document: an error line naming it, the others checked,
    exit code 70 (not 1, which means findings, nor 2, which means bad input)."""
    from checker.pipeline import Checker
    bad = tmp_path / "bad.md"
    bad.write_text("The trigger of the bug.\n" + EEZ, encoding="utf-8")
    judge = Checker._judge

    def buggy(self, document, doc):
        if "trigger of the bug" in document.text:
            raise RecursionError("maximum recursion depth exceeded")
        return judge(self, document, doc)

    monkeypatch.setattr(Checker, "_judge", buggy)
    code, data, err = _check(capsys, str(bad), str(good))
    assert code == exit_codes.INTERNAL == 70
    assert _checked_paths(data) == [str(good)]
    assert data["documents"][0]["findings"][0]["verdict"] == "inconsistent"
    [line] = err.strip().splitlines()
    assert str(bad) in line and "internal error" in line and "RecursionError" in line
    assert data["errors"] == [{"message": line.removeprefix("checker: error: ")}]


def test_a_non_finite_figure_never_reaches_the_json(tmp_path, good, capsys, monkeypatch):
    """Strict JSON always: a result holding Infinity is left out as an internal error."""
    from dataclasses import replace

    from checker.pipeline import Checker
    judge = Checker._judge

    def infinite(self, document, doc):
        result = judge(self, document, doc)
        if document.path.endswith("inf.md"):
            result.claims[0] = replace(result.claims[0], value=float("inf"))
        return result

    monkeypatch.setattr(Checker, "_judge", infinite)
    bad = tmp_path / "inf.md"
    bad.write_text(EEZ, encoding="utf-8")
    code, data, err = _check(capsys, str(bad), str(good))
    assert code == exit_codes.INTERNAL
    assert _checked_paths(data) == [str(good)]
    assert "inf.md: internal error" in err and "NaN or Infinity" in err
