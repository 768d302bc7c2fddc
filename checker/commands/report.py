"""`checker report PATH... -o DIR`: reports people read, built from the same results as `check`.

One index page (per article: claims found, verified, inconsistent, unverifiable, unchecked; per
rule: how often it fired and with what verdicts; figures that disagree between articles) and one
page per article, in HTML, Markdown and/or JSON. Output is deterministic (sorted, no timestamps,
relative links) so a committed `reports/` can be compared with a fresh run, and every file is
written to a temporary file and moved into place, so a reader never sees half a report.
"""
from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

from tabulate import tabulate

from checker.stages import consistency
from checker.stages import document as documents
from checker.commands.batch import Checked
from checker.stages.consistency import Group
from checker.model import VERDICTS, DocumentResult, Finding
from checker.render import json as json_render

FORMATS = ("html", "md", "json")
MANIFEST = ".checker-report-files"  # what the last run wrote, so stale pages can be removed


@dataclass
class ArticleReport:
    document: documents.Document
    result: DocumentResult
    slug: str  # file name of its pages, without the extension

    @property
    def path(self) -> str:
        return self.result.path

    @property
    def title(self) -> str:
        title = self.document.metadata.get("title")
        return str(title) if title else Path(self.path).name

    def count(self, verdict: str) -> int:
        if verdict == "unchecked":
            return len(self.result.unchecked)
        if verdict == "waived":
            return len(self.waived)
        return self.result.count(verdict)

    @property
    def problems(self) -> list[Finding]:
        """Inconsistent findings nobody waived: what the article page calls out."""
        return [f for f in self.result.findings
                if f.verdict == "inconsistent" and f.suppressed is None]

    @property
    def waived(self) -> list[Finding]:
        """Findings an inline suppression comment waived, with its reason: for the desk's audit."""
        return [f for f in self.result.findings if f.suppressed is not None]

    @property
    def warnings(self) -> list[Any]:
        return list(getattr(self.result, "warnings", ()))


@dataclass
class RuleStats:
    id: str
    title: str
    counts: dict[str, int] = field(default_factory=lambda: {v: 0 for v in VERDICTS})
    articles: set[str] = field(default_factory=set)

    @property
    def fired(self) -> int:
        return sum(self.counts.values())


@dataclass
class ReportData:
    articles: list[ArticleReport]
    errors: list[str]
    rules: list[RuleStats]  # the rules that fired, by id
    silent_rules: list[str]  # loaded rules that fired on nothing
    consistency: list[Group]
    summary: dict[str, Any]

    def source_link(self, article: ArticleReport, out_dir: str | Path) -> Optional[str]:
        """The article's file relative to the report directory (None for stdin)."""
        if article.path == documents.STDIN or article.path.startswith("<"):
            return None
        rel = os.path.relpath(os.path.abspath(article.path), os.path.abspath(out_dir))
        return rel.replace(os.sep, "/")


def build(checked: Sequence[tuple[documents.Document, DocumentResult]], errors: Sequence[str],
          rules: Iterable[Any] = (), nlp: Any = None) -> ReportData:
    """Everything the renderers need, computed once (and sorted, so output is stable)."""
    ordered = sorted(checked, key=lambda pair: pair[1].path)
    slugs = _slugs([result.path for _, result in ordered])
    articles = [ArticleReport(doc, result, slug) for (doc, result), slug in zip(ordered, slugs)]
    titles = {rule.id: rule.title for rule in rules}
    stats: dict[str, RuleStats] = {}
    for article in articles:
        for finding in article.result.findings:
            rule = stats.setdefault(finding.rule, RuleStats(finding.rule, titles.get(finding.rule, "")))
            rule.counts[finding.verdict] = rule.counts.get(finding.verdict, 0) + 1
            rule.articles.add(article.path)
    groups = consistency.disagreements([(a.result, a.document.text) for a in articles], nlp=nlp)
    results = [a.result for a in articles]
    return ReportData(articles, list(errors), [stats[k] for k in sorted(stats)],
                      sorted(set(titles) - set(stats)), groups,
                      json_render.summary(results, list(errors)))


def _slugs(paths: list[str]) -> list[str]:
    """A file name per article: its stem, made safe; the full path where two stems collide."""
    def clean(text: str) -> str:
        return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or "article"

    stems = [clean(Path(p).stem) if p != documents.STDIN else "stdin" for p in paths]
    out: list[str] = []
    for path, stem in zip(paths, stems):
        slug = stem if stems.count(stem) == 1 else clean(str(Path(path).with_suffix("")))
        while slug in out or slug == "index":
            slug += "-"
        out.append(slug)
    return out


def render_files(data: ReportData, out_dir: str | Path, formats: Sequence[str] = FORMATS) -> dict[str, str]:
    """File name (relative to out_dir) -> content, for every requested format."""
    from checker.render import html as html_render
    from checker.render import markdown as md_render

    files: dict[str, str] = {}
    if "html" in formats:
        files.update(html_render.render(data, out_dir))
    if "md" in formats:
        files.update(md_render.render(data, out_dir))
    if "json" in formats:
        files.update(_json_files(data, out_dir))
    return files


def _json_files(data: ReportData, out_dir: str | Path) -> dict[str, str]:
    import json

    files = {}
    results = [a.result for a in data.articles]
    index = json_render.payload(results, data.errors)
    index["pages"] = {a.path: a.slug for a in data.articles}
    index["rules"] = [{"id": r.id, "title": r.title, "fired": r.fired, **r.counts,
                       "articles": sorted(r.articles)} for r in data.rules]
    index["rules_not_fired"] = data.silent_rules
    index["consistency"] = [g.to_json() for g in data.consistency]
    files["index.json"] = json.dumps(index, indent=2, ensure_ascii=False) + "\n"
    for article in data.articles:
        page = json_render.document(article.result)
        page["title"] = article.title
        page["source_file"] = data.source_link(article, out_dir)
        files[f"{article.slug}.json"] = json.dumps(page, indent=2, ensure_ascii=False) + "\n"
    return files


def write(files: dict[str, str], out_dir: str | Path) -> list[str]:
    """Write each file atomically (temporary file in the same directory, then os.replace), then
    remove the pages an earlier run wrote that this run did not (an article left the corpus)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    manifest = out / MANIFEST
    previous = manifest.read_text(encoding="utf-8").split() if manifest.is_file() else []
    names = sorted(files)
    for name in names:
        _atomic_write(out / name, files[name])
    _atomic_write(manifest, "".join(f"{n}\n" for n in names))
    for stale in sorted(set(previous) - set(names)):
        target = out / stale
        if "/" not in stale and "\\" not in stale and target.is_file():
            target.unlink()
    return names


def _atomic_write(target: Path, content: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def terminal_summary(data: ReportData, out_dir: str | Path, written: Sequence[str]) -> str:
    """The short table `checker report` prints, and where the reports went."""
    rows = [[a.path, a.count("consistent"), a.count("inconsistent"), a.count("unverifiable"),
             a.count("unchecked"), a.count("waived"), len(a.result.claims)] for a in data.articles]
    lines = []
    if rows:
        lines.append(tabulate(rows, headers=["article", "ok", "wrong", "unverifiable",
                                             "unchecked", "waived", "claims"], tablefmt="simple"))
    lines.append(coverage_line(data))
    if data.consistency:
        lines.append(f"{len(data.consistency)} cross-article disagreement(s)")
    for error in data.errors:
        lines.append(f"input error: {error}")
    shown = str(out_dir).rstrip("/\\") or "."
    index = [n for n in ("index.html", "index.md", "index.json") if n in written]
    lines.append(f"Reports written to {shown}/ ({len(written)} file(s)): "
                 + ", ".join(f"{shown}/{n}" for n in index))
    return "\n".join(lines) + "\n"


def coverage_line(data: ReportData) -> str:
    s = data.summary
    claims = s["claims"]
    share = f"{round(100 * s['checked'] / claims)}%" if claims else "n/a"
    return (f"{s['documents']} article(s), {claims} claim(s): {s['consistent']} verified, "
            f"{s['inconsistent']} inconsistent, {s['unverifiable']} unverifiable, "
            f"{s['unchecked']} unchecked (no rule); {s['checked']} of {claims} checked by a rule "
            f"({share})")


def run(checked: Sequence[Checked], errors: list[str], out_dir: str, formats: Sequence[str],
        checker: Any) -> tuple[ReportData, list[str]]:
    """Write the reports for checked inputs; returns the data and the files written."""
    data = build([(c.document, c.result) for c in checked], errors, checker.rules, nlp=checker.nlp)
    written = write(render_files(data, out_dir, formats), out_dir)
    return data, written
