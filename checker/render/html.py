"""`checker report --format html` and the `checker serve` page: Jinja2 templates
(`templates/`, autoescaped) around one article partial (`_article.html`) both use.

Every piece of text from an article, a rule or front matter is escaped by the template engine;
the only markup built here is the highlighted article text, from escaped pieces. Links are made
only from http(s) URLs. Pages are self-contained (inline CSS and script, no CDN, they work
offline from file://), and a Content-Security-Policy allows only the pages' own scripts, by
hash, so even a bug in escaping could not run a script from an article. Verdicts are shown by
colour *and* by an icon, a text label and the underline style, so nothing relies on colour
alone; an inconsistent warning looks different from an inconsistent error.
"""
from __future__ import annotations

import base64
import functools
import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Optional

import jinja2
from markupsafe import Markup, escape

from checker.version import __version__
from checker.model import DocumentResult, Finding
from checker.render.model import ORDER, Article, Run
from checker.render.present import (
    LABELS,
    Anchored,
    claimed_text,
    claims_in_order,
    coverage_line,
    expected_text,
    host,
    source_link,
    verdict_of,
    web_url,
)
from checker.stages.document import Document
from checker.words import counted


def _asset(name: str) -> str:
    return resources.files("checker.render").joinpath("templates", name).read_text("utf-8")


def _hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


CSS = _asset("report.css")
SCRIPT = _asset("report.js")  # the pop-up cards of highlighted claims
PASTE_CSS = _asset("paste.css")
PASTE_SCRIPT = _asset("paste.js")  # the form of the `checker serve` page
CSP = (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
       f"script-src {_hash(SCRIPT)}; base-uri 'none'; form-action 'none'")
PASTE_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; "
             f"script-src {_hash(PASTE_SCRIPT)} {_hash(SCRIPT)}; base-uri 'none'; "
             "form-action 'self'; frame-ancestors 'none'")

SEVERITY_ICONS = {"error": "✗", "warning": "⚠", "info": "ℹ"}


@dataclass(frozen=True)
class Look:
    """How a verdict shows: icon, labels and CSS classes (an inconsistent finding also by its
    severity, so a warning is not painted as an error)."""

    verdict: str
    severity: Optional[str] = None

    @property
    def icon(self) -> str:
        if self.verdict == "inconsistent" and self.severity in SEVERITY_ICONS:
            return SEVERITY_ICONS[self.severity]
        return LABELS[self.verdict][0]

    @property
    def label(self) -> str:
        return LABELS[self.verdict][1]

    @property
    def longer(self) -> str:
        return LABELS[self.verdict][2]

    def classes(self, kind: str) -> str:
        graded = self.verdict == "inconsistent" and self.severity in ("warning", "info")
        return f"{kind} {self.verdict}" + (f" {self.severity}" if graded else "")


def look(verdict: str, severity: Optional[str] = None) -> Look:
    return Look(verdict, severity)


@dataclass
class ArticleView:
    """What the article partial shows of one checked document."""

    document: Document
    result: DocumentResult
    claims: list[Anchored]
    problems: list[Anchored]  # inconsistent and not waived
    waived: list[Anchored]
    counts: dict[str, int]
    highlighted: Markup


def article_view(document: Document, result: DocumentResult) -> ArticleView:
    claims = claims_in_order(result)
    judged = [(a, c, f) for a, c, f in claims if f is not None]
    counts = {v: result.count(v) for v in ORDER if v != "unchecked"}
    counts["unchecked"] = len(result.unchecked)
    return ArticleView(
        document, result, claims,
        problems=[(a, c, f) for a, c, f in judged
                  if f.verdict == "inconsistent" and f.suppressed is None],
        waived=[(a, c, f) for a, c, f in judged if f.suppressed is not None],
        counts=counts, highlighted=highlighted(document.text, document.body_start, claims))


@functools.cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("checker.render", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
        lstrip_blocks=True, keep_trailing_newline=True)
    environment.globals.update(
        ORDER=ORDER, look=look, counted=counted, claimed_text=claimed_text,
        expected_text=expected_text, web_url=web_url, host=host, version=__version__)
    environment.filters["id"] = id
    return environment


def _render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context)


def pages(run: Run, out_dir: str | Path) -> dict[str, str]:
    files = {"index.html": index_page(run, out_dir)}
    for article in run.articles:
        files[f"{article.slug}.html"] = article_page(run, article, out_dir)
    return files


def _report_page(template: str, title: str, scripts: tuple[str, ...] = (), **context: Any) -> str:
    return _render(template, title=title, csp=CSP, css=Markup(CSS),
                   scripts=[Markup(s) for s in scripts], **context)


def index_page(run: Run, out_dir: str | Path) -> str:
    anchors = {a.path: {id(c): anchor for anchor, c, _ in claims_in_order(a.result)}
               for a in run.articles}
    return _report_page(
        "index.html", "Fact-check report — checker", run=run, coverage=coverage_line(run),
        any_waived=any(a.waived for a in run.articles), anchors=anchors,
        slugs={a.path: a.slug for a in run.articles}, rule_stats=run.rule_stats)


def article_page(run: Run, article: Article, out_dir: str | Path) -> str:
    return _report_page(
        "article.html", f"{article.title} — checker report", scripts=(SCRIPT,), article=article,
        source_file=source_link(article, out_dir),
        original=web_url(article.document.metadata.get("url")),
        view=article_view(article.document, article.result))


def article_fragment(document: Document, result: DocumentResult) -> str:
    """The article partial alone: what the `checker serve` page shows under its form."""
    return _render("_article.html", view=article_view(document, result))


def paste_page(rule_count: int) -> str:
    """The `checker serve` page; served with PASTE_CSP as its Content-Security-Policy."""
    return _render("paste.html", title="checker — paste and check", csp=None,
                   css=Markup(CSS + PASTE_CSS), scripts=[Markup(PASTE_SCRIPT), Markup(SCRIPT)],
                   rule_count=rule_count)


def highlighted(text: str, start: int, claims: list[Anchored]) -> Markup:
    """`text[start:]`, escaped, with each claim wrapped in a highlight and followed by its label.

    Nested claims ("Taro Kono" inside "Foreign Minister Taro Kono") nest; a claim that starts
    inside another and ends after it is cut at the other's end so the markup stays well formed.
    """
    out: list[str] = []
    position = start
    stack: list[tuple[int, str]] = []  # (end offset, closing markup)

    def close_until(offset: int) -> None:
        nonlocal position
        while stack and stack[-1][0] <= offset:
            end, closing = stack.pop()
            if end > position:
                out.append(escape(text[position:end]))
                position = end
            out.append(closing)

    for anchor, claim, finding in claims:
        begin, end = max(claim.span.start, start), min(claim.span.end, len(text))
        if begin < position or begin >= end:
            continue
        close_until(begin)
        if stack and end > stack[-1][0]:
            end = stack[-1][0]
        if begin < position or begin >= end:
            continue
        out.append(escape(text[position:begin]))
        position = begin
        verdict = verdict_of(finding)
        shown = look(verdict, _severity(finding))
        out.append(f"<span class=\"{shown.classes('claim')}\" id=\"{anchor}\" tabindex=\"0\" "
                   f"data-verdict=\"{verdict}\" aria-describedby=\"card-{anchor}\">")
        badge = (f"<a class=\"{shown.classes('badge')}\" href=\"#row-{anchor}\" "
                 f"title=\"{escape(shown.longer)}: see details\">"
                 f"{escape(shown.icon + ' ' + shown.label)}</a>")
        stack.append((end, "</span>" + badge))
    close_until(len(text))
    out.append(escape(text[position:]))
    return Markup("".join(out))


def _severity(finding: Optional[Finding]) -> Optional[str]:
    return finding.severity if finding is not None else None
