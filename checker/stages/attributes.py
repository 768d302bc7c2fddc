"""The trained pipeline's attribute ruler (tag -> part of speech, morphology, lemma exceptions)
applied by table lookup.

spaCy's `AttributeRuler` runs its Matcher with all of the model's patterns (179 in
en_core_web_sm) at every token: about 15 % of the parse on news copy. Nearly all of those
patterns look at one token's tag, lower-case form, dependency label or whitespace, so what they
set depends only on those four values: computed once per combination, it is a dictionary
lookup. The few patterns that span tokens ("gon na", "there is") still go through a Matcher of
their own. Every match is computed before any attribute is set and the matches on one token are
applied in the ruler's order (pattern order, then start), as spaCy's own component does, so the
result is the same token for token (tests/test_attributes.py holds the two to that).
"""
from __future__ import annotations

import re
from typing import Any, Callable, Optional

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

# What a one-token pattern may test here, and how the value is read off a token.
_READ: dict[str, Callable[[Token], Any]] = {
    "TAG": lambda token: token.tag_, "DEP": lambda token: token.dep_,
    "IS_SPACE": lambda token: token.is_space, "LOWER": lambda token: token.lower_,
    "ORTH": lambda token: token.text, "TEXT": lambda token: token.text,
}
_WORD = ("LOWER", "ORTH", "TEXT")
_NO_WORD = "\x00"  # stands for every word that no pattern names


def _predicate(attr: str, value: Any) -> Optional[Callable[[Any], bool]]:
    """A test on one attribute's value, or None where the table cannot stand for the Matcher:
    an unknown attribute or operator, or a word tested other than by equality or a list (the
    table keys on the words the patterns name)."""
    if attr not in _READ:
        return None
    if isinstance(value, (str, bool, int)):
        return lambda seen: seen == value
    if isinstance(value, dict) and len(value) == 1 and "IN" in value:
        return lambda seen: seen in value["IN"]
    if isinstance(value, dict) and len(value) == 1 and attr not in _WORD:
        (operator, operand), = value.items()
        if operator == "NOT_IN":
            return lambda seen: seen not in operand
        if operator == "REGEX":
            return lambda seen: bool(re.search(operand, seen))
    return None


def _named_words(spec: dict[str, Any]) -> set[str]:
    """The lower-case forms of the words a one-token pattern can match, if it tests a word."""
    words: set[str] = set()
    for attr in _WORD:
        value = spec.get(attr)
        values = value["IN"] if isinstance(value, dict) else [value] if value is not None else []
        words.update(str(v).lower() for v in values)
    return words


class TableAttributeRuler:
    """Stands in for the pipeline's `attribute_ruler` component (see the module docstring)."""

    def __init__(self, ruler: Any):
        self.attrs: list[dict[str, Any]] = list(ruler.attrs)
        self.indices: list[int] = list(ruler.indices)
        self.vocab = ruler.vocab
        self.single: list[tuple[int, dict[str, Callable[[Any], bool]]]] = []
        self.spanning = Matcher(self.vocab, validate=False)
        self.words: set[str] = set()
        for order, rule in enumerate(ruler.patterns):
            for spec in rule["patterns"]:
                tests = {attr: _predicate(attr, value) for attr, value in spec[0].items()}
                if len(spec) == 1 and self.indices[order] in (0, -1) and all(tests.values()):
                    self.single.append((order, tests))  # type: ignore[arg-type]
                    self.words |= _named_words(spec[0])
                else:
                    self.spanning.add(str(order), [spec])
        self.table: dict[tuple[Any, ...], list[int]] = {}  # token key -> the one-token patterns matching

    def _orders(self, token: Token) -> list[int]:
        word = token.text if token.lower_ in self.words else None
        key = (token.tag_, token.dep_, token.is_space, word)
        found = self.table.get(key)
        if found is None:
            values = {attr: _NO_WORD if word is None and attr in _WORD else read(token)
                      for attr, read in _READ.items()}
            found = sorted({order for order, tests in self.single
                            if all(test(values[attr]) for attr, test in tests.items())})
            self.table[key] = found
        return found

    def __call__(self, doc: Doc) -> Doc:
        # Every match is found before any attribute is set, as by spaCy's component.
        spanning: dict[int, list[tuple[int, int]]] = {}
        for match_id, start, end in self.spanning(doc, allow_missing=True):
            order = int(self.vocab.strings[match_id])
            target = range(start, end)[self.indices[order]]
            spanning.setdefault(target, []).append((order, start))
        found = [self._orders(token) for token in doc]
        for i, token in enumerate(doc):
            for order, _ in sorted([(order, i) for order in found[i]] + spanning.get(i, [])):
                set_token_attrs(token, self.attrs[order])
        return doc


@Language.factory("checker_attribute_table")
def _attribute_table(nlp: Language, name: str) -> TableAttributeRuler:
    return TableAttributeRuler(nlp.get_pipe("attribute_ruler"))


def use_table(nlp: Language) -> Language:
    """Put the table in the place of the loaded pipeline's attribute ruler (none: no change)."""
    if "attribute_ruler" in nlp.pipe_names:
        nlp.add_pipe("checker_attribute_table", name="attribute_table", after="attribute_ruler")
        nlp.remove_pipe("attribute_ruler")
    return nlp
