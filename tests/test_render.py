"""The HTML every format shares: one article partial for the report page and the `checker
serve` page, warnings shown apart from errors."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from checker.render import html as html_render
from checker.stages import document as documents

EEZ_ERROR = "Japan's exclusive economic zone extends 200 kilometers from its coast.\n"
SHELF_WARNING = "The continental shelf extends 500 nautical miles from the coast.\n"
WAIVER = "<!-- checker: ignore unclos.eez.breadth -- quoted as the ministry published it -->\n"


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: v or "" for k, v in attrs}))


def _fragment(checker, text: str) -> tuple[str, list[tuple[str, dict[str, str]]]]:
    document = documents.from_text(text, path="<request>", date=None)
    page = html_render.article_fragment(document, checker.check_document(document))
    parser = _Elements()
    parser.feed(page)
    return page, parser.elements


def _highlights(elements, verdict: str) -> list[dict[str, str]]:
    return [a for t, a in elements if t == "span" and a.get("data-verdict") == verdict]


def test_the_server_page_does_not_call_a_waived_finding_a_problem(unclos_checker):
    page, elements = _fragment(unclos_checker, WAIVER + EEZ_ERROR)
    assert 'id="problems"' not in page
    assert 'id="waived"' in page and "quoted as the ministry published it" in page
    page, _ = _fragment(unclos_checker, EEZ_ERROR)
    assert 'id="problems"' in page and 'id="waived"' not in page


def test_an_inconsistent_warning_looks_different_from_an_error(unclos_checker):
    page, elements = _fragment(unclos_checker, EEZ_ERROR + SHELF_WARNING)
    wrong = {a["id"]: a["class"].split() for a in _highlights(elements, "inconsistent")}
    assert len(wrong) == 2
    assert sorted("warning" in classes for classes in wrong.values()) == [False, True]
    badges = [a["class"].split() for t, a in elements if t == "a" and "badge" in a.get("class", "")]
    assert ["badge", "inconsistent"] in badges and ["badge", "inconsistent", "warning"] in badges
    assert "✗ inconsistent</a>" in page and "⚠ inconsistent</a>" in page  # not colour alone
    problems = page.split('id="problems"', 1)[1].split("</section>", 1)[0]
    assert "✗ error</span>" in problems and "⚠ warning</span>" in problems


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x",
                                 "vbscript:x", "//evil.example/x", "file:///etc/passwd"])
def test_only_http_addresses_become_links(url):
    from checker.render.present import web_url

    assert web_url(url) is None
    assert web_url("https://example.org/a?b=c") == "https://example.org/a?b=c"
