"""Restatements: a figure said again in another unit, in parentheses right after it.

"200 nautical miles (370.4 kilometers)", "12 nautical miles (22.2 km; 13.8 mi)", "6,000
kilometers (3,278 miles)": the figures in parentheses say the same thing as the one before them.
The binder judges them by the first figure's rule (a wrong conversion is still caught), and the
conversion kind checks that the two agree at the precision of the figure in parentheses.
"""
from __future__ import annotations

import re
from typing import Iterable

from checker.model import Claim
from checker.stages import units

_OPENS = re.compile(
    r"\s*[(\[]\s*(?:(?:=|or|about|some|roughly|approximately|around|nearly|about|circa|c\.)\s+)?",
    re.IGNORECASE)
_NEXT = re.compile(r"\s*[;,/]\s*(?:(?:or|about|some|roughly|approximately|around|nearly)\s+)?",
                   re.IGNORECASE)
_CLOSES = re.compile(r"\s*[)\];,/]")


def restatements(text: str, claims: Iterable[Claim]) -> dict[int, Claim]:
    """For each claim that restates an earlier one, that earlier claim (by `id` of the
    restating claim). `text` is the text the claims' spans point into."""
    out: dict[int, Claim] = {}
    ordered = sorted(claims, key=lambda c: c.span.start)
    for previous, claim in zip(ordered, ordered[1:]):
        if not (claim.unit and previous.unit and units.compatible(previous.unit, claim.unit)):
            continue
        if previous.span.end > claim.span.start or not _CLOSES.match(text, claim.span.end):
            continue
        between = text[previous.span.end:claim.span.start]
        source = out.get(id(previous))
        if _OPENS.fullmatch(between):
            out[id(claim)] = previous  # "A (B"
        elif source is not None and _NEXT.fullmatch(between):
            out[id(claim)] = source  # "A (B; C"
    return out
