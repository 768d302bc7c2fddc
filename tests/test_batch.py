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


def test_many_articles_are_spread_over_the_cpus_by_default(capsys, tmp_path, monkeypatch):
    from checker.commands import batch

    for i in range(batch.BATCH * batch.AUTO_BATCHES):
        (tmp_path / f"a{i:03d}.md").write_text(
            f"---\ndate: 2017-03-19\n---\nJapan's exclusive economic zone extends {190 + i} "
            "kilometers from its coast.\n", encoding="utf-8")
    pools = []
    real = batch.ProcessPoolExecutor
    monkeypatch.setattr(batch, "_cpus", lambda: 2)
    monkeypatch.setattr(batch, "ProcessPoolExecutor",
                        lambda **kwargs: pools.append(kwargs["max_workers"]) or real(**kwargs))
    default = _run(capsys, str(tmp_path))
    assert pools == [2]
    assert _run(capsys, "--jobs", "1", str(tmp_path)) == default and pools == [2]
    few = _run(capsys, str(REPO / "corpus"))  # one batch: no processes to start
    assert pools == [2] and few[0] == 1
