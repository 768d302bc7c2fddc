"""The HTML reports in a real headless browser (Debian's chromium, driven by Playwright).

What a newcomer does: open reports/index.html from disk, see the seed article's row and its
counts, click through to the article, hover the highlighted claim and read why it is wrong and
what the source says. And an article carrying `<script>` shows the tag as text, never runs it.

Needs `apt-get install -y chromium` and `pip install playwright` (the browser is Debian's; never
`playwright install`). Skipped, with the reason, only when /usr/bin/chromium is absent.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.stages import document as documents
from checker import render
from checker.commands import report

REPO = Path(__file__).resolve().parent.parent
REPORTS = REPO / "reports"
SEED = "corpus/voa-2017-03-19-tillerson-china.md"

from browser import browser  # noqa: F401  (the fixture; importing it skips without chromium)

EEZ = ("---\ntitle: Missiles land in Japan's waters\ndate: 2017-03-19\n---\n"
       "The ballistic missiles landed inside Japan's exclusive economic zone, an area that "
       "extends 200 kilometers off a country's coastline.\n")
HOSTILE = ("---\ntitle: \"<b>bold</b> title\"\ndate: 2017-03-19\n---\n"
           "Copy with <script>window.pwned=1</script> inside, and "
           "<img src=x onerror=\"window.pwned=2\">.\n"
           "Japan's exclusive economic zone extends 200 kilometers from its coast.\n")


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


@pytest.fixture(scope="module")
def fixture_reports(unclos_checker, tmp_path_factory):
    """Reports for two hand-made articles, with only the maritime rules: the EEZ seed sentence
    and a hostile one. Independent of how the corpus findings change."""
    root = tmp_path_factory.mktemp("browser")
    checked = []
    for name, text in (("eez.md", EEZ), ("hostile.md", HOSTILE)):
        (root / name).write_text(text, encoding="utf-8")
        document = documents.read(str(root / name))
        checked.append((document, unclos_checker.check_document(document)))
    data = report.build(checked, [], unclos_checker.rules, nlp=unclos_checker.nlp)
    out = root / "reports"
    report.write(render.pages(("html",), data, out), out)
    return out


def _claim(page, text: str):
    """The innermost highlight containing `text` (a name may sit inside a role's highlight)."""
    found = page.locator("#text .claim", has_text=text)
    assert found.count() >= 1, f"no highlight for {text!r}"
    return found.last


def test_seed_sentence_hover_shows_why_and_the_source(page, fixture_reports):
    page.goto((fixture_reports / "index.html").as_uri())
    row = page.locator("tr.article", has_text="Missiles land in Japan")
    assert row.locator("td[data-col=inconsistent]").inner_text().strip() == "✗ 1"
    row.locator("a", has_text="Missiles land in Japan").click()
    page.wait_for_load_state()
    assert page.url.endswith("/eez.html")
    highlight = _claim(page, "200 kilometers")
    assert highlight.get_attribute("data-verdict") == "inconsistent"
    label = highlight.locator("xpath=following-sibling::a[1]")
    assert label.inner_text() == "✗ inconsistent"  # a text label too, not colour alone
    highlight.hover()
    panel = page.locator("#panel")
    panel.wait_for(state="visible")
    text = panel.inner_text()
    assert "200 nautical miles" in text and "unit mix-up" in text
    assert "Suggest" in text and "370.4 kilometers" in text
    links = panel.locator("dd.sources a")
    assert links.count() >= 1 and links.first.get_attribute("href").startswith("https://")
    # clicking pins the panel so its source link can be reached with the mouse
    highlight.click()
    links.first.hover()
    assert panel.is_visible()
    assert page.errors == []


def test_article_script_is_shown_not_run(page, fixture_reports):
    page.goto((fixture_reports / "hostile.html").as_uri())
    page.wait_for_load_state()
    assert page.evaluate("typeof window.pwned") == "undefined"
    text = page.evaluate("""() => { const copy = document.getElementById('text').cloneNode(true);
        copy.querySelectorAll('.badge').forEach(b => b.remove()); return copy.textContent; }""")
    assert "<script>window.pwned=1</script>" in text
    assert '<img src=x onerror="window.pwned=2">' in text
    assert page.locator("h1").inner_text() == "<b>bold</b> title"
    assert page.locator("#text script, #text img, h1 b").count() == 0
    # the page's own script still works under the Content-Security-Policy
    _claim(page, "200 kilometers").hover()
    page.locator("#panel").wait_for(state="visible")
    assert page.evaluate("typeof window.pwned") == "undefined"


def test_committed_index_leads_to_the_seed_article(page):
    """reports/index.html as committed: the seed article's row shows its counts, and its page
    highlights "200 kilometers" with what the checker found (message and source link when a
    rule judged it). The counts are read from reports/index.json, which the up-to-date test in
    test_report.py keeps in step with the corpus."""
    index = json.loads((REPORTS / "index.json").read_text("utf-8"))
    seed = next(d for d in index["documents"] if d["path"] == SEED)
    wrong = sum(f["verdict"] == "inconsistent" for f in seed["findings"])
    page.goto((REPORTS / "index.html").as_uri())
    row = page.locator(f'tr.article[data-path="{SEED}"]')
    assert row.count() == 1
    shown = row.locator("td[data-col=inconsistent]").inner_text().strip()
    assert shown == (f"✗ {wrong}" if wrong else "0")
    assert row.locator("td[data-col=claims]").inner_text().strip() == str(len(seed["claims"]))
    row.locator("a").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/{index['pages'][SEED]}.html")
    highlight = _claim(page, "200 kilometers")
    highlight.click()
    panel = page.locator("#panel")
    panel.wait_for(state="visible")
    finding = next((f for f in seed["findings"] if f["text"] == "200 kilometers"), None)
    if finding is None:
        assert "No reference rule covers this figure" in panel.inner_text()
    else:
        assert highlight.get_attribute("data-verdict") == finding["verdict"]
        assert " ".join(finding["message"].split())[:60] in " ".join(panel.inner_text().split())
        hrefs = [panel.locator("dd.sources a").nth(i).get_attribute("href")
                 for i in range(panel.locator("dd.sources a").count())]
        assert hrefs == finding["sources"]
    assert page.errors == []


@pytest.mark.parametrize("width", [1000, 1280])
def test_committed_report_tables_fit_the_page(browser, width):
    """Long rule ids and source links wrap in their cells: no table is wider than the page."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    opened = context.new_page()
    for name in ["index.html", *(p.name for p in sorted(REPORTS.glob("*.html")) if p.name != "index.html")]:
        opened.goto((REPORTS / name).as_uri())
        past = opened.evaluate("""() => { const main = document.querySelector('main').getBoundingClientRect();
            return [...document.querySelectorAll('table')].filter(t =>
                t.getBoundingClientRect().right > main.right + 1).length; }""")
        assert past == 0, (name, width)
    context.close()


def test_on_a_narrow_screen_a_table_scrolls_in_its_box_not_the_page(browser):
    context = browser.new_context(viewport={"width": 480, "height": 900})
    opened = context.new_page()
    opened.goto((REPORTS / "index.html").as_uri())
    assert opened.evaluate("() => document.documentElement.scrollWidth "
                           "<= document.documentElement.clientWidth")
    context.close()


def test_an_inconsistent_warning_is_painted_apart_from_an_error(page, unclos_checker, tmp_path):
    text = ("---\ndate: 2017-03-19\n---\n"
            "Japan's exclusive economic zone extends 200 kilometers from its coast.\n"
            "The continental shelf extends 500 nautical miles from the coast.\n")
    (tmp_path / "two.md").write_text(text, encoding="utf-8")
    document = documents.read(str(tmp_path / "two.md"))
    data = report.build([(document, unclos_checker.check_document(document))], [],
                        unclos_checker.rules)
    out = tmp_path / "reports"
    report.write(render.pages(("html",), data, out), out)
    page.goto((out / "two.html").as_uri())
    wrong = page.locator("#text .claim[data-verdict=inconsistent]")
    assert wrong.count() == 2
    looks = [wrong.nth(i).evaluate("e => [e.className, getComputedStyle(e).backgroundColor, "
                                   "getComputedStyle(e).textDecorationColor]") for i in range(2)]
    classes = sorted(look[0] for look in looks)
    assert classes == ["claim inconsistent", "claim inconsistent warning"]
    assert looks[0][1] != looks[1][1] and looks[0][2] != looks[1][2]
