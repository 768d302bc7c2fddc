"""`--jobs N` spreads the checking over processes; the output must not change."""
from __future__ import annotations

from checker import cli

from conftest import REPO


def _run(capsys, *args):
    code = cli.main(["check", "--format", "json", *args])
    return code, capsys.readouterr()


def test_two_processes_give_the_output_of_one(capsys, tmp_path):
    broken = tmp_path / "broken.md"
    broken.write_bytes(b"\xff\xfe not utf-8")
    inputs = [str(REPO / "corpus"), str(broken)]
    one = _run(capsys, *inputs)
    two = _run(capsys, "--jobs", "2", *inputs)
    assert one[0] == two[0] == 2  # the broken file is an input error
    assert one[1].out == two[1].out
    assert one[1].err == two[1].err and "broken.md" in two[1].err


def test_jobs_must_be_a_positive_number(capsys):
    try:
        cli.main(["check", "--jobs", "0", str(REPO / "corpus")])
    except SystemExit as exit_:
        assert exit_.code == 2
    else:
        raise AssertionError("--jobs 0 was accepted")
