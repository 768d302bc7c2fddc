"""`checker fix PATH... [--dry-run]`: real CLI runs in tmp_path."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import jsonschema
import pytest

from checker import cli
from checker.stages import document as documents
from checker.commands import fix

REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((REPO / "checker" / "schemas" / "output.schema.json").read_text("utf-8"))
CORPUS_ARTICLE = REPO / "corpus" / "voa-2017-03-19-tillerson-china.md"
UNCLOS = str(REPO / "rules" / "unclos.yaml")
NAMES = str(REPO / "rules" / "names.yaml")
OLD, NEW = "200 kilometers", "200 nautical miles (370.4 kilometers)"


def run(capsys, *argv, rules=(UNCLOS,)):
    argv = list(argv)
    for path in reversed(rules or ()):
        argv[1:1] = ["--rules", path]
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    target = tmp_path / CORPUS_ARTICLE.name
    shutil.copyfile(CORPUS_ARTICLE, target)
    return target


def only_spans_changed(before: bytes, after: bytes, edits: list[tuple[bytes, bytes]]) -> None:
    """`after` is `before` with each old byte string replaced by its new one, in order, and
    every byte outside those replacements identical."""
    position_before = position_after = 0
    for old, new in edits:
        start = before.index(old, position_before)
        prefix = before[position_before:start]
        assert after[position_after:position_after + len(prefix)] == prefix
        position_after += len(prefix)
        assert after[position_after:position_after + len(new)] == new
        position_before, position_after = start + len(old), position_after + len(new)
    assert after[position_after:] == before[position_before:]


# ------------------------------------------------------------------ the corpus story, end to end

def test_dry_run_shows_the_eez_figure_replaced_and_changes_nothing(corpus_copy, capsys):
    before = corpus_copy.read_bytes()
    code, out, err = run(capsys, "fix", "--dry-run", "--date", "2017-03-19", str(corpus_copy),
                         rules=None)
    assert code == 0  # what would be left fails nothing at --fail-on error
    assert corpus_copy.read_bytes() == before
    assert out.startswith(f"--- {corpus_copy}\n+++ {corpus_copy}\n@@ ")
    removed = [line for line in out.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line for line in out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert len(removed) == len(added) == 1
    assert f"extends {OLD} off" in removed[0] and f"extends {NEW} off" in added[0]
    assert removed[0][1:].replace(OLD, NEW) == added[0][1:]
    assert "would fix (unclos.eez.breadth)" in err


def test_fix_writes_then_check_passes_and_a_second_run_finds_nothing(corpus_copy, capsys):
    before = corpus_copy.read_bytes()
    code, out, _ = run(capsys, "fix", "--date", "2017-03-19", str(corpus_copy), rules=None)
    assert code == 0
    assert f"fixed (unclos.eez.breadth): '{OLD}' -> '{NEW}'" in out
    after = corpus_copy.read_bytes()
    only_spans_changed(before, after, [(OLD.encode(), NEW.encode())])

    code, _, _ = run(capsys, "check", "--date", "2017-03-19", str(corpus_copy), rules=None)
    assert code == 0
    code, out, _ = run(capsys, "check", "--format", "json", "--date", "2017-03-19",
                       str(corpus_copy))
    assert code == 0
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    eez = [f for f in data["documents"][0]["findings"] if f["rule"] == "unclos.eez.breadth"]
    # the figure and its parenthesised conversion both check against the EEZ rule
    assert [(f["text"], f["verdict"]) for f in eez] == [
        ("200 nautical miles", "consistent"), ("370.4 kilometers", "consistent")]
    assert not any(f["rule"] == "unit.nautical_mile" for f in data["documents"][0]["findings"])

    code, out, _ = run(capsys, "fix", "--date", "2017-03-19", str(corpus_copy), rules=None)
    assert code == 0
    assert "0 fix(es) applied" in out
    assert corpus_copy.read_bytes() == after
    code, out, _ = run(capsys, "fix", "--dry-run", "--date", "2017-03-19", str(corpus_copy),
                       rules=None)
    assert out == ""  # an empty diff


# ------------------------------------------------------------------ what is fixed, and what not

def test_the_json_marks_which_findings_are_safe_to_fix(tmp_path, capsys):
    path = tmp_path / "zones.md"
    path.write_text(
        "Japan's exclusive economic zone extends 200 kilometers from its coast.\n"
        "Its exclusive economic zone reaches 300 nautical miles.\n"
        "Under the convention, a 200-kilometer exclusive economic zone belongs to each state.\n",
        encoding="utf-8")
    code, out, _ = run(capsys, "check", "--format", "json", str(path))
    assert code == 1
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    fixes = {f["text"]: f.get("fix") for f in data["documents"][0]["findings"]}
    assert fixes["200 kilometers"] == NEW  # unit mix-up, plain figure and unit: safe
    assert fixes["300 nautical miles"] is None  # a wrong figure needs a person
    hyphenated = [t for t in fixes if t.startswith("200-kilometer")]
    assert hyphenated and fixes[hyphenated[0]] is None  # "a 200 nautical miles (...) zone": no


def test_misspelt_names_are_replaced_by_the_canonical_spelling(tmp_path, capsys):
    path = tmp_path / "name.txt"
    original = "North Korean leader Kim Jung-un watched the launch.\nKim Jung Un smiled.\n"
    path.write_text(original, encoding="utf-8")
    code, out, _ = run(capsys, "fix", str(path), rules=(NAMES,))
    assert code == 0
    assert path.read_text("utf-8") == ("North Korean leader Kim Jong Un watched the launch.\n"
                                       "Kim Jong Un smiled.\n")
    only_spans_changed(original.encode(), path.read_bytes(),
                       [(b"Kim Jung-un", b"Kim Jong Un"), (b"Kim Jung Un", b"Kim Jong Un")])
    code, out, _ = run(capsys, "fix", str(path), rules=(NAMES,))
    assert "0 fix(es) applied, 0 finding(s) left" in out


def test_wrong_figures_without_a_safe_fix_are_left_and_fail(tmp_path, capsys):
    path = tmp_path / "story.md"
    text = "Its exclusive economic zone reaches 300 nautical miles.\n"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "fix", str(path))
    assert code == 1
    assert "left for an editor (unclos.eez.breadth, inconsistent): '300 nautical miles'" in out
    assert path.read_text("utf-8") == text


def test_suppressed_findings_are_not_fixed(tmp_path, capsys):
    path = tmp_path / "story.md"
    text = ("<!-- checker: ignore unclos.eez.breadth -- the quote must stay as spoken -->\n"
            "\"Our zone extends 200 kilometers,\" the minister said of Japan's exclusive economic zone.\n")
    path.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "fix", str(path))
    assert code == 0
    assert path.read_text("utf-8") == text


def test_front_matter_crlf_bom_and_missing_final_newline_are_kept(tmp_path, capsys):
    path = tmp_path / "story.md"
    original = ("\ufeff---\r\ntitle: \"200 kilometers\"\r\ndate: 2017-03-19\r\n---\r\n"
                "Japan's exclusive economic zone extends 200 kilometers from its coast.\r\n"
                "It is wide.").encode("utf-8")
    path.write_bytes(original)
    code, out, _ = run(capsys, "fix", "--dry-run", str(path))
    # the last line is context, unchanged, and marked as having no newline, as diff(1) does
    assert out.endswith(" It is wide.\n\\ No newline at end of file\n")
    code, _, _ = run(capsys, "fix", str(path))
    assert code == 0
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf---\r\ntitle: \"200 kilometers\"\r\n")
    assert after.endswith(b"coast.\r\nIt is wide.")
    only_spans_changed(original, after, [(b"extends 200 kilometers", b"extends " + NEW.encode())])


def test_the_file_mode_is_kept(tmp_path, capsys):
    path = tmp_path / "story.md"
    path.write_text("Japan's exclusive economic zone extends 200 kilometers from its coast.\n",
                    encoding="utf-8")
    os.chmod(path, 0o640)
    assert run(capsys, "fix", str(path))[0] == 0
    assert NEW in path.read_text("utf-8")
    assert (os.stat(path).st_mode & 0o777) == 0o640


# ------------------------------------------------------------------ atomic write

@pytest.mark.parametrize("broken", ["fsync", "replace"])
def test_a_failure_mid_write_leaves_the_original_intact(tmp_path, capsys, monkeypatch, broken):
    path = tmp_path / "story.md"
    original = b"Japan's exclusive economic zone extends 200 kilometers from its coast.\n"
    path.write_bytes(original)

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fix.os, broken, fail)
    code, _, err = run(capsys, "fix", str(path))
    assert code == 2
    assert "cannot write the fixed file (No space left on device); the file is unchanged" in err
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.md"]  # no temporary left


# ------------------------------------------------------------------ planning

def test_overlapping_spans_are_refused(checker):
    text = "Japan's exclusive economic zone extends 200 kilometers from its coast.\n"
    document = documents.from_text(text, path="x.md")
    result = checker.check_document(document)
    [finding] = [f for f in result.findings if f.fix]
    from dataclasses import replace
    from checker.model import Span
    span = finding.claim.span
    other_claim = replace(finding.claim, text=text[span.start - 8:span.end - 4],
                          span=Span(span.start - 8, span.end - 4, span.line, span.column - 8))
    other = replace(finding, claim=other_claim, rule="other.rule", fix="X")
    result.findings.append(other)
    planned = fix.plan(document, result)
    assert planned.edits == []
    assert {f.rule for f, _ in planned.refused} == {"unclos.eez.breadth", "other.rule"}
    assert all("overlaps" in why for _, why in planned.refused)
    assert planned.fixed == text


def test_apply_goes_from_the_end_backwards():
    text = "ab cd ef"
    edits = [fix.Edit(0, 2, "ab", "ABCD", None), fix.Edit(6, 8, "ef", "E", None)]
    assert fix.apply(text, edits) == "ABCD cd E"


def test_stdin_is_refused(capsys):
    code, _, err = run(capsys, "fix", "-")
    assert code == 2
    assert "fix rewrites files" in err


# ------------------------------------------------------------------ what the file is stays

EEZ_TEXT = "Japan's exclusive economic zone extends 200 kilometers from its coast.\n"


def test_an_edit_saved_between_check_and_write_is_not_lost(tmp_path, capsys, monkeypatch):
    """Compare-and-swap: the file is re-read just before it is replaced; changed, it is skipped."""
    path = tmp_path / "story.md"
    path.write_text(EEZ_TEXT, encoding="utf-8")
    edited = EEZ_TEXT + "A paragraph the editor saved meanwhile.\n"
    planned = fix.plan

    def plan_then_editor_saves(document, result):
        path.write_text(edited, encoding="utf-8")
        return planned(document, result)

    monkeypatch.setattr(fix, "plan", plan_then_editor_saves)
    code, _, err = run(capsys, "fix", str(path))
    assert code == 2
    assert f"{path}: the file changed since it was checked; not fixed" in err
    assert path.read_text(encoding="utf-8") == edited


def test_compare_and_swap_compares_just_before_the_swap(tmp_path, monkeypatch):
    """The edit lands while the new text is being written: still detected, nothing replaced."""
    path = tmp_path / "story.md"
    path.write_text(EEZ_TEXT, encoding="utf-8")
    real_fsync = fix.os.fsync

    def fsync_then_editor_saves(descriptor):
        real_fsync(descriptor)
        path.write_text("Rewritten by a person.\n", encoding="utf-8")

    monkeypatch.setattr(fix.os, "fsync", fsync_then_editor_saves)
    with pytest.raises(fix.NotWritten, match="changed since it was checked"):
        fix.write_fixed(str(path), EEZ_TEXT, EEZ_TEXT.replace("200 kilometers", NEW))
    assert path.read_text(encoding="utf-8") == "Rewritten by a person.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.md"]


def test_a_read_only_file_is_left_alone(tmp_path, capsys):
    path = tmp_path / "story.md"
    path.write_text(EEZ_TEXT, encoding="utf-8")
    os.chmod(path, 0o444)
    code, _, err = run(capsys, "fix", str(path))
    assert code == 2
    assert f"{path}: the file is read-only" in err
    assert path.read_text(encoding="utf-8") == EEZ_TEXT


def test_a_symlink_is_followed_and_stays_a_symlink(tmp_path, capsys):
    target = tmp_path / "real.md"
    target.write_text(EEZ_TEXT, encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target.name)
    assert run(capsys, "fix", str(link))[0] == 0
    assert link.is_symlink() and os.readlink(link) == target.name
    assert NEW in target.read_text(encoding="utf-8")


def test_hard_links_stay_one_file(tmp_path, capsys):
    path = tmp_path / "story.md"
    path.write_text(EEZ_TEXT, encoding="utf-8")
    other = tmp_path / "same-story.md"
    os.link(path, other)
    inode = os.stat(path).st_ino
    assert run(capsys, "fix", str(path))[0] == 0
    assert os.stat(path).st_ino == os.stat(other).st_ino == inode
    assert NEW in other.read_text(encoding="utf-8")


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_the_owner_is_kept(tmp_path, capsys):
    path = tmp_path / "story.md"
    path.write_text(EEZ_TEXT, encoding="utf-8")
    os.chown(path, 4321, 4322)
    assert run(capsys, "fix", str(path))[0] == 0
    status = os.stat(path)
    assert (status.st_uid, status.st_gid) == (4321, 4322)
    assert NEW in path.read_text(encoding="utf-8")
