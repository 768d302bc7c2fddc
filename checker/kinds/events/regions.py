"""Where an event fell: "the missile landed inside Japan's exclusive economic zone", "fell
outside Japan's EEZ", "did not enter Japan's exclusive economic zone".

A series names regions (`events.regions`: a key and the phrases that name it) and each event
records the ones it fell `inside` and `outside` (both where its missiles fell on either side).
Which event a sentence speaks of is found as for a figure (resolve.py: a date, a name, the
article's own event). The claim is right when that event's record has the side written; it is
wrong only when the sentence itself names the event, does not hedge ("appears to have
landed") and the record has only the other side; otherwise it is unverifiable with the reason.
A speculative sentence ("may have landed", "whether") is no claim.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

from spacy.tokens import Doc, Span as SpacySpan

from checker.kinds.base import Judged
from checker.kinds.events.mentions import SPECULATIVE, _in_context
from checker.kinds.events.resolve import CONTEXT, EventResolver, Resolution
from checker.kinds.events.series import Event, Series
from checker.lexicon import lexicon
from checker.model import Claim, Finding, Span
from checker.stages.document import Document
from checker.stages.phrases import PhraseIndex
from checker.stages.subject import subject_tokens

if TYPE_CHECKING:
    from checker.rules.rule import Rule

_UNSURE = re.compile(r"\b(?:unclear|not clear|not immediately|unknown|unconfirmed|believed|"
                     r"presumed|appear\w*|seem\w*|estimat\w*)\b", re.IGNORECASE)


def _side_pattern() -> re.Pattern[str]:
    """The words right before a region's name that say on which side of it something fell."""
    words = lexicon()["region_sides"]
    alternatives = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(rf"\b(?P<word>{alternatives})\s+(?:the\s+)?$", re.IGNORECASE)


def judge_regions(series_list: list[Series], rules: dict[str, "Rule"], document: Document,
                  doc: Doc, sentence: SpacySpan, index: PhraseIndex,
                  resolver: EventResolver) -> Judged:
    out: Judged = []
    text = sentence.text
    if SPECULATIVE.search(text):
        return out
    hedged = bool(_UNSURE.search(text))  # "appears to have landed": verified, never called wrong
    sides = lexicon()["region_sides"]
    pattern = _side_pattern()
    negation = re.compile(r"\b(?:not|never|none|neither)\b|n't\b|\bno\s+(?:\w+\s+)?(?:"
                          r"missiles?|projectiles?|debris|parts?|objects?|warheads?)\b", re.IGNORECASE)
    for series in series_list:
        if not series.regions or not _in_context(series, doc, sentence, index, document.date):
            continue
        for key, names in series.regions.items():
            for start, end in sorted({m for name in names for m in index.find(name)
                                      if sentence.start <= m[0] and m[1] <= sentence.end}):
                phrase_start = doc[start].idx - sentence.start_char
                side_words = pattern.search(text[:phrase_start])
                if side_words is None:
                    continue
                side = sides[side_words.group("word").lower()]
                clause = text[max(0, side_words.start() - 40):side_words.start()]
                clause = re.split(r"[,;:]|\bbut\b|\bwhile\b", clause)[-1]
                if negation.search(clause):
                    side = "outside" if side == "inside" else "inside"
                claim_start = side_words.start()
                claim_end = doc[end - 1].idx + len(doc[end - 1]) - sentence.start_char
                span = doc[start:end]
                about = subject_tokens(doc, span)
                resolution = resolver.resolve(series, span, about)
                out.append(_judge(series, rules[series.rule_id], document, sentence, key,
                                  side, claim_start, claim_end, resolution, hedged))
    return out


def _judge(series: Series, rule: "Rule", document: Document, sentence: SpacySpan, key: str,
           side: str, start: int, end: int, resolution: Optional[Resolution], hedged: bool):
    base = document.body_start + sentence.start_char
    text = sentence.text[start:end]
    region = series.regions[key][0]
    claim = Claim(kind="region", text=text,
                  span=Span(base + start, base + end, *document.position(base + start)),
                  value=side, unit=None, sentence=(base, base + len(sentence.text)),
                  subject=region, sentence_text=sentence.text)

    def finding(verdict: str, message: str, events: tuple[Event, ...] = ()) -> tuple[Claim, Finding]:
        expected: dict = {"value": side if verdict == "consistent" else None, "unit": None,
                          "region": key}
        if len(events) == 1:
            recorded = sorted(s for s, keys in (("inside", events[0].inside),
                                                ("outside", events[0].outside)) if key in keys)
            expected.update({"value": " and ".join(recorded) or None,
                             "date": events[0].date.isoformat()})
        return claim, Finding(rule=rule.id, verdict=verdict,
                              severity=rule.severity if verdict != "unverifiable" else "info",
                              claim=claim, expected=expected, message=message, suggestion=None,
                              sources=tuple(s for e in events for s in e.sources) + rule.sources,
                              event=resolution.to_json() if resolution is not None else None)

    if resolution is None or not resolution.events:
        why = resolution.reason if resolution is not None and resolution.reason else \
            f"the text does not say which {series.noun} it was"
        return finding("unverifiable", f"{text}: {why}.")
    agreeing = tuple(e for e in resolution.events if key in (e.inside if side == "inside" else e.outside))
    if agreeing:
        event = agreeing[0]
        return finding("consistent", f"{text}: the {series.noun} of {event.label()} fell {side} "
                       f"{region} ({resolution.evidence}).", (event,))
    if resolution.resolved:
        event = resolution.events[0]
        other = event.outside if side == "inside" else event.inside
        if key in other and resolution.strength >= CONTEXT and not hedged:
            opposite = "outside" if side == "inside" else "inside"
            return finding("inconsistent", f"{text}, but the {series.noun} of {event.label()} "
                           f"fell {opposite} {region} ({resolution.evidence}).", (event,))
        if key in other:
            why = "the sentence hedges" if hedged else "the text does not say it is that one"
            return finding("unverifiable", f"{text}: the {series.noun} of {event.label()} fell "
                           f"{'outside' if side == 'inside' else 'inside'} {region}; {why}.", (event,))
        return finding("unverifiable", f"{text}: the rules do not record where the {series.noun} "
                       f"of {event.label()} fell relative to {region}.", (event,))
    return finding("unverifiable", f"{text}: {resolution.reason or 'several events fit'}; "
                   f"none of them is recorded {side} {region}.", resolution.events)
