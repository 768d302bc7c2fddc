"""Numbers as written in news copy: "1,000", "6.1", "Twenty", "two dozen", "two hundred".

Word numbers are read by text2num (a maintained parser of English number words); this module
only finds where a number starts and ends and applies the scale words text2num does not know.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Optional

from text_to_num import text2num

from .lexicon import lexicon

_SMALL = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
          "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ("hundred", "thousand", "million", "billion", "trillion")
_COUNTING = ("dozen", "dozens", "score")
_WORD = "|".join(sorted(_SMALL + _TENS + list(_SCALES) + list(_COUNTING), key=len, reverse=True))
# A run of number words joined by spaces, hyphens or "and" ("two hundred and fifty"),
# optionally led by "a" or "half a" ("a dozen", "a hundred").
_HALF = r"(?:\s+and\s+a\s+half\b)?"  # "15 and a half", "two and a half"
WORD_NUMBER = re.compile(
    rf"\b(?:(?:half\s+)?an?\s+(?=(?:{'|'.join(_SCALES + _COUNTING)})\b))?(?:{_WORD})"
    rf"(?:(?:\s+and\s+(?!a\s+half)|[\s-]+)(?:{_WORD}))*\b{_HALF}",
    re.IGNORECASE,
)
DIGIT_NUMBER = re.compile(
    r"(?<![\w.,/:])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d,]\d)"
    rf"(?:[\s-]+(?:hundred|thousand|million|billion|trillion|bn)\b)?{_HALF}",
    re.IGNORECASE,
)
_HALF_SUFFIX = re.compile(r"\s+and\s+a\s+half$", re.IGNORECASE)


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    value: float
    precision: float  # half a unit of the last written digit: 6.1 -> 0.05; 0 when exact
    words: bool  # spelled out in words
    indefinite: bool = False  # "a"/"an" read as one after a hedge ("more than a decade")


def find_numbers(text: str) -> Iterator[Number]:
    """Every number in `text`, left to right, digits and words, never overlapping."""
    found: list[Number] = []
    for match in DIGIT_NUMBER.finditer(text):
        number = _digits(match.group(0), match.start(), match.end())
        if number:
            found.append(number)
    taken = [(n.start, n.end) for n in found]
    for match in WORD_NUMBER.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        number = _words(match.group(0), match.start(), match.end())
        if number:
            found.append(number)
    yield from sorted(found, key=lambda n: n.start)


def _digits(surface: str, start: int, end: int) -> Optional[Number]:
    half = _HALF_SUFFIX.search(surface)
    if half:
        number = _digits(surface[:half.start()], start, end)
        return Number(start, end, number.value + 0.5, 0.0, words=False) if number else None
    parts = re.split(r"[\s-]+", surface)
    figure = parts[0].replace(",", "")
    value = float(figure)
    precision = 0.5 * 10 ** -len(figure.split(".")[1]) if "." in figure else 0.0
    if len(parts) > 1:
        scale = lexicon()["multipliers"][parts[-1].lower()]
        value *= scale
        precision *= scale
    return Number(start, end, value, precision, words=False)


def parse_words(surface: str) -> Optional[float]:
    """The value of a run of number words, or None ("two dozen" -> 24, "a hundred" -> 100)."""
    words = re.sub(r"[\s-]+", " ", surface.lower()).strip()
    if words.endswith(" and a half"):
        whole = parse_words(words[:-len(" and a half")])
        return None if whole is None else whole + 0.5
    factor = 1.0
    if words.startswith("half "):
        factor, words = 0.5, words[5:]
    if words.startswith(("a ", "an ")):
        words = "one " + words.split(" ", 1)[1]
    tail = words.rsplit(" ", 1)
    counting = lexicon()["multipliers"]
    if tail[-1] in _COUNTING:
        factor *= counting[tail[-1]]
        words = tail[0] if len(tail) == 2 else "one"
    try:
        return factor * float(text2num(words, "en"))
    except ValueError:
        return None


def _words(surface: str, start: int, end: int) -> Optional[Number]:
    # A lone "a"/"an"/"half" belongs to the noun phrase, not the number ("an hour").
    value = parse_words(surface)
    if value is None:
        # "one two three" is not one number: keep the first word that parses alone.
        first = re.match(r"[A-Za-z]+", surface)
        if not first or (value := parse_words(first.group(0))) is None:
            return None
        end = start + first.end()
    return Number(start, end, value, 0.0, words=True)
