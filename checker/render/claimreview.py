"""`--format claimreview`: schema.org ClaimReview JSON-LD, one object per checked claim, so a
newsroom can publish its checks (https://schema.org/ClaimReview).

    ClaimReview  claimReviewed   the sentence the figure is in
                 reviewRating    Rating: ratingValue 1 (inconsistent) or 5 (consistent) on a
                                 1..5 scale, alternateName the verdict in words; unverifiable
                                 findings carry the words only (no number pretends to judge them)
                 reviewBody      the checker's message and suggested wording
                 itemReviewed    Claim, its appearance the article (CreativeWork: url, headline,
                                 datePublished from the front matter), its author the source
                 author          the reviewing Organization from the configuration
                 citation        the rule's sources (CreativeWork with url and name)
                 datePublished   the day of the check

Findings waived by an inline suppression are not published. Every type and property used is
checked in tests/test_claimreview.py against tests/fixtures/schemaorg-claimreview.json.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, Mapping, Optional

from checker.errors import InputError
from checker.model import DocumentResult, Finding
from checker.render.model import Run
from checker.render.present import web_url
from checker.stages import document as documents

CONTEXT = "https://schema.org"
WORST, BEST = 1, 5
RATINGS = {
    "inconsistent": (WORST, "Inconsistent with the reference"),
    "consistent": (BEST, "Consistent with the reference"),
    "unverifiable": (None, "Unverifiable"),
}


def reviews(results: list[DocumentResult], organization: Mapping[str, Optional[str]],
            today: Optional[dt.date] = None) -> list[dict[str, Any]]:
    today = today or dt.date.today()
    author = _organization(organization)
    out = []
    for result in results:
        appearance = _appearance(result)
        for finding in result.findings:
            if finding.suppressed is not None:
                continue
            out.append(_review(finding, appearance, result, author, today))
    return out


def render(run: Run, today: Optional[dt.date] = None) -> str:
    return json.dumps(reviews(run.results, run.organization, today), indent=2,
                      ensure_ascii=False) + "\n"


def _review(finding: Finding, appearance: Optional[dict[str, Any]], result: DocumentResult,
            author: dict[str, Any], today: dt.date) -> dict[str, Any]:
    value, words = RATINGS[finding.verdict]
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": words}
    if value is not None:
        rating.update({"ratingValue": value, "bestRating": BEST, "worstRating": WORST})
    rating["ratingExplanation"] = finding.message
    claim: dict[str, Any] = {"@type": "Claim"}
    if appearance:
        claim["appearance"] = appearance
    source = result.metadata.get("source")
    if isinstance(source, str) and source.strip():
        claim["author"] = {"@type": "Organization", "name": source.strip()}
    body = finding.message + (f" Suggested wording: {finding.suggestion}." if finding.suggestion else "")
    review: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "claimReviewed": _sentence(finding),
        "reviewRating": rating,
        "reviewBody": body,
        "itemReviewed": claim,
        "author": author,
        "datePublished": today.isoformat(),
    }
    if finding.sources:
        review["citation"] = [_citation(s.url, s.title) for s in finding.sources]
    return review


def _sentence(finding: Finding) -> str:
    text = finding.claim.sentence_text or finding.claim.text
    return re.sub(r"\s+", " ", text).strip()


def _appearance(result: DocumentResult) -> Optional[dict[str, Any]]:
    """The article as a CreativeWork: its url, title and front-matter date, where known."""
    work: dict[str, Any] = {"@type": "CreativeWork"}
    url = web_url(result.metadata.get("url"))
    if url:
        work["url"] = url
    title = result.metadata.get("title")
    if isinstance(title, str) and title.strip():
        work["headline"] = title.strip()
    if result.metadata.get("date") is not None:
        try:
            work["datePublished"] = documents.parse_date(result.metadata["date"], result.path).isoformat()
        except InputError:
            pass
    return work if len(work) > 1 else None


def _organization(organization: Mapping[str, Optional[str]]) -> dict[str, Any]:
    out: dict[str, Any] = {"@type": "Organization", "name": organization.get("name") or "checker"}
    if organization.get("url"):
        out["url"] = organization["url"]
    return out


def _citation(url: str, title: str) -> dict[str, Any]:
    out: dict[str, Any] = {"@type": "CreativeWork", "url": url}
    if title:
        out["name"] = title
    return out
