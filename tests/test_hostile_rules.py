"""Hostile rule files (issue 15): each is rejected with file:line and no traceback, none hangs,
none loads a rule that misjudges (a `.nan` tolerance called every figure consistent), and one
broken file hides no other file's problems."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from checker import cli
from checker.rules.load import load_rules
from checker.stages import units

from conftest import REPO

RULE = """\
# a hostile rule file
rules:
  - id: hostile.rule.one
    title: Breadth of the exclusive economic zone
    kind: measure
    subject: [exclusive economic zone]
    {extra}
    expect:
      unit: {unit}
      tolerance: {tolerance}
      values:
        - value: {value}
    severity: error
    message: the zone extends 200 nautical miles
    sources: [{{url: "https://example.org/unclos"}}]
    examples:
      - {{text: "The exclusive economic zone extends 200 nautical miles.", verdict: consistent}}
      - {{text: "The exclusive economic zone extends 100 nautical miles.", verdict: inconsistent}}
"""


def rule_file(unit="nautical_mile", tolerance="1%", value="200", extra="valid_from: \"1994-11-16\""):
    return RULE.format(unit=unit, tolerance=tolerance, value=value, extra=extra)


# name: (file text, words of the reason, what the line the error names starts with)
HOSTILE = {
    "nesting": ("rules: " + "[" * 1000 + "]" * 1000 + "\n", "nested more than", "rules:"),
    "unit_division_by_zero": (rule_file(unit='"1/0 meter"'), "unknown unit", "unit:"),
    "unit_long_product": (rule_file(unit='"' + "*".join(["km"] * 3000) + '"'), "characters", "unit:"),
    "unit_huge_power": (rule_file(unit='"meter**(10**10**9)"'), "a power", "unit:"),
    "unit_power_by_product": (rule_file(unit='"km*km*km*km*km*km*km"'), "a power above", "unit:"),
    "impossible_date": (rule_file(extra='valid_from: "2017-02-30"'), "not a date of the calendar",
                        "valid_from:"),
    "digits": (rule_file(value="9" * 5000), "a number of 5000 characters", "- value:"),
    "beyond_float": (rule_file(value="1" + "0" * 99), "beyond", "- value:"),
    # a figure's tolerance is read by its kind, which names the `expect` block's first line
    "tolerance_text": (rule_file(tolerance='"abc"'), "not a number or a percentage", "unit:"),
    "tolerance_nan": (rule_file(tolerance=".nan"), "must be finite and not negative", "unit:"),
    "tolerance_infinite": (rule_file(tolerance="1e999"), "must be finite and not negative", "unit:"),
    "tolerance_percent_nan": (rule_file(tolerance='"nan%"'), "must be finite and not negative", "unit:"),
    "tolerance_negative": (rule_file(tolerance="-3"), "must be finite and not negative", "unit:"),
    "value_infinite": (rule_file(value=".inf"), "not a finite number", "- value:"),
    "example_date": (rule_file().replace('verdict: consistent}', 'verdict: consistent, date: "2017-13-45"}'),
                     "not a date of the calendar", "- {text"),
}


def line_starting(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.strip().startswith(start))


@pytest.fixture
def hostile_dir(tmp_path):
    folder = tmp_path / "rules"
    folder.mkdir()
    for name, (text, _, _) in HOSTILE.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    (folder / "good.yaml").write_text(rule_file().replace("hostile.rule.one", "hostile.rule.good"),
                                      encoding="utf-8")
    return folder


def test_every_hostile_file_is_one_line_naming_file_and_line(hostile_dir):
    """In a separate process with a deadline, so a hang (meter**(10**10**9)) fails the test."""
    done = subprocess.run([sys.executable, "-m", "checker", "rules", "lint", str(hostile_dir)],
                          capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and done.stderr == ""
    lines = done.stdout.strip().splitlines()
    for name, (text, reason, start) in HOSTILE.items():
        mine = [x for x in lines if x.startswith(str(hostile_dir / f"{name}.yaml") + ":")]
        assert len(mine) == 1, (name, mine)
        assert reason in mine[0], mine[0]
        assert re.match(rf".*\.yaml:{line_starting(text, start)}:\d+: ", mine[0]), mine[0]
    assert any("loop.yaml:1:1: a symlink loop" in x for x in lines)
    # the good file still loads, and its rule is counted
    assert lines[-1].startswith("rules lint: 1 rule,")


def test_check_with_a_hostile_rule_file_refuses_to_run(hostile_dir, tmp_path, capsys):
    article = tmp_path / "a.md"
    article.write_text("The exclusive economic zone extends 200 kilometers.\n", encoding="utf-8")
    code = cli.main(["check", "--rules", str(hostile_dir / "tolerance_nan.yaml"), str(article)])
    assert code == 2
    err = capsys.readouterr().err
    assert "tolerance_nan.yaml:9:1:" in err and "must be finite and not negative" in err


def test_an_impossible_event_date_fails_lint_not_rules_test(tmp_path, capsys):
    """`2017-13-45` has the schema's form; it used to pass lint and crash `rules test`."""
    text = (REPO / "rules" / "diplomacy_events.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "events.yaml"
    broken.write_text(text.replace('{date: "2017-03-17"', '{date: "2017-13-45"', 1),
                      encoding="utf-8")
    for command in ("lint", "test"):
        code = cli.main(["rules", command, str(broken)])
        out = capsys.readouterr().out
        assert code == 1
        assert re.search(r"events\.yaml:\d+:1: .*list\[2\]\.date: '2017-13-45' is not a date", out)


def test_every_problem_of_a_file_is_reported(tmp_path):
    """Three broken rules in one file: three lines, not the first alone."""
    broken = [rule_file(unit='"1/0 meter"'), rule_file(tolerance=".nan"),
              rule_file(extra='valid_from: "2017-02-30"')]
    text = "rules:\n" + "".join(
        text.split("rules:\n", 1)[1].replace("hostile.rule.one", f"hostile.rule.n{i}")
        for i, text in enumerate(broken))
    path = tmp_path / "many.yaml"
    path.write_text(text, encoding="utf-8")
    rules, errors = load_rules([path])
    assert rules == []
    messages = [e.message for e in errors]
    assert len(errors) == 3, messages
    assert {e.path for e in errors} == {str(path)}
    for words in ("unknown unit", "must be finite and not negative", "not a date of the calendar"):
        assert any(words in m for m in messages), (words, messages)


@pytest.mark.parametrize("expression", ["1/0 meter", "meter**(10**10**9)", "meter**99",
                                        "meter^2^2", "km*" * 40 + "km", "(" * 60 + "m" + ")" * 60,
                                        ")", "meter (", "day / 0"])  # ")": found by fuzz/run.py
def test_unit_expressions_are_bounded_before_pint_evaluates_them(expression):
    with pytest.raises(ValueError):
        units.parse_unit(expression)


@pytest.mark.parametrize("expression, expected", [
    ("km**2", "kilometer ** 2"), ("meter^-1", "1 / meter"), ("(kilometer)/(hour)", "kilometer / hour"),
    ("meter ** 3", "meter ** 3"), ("nautical_mile", "nautical_mile"),
])
def test_ordinary_unit_expressions_still_parse(expression, expected):
    assert str(units.parse_unit(expression)) == expected


def test_the_bundled_rules_pass_validation():
    rules, errors = load_rules([REPO / "rules"])
    assert errors == [] and rules


def test_a_rule_folder_walk_does_not_follow_a_directory_loop(tmp_path):
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "good.yaml").write_text(rule_file(), encoding="utf-8")
    os.symlink(folder, folder / "again")
    rules, errors = load_rules([folder])
    assert [r.id for r in rules] == ["hostile.rule.one"] and errors == []
