"""`checker check --changed-since REF`: only the findings on lines changed since a git ref, in a
real temporary git repository."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import jsonschema
import pytest

from checker import cli
from checker.commands import changes

REPO = Path(__file__).resolve().parent.parent
UNCLOS = str(REPO / "rules" / "unclos.yaml")
SCHEMA = json.loads((REPO / "checker" / "schemas" / "output.schema.json").read_text("utf-8"))

WRONG_1 = "Japan's exclusive economic zone extends 200 kilometers from its coast."
RIGHT = "An exclusive economic zone stretches 200 nautical miles from a country's coast."
WRONG_3 = "China's exclusive economic zone reaches 200 kilometers from the shore."
WRONG_3_EDITED = "China's exclusive economic zone reaches 300 kilometers from the shore."


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A git repository with articles/a.md committed (errors on lines 1 and 3)."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = tmp_path / "newsroom"
    (root / "articles").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    (root / "articles" / "a.md").write_text(f"{WRONG_1}\n\n{WRONG_3}\n\n{RIGHT}\n", "utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    monkeypatch.chdir(root)
    return root


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Desk", "-c", "user.email=desk@example.org",
                           "-c", "commit.gpgsign=false", *args], cwd=root, check=True,
                          capture_output=True, text=True, timeout=30).stdout


def check(capsys, *argv):
    code = cli.main(["check", "--isolated", "--rules", UNCLOS, *argv])
    out, err = capsys.readouterr()
    return code, out, err


def edit_line_3(root: Path) -> None:
    path = root / "articles" / "a.md"
    path.write_text(path.read_text("utf-8").replace(WRONG_3, WRONG_3_EDITED), "utf-8")


def findings(out: str) -> list[tuple[int, str]]:
    data = json.loads(out)
    return [(f["span"]["line"], f["text"]) for d in data["documents"] for f in d["findings"]]


def test_without_the_option_every_finding_is_reported(repo, capsys):
    edit_line_3(repo)
    code, out, _ = check(capsys, "--format", "json", "articles/a.md")
    assert [line for line, _ in findings(out)] == [1, 3, 5]
    assert "left_out" not in json.loads(out)["summary"]


def test_only_the_changed_lines_finding_remains(repo, capsys):
    edit_line_3(repo)
    code, out, err = check(capsys, "--format", "json", "--changed-since", "HEAD", "articles/a.md")
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    assert findings(out) == [(3, "300 kilometers")]
    assert data["summary"]["left_out"] == 2  # line 1 (wrong) and line 5 (consistent)
    assert [c["span"]["line"] for c in data["documents"][0]["claims"]] == [3]
    assert data["summary"]["checked"] == 1 and data["summary"]["unchecked"] == 0
    assert code == 1 and err == ""


def test_text_summary_says_how_many_were_left_out(repo, capsys):
    edit_line_3(repo)
    code, out, _ = check(capsys, "--changed-since", "HEAD", "articles")
    assert "3:" in out and "\n1:" not in out
    assert out.rstrip().endswith("0 unchecked; 2 findings outside the changed lines left out")
    assert code == 1


def test_an_untouched_error_does_not_fail_the_change(repo, capsys):
    path = repo / "articles" / "a.md"
    path.write_text(path.read_text("utf-8") + "\nThe parade lasted three hours.\n", "utf-8")
    code, out, _ = check(capsys, "--format", "json", "--changed-since", "HEAD", "articles/a.md")
    assert findings(out) == []
    assert json.loads(out)["summary"]["left_out"] == 3
    assert code == 0


def test_committed_changes_since_an_older_ref_from_a_subdirectory(repo, capsys, monkeypatch):
    edit_line_3(repo)
    git(repo, "commit", "-q", "-am", "second")
    git(repo, "tag", "v1", "HEAD~1")
    monkeypatch.chdir(repo / "articles")
    for ref in ("HEAD~1", "v1", "main~1"):
        code, out, _ = check(capsys, "--format", "json", "--changed-since", ref, "a.md")
        assert findings(out) == [(3, "300 kilometers")]
        assert json.loads(out)["documents"][0]["path"] == "a.md"  # the path as given
    code, out, _ = check(capsys, "--format", "json", "--changed-since", "HEAD", "a.md")
    assert findings(out) == [] and json.loads(out)["summary"]["left_out"] == 3


def test_untracked_files_count_as_wholly_changed(repo, capsys):
    (repo / "articles" / "new.md").write_text(f"{WRONG_1}\n\n{RIGHT}\n", "utf-8")
    code, out, _ = check(capsys, "--format", "json", "--changed-since", "HEAD", "articles")
    data = json.loads(out)
    by_path = {d["path"]: len(d["findings"]) for d in data["documents"]}
    assert by_path == {"articles/a.md": 0, "articles/new.md": 2}
    assert data["summary"]["left_out"] == 3
    assert code == 1


def test_not_a_git_repository_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "a.md").write_text(WRONG_1 + "\n", "utf-8")
    monkeypatch.chdir(plain)
    code, out, err = check(capsys, "--changed-since", "HEAD", "a.md")
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith("checker: error: --changed-since: ") and "is not in a git repository" in err


def test_an_unknown_ref_is_one_line_and_exit_2(repo, capsys):
    for ref in ("no-such-branch", "--output=x"):
        code, out, err = check(capsys, f"--changed-since={ref}", "articles/a.md")
        assert code == 2 and out == ""
        assert err == f"checker: error: --changed-since: {ref!r} is not a known git ref (commit, branch or tag)\n"


def test_parse_diff_hunks_deletions_and_quoted_paths():
    patch = (
        "diff --git a/a.md b/a.md\n--- a/a.md\n+++ b/a.md\n"
        "@@ -3 +3 @@\n-old\n+new\n"
        "@@ -7,2 +6,0 @@\n-gone\n-gone\n"
        "@@ -20,0 +21,3 @@\n+x\n+y\n+z\n"
        'diff --git "a/caf\\303\\251 news.md" "b/caf\\303\\251 news.md"\n'
        '--- "a/caf\\303\\251 news.md"\n+++ "b/caf\\303\\251 news.md"\n@@ -1 +1,2 @@\n-a\n+b\n+c\n'
        "diff --git a/gone.md b/gone.md\n--- a/gone.md\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n-b\n"
    )
    assert changes.parse_diff(patch) == {"a.md": {3, 21, 22, 23}, "café news.md": {1, 2}}
