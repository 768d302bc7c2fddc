"""Rule phrases found in a text: matched on lemmas (or exact lowercase), once per document.

Rules name what a figure is about, where an event is named, a series' nouns: all are phrases,
compiled once per run into lemma sequences and looked up in a per-document index built from the
Doc's arrays. Also where a document's paragraphs are, and how far a phrase is from a sentence.
"""
from __future__ import annotations

import bisect
import re
from typing import Iterable, Optional

import spacy
from spacy.attrs import IDX, LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc, Token

from checker.rules import cache


def context_distance(scope, doc: Doc, sentence, matches: "PhraseIndex") -> Optional[int]:
    """Tokens between the claim's sentence and the nearest context phrase in the scope's window."""
    if not scope.context or sentence is None:
        return None
    if scope.within == "sentence":
        start, end = sentence.start, sentence.end
    elif scope.within == "document":
        start, end = 0, len(doc)
    else:
        start, end = paragraph_of(doc, sentence, matches)
    best = None
    for phrase in scope.context:
        distance = matches.distance(phrase, start, end, sentence.start, sentence.end)
        if distance is not None:
            best = distance if best is None else min(best, distance)
    if best is None and scope.within == "document" and matches.title and any(
            re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", matches.title, re.IGNORECASE)
            for phrase in scope.context):
        best = len(doc)  # named only in the headline: the farthest context there is
    return best


def paragraphs(doc: Doc, starts: Optional[list[int]] = None) -> list[tuple[int, int]]:
    """Token bounds of the paragraphs of a document: a blank line ends a paragraph, and in text
    without blank lines every line is one. Read off the text, then mapped to tokens (`starts`:
    each token's character offset, when already read)."""
    text = doc.text  # joined from every token: once
    blank = re.compile(r"\n[ \t]*\n")
    breaks = blank if blank.search(text) else re.compile(r"\n")
    if starts is None:
        starts = doc.to_array(IDX).tolist() if len(doc) else []
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in breaks.finditer(text):
        end = bisect.bisect_left(starts, match.start())  # tokens before the break
        if end > start:
            bounds.append((start, end))
        start = max(start, bisect.bisect_left(starts, match.end()))
    if start < len(doc):
        bounds.append((start, len(doc)))
    return bounds


def paragraph_of(doc: Doc, sentence, matches: "PhraseIndex") -> tuple[int, int]:
    """The token bounds of the sentence's paragraph, stretched to the whole sentence (found by
    bisection: the paragraphs are in order and do not overlap)."""
    at = bisect.bisect_right(matches.paragraph_starts, sentence.start) - 1
    if at >= 0:
        start, end = matches.paragraphs[at]
        if start <= sentence.start < end:
            return min(start, sentence.start), max(end, sentence.end)
    return sentence.start, sentence.end


def _token_index(doc: Doc):
    """Per document, once for every component: each token's lemma (or lowercase text when it
    has none) and lowercase text, where each form starts, each token's character offset, and
    the paragraphs. Read from the Doc's arrays as Python lists rather than token by token (or
    numpy row by row), which costs more than the parse on long texts."""
    cached = doc.user_data.get("checker.token_index")
    if cached is None:
        strings = doc.vocab.strings
        rows = doc.to_array([LEMMA, LOWER, IDX]).tolist() if len(doc) else []
        memo: dict[int, str] = {}

        def text(key: int) -> str:
            if key not in memo:
                memo[key] = strings[key].lower() if key else ""
            return memo[key]

        lowers = [text(lower) for _, lower, _ in rows]
        norms = [text(lemma) or low for (lemma, _, _), low in zip(rows, lowers)]
        starts = [idx for _, _, idx in rows]
        by_first: dict[str, list[int]] = {}
        for i, (norm, lower) in enumerate(zip(norms, lowers)):
            by_first.setdefault(norm, []).append(i)
            if lower != norm:
                by_first.setdefault(lower, []).append(i)
        cached = doc.user_data["checker.token_index"] = (
            norms, lowers, by_first, starts, paragraphs(doc, starts))
    return cached


def compile_phrases(phrases: Iterable[str], nlp: Language) -> dict[str, tuple[str, ...]]:
    """Rule phrases as the lemma sequences PhraseIndex matches: once per run, never per text,
    and kept in the compile cache for the same phrases and the same pipeline."""
    phrases = list(phrases)
    model = (f"{spacy.__version__} {nlp.lang} {nlp.meta.get('name')} {nlp.meta.get('version')} "
             f"{nlp.path} {' '.join(nlp.pipe_names)}")
    return cache.cached("phrases", [model, *phrases],
                        lambda: {text: _norms(doc) for text, doc in zip(phrases, nlp.pipe(phrases))})


def _norms(doc: Doc) -> tuple[str, ...]:
    return tuple(_norm(t) for t in doc if not t.is_space)


def _norm(token: Token) -> str:
    return (token.lemma_ or token.text).lower()


class PhraseIndex:
    """Where each rule phrase occurs in one document, matched on lemmas or exact lowercase."""

    def __init__(self, doc: Doc, phrases: dict[str, tuple[str, ...]], title: str = ""):
        self.doc = doc
        self.phrases = phrases
        self.title = title  # the headline (front matter `title`): part of the article, not parsed
        self.norms, self.lowers, self.by_first, self.starts, self.paragraphs = _token_index(doc)
        self.paragraph_starts = [start for start, _ in self.paragraphs]
        self._cache: dict[str, list[tuple[int, int]]] = {}
        self._starts_cache: dict[str, list[int]] = {}

    def token_from(self, offset: int) -> int:
        """The first token starting at or after a character offset of the Doc's text (the
        Doc's length if none), by bisection."""
        return bisect.bisect_left(self.starts, offset)

    def find(self, phrase: str) -> list[tuple[int, int]]:
        """Token bounds of each occurrence. Asked for every phrase of every rule a claim is
        tried against, so a repeated question costs one dictionary lookup."""
        hits = self._cache.get(phrase)
        if hits is None:
            hits = self._cache[phrase] = self._search(self.phrases.get(phrase, ()))
        return hits

    def _search(self, target: tuple[str, ...]) -> list[tuple[int, int]]:
        hits = []
        for i in sorted(set(self.by_first.get(target[0], []))) if target else []:
            end = i + len(target)
            if all(self.norms[i + k] == w or self.lowers[i + k] == w
                   for k, w in enumerate(target) if i + k < len(self.norms)) \
                    and end <= len(self.norms):
                hits.append((i, end))
        return hits

    def overlaps(self, phrase: str, start: int, end: int) -> bool:
        # hits of one phrase all have its length and come in order: the first hit ending
        # after `start` is the only one to test
        hits = self.find(phrase)
        if not hits:
            return False
        at = bisect.bisect_right(self._starts(phrase), start - (hits[0][1] - hits[0][0]))
        return at < len(hits) and hits[at][0] < end and start < hits[at][1]

    def distance(self, phrase: str, low: int, high: int, first: int, last: int) -> Optional[int]:
        """Tokens between the span first..last and the nearest hit of `phrase` inside the
        window low..high (0 when one overlaps it), or None: by bisection, as the hits of one
        phrase share its length and come in order."""
        hits = self.find(phrase)
        at = bisect.bisect_left(self._starts(phrase), first)
        best = None
        if at > 0 and low <= hits[at - 1][0] and hits[at - 1][1] <= high:
            best = max(0, first - hits[at - 1][1])
        if at < len(hits) and low <= hits[at][0] and hits[at][1] <= high:
            after = max(0, hits[at][0] - last) if hits[at][0] >= last else 0
            best = after if best is None else min(best, after)
        return best

    def _starts(self, phrase: str) -> list[int]:
        starts = self._starts_cache.get(phrase)
        if starts is None:
            starts = self._starts_cache[phrase] = [s for s, _ in self.find(phrase)]
        return starts
