"""Cross-article consistency: figures about the same thing that disagree between articles.

A rule says whether one figure is right. This pass says whether two articles agree with each
other, which matters where no rule covers the figure (two articles giving different counts for
the same meeting) and where a rule allows a range (two agencies' magnitudes for one test are both
"consistent", but a reader comparing the articles sees 6.1 and 6.3).

What counts as "the same thing" is deliberately conservative (docs/reports.md):

* Only figures are compared (kinds measure, count, magnitude, duration); names, roles, dates
  and ordinals are not.
* A figure a rule judged is keyed by the rule id, plus the counted noun for counts ("20
  launches" and "23 missiles" under one annual-count rule count different things) and the unit
  dimension. Same key = same thing: the rule's scope already decided what the figure is about.
* A figure no rule covers is keyed by its kind, the lemma of what it counts or is said of (the
  counted noun, else the head of its subject) and its unit dimension. A shared key is not enough
  ("three nations" on a tour and "twenty nations" at a meeting share one), so two such figures
  are also required to come from articles dated within `WINDOW_DAYS` of each other and to share
  a named entity in their sentences (the place, meeting, agency or person). No synonyms are
  applied ("nations" and "countries" are different keys).
* A group is listed when figures from two different articles disagree: their intervals (hedges
  included, "about 20" is 18-22) do not overlap once converted to one unit with units.convert.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Optional, Sequence

from checker.stages import units
from checker.model import Claim, DocumentResult, Finding, Interval

FIGURE_KINDS = ("measure", "count", "magnitude", "duration")
WINDOW_DAYS = 7
ENTITY_LABELS = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART",
                 "LAW")


@dataclass(frozen=True)
class Mention:
    path: str
    claim: Claim
    finding: Optional[Finding]
    interval: Interval  # in the group's unit
    sentence: str

    @property
    def verdict(self) -> str:
        return self.finding.verdict if self.finding else "unchecked"


@dataclass(frozen=True)
class Group:
    key: str  # readable: "rule unclos.eez.breadth" or "count of 'nation'"
    rule: Optional[str]
    unit: Optional[str]  # the unit the intervals are in (None for counts)
    mentions: tuple[Mention, ...]
    basis: str  # why these figures are taken to be about the same thing

    @property
    def articles(self) -> list[str]:
        return sorted({m.path for m in self.mentions})

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key, "rule": self.rule, "unit": self.unit, "basis": self.basis,
            "mentions": [{
                "path": m.path, "text": m.claim.text, "span": m.claim.span.to_json(),
                "value": m.claim.value, "unit": m.claim.unit, "verdict": m.verdict,
                "interval": [_bound(m.interval.low), _bound(m.interval.high)],
                **({"matched": list(m.finding.matched)} if m.finding and m.finding.matched else {}),
            } for m in self.mentions],
        }


Article = tuple[DocumentResult, str]  # a result and the file's text as read
Analyzer = Callable[[str], tuple[str, frozenset[str]]]


def disagreements(articles: Sequence[Article], nlp: Any = None) -> list[Group]:
    """The groups of figures from different articles that do not agree, sorted by key."""
    analyze = _analyzer(nlp)
    buckets: dict[tuple[str, ...], list[tuple[Mention, Optional[dt.date], frozenset[str]]]] = {}
    units_of: dict[tuple[str, ...], Optional[str]] = {}
    for result, text in articles:
        judged = {id(f.claim): f for f in result.findings}
        for claim in result.claims:
            finding = judged.get(id(claim))
            if claim.kind not in FIGURE_KINDS or not isinstance(claim.value, (int, float)) \
                    or isinstance(claim.value, bool):
                continue
            try:
                dimension = units.dimension(claim.unit) if claim.unit else "count"
            except ValueError:
                continue
            sentence = text[claim.sentence[0]:claim.sentence[1]] or claim.sentence_text
            if finding is not None:
                key: tuple[str, ...] = ("rule", finding.rule, claim.counted or "", dimension)
                anchors: frozenset[str] = frozenset()
            else:
                head, anchors = analyze(claim.counted or claim.subject or "")
                head_lemma = claim.counted or head
                if not head_lemma:
                    continue
                key = ("subject", claim.kind, head_lemma, dimension)
                anchors = analyze(sentence)[1]
            target = units_of.setdefault(key, claim.unit)
            interval = _interval(claim, target)
            if interval is None:
                continue
            mention = Mention(result.path, claim, finding, interval, " ".join(sentence.split()))
            buckets.setdefault(key, []).append((mention, result.date, anchors))
    groups = []
    for key, members in buckets.items():
        for component in _components(key, members):
            if _disagree(component):
                groups.append(_group(key, units_of[key], component))
    return sorted(groups, key=lambda g: (g.key, g.articles))


def _components(key: tuple[str, ...],
                members: list[tuple[Mention, Optional[dt.date], frozenset[str]]]) -> list[list[Mention]]:
    """Rule groups are one component; subject groups link figures that look like one event."""
    if key[0] == "rule":
        return [[m for m, _, _ in members]]
    parent = list(range(len(members)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (a, date_a, anchors_a) in enumerate(members):
        for j in range(i + 1, len(members)):
            b, date_b, anchors_b = members[j]
            if a.path == b.path:
                continue
            near = date_a is None or date_b is None or abs((date_a - date_b).days) <= WINDOW_DAYS
            if near and anchors_a & anchors_b:
                parent[find(j)] = find(i)
    out: dict[int, list[Mention]] = {}
    for i, (mention, _, _) in enumerate(members):
        out.setdefault(find(i), []).append(mention)
    return list(out.values())


def _disagree(mentions: list[Mention]) -> bool:
    return any(a.path != b.path and not a.interval.overlaps(b.interval)
               for i, a in enumerate(mentions) for b in mentions[i + 1:])


def _group(key: tuple[str, ...], unit: Optional[str], mentions: list[Mention]) -> Group:
    ordered = tuple(sorted(mentions, key=lambda m: (m.path, m.claim.span.start)))
    if key[0] == "rule":
        counted = f" (counting {key[2]!r})" if key[2] else ""
        return Group(f"rule {key[1]}{counted}", key[1], unit, ordered,
                     "bound to the same rule" + counted)
    _, kind, head, _ = key
    return Group(f"{kind} of {head!r}", None, unit, ordered,
                 f"no rule; same kind ({kind}), same {'counted noun' if kind == 'count' else 'subject'}"
                 f" ({head!r}), same dimension, articles within {WINDOW_DAYS} days that name a "
                 "common entity")


def _interval(claim: Claim, target: Optional[str]) -> Optional[Interval]:
    interval = claim.interval or Interval(float(claim.value), float(claim.value))
    if claim.unit is None or target is None or claim.unit == target:
        return interval
    try:
        return interval.scaled(units.convert(1.0, claim.unit, target))
    except Exception:  # incompatible or offset units: not comparable, leave the figure out
        return None


def _bound(value: float) -> Optional[float]:
    if value in (float("inf"), float("-inf")):
        return None
    return int(value) if float(value).is_integer() else round(value, 6)


def _analyzer(nlp: Any) -> Analyzer:
    """Text -> (lemma of its head word, the named entities it mentions), cached per text."""
    cache: dict[str, tuple[str, frozenset[str]]] = {}

    def analyze(text: str) -> tuple[str, frozenset[str]]:
        if text not in cache:
            cache[text] = _with_spacy(nlp, text) if nlp is not None else _naive(text)
        return cache[text]

    return analyze


def _with_spacy(nlp: Any, text: str) -> tuple[str, frozenset[str]]:
    doc = nlp(text)
    roots = [t for t in doc if t.dep_ == "ROOT" and not t.is_punct]
    nouns = [t for t in doc if t.pos_ in ("NOUN", "PROPN")]
    head = roots[0] if roots and roots[0].pos_ in ("NOUN", "PROPN") else (nouns[-1] if nouns else None)
    lemma = (head.lemma_ or head.text).lower() if head is not None else ""
    ents = frozenset(_norm(e.text) for e in doc.ents if e.label_ in ENTITY_LABELS and _norm(e.text))
    if not doc.has_annotation("ENT_IOB"):
        ents = _naive(text)[1]
    return lemma, ents


def _naive(text: str) -> tuple[str, frozenset[str]]:
    words = [w.strip(".,;:!?\"'()“”‘’") for w in text.split()]
    words = [w for w in words if w]
    head = words[-1].lower() if words else ""
    if head.endswith("s") and not head.endswith("ss"):
        head = head[:-1]
    names = frozenset(_norm(w) for w in words[1:] if w[:1].isupper() and len(w) > 1)
    return head, names


def _norm(text: str) -> str:
    text = " ".join(text.replace("’", "'").split()).lower()
    for prefix in ("the ",):
        if text.startswith(prefix):
            text = text[len(prefix):]
    if text.endswith("'s"):
        text = text[:-2]
    return text
