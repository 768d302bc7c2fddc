"""The CI gate on rule files: each way a pull request can break the rules makes
`checker rules check` exit non-zero with a message naming the file and the line to fix."""
from __future__ import annotations

import re
import shutil

import pytest

from checker import cli

from conftest import REPO

EEZ_ID = "  - id: unclos.eez.breadth\n"


@pytest.fixture()
def rules_dir(tmp_path):
    """A copy of the bundled rules and corpus, to break one thing at a time."""
    shutil.copytree(REPO / "rules", tmp_path / "rules")
    shutil.copytree(REPO / "corpus", tmp_path / "corpus")
    return tmp_path


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1  # the line the edit starts on


def _gate(capsys, rules_dir, monkeypatch):
    monkeypatch.chdir(rules_dir)
    code = cli.main(["rules", "check", "--isolated", "rules", "--corpus", "corpus"])
    return code, capsys.readouterr().out


def _names_line(out: str, file: str, line: int) -> bool:
    return any(re.search(rf"{re.escape(file)}:{n}:\d+:", out) for n in range(line - 1, line + 15))


def test_the_bundled_rules_pass_the_gate(rules_dir, capsys, monkeypatch):
    code, out = _gate(capsys, rules_dir, monkeypatch)
    assert code == 0, out


def test_a_yaml_syntax_error(rules_dir, capsys, monkeypatch):
    line = _edit(rules_dir / "rules" / "unclos.yaml", "    kind: measure\n", "    kind: [measure\n")
    code, out = _gate(capsys, rules_dir, monkeypatch)
    assert code == 1 and _names_line(out, "unclos.yaml", line)


def test_a_duplicated_rule_id(rules_dir, capsys, monkeypatch):
    line = _edit(rules_dir / "rules" / "unclos.yaml", "  - id: unclos.contiguous_zone.breadth\n",
                 "  - id: unclos.eez.breadth\n")
    code, out = _gate(capsys, rules_dir, monkeypatch)
    later = (REPO / "rules" / "unclos.yaml").read_text().split("\n").index(EEZ_ID.rstrip("\n")) + 1
    assert code == 1 and "duplicate id" in out
    assert f"unclos.yaml:{later}:1: unclos.eez.breadth" in out and f"unclos.yaml:{line}" in out  # both places


def test_a_misspelled_unit(rules_dir, capsys, monkeypatch):
    path = rules_dir / "rules" / "unclos.yaml"
    start = path.read_text().index(EEZ_ID)
    text = path.read_text()
    path.write_text(text[:start] + text[start:].replace("unit: nautical_mile", "unit: nautical_miel", 1))
    code, out = _gate(capsys, rules_dir, monkeypatch)
    assert code == 1 and "nautical_miel" in out and "unclos.yaml:" in out


def test_a_unit_of_the_wrong_dimension(rules_dir, capsys, monkeypatch):
    path = rules_dir / "rules" / "unclos.yaml"
    text = path.read_text()
    start = text.index(EEZ_ID)
    path.write_text(text[:start] + text[start:].replace("unit: nautical_mile", "unit: hour", 1))
    line = text[:start].count("\n") + 1
    code, out = _gate(capsys, rules_dir, monkeypatch)
    assert code == 1 and "dimension" in out and _names_line(out, "unclos.yaml", line)


def test_a_rule_without_a_source_url(rules_dir, capsys, monkeypatch):
    path = rules_dir / "rules" / "unclos.yaml"
    text = path.read_text()
    start = text.index(EEZ_ID)
    path.write_text(text[:start] + text[start:].replace("url: https://", "url: ", 1))
    code, out = _gate(capsys, rules_dir, monkeypatch)
    assert code == 1 and "url" in out and "unclos.yaml:" in out


def test_an_example_that_no_longer_gets_its_verdict(rules_dir, capsys, monkeypatch):
    _edit(rules_dir / "rules" / "unclos.yaml",
                 "      - text: An exclusive economic zone stretches 200 nautical miles from a country's coast.\n"
                 "        verdict: consistent\n",
                 "      - text: An exclusive economic zone stretches 200 nautical miles from a country's coast.\n"
                 "        verdict: inconsistent\n")
    code, out = _gate(capsys, rules_dir, monkeypatch)
    assert code == 1 and "expected inconsistent, got consistent" in out
    assert re.search(r"unclos\.yaml:\d+:\d+: unclos\.eez\.breadth", out)


def test_two_contradictory_rules(rules_dir, capsys, monkeypatch):
    extra = rules_dir / "rules" / "zz_contradiction.yaml"
    eez = (REPO / "rules" / "unclos.yaml").read_text()
    block = eez[eez.index(EEZ_ID):eez.index("  - id: unclos.continental_shelf.limit")]
    block = block.replace("id: unclos.eez.breadth", "id: house.eez.breadth").replace(
        "- value: 200", "- value: 250")
    examples = block[block.index("    examples:"):]
    block = block.replace(examples, "    examples:\n      - {text: \"The EEZ extends 250 nautical miles.\", verdict: consistent}\n"
                                    "      - {text: \"The ship sailed 250 nautical miles.\", verdict: unchecked}\n")
    extra.write_text("rules:\n" + block, encoding="utf-8")
    code, out = _gate(capsys, rules_dir, monkeypatch)
    assert code == 1 and "contradicts unclos.eez.breadth" in out
    assert re.search(r"zz_contradiction\.yaml:2:\d+: house\.eez\.breadth", out)
