"""Whether a word is a real English word or a common name, from pyspellchecker's English word
list (frequency-ranked words from a large corpus; names like "Sudan" and "Jon" are in it).

A capitalised word one letter away from a listed name may simply be another word (a
sentence-initial "Cartoon" is no misspelling of a name spelt "Kartoon"), and an English word put
for another in the English part of a name ("Test Sites" for "Test Site") is grammar, not
spelling. The list is loaded on first use only: most documents
never hold a near miss, and `checker rules lint` never needs it.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spellchecker import WordFrequency


@lru_cache(maxsize=1)
def _known() -> "WordFrequency":
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1).word_frequency


def is_word(word: str) -> bool:
    return word.lower() in _known()
