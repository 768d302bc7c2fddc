"""Spellings no rule lists, judged by their distance to the names the rules list.

A capitalised run of words ("Kim Jon Un", "the Hwasang-14 test", "Pungyye-ri") is compared with
every listed spelling, in plain and in romanisation-neutral form (romanisation.py). What comes
out, in this order:

1. a name a rule lists as another real name (`distinct`) is left alone, and so is every
   spelling inside it ("Rodong Sinmun" is a newspaper, not a "Rodong" missile);
2. a listed misspelling in another case, spacing or hyphenation ("Kim Jungun") is that
   misspelling;
3. the same key as an accepted spelling ("Kim Jongun", "Punggye ri", "Pukkuksong-2") is that
   name, consistent: another romanisation is not an error;
4. otherwise a near miss is a misspelling only when all of these hold, because a flagged
   spelling must almost always be wrong:
   - it is nearer, letter for letter, to one listed name than to any name of another rule (so
     "Kim Jong Il", the father, is never a misspelling of Kim Jong Un: it is his own rule, at
     distance 0);
   - it is one letter off (changed, left out or added), or two letters swapped ("Mudusan" for
     "Musudan"); two letters changed make another name as often as a typo ("Pyongsong",
     "Pyongan" are not "Pyongyang"), and so does a different first letter;
   - the listed name has at least MIN_LETTERS letters, and the edits are at most
     MAX_EDITS_PER_LETTER of them;
   - it has the same number of words, each word that differs is still that word misspelt (a
     third of its letters at most; in a word of up to SHORT_WORD letters only a letter left
     out or added, since changing one makes another syllable: "Kim Yong Nam" is another
     person than "Kim Jong Nam"), and no word with a digit differs ("Hwasong-13" is another
     missile, "Hwasong-11B" another variant);
   - no word that differs is an English word put for another ("Test Sites" for "Test Site" is
     grammar), and a one-word candidate is not itself an English word or common name (a
     sentence-initial "Cartoon" is no misspelling of a name spelt "Kartoon");
   - the rule's `context`, if it has one, is in the sentence; there the sentence says which
     name is meant, and a letter changed in a short word is a typo too ("Japan's foreign
     minister Taro Kano").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Optional

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from checker.kinds.names import romanisation as roman
from checker.kinds.names.english import is_word
from checker.kinds.names.spec import Misspelling, NameSpec, phrase_pattern
from checker.rules.rule import Rule

MIN_LETTERS = 6
MAX_EDITS = 2
MAX_EDITS_PER_LETTER = 0.3
WORD_EDITS_PER_LETTER = 1 / 3
SHORT_WORD = 4
SYLLABLE = 4  # a lower-case word this short after a space may still be part of a name
CLOSE_LETTERS = 8  # one edit on a name this long is as sure as a listed misspelling

_WORD = re.compile(r"[^\W_]+")
_HYPHENS = frozenset("-\u2010\u2011")

Spans = list[tuple[int, int]]
Rank = tuple[int, ...]  # orders the candidates of a sentence, smallest first


@dataclass(frozen=True)
class Listed:
    """A spelling a rule lists, in comparison form."""

    rule: Rule
    text: str
    misspelling: Optional[Misspelling] = None  # None: an accepted spelling

    @cached_property
    def words(self) -> tuple[str, ...]:
        return roman.words(self.text)

    @cached_property
    def plain(self) -> str:
        return "".join(self.words)

    @cached_property
    def key(self) -> str:
        return roman.key(self.text)


@dataclass(frozen=True)
class Match:
    """Words of a sentence judged against a listed spelling (offsets into the sentence);
    `distance` 0 is the same name (another romanisation, or a listed misspelling in another
    form)."""

    start: int
    end: int
    listed: Listed
    distance: int


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    text: str
    hyphenated: bool  # joined to the word before by a hyphen
    plain: str


class NameIndex:
    """Every listed spelling of every name rule, built once per Checker."""

    def __init__(self, rules: list[Rule]):
        self.accepted: dict[str, list[Listed]] = {}  # romanisation key -> spellings
        self.by_plain: dict[str, list[Listed]] = {}  # plain key -> accepted spellings
        self.misspelt: dict[str, Listed] = {}  # plain key -> listed misspelling
        self.distinct: set[str] = set()  # plain keys of real names that only look alike
        self.context: dict[str, re.Pattern[str]] = {}
        most_words = 1
        for rule in rules:
            spec: NameSpec = rule.spec
            for text in dict.fromkeys([spec.canonical, *rule.subject]):
                listed = Listed(rule, text)
                self.accepted.setdefault(listed.key, []).append(listed)
                self.by_plain.setdefault(listed.plain, []).append(listed)
                most_words = max(most_words, len(listed.words))
            for entry in spec.misspellings:
                listed = Listed(rule, entry.text, entry)
                self.misspelt.setdefault(listed.plain, listed)
            self.distinct.update("".join(roman.words(text)) for text in spec.distinct)
            if spec.context:
                self.context[rule.id] = phrase_pattern(spec.context)
        self.plains = list(self.by_plain)
        self.most_words = most_words + 1  # a name split in two ("Hwa Song") has a word more

    def distinct_spans(self, sentence: str) -> Spans:
        """Where the sentence names something a rule lists as `distinct`."""
        if not self.distinct:
            return []
        return [(run[first].start, run[last].end)
                for run in _runs(sentence, []) for first, last in self._windows(run)
                if "".join(w.plain for w in run[first:last + 1]) in self.distinct]

    def matches(self, sentence: str, taken: Spans) -> list[Match]:
        """The judged names in one sentence, none overlapping `taken` (spans matched exactly,
        distinct names) nor each other."""
        found: list[tuple[Rank, Match]] = []
        for run in _runs(sentence, taken):
            for first, last in self._windows(run):
                start, end = run[first].start, run[last].end
                words = tuple(w.plain for w in run[first:last + 1])
                judged = self._judge(sentence, sentence[start:end], words)
                if judged is not None:
                    rank, listed, distance = judged
                    found.append((rank, Match(start, end, listed, distance)))
        chosen: list[Match] = []
        for _, match in sorted(found, key=lambda pair: pair[0]):
            if not any(match.start < c.end and c.start < match.end for c in chosen):
                chosen.append(match)
        return sorted(chosen, key=lambda m: m.start)

    def _windows(self, run: list[_Word]) -> Iterable[tuple[int, int]]:
        """Word ranges that may be a name: starting on a capitalised word, never cutting a
        hyphenated compound, at most one word longer than the longest listed name."""
        for first in range(len(run)):
            if run[first].hyphenated or not run[first].text[0].isupper():
                continue
            for last in range(first, min(len(run), first + self.most_words)):
                if last + 1 < len(run) and run[last + 1].hyphenated:
                    continue
                yield first, last

    def _judge(self, sentence: str, text: str, words: tuple[str, ...]
               ) -> Optional[tuple[Rank, Listed, int]]:
        """(rank, spelling, distance) for a window, or None: rank orders the candidates of a
        sentence: the same name before a near miss, the longest same name first ("Sohae
        satellite launching station" is one name), the nearest and then the shortest near miss
        first (its span is what the suggestion replaces)."""
        plain = "".join(words)
        if plain in self.misspelt:
            return (0, -len(text)), self.misspelt[plain], 0
        key = roman.key_of(words)
        if key in self.accepted:
            if len({listed.rule.id for listed in self.accepted[key]}) > 1:
                return None  # the same name in two rules: which one is meant is a guess
            return (0, -len(text)), self.accepted[key][0], 0
        near = self._nearest(plain, roman.digits(text))
        if near is None:
            return None
        spellings, distance = near
        listed = self._misspelt_form(sentence, words, spellings, distance)
        if listed is None:
            return None
        return (1, distance, len(text)), listed, distance

    def _nearest(self, plain: str, digits: tuple[str, ...]) -> Optional[tuple[list[Listed], int]]:
        """The accepted spellings of the one rule nearest to a candidate (letters as written:
        another romanisation was accepted above, and romanisation-neutral letters would bring
        other names nearer: "Pyeongchang" is one such letter from "Pyongyang"), and their
        distance, if no other rule's spelling is as near."""
        nearest: dict[str, tuple[int, list[Listed]]] = {}  # rule id -> distance, spellings
        for choice, score, _ in process.extract(plain, self.plains, scorer=Levenshtein.distance,
                                                score_cutoff=MAX_EDITS, limit=None):
            for listed in self.by_plain[choice]:
                best, spellings = nearest.get(listed.rule.id, (score, []))
                if score < best:
                    best, spellings = score, []
                if score == best:
                    spellings.append(listed)
                nearest[listed.rule.id] = (best, spellings)
        if not nearest:
            return None
        ranked = sorted(nearest.values(), key=lambda pair: pair[0])
        if len(ranked) > 1 and ranked[1][0] <= ranked[0][0]:
            return None  # as near to two names: which one is meant is a guess
        distance, spellings = ranked[0]
        same_numbers = [s for s in spellings if roman.digits(s.text) == digits]
        return (same_numbers, distance) if same_numbers else None

    def _misspelt_form(self, sentence: str, words: tuple[str, ...], spellings: list[Listed],
                       distance: int) -> Optional[Listed]:
        """The spelling a near miss surely misspells, word for word, or None when it may be
        right after all (see the module text)."""
        fitting = [s for s in spellings if len(s.words) == len(words)]
        if not fitting:
            return None
        # the house spelling where it is as near as the alias, else the alias misspelt
        listed = next((s for s in fitting if s.text == s.rule.spec.canonical), fitting[0])
        plain = "".join(words)
        if sum(c.isalpha() for c in listed.plain) < MIN_LETTERS \
                or distance > MAX_EDITS_PER_LETTER * len(listed.plain) \
                or roman.key_of(words)[:1] != listed.key[:1]:
            return None
        if distance > 1 and sorted(plain) != sorted(listed.plain):
            return None  # two letters changed, not swapped: another name ("Pyongsong")
        context = self.context.get(listed.rule.id)
        if context is not None and not context.search(sentence):
            return None
        # where the sentence is known to speak of this name, a letter changed in a syllable is
        # a typo, not another person
        if not all(_same_word(mine, theirs, syllables_fixed=context is not None)
                   for mine, theirs in zip(words, listed.words)):
            return None
        alphabetic = [w for w in words if w.isalpha()]
        if len(alphabetic) == 1 and is_word(alphabetic[0]):
            return None
        return listed


def _same_word(mine: str, theirs: str, syllables_fixed: bool = False) -> bool:
    """Whether the plain word `mine` is `theirs`, or `theirs` misspelt (not another word).
    `syllables_fixed`: the context shows which name is meant, so a short word may have a
    letter changed too."""
    pairs = ((mine, theirs), (roman.fold(mine), roman.fold(theirs)))
    if any(a == b for a, b in pairs):
        return True
    if any(c.isdigit() for c in mine + theirs) or (is_word(mine) and is_word(theirs)):
        return False
    for a, b in pairs:
        edits = Levenshtein.editops(a, b).as_list()
        if len(b) <= SHORT_WORD and not syllables_fixed:
            if len(edits) == 1 and edits[0][0] != "replace":
                return True
        elif len(edits) <= int(len(b) * WORD_EDITS_PER_LETTER):
            return True
    return False


def _runs(text: str, taken: Spans) -> list[list[_Word]]:
    """Runs of words that may form a name: capitalised words, and numbers, short syllables
    ("Punggye ri", "Kim Jong un") or any word joined to them by a hyphen ("Kim Jong-un",
    "Hwasong 14", "Punggye-ri"), separated by one space or a hyphen. Anything else ends a run:
    punctuation, a longer lower-case word, a span already taken."""
    runs: list[list[_Word]] = []
    run: list[_Word] = []
    previous_end: Optional[int] = None
    for found in _WORD.finditer(text):
        word, start, end = found.group(), found.start(), found.end()
        between = text[previous_end:start] if previous_end is not None else ""
        previous_end = end
        if any(start < e and s < end for s, e in taken):
            if run:
                runs.append(run)
            run = []
            continue
        hyphen = len(between) == 1 and between in _HYPHENS
        if run and (hyphen or (between == " " and (word[0].isupper() or word[0].isdigit()
                                                   or len(word) <= SYLLABLE))):
            run.append(_Word(start, end, word, hyphen, roman.plain(word)))
            continue
        if run:
            runs.append(run)
        run = [_Word(start, end, word, False, roman.plain(word))] if word[0].isupper() else []
    if run:
        runs.append(run)
    return runs
