"""The paste-and-check page of `checker serve` in a real headless browser (Debian's chromium,
driven by Playwright) against a real uvicorn server on a free loopback port.

What an editor does: open the page, paste the seed EEZ sentence, set the article date, press
Check, and see "200 kilometers" highlighted as inconsistent with the reason and the source.
Article text carrying markup is shown as text, never run. Errors from the API are shown.

Needs `apt-get install -y chromium` and `pip install playwright` (the browser is Debian's; never
`playwright install`). Skipped, with the reason, only when /usr/bin/chromium is absent.
"""
from __future__ import annotations


import pytest


from browser import browser, sync_api  # noqa: F401  (the fixture; importing it skips without chromium)
serve = pytest.importorskip("checker.commands.serve", reason="pip install starlette uvicorn")

SEED = ("Japan's exclusive economic zone — an area according to international law that extends "
        "200 kilometers off a country's coastline.")


@pytest.fixture(scope="module")
def server(checker):
    with serve.background(serve.create_app(checker, workers=1)) as url:
        yield url


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("console", lambda message: errors.append(message.text)
              if message.type == "error" else None)
    opened.on("request", lambda request: outside.append(request.url)
              if not request.url.startswith(server) else None)
    opened.errors = errors
    opened.outside = outside
    opened.goto(server + "/")
    yield opened
    context.close()


def _submit(page, text: str, date: str = "") -> None:
    page.fill("#text-input", text)
    if date:
        page.fill("#date-input", date)
    with page.expect_response(lambda r: "/v1/check" in r.url):
        page.click("#submit")


def test_paste_the_seed_sentence_and_see_it_flagged(page):
    _submit(page, SEED, "2017-03-19")
    highlight = page.locator("#result #text .claim", has_text="200 kilometers")
    highlight.wait_for()
    assert highlight.count() == 1
    assert highlight.get_attribute("data-verdict") == "inconsistent"
    label = highlight.locator("xpath=following-sibling::a[1]")
    assert label.inner_text() == "✗ inconsistent"  # a text label too, not colour alone
    status = page.locator("#status").inner_text()
    assert "1 inconsistent" in status
    problems = page.locator("#problems").inner_text()
    assert "200 nautical miles (370.4 km)" in problems and "unit mix-up" in problems
    assert "Suggest: 200 nautical miles (370.4 kilometers)" in problems
    # the report's pop-up works on the page too
    highlight.hover()
    panel = page.locator("#panel")
    panel.wait_for(state="visible")
    text = panel.inner_text()
    assert "200 nautical miles" in text and "370.4 kilometers" in text
    links = panel.locator("dd.sources a")
    assert links.count() >= 1 and links.first.get_attribute("href").startswith("https://")
    assert page.errors == [] and page.outside == []  # no CDN, nothing fetched elsewhere


def test_the_date_decides_and_a_second_check_replaces_the_first(page):
    _submit(page, SEED, "2017-03-19")
    page.locator("#result .claim.inconsistent").wait_for()
    _submit(page, "The missiles landed some 370 kilometers off the coast, inside Japan's EEZ.",
            "2017-03-19")
    page.locator("#result .claim", has_text="370 kilometers").wait_for()
    assert page.locator("#result .claim.inconsistent").count() == 0
    assert page.locator("#problems").count() == 0
    assert page.errors == []


def test_pasted_markup_is_shown_not_run(page):
    hostile = ("Copy with <script>window.pwned=1</script> and <img src=x onerror=\"window.pwned=2\">. "
               + SEED)
    _submit(page, hostile, "2017-03-19")
    page.locator("#result .claim.inconsistent").wait_for()
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.locator("#result #text script, #result #text img").count() == 0
    shown = page.evaluate("""() => { const copy = document.getElementById('text').cloneNode(true);
        copy.querySelectorAll('.badge').forEach(b => b.remove()); return copy.textContent; }""")
    assert "<script>window.pwned=1</script>" in shown
    assert '<img src=x onerror="window.pwned=2">' in shown


def test_an_api_error_is_shown(page):
    page.evaluate("() => document.getElementById('text-input').removeAttribute('required')")
    page.fill("#text-input", "x")
    page.evaluate("() => { const d = document.getElementById('date-input'); d.type = 'text'; "
                  "d.value = 'not a date'; }")
    with page.expect_response(lambda r: "/v1/check" in r.url) as response:
        page.click("#submit")
    assert response.value.status == 422
    status = page.locator("#status")
    sync_api.expect(status).to_contain_text("Error 422")  # set once the JSON is read
    assert "YYYY-MM-DD" in status.inner_text()
    assert page.locator("#result").inner_text() == ""
