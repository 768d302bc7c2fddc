"""The fast path: parse only the paragraphs where a claim can be.

A claim needs a figure (a digit or a number word), a date word, or a phrase some rule names
(a subject, a context phrase, a title, a name). Paragraphs with none of these are only
tokenized; the others go through the full pipeline, each in one piece so the parser sees the
same context it would see in the whole text. The pieces are joined back into one Doc over the
exact text, so offsets, sentences and every component work as on a full parse.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Iterable, Optional, Sequence

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from checker import kinds
from checker.kinds.base import Topic
from checker.lexicon import lexicon
from checker.stages.numbers import _COUNTING, _SCALES, _SMALL, _TENS
from checker.rules.rule import Rule
from checker.stages.extract import indefinite_numbers

_WORD = re.compile(r"[^\W\d_]+|\d", re.UNICODE)
_FRACTION_WORDS = ("half", "halves", "quarter", "quarters", "thirds", "fifths")
# Words of time that date an event without a digit ("last week", "earlier this month").
_TIME_WORDS = ("today", "yesterday", "tomorrow", "week", "month", "year", "weekend")


Phrase = tuple[frozenset[str], ...]  # each content word of a phrase, with its inflections
Group = tuple[Phrase, ...]  # any one of these phrases


class Triggers:
    """What makes a paragraph worth parsing: a figure (a digit, a number word, "more than a
    decade"), or what a kind's triggers ask for (checker/kinds: a name's spellings; a title and
    a holder's name; a phrase naming an event series with a figure, an ordinal or a date word;
    a context phrase a figure rule looks for anywhere in the document).

    A phrase is noticed when all its content words are in the paragraph, in any inflection: it
    can match nowhere else. So the parse is skipped only where no component could find a claim.
    """

    def __init__(self, rules: Iterable[Rule]):
        lex = lexicon()
        self.numbers = frozenset(_SMALL + _TENS + list(_SCALES) + list(_COUNTING)
                                 + list(_FRACTION_WORDS) + [w.lower() for w in lex["multipliers"]])
        self.when = frozenset(list(lex["ordinals"]) + list(lex["months"]) + lex["weekdays"]
                              + list(_TIME_WORDS))
        self.needs: list[tuple[Group, ...]] = []  # each: all of its groups present
        self.dated: list[tuple[Group, ...]] = []  # the same, plus a figure or a date word
        for rule in rules:
            kind = kinds.kind_of(rule.kind)
            for trigger in kind.triggers(rule) if kind else ():
                if trigger.figure:
                    continue  # every paragraph with a figure is parsed anyway
                groups = tuple(_group(g) for g in trigger.groups)
                (self.dated if trigger.with_when else self.needs).append(groups)

    def hit(self, text: str) -> bool:
        words = set(_WORD.findall(text.lower()))
        if self.figure(text, words):
            return True
        if any(all(_present(group, words) for group in need) for need in self.needs):
            return True
        return not words.isdisjoint(self.when) and any(
            all(_present(group, words) for group in need) for need in self.dated)

    def figure(self, text: str, words: set[str]) -> bool:
        """A digit, a number word or an indefinite the extractor reads as one ("more than a
        decade", "a day after")."""
        return any(w.isnumeric() for w in words) or not words.isdisjoint(self.numbers) \
            or next(iter(indefinite_numbers(text)), None) is not None


class RuleTriggers:
    """Which rules can change the result of a whole text, read off the kinds' triggers as
    `Triggers` reads what makes a paragraph worth parsing. Used to re-check an archive
    incrementally: a changed rule can change only the texts where it can fire.

    A rule can fire where it can bind a claim or where it makes the fast path parse a
    paragraph (a parse adds the lemmas other rules' phrases are matched on), so a unit fires
    where one of its kind's triggers is met in the text: all its groups present (a date word
    is not required, which only widens it) and, for a trigger that asks for a figure, a figure
    and one of the rule's subject phrases, since a figure is bound to a rule only through a
    subject phrase (stages/bind.py). Any rule can also be named by a suppression comment, so
    its id in the text counts.

    A kind whose rules are read together (`Kind.coupled`: one rule's data changes how another's
    claims are read) is one unit, "KIND rules", which fires where any of its rules can; a rule
    derived from another (an event's figure) is in its unit. A trigger's `topic` must also be
    met by the whole text (headline included) or its date: an event list is read only where its
    context is named or just after one of its events. Phrases are noticed as in `Triggers`
    (every content word, in any regular inflection, singular and plural both ways)."""

    def __init__(self, rules: Iterable[Rule]):
        self.triggers = Triggers([])  # the figure words only
        self.units: dict[str, list[Rule]] = {}
        unit_of: dict[str, str] = {}
        for rule in rules:
            kind = kinds.kind_of(rule.kind)
            if rule.parent in unit_of:  # a rule derived from another goes with it
                unit = unit_of[rule.parent]
            else:
                unit = f"{kind.name} rules" if kind is not None and kind.coupled else rule.id
            unit_of[rule.id] = unit
            self.units.setdefault(unit, []).append(rule)
        self._needs: dict[str, list[tuple[tuple[Group, ...], bool, Optional[_Topic]]]] = {}
        self._ids: dict[str, tuple[str, ...]] = {}
        self._gate: dict[str, frozenset[str]] = {}
        for unit, members in self.units.items():
            # each member's needs, once: a coupled kind's derived rules share theirs
            needs = dict.fromkeys(need for rule in members for need in _needs_of(rule))
            self._needs[unit] = [(tuple(_group(g, _forms) for g in groups), figure,
                                  _Topic(topic) if topic else None)
                                 for groups, figure, topic in needs]
            self._ids[unit] = tuple(r.id.lower() for r in members)
            # a word some need cannot do without: one form of a first word of its first group
            self._gate[unit] = frozenset(form for groups, _, _ in self._needs[unit] if groups
                                         for phrase in groups[0] if phrase for form in phrase[0])

    def firing(self, text: str, day: Optional[dt.date] = None) -> list[str]:
        """The units that can fire in `text` (the article with its headline) dated `day`, in
        rule order."""
        lowered = text.lower()
        words = set(_WORD.findall(lowered))
        figure = self.triggers.figure(text, words)
        suppression = "checker" in lowered  # a rule id matters only in a suppression comment
        paragraphs = _Paragraphs(lowered)
        spaced = re.sub(r"[ \t]+", " ", lowered)
        return [unit for unit in self.units
                if not words.isdisjoint(self._gate[unit])
                and any((figure or not needs_figure) and all(_present(g, words) for g in groups)
                        and (topic is None or topic.met(groups, spaced, words, paragraphs, day))
                        for groups, needs_figure, topic in self._needs[unit])
                or suppression and any(rule_id in lowered for rule_id in self._ids[unit])]


class _Paragraphs:
    """A text's paragraphs (lower-cased) and their words, read when a topic asks for them: a
    blank line ends a paragraph, and in text without blank lines every line is one
    (stages/phrases.py)."""

    def __init__(self, lowered: str):
        self.lowered = lowered
        self._parts: Optional[list[tuple[str, set[str]]]] = None

    @property
    def parts(self) -> list[tuple[str, set[str]]]:
        if self._parts is None:
            blank = re.compile(r"\n[ \t]*\n")
            split = (blank if blank.search(self.lowered) else re.compile(r"\n")).split(self.lowered)
            self._parts = [(re.sub(r"[ \t]+", " ", part), set(_WORD.findall(part))) for part in split]
        return self._parts


class _Topic:
    """A trigger's `Topic` ready to test: its phrases as a group of words, except those with
    a digit ("Hwasong-15", "19 entities"), which are looked for as written: their digits, read
    one by one as words, would be in almost any text."""

    def __init__(self, topic: Topic):
        self.topic = topic
        self.literal = tuple(re.sub(r"\s+", " ", p.lower()) for p in topic.phrases
                             if any(ch.isdigit() for ch in p))
        self.phrases = _group((p for p in topic.phrases if not any(ch.isdigit() for ch in p)), _forms)

    def _named(self, text: str, words: set[str]) -> bool:
        return _present(self.phrases, words) or any(p in text for p in self.literal)

    def met(self, groups: tuple[Group, ...], text: str, words: set[str], paragraphs: _Paragraphs,
            day: Optional[dt.date]) -> bool:
        if self.topic.dated_near(day):
            return True
        if not self._named(text, words):
            return False
        return self.topic.within == "document" or any(
            self._named(part, part_words) and all(_present(g, part_words) for g in groups)
            for part, part_words in paragraphs.parts)


def _needs_of(rule: Rule) -> Iterable[tuple[tuple[tuple[str, ...], ...], bool, Optional[Topic]]]:
    """A rule's kind's triggers as (phrase groups, needs a figure, topic); a figure trigger
    also needs one of the rule's subject phrases."""
    kind = kinds.kind_of(rule.kind)
    for trigger in kind.triggers(rule) if kind else ():
        yield (tuple(trigger.groups) + ((rule.subject,) if trigger.figure else ()), trigger.figure,
               trigger.topic)


def _group(phrases: Iterable[str], forms=None) -> Group:
    out = []
    for phrase in phrases:
        found = _WORD.findall(phrase.lower())
        content = [w for w in found if w not in STOP_WORDS] or found
        if content:
            out.append(tuple(frozenset((forms or _inflections)(w)) for w in content))
    return tuple(out)


def _present(group: Group, words: set[str]) -> bool:
    return any(all(not forms.isdisjoint(words) for forms in phrase) for phrase in group)


def _inflections(word: str) -> set[str]:
    """Regular English forms, so "test" also triggers on "tests", "tested", "testing"."""
    forms = {word, word + "s", word + "es", word + "ed", word + "d", word + "ing", word + "'s"}
    if word.endswith("y"):
        forms.add(word[:-1] + "ies")
        forms.add(word[:-1] + "ied")
    return forms


def _forms(word: str) -> set[str]:
    """`_inflections` of the word and of its regular stems, so a phrase written in the plural
    ("talks") also notices the singular ("talk"): what a lemma match would find."""
    stems = {word}
    for ending, replacement in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
                                ("ing", ""), ("ing", "e"), ("'s", "")):
        if word.endswith(ending) and len(word) > len(ending) + 1:
            stems.add(word[:-len(ending)] + replacement)
    return {form for stem in stems for form in _inflections(stem)}


def paragraph_chunks(text: str, longest: int = 100_000) -> list[str]:
    """The text cut after each paragraph break, so the pieces join back to it exactly. A
    paragraph longer than `longest` characters is cut further, after a sentence end or else at
    whitespace (where tokens always end), so the parser's memory stays bounded whatever the
    length of the text."""
    blank = re.compile(r"\n[ \t]*\n\s*")
    breaks = blank if blank.search(text) else re.compile(r"\n\s*")
    chunks, start = [], 0
    for match in breaks.finditer(text):
        chunks.extend(_bounded(text[start:match.end()], longest))
        start = match.end()
    if start < len(text) or not chunks:
        chunks.extend(_bounded(text[start:], longest))
    return chunks


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")


def _bounded(chunk: str, longest: int) -> list[str]:
    pieces = []
    while len(chunk) > longest:
        window = chunk[:longest]
        cut = max((m.end() for m in _SENTENCE_END.finditer(window, longest // 2)), default=0) \
            or max((m.end() for m in _SPACE.finditer(window, 1)), default=0)
        if not cut:
            break  # no whitespace at all: one long token, cheap to parse whole
        pieces.append(chunk[:cut])
        chunk = chunk[cut:]
    return pieces + [chunk]


# What a parse adds to a tokenized Doc, copied from each parsed paragraph into the whole text.
_ANNOTATIONS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]


def parse_many(nlp: Language, triggers: Optional[Triggers], texts: Sequence[str]) -> list[Doc]:
    """Docs for `texts`, each paragraph parsed on its own (a paragraph break always ends a
    sentence) when `triggers` wants it or `triggers` is None, and only tokenized otherwise.
    One `nlp.pipe` stream serves all the texts, so many short articles batch like one long one.

    Each text is tokenized whole; the parses of its paragraphs are copied into it as arrays.
    An unparsed paragraph hangs flat on its first token (label "dep"), so it is one sentence of
    its own that no component reads a claim from."""
    # Texts go in as Docs made by the tokenizer: spaCy refuses strings over nlp.max_length
    # (1,000,000 characters), and the pieces parsed here are bounded by paragraph_chunks.
    tokenize = nlp.tokenizer
    if "parser" not in nlp.pipe_names:  # the fallback pipeline only splits sentences
        return list(nlp.pipe(map(tokenize, texts)))
    pieces = [paragraph_chunks(text) for text in texts]
    wanted = [[triggers is None or triggers.hit(chunk) for chunk in chunks] for chunks in pieces]
    parsed = iter(nlp.pipe(tokenize(chunk) for chunks, flags in zip(pieces, wanted)
                           for chunk, flag in zip(chunks, flags) if flag))
    root, dep = nlp.vocab.strings.add("ROOT"), nlp.vocab.strings.add("dep")
    out = []
    for text, chunks, flags in zip(texts, pieces, wanted):
        whole = tokenize(text)
        values = numpy.zeros((len(whole), len(_ANNOTATIONS)), dtype="int64")
        position = offset = 0
        aligned = True
        for chunk, want in zip(chunks, flags):
            piece = next(parsed) if want else tokenize(chunk)
            end = position + len(piece)
            aligned = aligned and end <= len(whole) and (not len(piece) or whole[position].idx == offset)
            offset += len(chunk)
            if not aligned:
                continue
            if want:
                values[position:end] = piece.to_array(_ANNOTATIONS).astype("int64")
            elif len(piece):
                values[position:end, _ANNOTATIONS.index(DEP)] = dep
                values[position, _ANNOTATIONS.index(DEP)] = root
                values[position:end, _ANNOTATIONS.index(HEAD)] = position - numpy.arange(position, end)
            position = end
        if not aligned or position != len(whole):  # tokenized differently alone: parse it all
            out.append(nlp(tokenize(text)))
            continue
        out.append(whole.from_array(_ANNOTATIONS, values.astype("uint64")) if len(whole) else whole)
    return out
