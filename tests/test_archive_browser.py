"""The archive report in a real headless browser (Debian's chromium, driven by Playwright).

What a correction desk does: open index.html from disk, read the counts, see which rule is
contradicted most and in which months, and find the article to correct first, with a link to
it; an article whose title carries markup shows it as text and never runs it.
"""
from __future__ import annotations

import json

import pytest

pytest.importorskip("distributed", reason="the archive extra: pip install -e '.[test]'")

from browser import browser  # noqa: F401,E402  (the fixture; importing it skips without chromium)
from checker.archive import fingerprint, report, sources  # noqa: E402
from checker.archive.store import Store  # noqa: E402
from checker.archive.task import Engine, check_partition  # noqa: E402
from checker.pipeline import Checker  # noqa: E402
from checker.rules.load import load_rules  # noqa: E402

from conftest import REPO  # noqa: E402

EEZ = "Japan's exclusive economic zone extends 200 kilometers from its coast.\n"
SEA = "Territorial waters extend 12 kilometers from the coast.\n"
RECORDS = [
    {"id": "two-errors", "date": "2017-09-05", "section": "world", "title": "Two wrong zones",
     "url": "https://news.example/two", "text": EEZ + "\n" + SEA},
    {"id": "one-error", "date": "2017-03-19", "section": "world", "title": "EEZ story",
     "url": "https://news.example/one", "text": EEZ},
    {"id": "hostile", "date": "2017-03-20", "section": "<i>opinion</i>",
     "title": "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\">",
     "url": "javascript:alert(1)", "text": "Japan's EEZ reaches 200 km off its coast.\n"},
    {"id": "clean", "date": "2017-05-01", "section": "local", "title": "Budget",
     "url": "https://news.example/clean", "text": "The council approved $12 million.\n"},
]


@pytest.fixture(scope="module")
def archive_report(nlp, tmp_path_factory):
    root = tmp_path_factory.mktemp("archive-report")
    path = root / "archive.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), "utf-8")
    rules, errors = load_rules([REPO / "rules" / "unclos.yaml"])
    assert not errors
    engine = Engine(fingerprint.RuleSet(rules), Checker(rules=rules, nlp=nlp),
                    fingerprint.engine_hash())
    source, store = sources.JsonLinesSource(str(path)), Store(root / "store")
    partitions, layout = source.plan(None, 2)
    store.create(source.describe(), layout.to_json())
    for partition in partitions:
        check_partition(partition, source, store, engine, "r1")
    out = root / "report"
    report.write(report.build(str(store.path)), str(out), ("html",))
    return out / "index.html"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("console", lambda message: errors.append(message.text)
              if message.type == "error" else None)
    opened.errors = errors
    yield opened
    context.close()


def test_the_desk_sees_what_to_correct_first(page, archive_report):
    page.goto(archive_report.as_uri())
    stats = page.locator(".stat").all_inner_texts()
    assert any(s.split() == ["4", "articles"] for s in stats)
    assert any(s.startswith("4\n") and "inconsistent findings" in s for s in stats)
    first = page.locator("#correct-first tbody tr").first
    assert "Two wrong zones" in first.inner_text()
    assert first.locator("a").get_attribute("href") == "https://news.example/two"
    rules = page.locator("table.bars").first.locator("tbody tr").all()
    assert "unclos.eez.breadth" in rules[0].inner_text()  # the most contradicted rule on top
    widths = [r.locator(".fill").evaluate("e => parseFloat(e.style.width)") for r in rules]
    assert widths[0] == 100 and widths == sorted(widths, reverse=True)
    assert page.errors == []


def test_the_months_chart_shows_each_month_with_its_count(page, archive_report):
    page.goto(archive_report.as_uri())
    columns = page.locator(".months rect.col")
    assert columns.count() == 7  # 2017-03 to 2017-09, the empty months too
    tips = page.locator(".months rect.col title").all_text_contents()  # the hover text
    assert tips[0] == "2017-03: 2 inconsistent" and tips[-1] == "2017-09: 2 inconsistent"
    heights = [float(columns.nth(i).get_attribute("height")) for i in range(columns.count())]
    assert heights[0] == heights[-1] > 0 and heights[1:-1] == [0.0] * 5


def test_markup_in_an_article_is_shown_never_run(page, archive_report):
    page.goto(archive_report.as_uri())
    assert page.evaluate("typeof window.pwned") == "undefined"
    row = page.locator("#correct-first tbody tr", has_text="<script>")
    assert row.count() == 1
    assert row.locator("a").count() == 0  # a javascript: URL is not made a link
    assert "<i>opinion</i>" in page.locator("body").inner_text()
    assert page.errors == []
