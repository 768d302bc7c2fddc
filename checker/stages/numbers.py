"""Numbers as written in news copy: "1,000", "6.1", "Twenty", "two dozen", "two hundred".

Word numbers are read by text2num (a maintained parser of English number words); this module
only finds where a number starts and ends and applies the scale words text2num does not know.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Optional

from text_to_num import text2num

from checker.lexicon import lexicon

_SMALL = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
          "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ("hundred", "thousand", "million", "billion", "trillion")
_COUNTING = ("dozen", "score")  # "dozens", "scores": vague, no figure
_WORD = "|".join(sorted(_SMALL + _TENS + list(_SCALES) + list(_COUNTING), key=len, reverse=True))
# A run of number words joined by spaces, hyphens or "and" ("two hundred and fifty"),
# optionally led by "a" or "half a" ("a dozen", "a hundred").
_HALF = r"(?:\s+and\s+a\s+half\b)?"  # "15 and a half", "two and a half"
WORD_NUMBER = re.compile(
    rf"\b(?:(?:half\s+)?an?\s+(?=(?:{'|'.join(_SCALES + _COUNTING)})\b))?(?:{_WORD})"
    rf"(?:(?:\s+and\s+(?!a\s+half)|[\s-]+)(?:{_WORD}))*\b{_HALF}",
    re.IGNORECASE,
)
_SCALE_WORDS = r"(?:hundred|thousand|million|billion|trillion|bn|lakh|crore)"
# Scale abbreviations glued to digits that no unit shares ("3.1bn", "1.2tn", "12k"); "m" and
# "b" glued to digits are metres and bytes unless a currency sign comes first (extract.py).
_GLUED_SCALES = r"(?:bn|tn|trn|mn|mln|k)"
_VULGAR = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"
# Longer figures are no quantity a reader can check (and would overflow a float): unreadable.
MAX_FIGURE_LENGTH = 40


@lru_cache(maxsize=1)
def _digit_pattern() -> re.Pattern[str]:
    """Digits: "1,000", "10 000" (space-grouped thousands), "12,34,567.89" (Indian grouping),
    "6.1", ".600", "4e14" / "9.83e-3" (scientific), a mixed or plain fraction ("2 1/2", "1/4")
    and a vulgar fraction ("2½", "½"). A figure starts after no word character, except a
    currency code or letter sign glued to it ("AUD2.4m", "RM3.15": lexicon data)."""
    lex = lexicon()
    prefixes = set(lex["currency_codes_before"]) | {
        sign for sign in lex["currency_signs"] if sign.isalpha()} | set(lex["magnitude_prefixes"])
    by_length: dict[int, list[str]] = {}
    for prefix in prefixes:
        by_length.setdefault(len(prefix), []).append(rf"\b{re.escape(prefix)}")
    glued = "".join(f"|(?<={'|'.join(sorted(group))})" for group in by_length.values())
    return re.compile(
        rf"(?:(?<![\w.,/:]){glued})"
        rf"(?:\d{{1,2}}/\d{{1,2}}(?![\d/])|(?:\d{{1,3}}(?:,\d{{3}})+|\d{{1,2}}(?:,\d{{2}})+,\d{{3}}|\d{{1,3}}(?:[ \u00a0\u2009\u202f]\d{{3}})+(?![\d,.]\d)|\d+|(?<![^\s(])(?=\.\d))(?:\.\d+)?"
        rf"(?:[eE][-−+]?\d+(?![\w]))?(?![\d,]\d)(?:[ \u00a0]\d{{1,2}}/\d{{1,2}}(?![\d/]))?[{_VULGAR}]?"
        rf")"
        rf"(?:[\s-]+{_SCALE_WORDS}\b|(?<=\d){_GLUED_SCALES}\b)?{_HALF}",
        re.IGNORECASE,
    )
_FRACTION = re.compile(r"^(?:(\d+)[ \u00a0])?(\d{1,2})/(\d{1,2})$")
_GROUP_SPACE = re.compile(r"(?<=\d)[ \u00a0\u2009\u202f](?=\d{3})")
_HALF_SUFFIX = re.compile(r"\s+and\s+a\s+half$", re.IGNORECASE)
_DENOMINATORS = (2, 3, 4, 5, 8, 10, 16)  # written fractions ("1/4 inch"); "9/11" is not one


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    value: float
    precision: float  # half a unit of the last significant digit: 6.1 -> 0.05, 370 -> 5; 0 when exact
    words: bool  # spelled out in words
    indefinite: bool = False  # "a"/"an" read as one after a hedge ("more than a decade")
    scale: float = 1.0  # the scale word or suffix applied ("75 billion" -> 1e9)
    fraction: bool = False  # a share in words ("one fifth", "two thirds", "three in four")


def find_numbers(text: str) -> Iterator[Number]:
    """Every number in `text`, left to right, digits and words, never overlapping."""
    found: list[Number] = list(_ratios(text))

    def free(start: int, end: int) -> bool:
        return not any(n.start < end and start < n.end for n in found)

    for match in _digit_pattern().finditer(text):
        if match.end() == match.start():
            continue  # ".0,0": the leading-point alternative can match nothing
        if _split_by_format_character(text, match.start(), match.end()):
            continue  # "2\u200b00": the digits around an invisible character are no figure
        number = _digits(match.group(0), match.start(), match.end())
        if number and free(number.start, number.end):
            found.append(number)
    for number in _fraction_words(text):
        if free(number.start, number.end):
            found.append(number)
    vague = _vague_pattern()
    for match in WORD_NUMBER.finditer(text):
        vague_match = vague.search(text, 0, match.end())
        if not free(match.start(), match.end()) or (vague_match is not None
                                                    and vague_match.end() == match.end()):
            continue
        number = _words(match.group(0), match.start(), match.end())
        if number:
            found.append(number)
    yield from sorted(found, key=lambda n: n.start)


@lru_cache(maxsize=1)
def _vague_pattern() -> re.Pattern[str]:
    """"several hundred", "a few thousand": a bare scale word after a vague word is no figure."""
    words = "|".join(re.escape(w) for w in lexicon()["vague_before"])
    scales = "|".join(_SCALES + _COUNTING)
    return re.compile(rf"\b(?:{words})\s+(?:{scales})\b", re.IGNORECASE)


_RATIO = re.compile(r"\b(?P<part>\d{1,3}|[A-Za-z]+)\s+in\s+(?P<whole>\d{1,4}|[A-Za-z]+)\b(?![.,]\d)")


def _ratios(text: str) -> Iterator[Number]:
    """"one in five voters", "3 in 10 adults": a share, part over whole (a whole above 1000
    would be a year: "2 in 2019")."""
    for match in _RATIO.finditer(text):
        part, whole = (_ratio_term(match.group(g)) for g in ("part", "whole"))
        if part and whole and 0 < part < whole <= 1000:
            yield Number(match.start(), match.end(), part / whole, 0.0, words=True, fraction=True)


def _ratio_term(term: str) -> Optional[float]:
    if term.isdigit():
        return float(term)
    lowered = term.lower()
    return float(_SMALL.index(lowered)) if lowered in _SMALL[1:] else (
        float(20 + 10 * _TENS.index(lowered)) if lowered in _TENS else None)


def _split_by_format_character(text: str, start: int, end: int) -> bool:
    """A zero-width or bidi control character (Unicode category Cf) between digits: reading
    either side alone would give a wrong figure ("2" or "00" for "2\u200b00")."""
    before = start >= 2 and unicodedata.category(text[start - 1]) == "Cf" and text[start - 2].isdigit()
    after = end + 1 < len(text) and unicodedata.category(text[end]) == "Cf" and text[end + 1].isdigit()
    return before or after


@lru_cache(maxsize=1)
def _fraction_pattern() -> re.Pattern[str]:
    """Fractions in words: "two thirds", "one-half", "a quarter million", "three quarters
    billion", "half million". A lone "a third"/"one quarter" stays an ordinary phrase ("a third
    round of talks", "in one quarter")."""
    lex = lexicon()
    fractions = "|".join(sorted(lex["fraction_words"], key=len, reverse=True))
    plurals = "|".join(sorted((w for w in lex["fraction_words"] if w.endswith("s")
                               and w not in lex["fraction_plurals_need_scale"]), key=len, reverse=True))
    singulars = "|".join(sorted((w for w in lex["fraction_words"] if not w.endswith("s")),
                                key=len, reverse=True))
    cardinals = "|".join(_SMALL[1:10])
    scales = "|".join(_SCALES)
    return re.compile(
        rf"\b(?:(?:(?P<lead>an?|{cardinals})[\s-]+)?(?P<frac>{fractions})\s+(?:an?\s+)?(?P<scale>{scales})"
        rf"|(?P<lead2>{cardinals})-(?P<frac2>{fractions})|(?P<lead3>{cardinals})\s+(?P<frac3>{plurals})"
        # "one fifth of voters", "a quarter of households", "grew by a third"
        rf"|(?P<lead4>an?|one)\s+(?P<frac4>{singulars})(?=\s+of\b)"
        rf"|(?<=\bby\s)(?P<lead5>an?|one)\s+(?P<frac5>{singulars})(?!\s+\w+\s+(?:of|in)\b))\b",
        re.IGNORECASE)


def find_vulgar_fractions(text: str) -> Iterator[Number]:
    """A vulgar fraction standing alone ("½ teaspoon", "a ⅓ cup"); "2½" is found by
    find_numbers. Kept apart because it contains no digit character."""
    for match in re.finditer(rf"(?<![\w.,/])[{_VULGAR}](?![\w{_VULGAR}])", text):
        yield Number(match.start(), match.end(), unicodedata.numeric(match.group(0)), 0.0,
                     words=False)


def _fraction_words(text: str) -> Iterator[Number]:
    denominators = lexicon()["fraction_words"]
    multipliers = lexicon()["multipliers"]
    for match in _fraction_pattern().finditer(text):
        lead = next((match.group(g) for g in ("lead", "lead2", "lead3", "lead4", "lead5")
                     if match.group(g)), None)
        frac = next(match.group(g) for g in ("frac", "frac2", "frac3", "frac4", "frac5")
                    if match.group(g)).lower()
        numerator = 1.0 if lead is None or lead.lower() in ("a", "an") else parse_words(lead)
        value = numerator / denominators[frac]
        scale = match.group("scale")
        if scale:
            value *= multipliers[scale.lower()]
        yield Number(match.start(), match.end(), value, 0.0, words=True, fraction=not scale)


def _digits(surface: str, start: int, end: int) -> Optional[Number]:
    if len(surface) > MAX_FIGURE_LENGTH:
        return None
    half = _HALF_SUFFIX.search(surface)
    if half:
        number = _digits(surface[:half.start()], start, end)
        return Number(start, end, number.value + 0.5, 0.0, words=False) if number else None
    sign = 1.0
    surface = _GROUP_SPACE.sub("", surface)
    scale_match = re.search(rf"(?:[\s-]+({_SCALE_WORDS})|(?<=\d)({_GLUED_SCALES}))$", surface,
                            re.IGNORECASE)
    scale = 1.0
    if scale_match:
        word = (scale_match.group(1) or scale_match.group(2)).lower()
        scale = float(lexicon()["multipliers"][word])
        surface = surface[:scale_match.start()]
    vulgar = 0.0
    if surface and surface[-1] in _VULGAR:
        vulgar = unicodedata.numeric(surface[-1])
        surface = surface[:-1]
    fraction = _FRACTION.match(surface)
    if fraction:
        whole, numerator, denominator = fraction.groups()
        numerator, denominator = int(numerator), int(denominator)
        if not (0 < numerator < denominator) or denominator not in _DENOMINATORS:
            return None  # "24/7", "9/11": not a fraction
        value = (int(whole) if whole else 0) + numerator / denominator
        return Number(start, end, sign * value * scale, 0.0, words=False, scale=scale)
    if not surface:
        return Number(start, end, sign * vulgar * scale, 0.0, words=False, scale=scale)
    figure = surface.replace(",", "").replace("−", "-")
    if re.search(r"[eE][-+]?\d{3,}", figure):
        return None  # an exponent of 100 or more: no news figure, and past float's range
    try:
        value = float(figure)
    except ValueError:
        return None  # "1,000 0/0": a mixed fraction with a grouped whole part is no figure
    value = sign * (value + vulgar) * scale
    if not math.isfinite(value) or (value != 0 and abs(value) < 1e-300):
        return None  # "1e400": out of range, so unreadable
    precision = 0.0 if vulgar else _precision(figure) * scale
    if "." not in figure and "e" not in figure.lower():
        # trailing zeros are rounding, but not beyond a tenth of the figure: "1,000 km" is
        # 900 to 1,100, not 500 to 1,500 ("200" is 180 to 220, "370" stays 365 to 375)
        precision = min(precision, max(0.5 * scale, 0.1 * abs(value)))
    return Number(start, end, value, precision, words=False, scale=scale)


def _precision(figure: str) -> float:
    """Half a unit of the last significant digit as written: "13.8" -> 0.05, "22" -> 0.5,
    "370" -> 5, "200" -> 50, "1000" -> 500 (trailing zeros of an integer are rounding; the
    caller caps that at a tenth of the figure), "0" and "0.0" -> exact to their last digit."""
    mantissa, _, exponent = figure.lower().partition("e")
    if "." in mantissa:
        step = 10.0 ** -len(mantissa.split(".")[1])
    else:
        digits = mantissa.lstrip("-+")
        zeros = len(digits) - len(digits.rstrip("0")) if digits.strip("0") else 0
        step = 10.0 ** zeros
    return 0.5 * step * 10.0 ** int(exponent.replace("−", "-") or 0)


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
    # as precise as the same whole number in digits ("nine kilometers" as "9 kilometers")
    precision = min(_precision(f"{value:.0f}"), max(0.5, 0.1 * abs(value))) \
        if value == int(value) else 0.0
    return Number(start, end, value, precision, words=True)
