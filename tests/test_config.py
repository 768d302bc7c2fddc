"""Configuration: discovery from the working directory upward, flag > file > default, extra rule
folders, disabled rules, the default date, one-line errors naming file and key, `checker config`.

Precedence within one directory: checker.toml before pyproject.toml (like ruff's ruff.toml
before pyproject.toml); a pyproject.toml counts only with a [tool.checker] table; the nearest
directory with a configuration wins (no merging of several files)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from checker import cli
from checker import config as config_module

REPO = Path(__file__).resolve().parent.parent
UNCLOS = str(REPO / "rules" / "unclos.yaml")

HOUSE_RULE = """\
domain: House rules of an example newsroom
rules:
  - id: house.marathon.distance
    title: Length of a marathon
    kind: measure
    subject: [marathon]
    expect:
      unit: kilometer
      tolerance: 0.5%
      values:
        - value: 42.195
    severity: warning
    message: a marathon is 42.195 kilometres long (World Athletics)
    sources:
      - title: World Athletics, competition rules
        url: https://worldathletics.org/about-iaaf/documents/book-of-rules
    examples:
      - text: The marathon covers 42.195 kilometers.
        verdict: consistent
      - text: The marathon is 40 kilometers long.
        verdict: inconsistent
"""
MARATHON = "The marathon is 40 kilometers long.\n"
EEZ = "Japan's exclusive economic zone extends 200 kilometers from its coast.\n"
WARNING_ONLY = "The continental shelf extends 500 nautical miles from the coast.\n"


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- discovery

def test_found_from_a_subdirectory_upward(tmp_path):
    found = write(tmp_path / "checker.toml", 'fail-on = "info"\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert config_module.find(deep) == found.resolve()
    assert config_module.resolve(start=deep).fail_on == "info"


def test_pyproject_without_a_tool_checker_table_is_passed_over(tmp_path):
    found = write(tmp_path / "checker.toml", 'fail-on = "info"\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n[tool.ruff]\nline-length = 90\n')
    assert config_module.find(tmp_path / "sub") == found.resolve()


def test_checker_toml_wins_over_pyproject_in_the_same_directory(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.checker]\nfail-on = "info"\n')
    write(tmp_path / "checker.toml", 'fail-on = "warning"\n')
    config = config_module.resolve(start=tmp_path)
    assert config.path.name == "checker.toml"
    assert config.fail_on == "warning"


def test_the_nearest_directory_wins_and_files_are_not_merged(tmp_path):
    write(tmp_path / "checker.toml", 'fail-on = "info"\ndisable = ["unclos.eez.breadth"]\n')
    near = write(tmp_path / "desk" / "pyproject.toml", '[tool.checker]\nfail-on = "warning"\n')
    config = config_module.resolve(start=tmp_path / "desk")
    assert config.path == near.resolve()
    assert (config.fail_on, config.disable) == ("warning", [])
    assert config.origin("fail-on") == str(near.resolve())
    assert config.origin("disable") == "default"


def test_no_file_means_defaults(tmp_path):
    config = config_module.resolve(start=tmp_path)
    assert config.path is None
    assert all(origin == "default" for _, _, origin in config.values())
    assert config.fail_on == "error" and config.default_date is None


def test_config_option_names_the_file_and_isolated_ignores_them(tmp_path, monkeypatch):
    other = write(tmp_path / "elsewhere" / "house.toml", 'fail-on = "info"\n')
    write(tmp_path / "checker.toml", 'fail-on = "warning"\n')
    monkeypatch.chdir(tmp_path)
    assert config_module.resolve(str(other)).fail_on == "info"
    assert config_module.resolve().fail_on == "warning"
    assert config_module.resolve(isolated=True).fail_on == "error"


# ---------------------------------------------------------------- flags override the file

def test_fail_on_from_the_file_and_the_flag_overrides_it(tmp_path, monkeypatch, capsys):
    write(tmp_path / "checker.toml", 'fail-on = "warning"\n')
    article = write(tmp_path / "a.md", WARNING_ONLY)
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(capsys, "check", "--rules", UNCLOS, str(article))
    assert code == 1  # the warning fails under the file's fail-on = warning
    code, _, _ = run(capsys, "check", "--rules", UNCLOS, "--fail-on", "error", str(article))
    assert code == 0


def test_extra_rule_folders_beside_the_bundled_rules(tmp_path, monkeypatch, capsys):
    write(tmp_path / "house" / "sport.yaml", HOUSE_RULE)
    write(tmp_path / "desk" / "checker.toml", 'rules = ["../house"]\n')  # relative to the file
    article = write(tmp_path / "desk" / "a.md", MARATHON + EEZ)
    monkeypatch.chdir(tmp_path / "desk")
    code, out, _ = run(capsys, "check", "--format", "json", str(article))
    rules = {f["rule"] for f in json.loads(out)["documents"][0]["findings"]}
    assert {"house.marathon.distance", "unclos.eez.breadth"} <= rules  # house and bundled
    assert code == 1
    # --rules on the command line replaces the rule set, the file's extras included
    code, out, _ = run(capsys, "check", "--format", "json", "--rules", UNCLOS, str(article))
    rules = {f["rule"] for f in json.loads(out)["documents"][0]["findings"]}
    assert "house.marathon.distance" not in rules and "unclos.eez.breadth" in rules


def test_rules_commands_lint_and_test_the_configured_extras(tmp_path, monkeypatch, capsys):
    write(tmp_path / "house" / "sport.yaml", HOUSE_RULE)
    write(tmp_path / "checker.toml", 'rules = ["house"]\n')
    monkeypatch.chdir(tmp_path)
    _, with_house, _ = run(capsys, "rules", "lint")
    _, bundled, _ = run(capsys, "rules", "lint", "--isolated")
    count = lambda out: int(out.split("rules lint: ")[1].split()[0])  # noqa: E731
    assert count(with_house) == count(bundled) + 1


def test_disabled_rules_are_not_checked(tmp_path, monkeypatch, capsys):
    write(tmp_path / "checker.toml", 'disable = ["unclos.eez.breadth"]\n')
    article = write(tmp_path / "a.md", EEZ)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check", "--format", "json", "--rules", UNCLOS, str(article))
    document = json.loads(out)["documents"][0]
    assert "unclos.eez.breadth" not in {f["rule"] for f in document["findings"]}
    assert code == 0 and err == ""
    # --disable replaces the file's list: the EEZ rule is back
    code, out, _ = run(capsys, "check", "--format", "json", "--rules", UNCLOS,
                       "--disable", "unit.nautical_mile", str(article))
    assert "unclos.eez.breadth" in {f["rule"] for f in json.loads(out)["documents"][0]["findings"]}
    assert code == 1


def test_an_unknown_disabled_rule_id_is_a_warning(tmp_path, monkeypatch, capsys):
    toml = write(tmp_path / "checker.toml", 'disable = ["no.such.rule"]\n')
    article = write(tmp_path / "a.md", EEZ)
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "check", "--rules", UNCLOS, str(article))
    assert code == 1  # still checked
    assert f"checker: warning: {toml.resolve()}: disable: no rule has the id 'no.such.rule'" in err


def test_default_date_only_for_articles_without_one(tmp_path, monkeypatch, capsys):
    write(tmp_path / "checker.toml", "default-date = 2017-03-19\n")  # a TOML date
    undated = write(tmp_path / "undated.md", EEZ)
    dated = write(tmp_path / "dated.md", "---\ndate: 2016-01-02\n---\n" + EEZ)
    monkeypatch.chdir(tmp_path)

    def dates(*argv):
        _, out, _ = run(capsys, "check", "--format", "json", "--rules", UNCLOS, *argv,
                        str(undated), str(dated))
        return [d["date"] for d in json.loads(out)["documents"]]

    assert dates() == ["2017-03-19", "2016-01-02"]
    assert dates("--default-date", "2018-05-06") == ["2018-05-06", "2016-01-02"]
    assert dates("--date", "2020-01-01") == ["2020-01-01", "2020-01-01"]  # --date beats both
    assert dates("--isolated") == [None, "2016-01-02"]


def test_default_date_reaches_the_rules(tmp_path, monkeypatch, capsys):
    """An office holder is right or wrong only on a date: the default date decides."""
    text = "Japanese Foreign Minister Fumio Kishida met Tillerson in Tokyo.\n"
    article = write(tmp_path / "a.md", text)
    monkeypatch.chdir(tmp_path)
    offices = str(REPO / "rules" / "offices_japan.yaml")

    def verdicts(*argv):
        _, out, _ = run(capsys, "check", "--format", "json", "--rules", offices, *argv, str(article))
        return [f["verdict"] for f in json.loads(out)["documents"][0]["findings"]]

    assert verdicts() == ["unverifiable"]  # no date: who held the office when?
    write(tmp_path / "checker.toml", 'default-date = "2017-03-16"\n')
    assert verdicts() == ["consistent"]
    assert verdicts("--default-date", "2017-12-16") == ["inconsistent"]  # Kono by then


# ---------------------------------------------------------------- bad values: exit 2, file and key

@pytest.mark.parametrize("name, text, key", [
    ("checker.toml", 'fail-on = "fatal"\n', "fail-on"),
    ("checker.toml", "fail-on = 3\n", "fail-on"),
    ("checker.toml", 'default-date = "yesterday"\n', "default-date"),
    ("checker.toml", "disable = [1, 2]\n", "disable"),
    ("checker.toml", 'rules = ["no-such-folder"]\n', "rules"),
    ("checker.toml", 'fail_on = "info"\n', "fail_on"),
    ("checker.toml", '[organization]\nurl = "https://example.org"\n', "organization.name"),
    ("checker.toml", '[organization]\nname = "X"\nurl = "example.org"\n', "organization.url"),
    ("pyproject.toml", '[tool.checker]\nfail-on = "fatal"\n', "tool.checker.fail-on"),
    ("pyproject.toml", '[tool.checker]\ncolour = "red"\n', "tool.checker.colour"),
])
def test_bad_values_exit_2_naming_the_file_and_the_key(tmp_path, monkeypatch, capsys, name, text, key):
    path = write(tmp_path / name, text)
    article = write(tmp_path / "a.md", EEZ)
    monkeypatch.chdir(tmp_path)
    for argv in (("check", "--rules", UNCLOS, str(article)), ("config",)):
        code, out, err = run(capsys, *argv)
        assert code == 2
        assert out == ""
        lines = err.strip().splitlines()
        assert len(lines) == 1
        assert lines[0].startswith(f"checker: error: {path.resolve()}: {key}:")


def test_invalid_toml_and_a_missing_config_file_exit_2(tmp_path, monkeypatch, capsys):
    write(tmp_path / "checker.toml", "fail-on = \n")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "config")
    assert code == 2 and "checker.toml: not valid TOML" in err
    code, _, err = run(capsys, "config", "--config", str(tmp_path / "missing.toml"))
    assert code == 2 and "missing.toml: no such configuration file" in err


# ---------------------------------------------------------------- checker config

def test_config_command_prints_values_and_their_origins(tmp_path, monkeypatch, capsys):
    write(tmp_path / "house" / "sport.yaml", HOUSE_RULE)
    toml = write(tmp_path / "pyproject.toml", (
        '[project]\nname = "desk"\n\n[tool.checker]\nrules = ["house"]\nfail-on = "warning"\n'
        'default-date = "2017-03-19"\n[tool.checker.organization]\nname = "Example Daily"\n'
        'url = "https://example.org"\n')).resolve()
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "config", "--fail-on", "info", "--disable", "unclos.eez.breadth")
    assert code == 0
    assert f"configuration file: {toml}" in out
    rows = {line.split()[0]: line for line in out.splitlines()[3:] if line and not line[0].isspace()}
    assert rows["fail-on"].split()[1:] == ["info", "flag", "--fail-on"]
    assert rows["disable"].split()[1:] == ["unclos.eez.breadth", "flag", "--disable"]
    assert rows["default-date"].split()[1:] == ["2017-03-19", str(toml)]
    assert str(toml) in rows["organization"]

    code, out, _ = run(capsys, "config", "--format", "json")
    data = json.loads(out)
    assert data["file"] == str(toml)
    values = data["values"]
    assert values["fail-on"] == {"value": "warning", "origin": str(toml)}
    assert values["rules"]["value"][1:] == [str((tmp_path / "house").resolve())]
    assert values["rules"]["origin"] == str(toml)
    assert values["disable"] == {"value": [], "origin": "default"}
    assert values["organization"]["value"] == {"name": "Example Daily", "url": "https://example.org"}


def test_config_json_defaults(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "config", "--format", "json", "--default-date", "2017-01-02")
    values = json.loads(out)["values"]
    assert code == 0
    assert values["default-date"] == {"value": "2017-01-02", "origin": "flag --default-date"}
    assert values["fail-on"] == {"value": "error", "origin": "default"}
    assert values["organization"]["origin"] == "default"


def test_resolve_types():
    config = config_module.resolve(isolated=True, default_date=dt.date(2017, 1, 2),
                                   disable=["a.b"], fail_on="info", rules=["x.yaml"])
    assert config.rule_paths() == ["x.yaml"]
    assert config.origins == {"rules": "flag --rules", "fail-on": "flag --fail-on",
                              "disable": "flag --disable", "default-date": "flag --default-date",
                              "organization": "default"}
