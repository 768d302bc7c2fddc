"""`checker archive report STORE -o DIR`: what is wrong in the archive, and where to start.

Read from the store's tables (never the source): findings per rule, the most contradicted
facts (the rules with the most inconsistent findings and the wrong figures written most
often), the articles to correct first (gravest finding, then most findings, newest first),
charts of inconsistent findings per month, per rule and per section, and the articles that
could not be checked. Written as one HTML page in the style of `checker report` (inline CSS,
no script, every piece of article text escaped), Markdown and JSON.
"""
from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from checker.version import __version__
from checker.archive.store import Store
from checker.model import SEVERITIES
from checker.render.html import CSS

FORMATS = ("html", "json", "md")
TOP_ARTICLES = 100
TOP_CLAIMS = 5
MAX_ERRORS = 50


@dataclass
class RuleRow:
    rule: str
    title: str = ""
    inconsistent: int = 0
    unverifiable: int = 0
    consistent: int = 0
    articles: int = 0  # with an inconsistent finding of this rule
    wrong: list[tuple[str, int]] = field(default_factory=list)  # most written wrong claims


@dataclass
class ArticleRow:
    id: str
    title: Optional[str]
    url: Optional[str]
    date: Optional[str]
    section: Optional[str]
    worst: str
    inconsistent: int
    findings: list[dict] = field(default_factory=list)  # its inconsistent findings


@dataclass
class ArchiveReport:
    store: str
    articles: int = 0
    checked: int = 0
    errors: int = 0
    with_problems: int = 0
    verdicts: Counter = field(default_factory=Counter)
    rules: list[RuleRow] = field(default_factory=list)
    to_correct: list[ArticleRow] = field(default_factory=list)
    months: list[tuple[str, int]] = field(default_factory=list)  # inconsistent per article month
    sections: list[tuple[str, int, int]] = field(default_factory=list)  # section, findings, articles
    error_rows: list[tuple[str, str]] = field(default_factory=list)
    last_run: dict = field(default_factory=dict)
    torn: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "store": self.store, "articles": self.articles, "checked": self.checked,
            "errors": self.errors, "articles_with_inconsistent": self.with_problems,
            "findings": dict(self.verdicts), "last_run": self.last_run,
            "half_written_partitions": self.torn,
            "rules": [vars(r) for r in self.rules],
            "to_correct": [vars(a) for a in self.to_correct],
            "per_month": [{"month": m, "inconsistent": n} for m, n in self.months],
            "per_section": [{"section": s, "inconsistent": n, "articles": a}
                            for s, n, a in self.sections],
            "error_rows": [{"id": i, "error": e} for i, e in self.error_rows],
        }


def build(store_path: str) -> ArchiveReport:
    """The report's figures, aggregated in Arrow (grouped counts, one join), so that only the
    top rows ever become Python objects: an archive of millions of findings fits."""
    store = Store(store_path)
    store.meta()  # a clear error for a folder that is not a store
    articles = store.table("articles", ["id", "title", "url", "date", "section", "status",
                                        "error", "worst", "inconsistent"])
    findings = store.table("findings", ["id", "rule", "verdict", "severity", "text", "line",
                                        "column", "message", "suggestion", "suppressed"])
    report = ArchiveReport(store=str(store.path), articles=articles.num_rows)
    runs = store.runs()
    report.last_run = {k: v for k, v in (runs[-1] if runs else {}).items() if k != "pid"}
    report.torn = [key for key in store.keys() if store.partition_state(key) == "torn"]
    titles = _rule_titles(store, report.last_run.get("rules_version"))
    errors = articles.filter(pc.equal(articles["status"], "error"))
    report.checked, report.errors = articles.num_rows - errors.num_rows, errors.num_rows
    report.error_rows = list(zip(*(errors.slice(0, MAX_ERRORS).column(c).to_pylist()
                                   for c in ("id", "error"))))

    live = findings.filter(pc.is_null(findings["suppressed"]))
    report.verdicts = Counter(_counts(live, ["verdict"]))
    bad = live.filter(pc.equal(live["verdict"], "inconsistent"))
    rules: dict[str, RuleRow] = {}
    for (rule, verdict), n in _counts(live, ["rule", "verdict"]).items():
        row = rules.setdefault(rule, RuleRow(rule=rule, title=titles.get(rule, "")))
        setattr(row, verdict, n)
    spread = bad.group_by("rule").aggregate([("id", "count_distinct")]).to_pylist()
    for item in spread:
        rules[item["rule"]].articles = item["id_count_distinct"]
    written: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (rule, text), n in sorted(_counts(bad, ["rule", "text"]).items(), key=lambda t: -t[1]):
        if len(written[rule]) < TOP_CLAIMS:
            written[rule].append((text, n))
    for rule, row in rules.items():
        row.wrong = written.get(rule, [])
    report.rules = sorted(rules.values(), key=lambda r: (-r.inconsistent, -r.unverifiable, r.rule))

    placed = bad.select(["id"]).join(articles.select(["id", "date", "section"]), "id")
    months = placed.filter(pc.is_valid(placed["date"]))
    by_month = _counts(months.append_column("month", pc.strftime(months["date"], "%Y-%m")), ["month"])
    report.months = _every_month(Counter(by_month)) if by_month else []
    sections = placed.set_column(placed.schema.get_field_index("section"), "section",
                                 pc.fill_null(placed["section"], "(none)"))
    spread = {r["section"]: r["id_count_distinct"] for r in
              sections.group_by("section").aggregate([("id", "count_distinct")]).to_pylist()}
    report.sections = sorted(((section, n, spread[section])
                              for section, n in _counts(sections, ["section"]).items()),
                             key=lambda t: (-t[1], t[0]))

    flagged = articles.filter(pc.greater(pc.fill_null(articles["inconsistent"], 0), 0))
    report.with_problems = flagged.num_rows
    ranked = flagged.append_column("rank", pc.index_in(flagged["worst"], pa.array(SEVERITIES)))
    ranked = ranked.sort_by([("rank", "descending"), ("inconsistent", "descending"),
                             ("date", "descending"), ("id", "ascending")]).slice(0, TOP_ARTICLES)
    top = ranked.to_pylist()
    theirs: dict[str, list[dict]] = defaultdict(list)
    for f in bad.filter(pc.is_in(bad["id"], value_set=ranked["id"])).to_pylist():
        theirs[f["id"]].append({k: f[k] for k in ("rule", "severity", "text", "line", "column",
                                                  "message", "suggestion")})
    report.to_correct = [ArticleRow(
        id=a["id"], title=a["title"], url=a["url"],
        date=a["date"].isoformat() if a["date"] else None, section=a["section"],
        worst=a["worst"], inconsistent=a["inconsistent"],
        findings=sorted(theirs[a["id"]], key=lambda f: (f["line"], f["column"]))) for a in top]
    return report


def _counts(table: pa.Table, keys: list[str]) -> dict:
    """Rows per value (or tuple of values) of `keys`."""
    grouped = table.group_by(keys).aggregate([([], "count_all")]).to_pylist()
    return {(g[keys[0]] if len(keys) == 1 else tuple(g[k] for k in keys)): g["count_all"]
            for g in grouped}


def _every_month(counts: Counter) -> list[tuple[str, int]]:
    """Every month from the first to the last, so a gap shows as a gap."""
    first, last = min(counts), max(counts)
    year, month = map(int, first.split("-"))
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        out.append((key, counts.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _rule_titles(store: Store, version: Optional[str]) -> dict[str, str]:
    path = store.path / "rules" / f"{version}.parquet"
    if not version or not path.exists():
        return {}
    table = pq.read_table(path, columns=["rule", "title"])
    return dict(zip(table.column("rule").to_pylist(), table.column("title").to_pylist()))


# --- outputs -----------------------------------------------------------------------------------

def write(report: ArchiveReport, out_dir: str, formats) -> list[str]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    render = {"html": ("index.html", render_html), "md": ("report.md", render_markdown),
              "json": ("report.json", lambda r: json.dumps(r.to_json(), indent=1, default=str) + "\n")}
    written = []
    for name in formats:
        filename, function = render[name]
        (out / filename).write_text(function(report), "utf-8")
        written.append(filename)
    return written


def terminal_summary(report: ArchiveReport, out_dir: str, written: list[str]) -> str:
    return (f"archive report: {report.articles:,} articles, {report.verdicts.get('inconsistent', 0):,} "
            f"inconsistent findings in {report.with_problems:,} articles, {report.errors:,} "
            f"errors; wrote {', '.join(str(Path(out_dir) / w) for w in written)}\n")


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
_CHART_CSS = """
.bars td.bar{width:55%}.bars .fill{background:var(--bad);height:.9rem;border-radius:2px;min-width:1px}
.months{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.6rem}
.months svg{width:100%;height:auto;display:block}.months rect.col{fill:var(--bad)}
.months text{font-size:10px;fill:var(--muted)}
.stats{display:flex;flex-wrap:wrap;gap:.6rem;margin:.8rem 0}
.stat{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.5rem .8rem;min-width:9rem}
.stat b{display:block;font-size:1.4rem}
"""


def render_html(report: ArchiveReport) -> str:
    bad = report.verdicts.get("inconsistent", 0)
    parts = [f"<h1>Archive report</h1><p class=\"muted\">Store <code>{_e(report.store)}</code>"
             + (f", last run <code>{_e(report.last_run.get('run'))}</code> "
                f"({_e(report.last_run.get('status'))})" if report.last_run else "") + "</p>"]
    if report.torn:
        parts.append(f"<div class=\"callout\"><h2>Unfinished run</h2>{len(report.torn)} partition(s) "
                     "were being rewritten when the last run stopped; run <code>checker archive "
                     "check</code> again to complete them.</div>")
    stats = [("articles", report.articles), ("checked", report.checked),
             ("inconsistent findings", bad), ("articles to correct", report.with_problems),
             ("could not be checked", report.errors)]
    parts.append("<div class=\"stats\">" + "".join(
        f"<div class=\"stat\"><b>{n:,}</b>{_e(label)}</div>" for label, n in stats) + "</div>")
    parts.append("<h2 id=\"per-month\">Inconsistent findings per month</h2>")
    parts.append(_month_chart(report.months) if report.months else "<p>No inconsistent finding.</p>")
    parts.append("<h2 id=\"per-rule\">Findings per rule</h2>")
    parts.append(_bars([(r.rule, r.title, r.inconsistent, f"{r.inconsistent:,} inconsistent in "
                         f"{r.articles:,} articles; {r.unverifiable:,} unverifiable, "
                         f"{r.consistent:,} consistent") for r in report.rules], "rule"))
    parts.append("<h2 id=\"per-section\">Inconsistent findings per section</h2>")
    parts.append(_bars([(s, "", n, f"{n:,} in {a:,} articles") for s, n, a in report.sections],
                       "section"))
    parts.append("<h2 id=\"facts\">The most contradicted facts</h2>")
    facts = [r for r in report.rules if r.inconsistent][:10]
    if facts:
        items = []
        for r in facts:
            written = ", ".join(f"“{_e(text)}” ×{n:,}" for text, n in r.wrong)
            items.append(f"<div class=\"item\"><b>{_e(r.title or r.rule)}</b> <code>{_e(r.rule)}</code>"
                         f" — {r.inconsistent:,} inconsistent in {r.articles:,} articles"
                         f"<br><span class=\"small\">Written most often: {written}</span></div>")
        parts.append("<div class=\"groups\"><div class=\"group\">" + "".join(items) + "</div></div>")
    else:
        parts.append("<p>No inconsistent finding.</p>")
    parts.append(f"<h2 id=\"to-correct\">Articles to correct first</h2><p class=\"muted small\">"
                 f"The gravest finding first, then the most findings, then the newest: "
                 f"{len(report.to_correct):,} of {report.with_problems:,}.</p>")
    parts.append(_to_correct(report.to_correct))
    if report.error_rows:
        rows = "".join(f"<tr><td><code>{_e(i)}</code></td><td>{_e(e)}</td></tr>"
                       for i, e in report.error_rows)
        parts.append(f"<h2 id=\"errors\">Could not be checked ({report.errors:,})</h2>"
                     f"<table><thead><tr><th>article</th><th>why</th></tr></thead><tbody>{rows}"
                     "</tbody></table>")
    body = "\n".join(parts)
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_e(_CSP)}\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>Archive report</title>\n<style>{CSS}{_CHART_CSS}</style>\n</head>\n<body>\n"
            f"<main>\n{body}\n<footer>Generated by checker {_e(__version__)} "
            "(<code>checker archive report</code>) from the store's Parquet tables.</footer>\n"
            "</main>\n</body>\n</html>\n")


def _bars(rows: list[tuple[str, str, int, str]], what: str) -> str:
    if not rows:
        return "<p>No finding.</p>"
    top = max(n for _, _, n, _ in rows) or 1
    body = "".join(
        f"<tr><td><code>{_e(name)}</code>" + (f"<br><span class=\"small muted\">{_e(title)}</span>"
                                              if title else "")
        + f"</td><td class=\"n\">{n:,}</td><td class=\"bar\" title=\"{_e(detail)}\">"
        f"<div class=\"fill\" style=\"width:{100 * n / top:.1f}%\"></div>"
        f"<span class=\"small muted\">{_e(detail)}</span></td></tr>"
        for name, title, n, detail in rows)
    return (f"<table class=\"bars\"><thead><tr><th>{_e(what)}</th><th class=\"n\">inconsistent"
            f"</th><th>share</th></tr></thead><tbody>{body}</tbody></table>")


def _month_chart(months: list[tuple[str, int]]) -> str:
    """Columns in an inline SVG, each with its count as a tooltip and a text alternative."""
    width, height, pad = 900, 160, 20
    step = (width - 2 * pad) / len(months)
    top = max(n for _, n in months) or 1
    columns, labels = [], []
    for i, (month, n) in enumerate(months):
        h = (height - 2 * pad) * n / top
        x = pad + i * step
        columns.append(f"<rect class=\"col\" x=\"{x + step * .1:.1f}\" y=\"{height - pad - h:.1f}\" "
                       f"width=\"{step * .8:.1f}\" height=\"{h:.1f}\"><title>{_e(month)}: {n:,} "
                       "inconsistent</title></rect>")
        if month.endswith("-01") or i == 0:
            labels.append(f"<text x=\"{x:.1f}\" y=\"{height - 4}\">{_e(month)}</text>")
    text = "; ".join(f"{m}: {n}" for m, n in months if n)
    return (f"<div class=\"months\"><svg viewBox=\"0 0 {width} {height}\" role=\"img\" "
            f"aria-label=\"Inconsistent findings per month: {_e(text)}\">"
            f"<text x=\"{pad}\" y=\"12\">max {top:,} per month</text>{''.join(columns)}"
            f"{''.join(labels)}</svg></div>")


def _to_correct(articles: list[ArticleRow]) -> str:
    if not articles:
        return "<p>Nothing to correct.</p>"
    rows = []
    for a in articles:
        name = f"<a href=\"{_e(a.url)}\">{_e(a.title or a.id)}</a>" if a.url and \
            a.url.startswith(("http://", "https://")) else _e(a.title or a.id)
        items = "".join(f"<li><span class=\"chip inconsistent\">✗ {_e(f['severity'])}</span> "
                        f"<code>{_e(f['line'])}:{_e(f['column'])}</code> “{_e(f['text'])}” "
                        f"<code>{_e(f['rule'])}</code>"
                        + (f" — suggest {_e(f['suggestion'])}" if f["suggestion"] else "") + "</li>"
                        for f in a.findings)
        rows.append(f"<tr class=\"has-problem\"><td>{name}<br><code class=\"small\">{_e(a.id)}</code>"
                    f"</td><td class=\"date\">{_e(a.date)}</td><td>{_e(a.section)}</td>"
                    f"<td class=\"n\">{a.inconsistent}</td><td><ul class=\"problems\">{items}</ul></td></tr>")
    return ("<table id=\"correct-first\"><thead><tr><th>article</th><th>date</th><th>section</th>"
            "<th class=\"n\">inconsistent</th><th>findings</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def _md(value: Any) -> str:
    return (str("" if value is None else value).replace("|", "\\|").replace("<", "&lt;")
            .replace(">", "&gt;").replace("\n", " "))


def render_markdown(report: ArchiveReport) -> str:
    out = ["# Archive report", "",
           f"{report.articles:,} articles ({report.checked:,} checked, {report.errors:,} could not "
           f"be checked); {report.verdicts.get('inconsistent', 0):,} inconsistent findings in "
           f"{report.with_problems:,} articles.", "", "## Findings per rule", "",
           "| rule | inconsistent | articles | unverifiable | consistent | written most often |",
           "|---|---:|---:|---:|---:|---|"]
    for r in report.rules:
        written = ", ".join(f"{_md(t)} ×{n}" for t, n in r.wrong)
        out.append(f"| `{r.rule}` | {r.inconsistent} | {r.articles} | {r.unverifiable} | "
                   f"{r.consistent} | {written} |")
    out += ["", "## Articles to correct first", "", "| article | date | section | inconsistent | claims |",
            "|---|---|---|---:|---|"]
    for a in report.to_correct:
        claims = "; ".join(f"{_md(f['text'])} (`{f['rule']}`)" for f in a.findings)
        out.append(f"| {_md(a.title or a.id)} `{_md(a.id)}` | {a.date or ''} | {_md(a.section)} | "
                   f"{a.inconsistent} | {claims} |")
    out += ["", "## Inconsistent findings per month", "", "| month | inconsistent |", "|---|---:|"]
    out += [f"| {m} | {n} |" for m, n in report.months]
    out += ["", "## Per section", "", "| section | inconsistent | articles |", "|---|---:|---:|"]
    out += [f"| {_md(s)} | {n} | {a} |" for s, n, a in report.sections]
    return "\n".join(out) + "\n"

