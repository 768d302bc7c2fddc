"""The archive's parts in one process (no cluster): sources and their partitions, the
fingerprints that make a re-run incremental, a partition task's bookkeeping, the store, the
rule impact and the report. The Dask runs are in test_archive_cluster.py."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3

import pytest

pytest.importorskip("distributed", reason="the archive extra: pip install -e '.[test]'")
pa = pytest.importorskip("pyarrow")
import pyarrow.parquet as pq  # noqa: E402

from checker.archive import fingerprint, impact, report, sources  # noqa: E402
from checker.archive.store import Store  # noqa: E402
from checker.archive.task import CHANGED, NEW, RULES, TORN, Engine, check_partition  # noqa: E402
from checker.pipeline import Checker  # noqa: E402
from checker.rules.load import load_rules  # noqa: E402
from checker.stages import document as documents  # noqa: E402

from conftest import REPO  # noqa: E402

EEZ_WRONG = "Japan's exclusive economic zone extends 200 kilometers from its coast.\n"
EEZ_RIGHT = "Japan's exclusive economic zone extends 200 nautical miles from its coast.\n"
SEA = "A country's territorial waters extend 12 nautical miles from its shore.\n"
PLAIN = ("The council approved a $12 million budget for road repairs on Monday.\n\n"
         "Residents asked for more bus routes.\n")
EEZ_NO_FIGURE = "The exclusive economic zone was discussed at length.\n"


def records() -> list[dict]:
    texts = [("eez-wrong", EEZ_WRONG), ("eez-right", EEZ_RIGHT), ("sea", SEA),
             ("plain-1", PLAIN), ("plain-2", PLAIN.replace("12", "15")),
             ("eez-no-figure", EEZ_NO_FIGURE)]
    return [{"id": i, "text": t, "date": "2017-03-19", "title": f"Story {i}",
             "url": f"https://news.example/{i}", "section": "world" if "e" in i[:1] else "local"}
            for i, t in texts]


@pytest.fixture(scope="module")
def unclos_rules():
    rules, errors = load_rules([REPO / "rules" / "unclos.yaml"])
    assert not errors
    return rules


@pytest.fixture(scope="module")
def engine(unclos_rules, nlp):
    return Engine(fingerprint.RuleSet(unclos_rules), Checker(rules=unclos_rules, nlp=nlp),
                  fingerprint.engine_hash())


def edited(tmp_path, rule_id, old, new):
    """The maritime rules with one rule's YAML edited, as a pull request would edit it."""
    text = (REPO / "rules" / "unclos.yaml").read_text("utf-8")
    at = text.index(old, text.index(f"id: {rule_id}"))
    path = tmp_path / "unclos.yaml"
    path.write_text(text[:at] + new + text[at + len(old):], "utf-8")
    rules, errors = load_rules([path])
    assert not errors
    return rules


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return path


def run_all(source, store, engine, layout=None, size=2, run="r1"):
    partitions, layout = source.plan(layout, size)
    if not store.exists():
        store.create(source.describe(), layout.to_json())
    return [check_partition(p, source, store, engine, run) for p in partitions]


# --- sources -----------------------------------------------------------------------------------

@pytest.mark.parametrize("block", [5, 37, 64, 100, 4096])
def test_jsonl_blocks_read_every_line_once_whatever_the_block_size(tmp_path, block):
    rows = records() * 3
    for n, row in enumerate(rows):
        row["id"] = f"{row['id']}-{n}"
    source = sources.JsonLinesSource(str(write_jsonl(tmp_path / "a.jsonl", rows)))
    partitions, _ = source.plan(sources.Layout(block_bytes=block), 0)
    read = [a.id for p in partitions for a in source.read(p)]
    assert read == [r["id"] for r in rows]


def test_a_bad_record_is_an_error_and_the_rest_are_read(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(records()[0]) + "\n{not json\n"
                    + json.dumps({"id": "no-text"}) + "\n"
                    + json.dumps({"id": "bad-date", "text": "x", "date": "March"}) + "\n"
                    + json.dumps(records()[1]) + "\n", "utf-8")
    source = sources.JsonLinesSource(str(path))
    partitions, _ = source.plan(None, 100)
    read = [a for p in partitions for a in source.read(p)]
    assert [a.id for a in read if a.error is None] == ["eez-wrong", "eez-right"]
    errors = {a.id: a.error for a in read if a.error}
    assert any("a.jsonl byte" in k and "not a JSON record" in v for k, v in errors.items())
    assert "no text" in errors["no-text"] and "not YYYY-MM-DD" in errors["bad-date"]


def test_parquet_slices_cover_every_row_group(tmp_path):
    rows = records() * 4
    for n, row in enumerate(rows):
        row["id"] = f"r{n}"
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "a.parquet", row_group_size=7)
    source = sources.ParquetSource(str(tmp_path / "a.parquet"))
    partitions, _ = source.plan(None, 3)
    assert len({p.row_group for p in partitions}) == 4
    read = [a for p in partitions for a in source.read(p)]
    assert [a.id for a in read] == [r["id"] for r in rows]
    assert read[0].date == dt.date(2017, 3, 19) and read[0].title == "Story eez-wrong"


def test_directory_buckets_are_the_same_on_every_run(tmp_path):
    for row in records():
        folder = tmp_path / "arts" / row["section"]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{row['id']}.md").write_text(f"---\ndate: {row['date']}\n---\n{row['text']}")
    source = sources.DirectorySource(str(tmp_path / "arts"))
    first, layout = source.plan(None, 2)
    (tmp_path / "arts" / "local" / "new.md").write_text("A new story.\n")
    again, _ = source.plan(layout, 2)
    assert layout.buckets == 3
    before = {i: p.key for p in first for i in p.items}
    after = {i: p.key for p in again for i in p.items}
    assert all(after[i] == key for i, key in before.items())  # nothing moved
    articles = [a for p in again for a in source.read(p)]
    assert {a.section for a in articles} == {"world", "local"}
    assert all(a.document.date == dt.date(2017, 3, 19) for a in articles if a.id != "local/new.md")


def test_sqlite_query_is_read_by_id(tmp_path):
    db = tmp_path / "cms.db"
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE stories (story_id INTEGER, body TEXT, published TEXT)")
        connection.executemany("INSERT INTO stories VALUES (?, ?, ?)",
                               [(n, r["text"], r["date"]) for n, r in enumerate(records())])
    source = sources.SqlSource(f"sqlite:///{db}",
                               "SELECT story_id AS id, body AS text, published AS date FROM stories")
    partitions, layout = source.plan(None, 4)
    read = {a.id: a for p in partitions for a in source.read(p)}
    assert layout.buckets == 2 and set(read) == {str(n) for n in range(6)}
    assert read["0"].document.text == EEZ_WRONG and read["0"].date == dt.date(2017, 3, 19)
    with pytest.raises(sources.SourceError, match="SQL source"):
        sources.SqlSource(f"sqlite:///{db}", "SELECT nothing FROM nowhere").plan(None, 4)


# --- which rules can fire where ----------------------------------------------------------------

def test_a_rule_fires_only_where_its_subject_and_a_figure_are(unclos_rules):
    ruleset = fingerprint.RuleSet(unclos_rules)
    units = lambda text: {e.split("@")[0] for e in ruleset.fingerprint(  # noqa: E731
        documents.from_text(text))}
    assert "unclos.eez.breadth" in units(EEZ_WRONG)
    assert "unclos.eez.breadth" not in units(SEA) | units(PLAIN) | units(EEZ_NO_FIGURE)
    assert "unclos.eez.breadth" in units("Its EEZs reach 370 km.")  # inflections
    # a suppression comment names the rule: it can change the warnings there
    assert "unclos.eez.breadth" in units("<!-- checker: ignore unclos.eez.breadth -- quote -->")


def test_the_rules_that_cannot_fire_change_no_finding(checker, nlp):
    """What incremental re-checking rests on: a text's findings with every rule are its
    findings with only the rule units that can fire in it, so a change to any other rule
    cannot change them. On the corpus articles and the first example of every rule."""
    texts = [documents.read(str(p)) for p in sorted((REPO / "corpus").glob("*.md"))]
    texts += [documents.from_text(r.examples[0].text, date=r.examples[0].date)
              for r in checker.rules if r.examples]
    # every example of the event lists: they are read only where their topic is
    texts += [documents.from_text(e.text, date=e.date) for r in checker.rules
              if r.kind == "events" for e in r.examples[1:]]
    ruleset = fingerprint.RuleSet(checker.rules)

    def shown(result):
        return sorted((f.rule, f.verdict, f.claim.span.start, f.message) for f in result.findings)

    reduced: dict[frozenset, Checker] = {}
    wrong = []
    for document in texts:
        units = frozenset(e.split("@")[0] for e in ruleset.fingerprint(document))
        if units not in reduced:  # in the rules' order: it breaks ties between rules
            kept = {r.id for u in units for r in ruleset.triggers.units[u]}
            reduced[units] = Checker(rules=[r for r in checker.rules if r.id in kept], nlp=nlp)
        if shown(reduced[units].check_document(document)) != shown(checker.check_document(document)):
            wrong.append((document.path, document.text[:60], sorted(units)))
    assert len(reduced) > 10  # the texts exercise many different sets of rules
    assert wrong == []


def test_an_event_list_fires_only_where_its_topic_is(checker):
    """A launch in business copy is no missile launch: the event lists can change an archived
    article's result only where their context is named (headline included) or just after one
    of their events."""
    ruleset = fingerprint.RuleSet(checker.rules)

    def fires(text, day=None):
        return "events rules" in {e.split("@")[0] for e in ruleset.fingerprint(
            documents.from_text(text, date=day))}

    quiet = dt.date(2014, 1, 15)  # no listed event in the days before
    launch = "The company's launch on Monday drew 300 buyers."
    assert not fires(launch, quiet)
    assert fires("North Korea said the launch on Monday was a success.", quiet)
    assert fires(f"---\ntitle: North Korea fires a missile\n---\n{launch}", quiet)
    assert fires("The launch on Monday flew 930 km.", dt.date(2017, 7, 5))  # the day after one
    # an event's name with a digit is looked for as written, not as loose digits
    assert not fires("Sanctions on 9 groups and 1 bank were lifted on Monday.", quiet)
    assert fires("Japan froze the assets of 19 groups on Monday.", quiet)
    # a series read within a paragraph needs its context in the paragraph of its words
    assert not fires("Tokyo hosted a trade fair.\n\nSanctions were lifted on Monday.", quiet)


def test_the_rule_hash_ignores_examples_and_files(unclos_rules, tmp_path):
    rule = next(r for r in unclos_rules if r.id == "unclos.eez.breadth")
    moved = dataclasses.replace(rule, path="elsewhere.yaml", line=99, examples=())
    assert fingerprint.rule_hash(moved) == fingerprint.rule_hash(rule)
    changed = next(r for r in edited(tmp_path, rule.id, "- value: 200", "- value: 190")
                   if r.id == rule.id)
    assert fingerprint.rule_hash(changed) != fingerprint.rule_hash(rule)
    reworded = next(r for r in edited(tmp_path, rule.id, "severity: error", "severity: warning")
                    if r.id == rule.id)
    assert fingerprint.rule_hash(reworded) != fingerprint.rule_hash(rule)


# --- a partition task ------------------------------------------------------------------------

def _articles(store):
    return {r["id"]: r for r in store.table("articles").to_pylist()}


def test_a_second_run_checks_only_what_changed(tmp_path, engine):
    rows = records()
    path = write_jsonl(tmp_path / "a.jsonl", rows)
    source, store = sources.JsonLinesSource(str(path)), Store(tmp_path / "store")
    first = run_all(source, store, engine, size=100)
    assert sum(r.checked[NEW] for r in first) == 6
    stored = _articles(store)
    assert stored["eez-wrong"]["inconsistent"] == 1 and stored["eez-right"]["consistent"] == 1

    again = run_all(source, store, engine, store_layout(store), run="r2")
    assert sum(sum(r.checked.values()) for r in again) == 0 and sum(r.skipped for r in again) == 6

    rows[3]["text"] = PLAIN.replace("$12", "$13")
    rows[4]["title"] = "A new headline"  # does not change a finding: kept, not re-checked
    del rows[5]
    write_jsonl(path, rows)
    third = run_all(source, store, engine, store_layout(store), run="r3")
    assert sum(r.checked[CHANGED] for r in third) == 1 and sum(r.removed for r in third) == 1
    stored = _articles(store)
    assert set(stored) == {r["id"] for r in rows}
    assert stored["plain-1"]["run"] == "r3" and stored["eez-wrong"]["run"] == "r1"
    assert stored["plain-2"]["title"] == "A new headline" and stored["plain-2"]["run"] == "r1"


def store_layout(store):
    return sources.Layout(**store.meta()["layout"])


def test_a_rule_change_rechecks_only_where_the_rule_can_fire(tmp_path, nlp, engine):
    source = sources.JsonLinesSource(str(write_jsonl(tmp_path / "a.jsonl", records())))
    store = Store(tmp_path / "store")
    run_all(source, store, engine)
    rules = edited(tmp_path, "unclos.eez.breadth", "- value: 200", "- value: 190")
    changed = Engine(fingerprint.RuleSet(rules), Checker(rules=rules, nlp=nlp), engine.engine)
    done = run_all(source, store, changed, store_layout(store), run="r2")
    assert sum(r.checked[RULES] for r in done) == 2
    assert sum((r.rules for r in done), start=type(done[0].rules)()) == {"unclos.eez.breadth": 2}
    stored = _articles(store)
    assert {i for i, row in stored.items() if row["run"] == "r2"} == {"eez-wrong", "eez-right"}
    eez = [f for f in store.table("findings").to_pylist() if f["rule"] == "unclos.eez.breadth"]
    assert {f["id"] for f in eez} == {"eez-wrong", "eez-right"}
    assert all(json.loads(f["expected"])["value"] == 190 for f in eez)  # judged by the new rule


def test_a_half_written_partition_is_checked_again_whole(tmp_path, engine):
    source = sources.JsonLinesSource(str(write_jsonl(tmp_path / "a.jsonl", records())))
    store = Store(tmp_path / "store")
    run_all(source, store, engine, size=100)
    key = store.keys()[0]
    findings = store.read_partition(key)["findings"]
    pq.write_table(findings.replace_schema_metadata({b"checker.generation": b"other"}),
                   store.file("findings", key))  # a run stopped between two renames
    assert store.partition_state(key) == "torn"
    again = run_all(source, store, engine, store_layout(store), run="r2")
    assert sum(r.checked[TORN] for r in again) == 6 and store.partition_state(key) == "complete"
    assert len(store.table("findings")) == len(findings)


def test_an_article_the_checker_fails_on_is_an_error_row(tmp_path, engine, monkeypatch):
    source = sources.JsonLinesSource(str(write_jsonl(tmp_path / "a.jsonl", records())))
    store = Store(tmp_path / "store")
    original = engine.checker.check_document

    def failing(document):
        if document.path == "sea":
            raise ValueError("boom")
        return original(document)

    monkeypatch.setattr(engine.checker, "check_documents", lambda docs: [failing(d) for d in docs])
    monkeypatch.setattr(engine.checker, "check_document", failing)
    done = run_all(source, store, engine, size=100)
    assert sum(r.errors for r in done) == 1
    stored = _articles(store)
    assert stored["sea"]["status"] == "error" and "ValueError: boom" in stored["sea"]["error"]
    assert all(row["status"] == "checked" for i, row in stored.items() if i != "sea")


# --- impact and report ---------------------------------------------------------------------------

def test_impact_compares_findings_by_rule_and_span():
    row = {"title": "t", "url": None, "date": dt.date(2017, 3, 19)}
    base = {"rule": "r", "verdict": "consistent", "severity": "error", "text": "200 km",
            "start": 1, "end": 7, "line": 1, "column": 2, "message": "m", "suggestion": None,
            "expected": "{}"}
    now = [{**base, "verdict": "inconsistent"}, {**base, "rule": "s", "start": 9, "end": 12}]
    change = impact.compare("a", row, [base], now)
    assert [c[1]["verdict"] for c in change.changed] == ["inconsistent"]
    assert [n["rule"] for n in change.new] == ["s"] and change.gone == []
    assert impact.compare("a", row, [base], [dict(base)]) is None


def test_the_report_ranks_the_articles_to_correct(tmp_path, engine):
    rows = records() + [{"id": "hostile", "date": "2016-01-02", "title": "<script>x</script>",
                         "text": EEZ_WRONG + SEA.replace("nautical miles", "kilometers")}]
    source = sources.JsonLinesSource(str(write_jsonl(tmp_path / "a.jsonl", rows)))
    store = Store(tmp_path / "store")
    run_all(source, store, engine)
    data = report.build(str(store.path))
    assert [a.id for a in data.to_correct] == ["hostile", "eez-wrong"]
    assert data.to_correct[0].inconsistent == 2
    assert data.months == [("2016-01", 2)] + [(f"2016-{m:02d}", 0) for m in range(2, 13)] + [
        (f"2017-{m:02d}", 0) for m in (1, 2)] + [("2017-03", 1)]
    page = report.render_html(data)
    assert "<script>x" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


# --- the command line, where it needs no cluster --------------------------------------------------

def test_bad_sources_and_stores_are_one_line_errors(tmp_path, capsys):
    from checker.cli import main
    assert main(["archive", "check", str(tmp_path / "nope.jsonl"), "--store", str(tmp_path / "s")]) == 2
    assert "nope.jsonl: no such file or directory" in capsys.readouterr().err
    assert main(["archive", "check", "--sql", "sqlite://", "--store", str(tmp_path / "s")]) == 2
    assert "--sql needs --query" in capsys.readouterr().err
    assert main(["rules", "impact", "--store", str(tmp_path / "none")]) == 2
    assert "not an archive store" in capsys.readouterr().err
    assert main(["archive", "report", str(tmp_path / "none"), "-o", str(tmp_path / "out")]) == 2
    assert "not an archive store" in capsys.readouterr().err


def test_a_worker_with_another_checker_refuses_the_work(unclos_rules):
    from checker.archive.runner import ArchivePlugin
    plugin = ArchivePlugin("p", {"head": unclos_rules}, engine="another-version")
    plugin.setup(None)
    assert plugin.engines == {} and "another version of the checker" in plugin.refused


def test_a_store_keeps_its_source(tmp_path, engine):
    from checker.archive import jobs
    from checker.archive.store import StoreError
    first = write_jsonl(tmp_path / "a.jsonl", records())
    source, store = sources.JsonLinesSource(str(first)), Store(tmp_path / "store")
    run_all(source, store, engine)
    other = sources.JsonLinesSource(str(write_jsonl(tmp_path / "b.jsonl", records())))
    with pytest.raises(StoreError, match="holds the archive of .*a.jsonl"):
        jobs.check(other, str(store.path), engine.rules.rules)


def test_an_unreachable_scheduler_is_a_one_line_error(tmp_path, capsys):
    from checker.cli import main
    source = write_jsonl(tmp_path / "a.jsonl", records())
    port = __import__("socket").socket()
    port.bind(("127.0.0.1", 0))
    address = f"tcp://127.0.0.1:{port.getsockname()[1]}"  # bound, never listening
    import dask
    try:
        with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
            assert main(["archive", "check", str(source), "--store", str(tmp_path / "s"),
                         "--scheduler", address, "--rules", str(REPO / "rules" / "unclos.yaml")]) == 2
    finally:
        port.close()
    err = capsys.readouterr().err
    assert err.startswith("checker: error: ") and address.split("//")[1] in err


def test_one_run_at_a_time_per_store(tmp_path, engine):
    from checker.archive import jobs
    from checker.archive.store import StoreError
    source = sources.JsonLinesSource(str(write_jsonl(tmp_path / "a.jsonl", records())))
    store = Store(tmp_path / "store")
    with store.lock():
        with pytest.raises(StoreError, match="another run is using this store"):
            jobs.check(source, str(store.path), engine.rules.rules)
