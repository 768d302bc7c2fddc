"""`checker report --format html`: self-contained pages (inline CSS and script, no CDN, works
offline from file://) with the article text and every claim highlighted by verdict.

Every piece of text from an article, a rule or front matter goes through `html.escape` (`_e`);
nothing is inserted unescaped except the markup built here. A Content-Security-Policy allows
only this module's own script (by hash), so even a bug in escaping could not run a script from
an article. Verdicts are shown by colour *and* by a text label with an icon and by underline
style, so nothing relies on colour alone.
"""
from __future__ import annotations

import base64
import hashlib
import html
from pathlib import Path
from typing import Any, Optional
from urllib.parse import urlparse

from checker import __version__
from checker.stages import units
from checker.model import Claim, Finding
from checker.render.present import coverage_line, source_link

LABELS = {  # verdict -> (icon, label shown next to the claim, longer label)
    "inconsistent": ("✗", "inconsistent", "inconsistent with the reference"),
    "unverifiable": ("?", "unverifiable", "cannot be verified from the article"),
    "consistent": ("✓", "ok", "consistent with the reference"),
    "unchecked": ("○", "no rule", "no rule covers it (unchecked)"),
}
ORDER = ("inconsistent", "unverifiable", "consistent", "unchecked")

CSS = """
:root{--bad:#b3261e;--bad-bg:#fde7e9;--warn:#7a4f00;--warn-bg:#fff1c2;--ok:#1e6b34;--ok-bg:#e3f3e7;
--none:#555;--none-bg:#ececec;--ink:#1d1d1f;--muted:#5f6368;--line:#d8d8d8}
*{box-sizing:border-box}
body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--ink);
margin:0;background:#fafafa}
main{max-width:1100px;margin:0 auto;padding:1.2rem 1.5rem 3rem}
h1{font-size:1.6rem;margin:.4rem 0 .2rem}h2{font-size:1.2rem;margin:2rem 0 .6rem;
border-bottom:1px solid var(--line);padding-bottom:.25rem}
a{color:#0b57d0}.muted{color:var(--muted)}.small{font-size:.85rem}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.92rem}
th,td{border:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f1f3f4;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tr.has-problem>td:first-child{box-shadow:inset 4px 0 0 var(--bad)}
.chip{display:inline-block;border-radius:999px;padding:0 .55em;font-size:.85rem;font-weight:600;
white-space:nowrap;border:1px solid transparent}
.chip.inconsistent{background:var(--bad-bg);color:var(--bad);border-color:var(--bad)}
.chip.unverifiable{background:var(--warn-bg);color:var(--warn);border-color:var(--warn)}
.chip.consistent{background:var(--ok-bg);color:var(--ok)}
.chip.unchecked{background:var(--none-bg);color:var(--none)}
.chip.waived{background:#ececec;color:#333;border-color:#777;border-style:dashed}
.callout.waived{background:#f5f5f5;border-color:#777}.callout.waived h2{color:#333}
.chip.zero{background:none;color:var(--muted);font-weight:400;border-color:transparent}
.coverage{font-size:1.02rem;background:#fff;border:1px solid var(--line);border-radius:6px;
padding:.6rem .8rem}
.legend{margin:.6rem 0;font-size:.88rem}.legend .chip{margin-right:.6rem}
ul.problems{margin:0;padding-left:1.1rem}ul.problems li{margin:.1rem 0}
.callout{background:var(--bad-bg);border:1px solid var(--bad);border-left-width:6px;
border-radius:6px;padding:.6rem .9rem;margin:1rem 0}
.callout h2{border:0;margin:0 0 .3rem;color:var(--bad)}
.callout .item{margin:.5rem 0}
.text{background:#fff;border:1px solid var(--line);border-radius:6px;padding:1rem 1.2rem;
white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.75}
.claim{border-radius:3px;padding:0 1px;cursor:pointer;outline-offset:2px}
.claim.inconsistent{background:var(--bad-bg);text-decoration:underline wavy var(--bad);
text-underline-offset:3px;text-decoration-thickness:1.5px}
.claim.unverifiable{background:var(--warn-bg);border-bottom:2px dashed var(--warn)}
.claim.consistent{background:var(--ok-bg);border-bottom:2px solid var(--ok)}
.claim.unchecked{background:var(--none-bg);border-bottom:2px dotted var(--none)}
.claim:hover,.claim:focus{outline:2px solid #0b57d0}
.badge{font-size:.72rem;font-weight:700;text-decoration:none;border-radius:3px;padding:0 .3em;
margin-left:.2em;vertical-align:.12em;white-space:nowrap;line-height:1.3}
.badge.inconsistent{background:var(--bad);color:#fff}.badge.unverifiable{background:var(--warn);color:#fff}
.badge.consistent{color:var(--ok);border:1px solid var(--ok)}
.badge.unchecked{color:var(--none);border:1px solid var(--none)}
#panel{position:absolute;z-index:10;max-width:34rem;background:#fff;border:1px solid #999;
border-radius:6px;box-shadow:0 6px 24px rgba(0,0,0,.18);padding:.7rem .9rem;font-size:.92rem;
line-height:1.45;white-space:normal}
#panel[hidden]{display:none}
.card .head,#panel .head{font-weight:700;margin-bottom:.3rem}
.head.inconsistent{color:var(--bad)}.head.unverifiable{color:var(--warn)}.head.consistent{color:var(--ok)}
.card dl,#panel dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem;margin:.3rem 0}
.card dt,#panel dt{font-weight:600;color:var(--muted)}.card dd,#panel dd{margin:0}
td.date{white-space:nowrap}
.cards{display:none}
tr:target,tr.flash{background:#fff8c5}
.groups .group{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.6rem .8rem;
margin:.6rem 0}
details summary{cursor:pointer}
footer{margin-top:2.5rem;font-size:.8rem;color:var(--muted)}
"""

SCRIPT = """
(function(){
var panel=document.getElementById('panel');if(!panel)return;var pinned=null;
function show(el){var card=document.getElementById('card-'+el.id);if(!card)return;
panel.innerHTML=card.innerHTML;panel.hidden=false;var r=el.getBoundingClientRect();
var left=Math.max(8,Math.min(r.left+window.scrollX,window.scrollX+document.documentElement.clientWidth-panel.offsetWidth-8));
panel.style.left=left+'px';panel.style.top=(r.bottom+window.scrollY+6)+'px';panel.dataset.for=el.id;}
function hide(){if(!pinned)panel.hidden=true;}
function claimOf(t){return t&&t.closest?t.closest('.claim'):null;}
document.addEventListener('mouseover',function(e){var c=claimOf(e.target);if(c){if(!pinned)show(c);}
else if(!panel.contains(e.target)){hide();}});
document.addEventListener('click',function(e){if(e.target.closest('a'))return;var c=claimOf(e.target);
if(c){pinned=(pinned===c)?null:c;show(c);e.preventDefault();}else if(!panel.contains(e.target)){pinned=null;panel.hidden=true;}});
document.addEventListener('focusin',function(e){var c=claimOf(e.target);if(c)show(c);});
document.addEventListener('keydown',function(e){var c=claimOf(e.target);
if(e.key==='Escape'){pinned=null;panel.hidden=true;}
else if(c&&(e.key==='Enter'||e.key===' ')){pinned=c;show(c);e.preventDefault();}});
if(location.hash){var t=document.getElementById(location.hash.slice(1));
if(t&&t.classList.contains('claim')){pinned=t;show(t);t.focus();}}
})();
"""

_SCRIPT_HASH = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
CSP = (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
       f"script-src 'sha256-{_SCRIPT_HASH}'; base-uri 'none'; form-action 'none'")


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def pages(data: Any, out_dir: str | Path) -> dict[str, str]:
    files = {"index.html": index_page(data, out_dir)}
    for article in data.articles:
        files[f"{article.slug}.html"] = article_page(data, article, out_dir)
    return files


# --- pieces -------------------------------------------------------------------------------------

def _page(title: str, body: str, script: bool = False) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_e(CSP)}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n"
        f"<footer>Generated by checker {_e(__version__)} (<code>checker report</code>). "
        "Reports are regenerated, never edited by hand.</footer>\n</main>\n"
        + ("<div id=\"panel\" role=\"dialog\" aria-live=\"polite\" hidden></div>\n"
           f"<script>{SCRIPT}</script>\n" if script else "")
        + "</body>\n</html>\n")


def _chip(verdict: str, count: Optional[int] = None, long: bool = False, bare: bool = False) -> str:
    """A verdict label; with `count`, how many ("✗ 1 inconsistent", or "✗ 1" when `bare`, in a
    column whose heading names the verdict). A zero is plain muted text, not a coloured chip."""
    icon, label, longer = LABELS[verdict]
    if count == 0:
        return f"<span class=\"chip zero\">0{'' if bare else ' ' + _e(label)}</span>"
    text = f"{icon} {longer if long else label}" if count is None else (
        f"{icon} {count}" if bare else f"{icon} {count} {label}")
    return f"<span class=\"chip {verdict}\">{_e(text)}</span>"


def _legend() -> str:
    return ("<p class=\"legend\">" + "".join(_chip(v, long=True) for v in ORDER) + "</p>")


def _coverage(data: Any) -> str:
    return f"<p class=\"coverage\"><strong>Coverage:</strong> {_e(coverage_line(data))}</p>"


def _value(value: Any, unit: Optional[str]) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, float):
        value = round(value, 6)
    if unit is None:
        return str(value)
    label = units.label(unit, value if isinstance(value, (int, float)) else 2)
    return f"{value} {label}".strip()


def expected_text(expected: dict[str, Any]) -> str:
    unit = expected.get("unit")
    if expected.get("range"):
        low, high = expected["range"]
        return _value(low, None) + "–" + _value(high, unit)
    if expected.get("value") is not None:
        return _value(expected["value"], unit)
    return ""


def claimed_text(claim: Claim) -> str:
    """The claim as written, plus the figure it was read as when the words do not show it
    ("two dozen missiles (= 24)", "six-day (= 6 days)")."""
    text = claim.text
    if isinstance(claim.value, (int, float)) and not isinstance(claim.value, bool):
        figure = _value(claim.value, None)
        if figure not in text.replace(",", ""):
            text += f" (= {_value(claim.value, claim.unit)})"
    return text


def _host(url: str) -> str:
    return urlparse(url).netloc or url


def _sources(finding: Finding, separator: str = "<br>") -> str:
    links = [f"<a href=\"{_e(s.url)}\" rel=\"noopener noreferrer\" target=\"_blank\" "
             f"title=\"{_e(s.title or s.url)}\">{_e(s.title or _host(s.url))}</a>"
             for s in finding.sources]
    return separator.join(links)


def _card(claim: Claim, finding: Optional[Finding], anchor: str) -> str:
    """What the pop-up shows: claimed vs expected, the message, the suggestion, the sources."""
    verdict = finding.verdict if finding else "unchecked"
    icon, _, longer = LABELS[verdict]
    head = f"{icon} {longer}"
    if finding is not None and verdict != "consistent":
        head += f" ({finding.severity})"
    rows = [("Claimed", _e(claimed_text(claim)))]
    if finding is not None:
        expected = expected_text(finding.expected)
        if expected:
            rows.append(("Expected", _e(expected)))
        rows.append(("Why", _e(finding.message)))
        if finding.suggestion:
            rows.append(("Suggest", f"<strong>{_e(finding.suggestion)}</strong>"))
        if finding.suppressed is not None:
            rows.append(("Waived", _e(finding.suppressed)))
        if finding.matched:
            rows.append(("Matches", _e(", ".join(finding.matched))))
        if finding.sources:
            rows.append(("Sources", _sources(finding)))
        rows.append(("Rule", f"<code>{_e(finding.rule)}</code>"))
    else:
        rows.append(("Why", "No reference rule covers this figure, so it was not verified."))
    body = "".join(f"<dt>{name}</dt><dd class=\"{name.lower()}\">{value}</dd>" for name, value in rows)
    return (f"<div class=\"head {verdict}\">{_e(head)}: “{_e(claim.text)}”</div><dl>{body}</dl>"
            f"<div class=\"small\"><a href=\"#row-{anchor}\">line {claim.span.line}, "
            f"column {claim.span.column} in the findings table</a></div>")


# --- the article page ---------------------------------------------------------------------------

def _claims(result: Any) -> list[tuple[str, Claim, Optional[Finding]]]:
    judged = {id(f.claim): f for f in result.findings}
    ordered = sorted(result.claims, key=lambda c: (c.span.start, -c.span.end, c.text))
    return [(f"c{i}", claim, judged.get(id(claim))) for i, claim in enumerate(ordered, 1)]


def highlighted(text: str, start: int, claims: list[tuple[str, Claim, Optional[Finding]]]) -> str:
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
                out.append(_e(text[position:end]))
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
        out.append(_e(text[position:begin]))
        position = begin
        verdict = finding.verdict if finding else "unchecked"
        icon, label, longer = LABELS[verdict]
        out.append(f"<span class=\"claim {verdict}\" id=\"{anchor}\" tabindex=\"0\" "
                   f"data-verdict=\"{verdict}\" aria-describedby=\"card-{anchor}\">")
        badge = (f"<a class=\"badge {verdict}\" href=\"#row-{anchor}\" "
                 f"title=\"{_e(longer)}: see details\">{_e(icon + ' ' + label)}</a>")
        stack.append((end, "</span>" + badge))
    close_until(len(text))
    out.append(_e(text[position:]))
    return "".join(out)


def article_page(data: Any, article: Any, out_dir: str | Path) -> str:
    result, document = article.result, article.document
    claims = _claims(result)
    meta = []
    source = source_link(article, out_dir)
    meta.append(f"<a href=\"{_e(source)}\"><code>{_e(article.path)}</code></a>" if source
                else f"<code>{_e(article.path)}</code>")
    meta.append(_e(result.date.isoformat()) if result.date else "no date")
    if document.metadata.get("source"):
        meta.append(_e(document.metadata["source"]))
    if document.metadata.get("url"):
        url = str(document.metadata["url"])
        meta.append(f"<a href=\"{_e(url)}\" rel=\"noopener noreferrer\">original</a>")
    counts = " ".join(_chip(v, article.count(v)) for v in ORDER)
    parts = [
        "<p class=\"small\"><a href=\"index.html\">← All articles</a></p>",
        f"<h1>{_e(article.title)}</h1>",
        f"<p class=\"muted small\">{' · '.join(meta)}</p>",
        f"<p>{len(result.claims)} claim(s): {counts}</p>",
    ]
    problems = [(a, c, f) for a, c, f in claims
                if f is not None and f.verdict == "inconsistent" and f.suppressed is None]
    if problems:
        items = "".join(
            f"<div class=\"item\"><a href=\"#{a}\"><strong>“{_e(c.text)}”</strong></a> "
            f"(line {c.span.line}) — {_e(f.message)}"
            + (f" <strong>Suggest: {_e(f.suggestion)}</strong>" if f.suggestion else "")
            + (f"<br><span class=\"small\">Sources: {_sources(f, ' · ')}</span>" if f.sources else "")
            + "</div>" for a, c, f in problems)
        parts.append(f"<section class=\"callout\" id=\"problems\"><h2>✗ {len(problems)} "
                     f"inconsistent claim(s)</h2>{items}</section>")
    parts.append(_waived(claims, getattr(result, "warnings", ())))
    parts.append("<h2>Article text</h2>")
    parts.append("<p class=\"small muted\">Hover, focus or click a highlighted claim for the "
                 "claimed and expected figures, the reason and the sources.</p>" + _legend())
    parts.append(f"<div class=\"text\" id=\"text\">{highlighted(document.text, document.body_start, claims)}</div>")
    parts.append("<div class=\"cards\" aria-hidden=\"true\">" + "".join(
        f"<div class=\"card\" id=\"card-{a}\">{_card(c, f, a)}</div>" for a, c, f in claims) + "</div>")
    parts.append(_findings_table(claims))
    return _page(f"{article.title} — checker report", "\n".join(parts), script=True)


def _findings_table(claims: list[tuple[str, Claim, Optional[Finding]]]) -> str:
    rows = []
    for anchor, claim, finding in claims:
        verdict = finding.verdict if finding else "unchecked"
        if finding is None:
            cells = ["", "No rule covers this figure.", "", "", ""]
        else:
            cells = [_e(expected_text(finding.expected)), _e(finding.message),
                     _e(finding.suggestion or ""), _sources(finding), f"<code>{_e(finding.rule)}</code>"]
        rows.append(
            f"<tr id=\"row-{anchor}\"><td class=\"n\"><a href=\"#{anchor}\">{claim.span.line}:"
            f"{claim.span.column}</a></td><td>{_chip(verdict)}{_waived_note(finding)}</td>"
            f"<td>{_e(claimed_text(claim))}</td>"
            + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    if not rows:
        return "<h2>Findings</h2><p>No claims found.</p>"
    return ("<h2>Findings</h2><table class=\"findings\"><thead><tr><th class=\"n\">line:col</th>"
            "<th>verdict</th><th>claimed</th><th>expected</th><th>why</th><th>suggestion</th>"
            "<th>sources</th><th>rule</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def _waived_note(finding: Optional[Finding]) -> str:
    if finding is None or finding.suppressed is None:
        return ""
    return f" <span class=\"chip waived\" title=\"{_e(finding.suppressed)}\">waived</span>"


def _waived(claims: list[tuple[str, Claim, Optional[Finding]]], warnings: Any) -> str:
    """What inline suppression comments waived, and why, so a desk chief can audit it; and the
    comments that are wrong (no reason, unknown rule, waiving nothing)."""
    waived = [(a, c, f) for a, c, f in claims if f is not None and f.suppressed is not None]
    if not waived and not warnings:
        return ""
    items = "".join(
        f"<div class=\"item\"><a href=\"#{a}\"><strong>“{_e(c.text)}”</strong></a> "
        f"(line {c.span.line}, <code>{_e(f.rule)}</code>, {_e(f.verdict)}) — waived: "
        f"<strong>{_e(f.suppressed)}</strong><br><span class=\"small\">{_e(f.message)}</span></div>"
        for a, c, f in waived)
    items += "".join(f"<div class=\"item\">⚠ line {w.line}: {_e(w.message)}</div>" for w in warnings)
    heading = f"{len(waived)} waived finding(s)"
    if warnings:
        heading += f", {len(warnings)} suppression warning(s)"
    return (f"<section class=\"callout waived\" id=\"waived\"><h2>{_e(heading)}</h2>"
            f"{items}</section>")


# --- the index ----------------------------------------------------------------------------------

def index_page(data: Any, out_dir: str | Path) -> str:
    parts = ["<h1>Fact-check report</h1>", _coverage(data), _legend(), "<h2>Articles</h2>"]
    rows = []
    any_waived = any(a.waived for a in data.articles)
    for article in data.articles:
        claims = {id(c): a for a, c, _ in _claims(article.result)}
        problems = "".join(
            f"<li><span class=\"chip inconsistent\">✗</span> "
            f"<a href=\"{_e(article.slug)}.html#{claims[id(f.claim)]}\">“{_e(f.claim.text)}”</a>"
            + (f" → <strong>{_e(f.suggestion)}</strong>" if f.suggestion else "")
            + f" <span class=\"muted small\">{_e(f.rule)}</span></li>" for f in article.problems)
        counts = "".join(
            f"<td class=\"n\" data-col=\"{v}\">{_chip(v, article.count(v), bare=True) if v != 'consistent' else article.count(v)}</td>"
            for v in ("consistent", "inconsistent", "unverifiable", "unchecked"))
        if any_waived:
            counts += ("<td class=\"n\" data-col=\"waived\">"
                       + (f"<a href=\"{_e(article.slug)}.html#waived\">{len(article.waived)}</a>"
                          if article.waived else "0") + "</td>")
        date = article.result.date.isoformat() if article.result.date else "—"
        rows.append(
            f"<tr class=\"article{' has-problem' if article.problems else ''}\" "
            f"data-path=\"{_e(article.path)}\"><td><a href=\"{_e(article.slug)}.html\">"
            f"<strong>{_e(article.title)}</strong></a><br><code class=\"muted\">{_e(article.path)}</code></td>"
            f"<td class=\"date\">{_e(date)}</td><td class=\"n\" data-col=\"claims\">{len(article.result.claims)}</td>"
            f"{counts}<td>{'<ul class=problems>' + problems + '</ul>' if problems else '<span class=muted>none</span>'}</td></tr>")
    parts.append(
        "<table class=\"articles\"><thead><tr><th>article</th><th>date</th><th class=\"n\">claims</th>"
        "<th class=\"n\">✓ verified</th><th class=\"n\">✗ inconsistent</th><th class=\"n\">? unverifiable</th>"
        "<th class=\"n\">○ unchecked</th>"
        + ("<th class=\"n\">waived</th>" if any_waived else "") + "<th>problems</th></tr></thead><tbody>"
        + "".join(rows) + "</tbody></table>")
    parts.append(_consistency(data))
    parts.append(_rules(data))
    if data.errors:
        parts.append("<h2>Input errors</h2><ul>" + "".join(f"<li>{_e(e)}</li>" for e in data.errors)
                     + "</ul>")
    return _page("Fact-check report — checker", "\n".join(parts))


def _consistency(data: Any) -> str:
    out = ["<h2 id=\"consistency\">Cross-article consistency</h2>",
           "<p class=\"small muted\">Figures about the same thing that disagree between articles "
           "(intervals that do not overlap after unit conversion), including figures no rule "
           "covers and figures a rule allows as a range. See <code>docs/reports.md</code> for how "
           "“the same thing” is decided.</p>"]
    if not data.consistency:
        out.append("<p>No disagreements between articles found.</p>")
        return "\n".join(out)
    slugs = {a.path: a.slug for a in data.articles}
    anchors = {a.path: {id(c): x for x, c, _ in _claims(a.result)} for a in data.articles}
    out.append("<div class=\"groups\">")
    for group in data.consistency:
        rows = "".join(
            f"<tr><td><a href=\"{_e(slugs[m.path])}.html\"><code>{_e(m.path)}</code></a></td>"
            f"<td><a href=\"{_e(slugs[m.path])}.html#{anchors[m.path].get(id(m.claim), '')}\">"
            f"“{_e(m.claim.text)}”</a></td><td>{_chip(m.verdict)}"
            + (f" <span class=\"small muted\">matches {_e(', '.join(m.finding.matched))}</span>"
               if m.finding and m.finding.matched else "")
            + f"</td><td class=\"small\">{_e(m.sentence)}</td></tr>" for m in group.mentions)
        out.append(
            f"<div class=\"group\"><strong>{_e(group.key)}</strong> "
            f"<span class=\"small muted\">({_e(group.basis)})</span>"
            "<table><thead><tr><th>article</th><th>claim</th><th>verdict</th><th>sentence</th></tr>"
            f"</thead><tbody>{rows}</tbody></table></div>")
    out.append("</div>")
    return "\n".join(out)


def _rules(data: Any) -> str:
    rows = "".join(
        f"<tr><td><code>{_e(r.id)}</code><br><span class=\"small muted\">{_e(r.title)}</span></td>"
        f"<td class=\"n\">{r.fired}</td>"
        + "".join(f"<td class=\"n\">{_chip(v, r.counts.get(v, 0), bare=True) if v != 'consistent' else r.counts.get(v, 0)}</td>"
                  for v in ("consistent", "inconsistent", "unverifiable"))
        + f"<td class=\"n\">{len(r.articles)}</td></tr>" for r in data.rule_stats)
    out = ["<h2 id=\"rules\">Rules</h2>"]
    if rows:
        out.append("<table class=\"rules\"><thead><tr><th>rule</th><th class=\"n\">fired</th>"
                   "<th class=\"n\">✓ consistent</th><th class=\"n\">✗ inconsistent</th>"
                   "<th class=\"n\">? unverifiable</th><th class=\"n\">articles</th></tr></thead>"
                   f"<tbody>{rows}</tbody></table>")
    else:
        out.append("<p>No rule fired.</p>")
    if data.silent_rules:
        out.append(f"<details><summary>{len(data.silent_rules)} rule(s) did not fire on these "
                   "articles</summary><p class=\"small\">"
                   + ", ".join(f"<code>{_e(r)}</code>" for r in data.silent_rules) + "</p></details>")
    return "\n".join(out)
