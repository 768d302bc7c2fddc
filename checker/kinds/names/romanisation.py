"""The comparison form of a name: what two spellings must share to be the same name.

Korean, Japanese and Chinese names reach English copy through several romanisation systems
and house styles, so one name has many right spellings: "Kim Jong Un", "Kim Jong-un", "Kim
Jongun"; "Hwasong-15", "Hwaseong-15", "Hwasong 15"; "Pukguksong-2", "Pukkuksong-2"; "Kōno",
"Kono". Comparing spellings character by character would call every one of them a typo of the
others. So a spelling is first reduced to a key that such variants share:

- case, diacritics (ŏ ŭ ō), hyphens, spaces and apostrophes do not count;
- vowels written differently by the systems are one: eo/ŏ/o (Hwaseong, Hwasong), eu/ŭ/u
  (Jong-eun, Jong-un), ae/ai, and Japanese long vowels ou/oo/oh/o, uu/u (Kohno, Kono); South
  Korean personal names often write eo as u before ng and after y (Byung, Kyung, Yun), so
  "ung" is "ong" and "yu" is "yo";
- consonants that McCune-Reischauer and Revised Romanisation write voiced or unvoiced are one
  before a vowel or consonant: k/g, t/d, p/b, ch/j, and sh/s (Tongchang-ri, Dongchang-ri; Kim,
  Gim); at the end of a word both systems write k, t, p, so "Yonhab" is not "Yonhap";
- a doubled consonant is one (Pukkuksong, Pukguksong; Punggye, Pungye).

What is left is what a misspelling changes: a vowel for another ("Hwasang"), a letter doubled
where none is ("Pungyye"), letters swapped ("Mudusan"), a letter lost ("Kim Jon Un"). Digits are
kept as they are: in "Hwasong-14" the number is the missile's identity, not its spelling.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable

# Longest first, applied left to right in one pass, so "eo" is read before "o" and "ch" before "h".
_FOLDS = {
    "ou": "o", "oo": "o", "uu": "u", "eo": "o", "eu": "u", "ai": "ae", "ung": "ong", "yu": "yo",
    "ch": "j", "sh": "s", "k": "g", "t": "d", "p": "b",
}
_FOLD = re.compile("|".join(re.escape(f) + ("(?=[^\\W\\d_])" if f in ("k", "t", "p") else "")
                            for f in sorted(_FOLDS, key=len, reverse=True)))
# "oh" before a consonant or at the end is a long o in Hepburn-style spellings (Kohno)
_LONG_OH = re.compile(r"oh(?![aeiouy])")
# a doubled consonant (not y, w, h or r, which mark syllables rather than length)
_DOUBLE = re.compile(r"([bcdfgjklmnpqstvxz])\1+")
# where a name is cut into words: spaces, hyphens and dashes, apostrophes, dots
_SEPARATOR = re.compile(r"[\W_]+")


def plain(text: str) -> str:
    """Lower case without diacritics: "Kōno" -> "kono", "Jŏng-ŭn" -> "jong-un"."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> tuple[str, ...]:
    """The words of a spelling, plain: "Kim Jong-un" -> ("kim", "jong", "un")."""
    return tuple(w for w in _SEPARATOR.split(plain(text)) if w)


@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """The romanisation-neutral form of one plain word (cached: the words of a text repeat)."""
    folded = _FOLD.sub(lambda m: _FOLDS[m.group()], _LONG_OH.sub("o", word))
    return _DOUBLE.sub(r"\1", folded)


def key(text: str) -> str:
    """What every right spelling of one name shares: "Kim Jong-un", "Kim Jongun" and "KIM JONG
    UN" all give "gimjongun"; a consonant doubled across words is one ("Pung gye")."""
    return key_of(words(text))


def key_of(plain_words: Iterable[str]) -> str:
    """`key` of a name already cut into plain words."""
    return _DOUBLE.sub(r"\1", "".join(fold(word) for word in plain_words))


def digits(text: str) -> tuple[str, ...]:
    """The numbers in a name ("Hwasong-14" -> ("14",)): a name with other numbers is another
    thing, however close its letters."""
    return tuple(re.findall(r"\d+", text))
