"""`--format json`: the machine-readable contract (schema_version 1, see
schemas/output.schema.json), and the JSON pages of `checker report`."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

from checker.model import DocumentResult
from checker.render.model import Run, summary
from checker.render.present import source_link

__all__ = ["SCHEMA_VERSION", "document", "pages", "payload", "render", "summary"]

SCHEMA_VERSION = 1


def document(result: DocumentResult) -> dict[str, Any]:
    return result.to_json()


def payload(results: list[DocumentResult], errors: list[str],
            left_out: Optional[int] = None) -> dict[str, Any]:
    """`left_out`: findings outside the lines changed (`--changed-since`), in the summary."""
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "documents": [document(r) for r in results],
        "errors": [{"message": e} for e in errors],
        "summary": summary(results, errors),
    }
    if left_out is not None:
        out["summary"]["left_out"] = left_out
    return out


def _dump(data: Any) -> str:
    # allow_nan=False: the contract is strict JSON; an infinite figure is a bug to report,
    # never a bare `Infinity` that other parsers reject.
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def render(run: Run) -> str:
    return _dump(payload(run.results, run.errors, run.left_out))


def pages(run: Run, out_dir: str | Path) -> dict[str, str]:
    """index.json (the contract plus pages, rules and consistency) and one page per article."""
    index = payload(run.results, run.errors)
    index["pages"] = {a.path: a.slug for a in run.articles}
    index["rules"] = [{"id": r.id, "title": r.title, "fired": r.fired, **r.counts,
                       "articles": sorted(r.articles)} for r in run.rule_stats]
    index["rules_not_fired"] = run.silent_rules
    index["consistency"] = [g.to_json() for g in run.consistency]
    files = {"index.json": _dump(index)}
    for article in run.articles:
        page = document(article.result)
        page["title"] = article.title
        page["source_file"] = source_link(article, out_dir)
        files[f"{article.slug}.json"] = _dump(page)
    return files
