"""The fast path: parse only the paragraphs where a claim can be.

A claim needs a figure (a digit or a number word), a date word, or a phrase some rule names
(a subject, a context phrase, a title, a name). Paragraphs with none of these are only
tokenized; the others go through the full pipeline, each in one piece so the parser sees the
same context it would see in the whole text. The pieces are joined back into one Doc over the
exact text, so offsets, sentences and every component work as on a full parse.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

import numpy
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from .lexicon import lexicon
from .numbers import _COUNTING, _SCALES, _SMALL, _TENS
from .rules import Rule

# Keys of a rule that hold prose or references, not words that appear in a claim.
_NOT_PHRASES = {"id", "title", "message", "examples", "sources", "note", "notes", "url",
                "severity", "kind", "valid_from", "valid_to", "date", "utc_date", "time_utc"}
# Words of time that can carry a claim without a digit ("last week", "more than a decade").
_TIME_WORDS = ("today yesterday tomorrow week month year decade century hour minute day "
               "night half quarter").split()
_WORD = re.compile(r"[^\W\d_]+|\d", re.UNICODE)


class Triggers:
    """Words whose presence makes a paragraph worth parsing."""

    def __init__(self, rules: Iterable[Rule]):
        lex = lexicon()
        words = set(_SMALL + _TENS + list(_SCALES) + list(_COUNTING) + _TIME_WORDS)
        words.update(lex["ordinals"], lex["months"], lex["weekdays"])
        words.update(w.lower() for w in lex["multipliers"])
        for rule in rules:
            for phrase in _phrases(rule.spec):
                # A phrase matches only where all its words are, so its first word that is not
                # a stop word ("the", "of") is enough to notice it.
                found = _WORD.findall(phrase.lower())
                content = [w for w in found if w not in STOP_WORDS] or found
                if content:
                    words.update(_inflections(content[0]))
        self.words = frozenset(words)

    def hit(self, text: str) -> bool:
        return any(w.isdigit() or w in self.words for w in _WORD.findall(text.lower()))


def _phrases(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in _NOT_PHRASES:
                yield from _phrases(item)
    elif isinstance(value, list):
        for item in value:
            yield from _phrases(item)


def _inflections(word: str) -> set[str]:
    """Regular English forms, so "test" also triggers on "tests", "tested", "testing"."""
    forms = {word, word + "s", word + "es", word + "ed", word + "d", word + "ing", word + "'s"}
    if word.endswith("y"):
        forms.add(word[:-1] + "ies")
        forms.add(word[:-1] + "ied")
    return forms


def paragraph_chunks(text: str) -> list[str]:
    """The text cut after each paragraph break, so the pieces join back to it exactly."""
    blank = re.compile(r"\n[ \t]*\n\s*")
    breaks = blank if blank.search(text) else re.compile(r"\n\s*")
    chunks, start = [], 0
    for match in breaks.finditer(text):
        chunks.append(text[start:match.end()])
        start = match.end()
    if start < len(text) or not chunks:
        chunks.append(text[start:])
    return chunks


def _one_sentence(doc: Doc) -> Doc:
    """An unparsed paragraph is one sentence: no claim is in it, but it must have bounds."""
    for token in doc:
        token.is_sent_start = token.i == 0
    return doc


def parse(nlp: Language, triggers: Triggers, text: str) -> Doc:
    chunks = paragraph_chunks(text)
    wanted = [triggers.hit(chunk) for chunk in chunks]
    parsed = iter(nlp.pipe(c for c, w in zip(chunks, wanted) if w))
    docs = []
    for chunk, want in zip(chunks, wanted):
        doc = next(parsed) if want else _one_sentence(nlp.make_doc(chunk))
        doc.tensor = numpy.zeros((0,), dtype="float32")  # not used; shapes differ per piece
        docs.append(doc)
    if len(docs) == 1:
        return docs[0]
    return Doc.from_docs(docs, ensure_whitespace=False)
