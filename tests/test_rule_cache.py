"""The compile cache: a second run reads what the first compiled, never a stale or foreign
entry, and a run without it (or with a broken one) loads the same rules."""
from __future__ import annotations

import os
import pickle
import subprocess
import sys

import pytest

from checker.rules import cache
from checker.rules.load import load_rules

from conftest import REPO

UNCLOS = REPO / "rules" / "unclos.yaml"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    where = tmp_path / "cache"
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(where))
    return where


def _copy(tmp_path, source=UNCLOS):
    path = tmp_path / "rules" / source.name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(source.read_bytes())
    return path


def _entries(where):
    return sorted(where.glob("rules-*.pickle")) if where.is_dir() else []


def test_a_second_load_reads_the_entry_and_gets_the_same_rules(folder, tmp_path, monkeypatch):
    path = _copy(tmp_path)
    first, errors = load_rules([path])
    assert errors == [] and len(_entries(folder)) == 1
    monkeypatch.setattr("checker.rules.load.load_file", _never)  # the YAML is not read again
    second, _ = load_rules([path])
    assert second == first and [r.line for r in second] == [r.line for r in first]


def _never(*_args, **_kwargs):
    raise AssertionError("rule file parsed although the cache holds it")


def test_an_edited_rule_file_is_read_again(folder, tmp_path):
    path = _copy(tmp_path)
    before, _ = load_rules([path])
    path.write_text(path.read_text("utf-8").replace("Breadth of the exclusive economic zone",
                                                    "Width of the EEZ"), "utf-8")
    after, _ = load_rules([path])
    titles = {r.id: r.title for r in after}
    assert titles["unclos.eez.breadth"] == "Width of the EEZ"
    assert {r.id: r.title for r in before}["unclos.eez.breadth"] != "Width of the EEZ"
    assert len(_entries(folder)) == 2


def test_another_checker_version_never_reads_the_entry(folder, tmp_path, monkeypatch):
    path = _copy(tmp_path)
    load_rules([path])
    cache.code_fingerprint.cache_clear()
    monkeypatch.setattr("checker.rules.cache.__version__", "99.0")
    try:
        load_rules([path])
        assert len(_entries(folder)) == 2  # a new key, so a new entry
    finally:
        monkeypatch.undo()
        cache.code_fingerprint.cache_clear()


def _poison(folder):
    """Replace the only entry with a rule set that is visibly not the file's."""
    (entry,) = _entries(folder)
    entry.write_bytes(pickle.dumps(([], ["from the cache"])))
    return entry


def test_an_entry_is_used_only_from_a_folder_nobody_else_can_write(folder, tmp_path):
    path = _copy(tmp_path)
    expected, _ = load_rules([path])
    _poison(folder)
    assert load_rules([path]) == ([], ["from the cache"])  # proof that the entry is read
    os.chmod(folder, 0o777)
    try:
        assert load_rules([path]) == (expected, [])
    finally:
        os.chmod(folder, 0o700)


def test_a_broken_entry_is_rebuilt(folder, tmp_path):
    path = _copy(tmp_path)
    expected, _ = load_rules([path])
    (entry,) = _entries(folder)
    entry.write_bytes(entry.read_bytes()[:100])  # truncated
    assert load_rules([path]) == (expected, [])


def test_a_rule_set_with_an_error_is_not_cached(folder, tmp_path):
    path = _copy(tmp_path)
    path.write_text(path.read_text("utf-8") + "\n  - id: [unclosed\n", "utf-8")
    _, errors = load_rules([path])
    assert errors and _entries(folder) == []


def test_an_empty_cache_dir_switches_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv("CHECKER_CACHE_DIR", "")
    path = _copy(tmp_path)
    assert load_rules([path])[1] == []
    assert cache.folder() is None


def test_the_cli_gives_the_same_output_with_a_cold_and_a_warm_cache(tmp_path):
    article = REPO / "corpus" / "voa-2017-03-19-tillerson-china.md"
    env = dict(os.environ, CHECKER_CACHE_DIR=str(tmp_path / "cache"))
    runs = [subprocess.run([sys.executable, "-m", "checker", "check", "--format", "json",
                            str(article)], capture_output=True, text=True, env=env, cwd=REPO)
            for _ in range(2)]
    assert [r.returncode for r in runs] == [1, 1]  # the EEZ error
    assert runs[0].stdout == runs[1].stdout and "unclos.eez.breadth" in runs[0].stdout
    kinds = {p.name.split("-", 1)[0] for p in (tmp_path / "cache").iterdir()}
    assert {"rules", "phrases"} <= kinds
