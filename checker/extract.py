"""Claims: figures with their unit, hedge and counted thing, with exact character spans.

The extractor reads characters, not tokens, for the figure itself (spaCy splits "370-kilometer"
and "magnitude-6.3" differently from case to case), then asks the parse only what the parse
knows: which noun a bare number counts.
"""
from __future__ import annotations

import re
from itertools import islice
from typing import Iterable, Optional

from spacy.tokens import Doc, Span as SpacySpan

from . import units
from .document import Document
from .lexicon import lexicon
from .model import Claim, Interval, Span
from .numbers import Number, find_numbers

INF = float("inf")
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
           "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)
_WINDOW = 60  # characters a figure's hedge, sign or unit may span
_GAP = re.compile(r"[ \t\u00a0]*\n?[ \t\u00a0]*(?:-[ \t]*)?")  # between a figure and its unit: "370-km", "370 km"


def extract(document: Document, doc: Doc) -> list[Claim]:
    """All figure claims of a document, in text order."""
    claims: list[Claim] = []
    for sentence in doc.sents:
        claims.extend(_sentence_claims(document, sentence))
    return claims


def _sentence_claims(document: Document, sentence: SpacySpan) -> Iterable[Claim]:
    text = sentence.text
    base = document.body_start + sentence.start_char
    numbers = sorted(list(find_numbers(text)) + list(_indefinite_numbers(text)),
                     key=lambda n: n.start)
    index = 0
    while index < len(numbers):
        number = numbers[index]
        index += 1
        if _is_designator_or_date(text, number):
            continue
        high = None
        after = number.end
        range_match = _range_partner(text, number, numbers[index:index + 1])
        if range_match:
            high = numbers[index]
            index += 1
            after = high.end
        claim = _claim_at(document, sentence, text, base, number, high, after)
        if claim:
            yield claim


def _claim_at(document: Document, sentence: SpacySpan, text: str, base: int, number: Number,
              high: Optional[Number], after: int) -> Optional[Claim]:
    lex = lexicon()
    start, end = number.start, after
    qualifier = _hedge_before(text, start)
    if qualifier is None and _phrase_before(text, start, lex["increments"], joiners=" ") is not None:
        qualifier = "increment"
    unit: Optional[str] = None
    kind = None

    currency = _currency_before(text, start)
    if currency:
        sign, unit = currency
        start -= len(sign)
        kind = "measure"
    magnitude_before = _phrase_before(text, start, lex["magnitude_before"], joiners=" -")
    if not unit and magnitude_before is not None:
        start = magnitude_before
        unit, kind = "seismic_magnitude", "magnitude"
    if not unit:
        found = _unit_after(text, end)
        if found:
            unit_end, unit = found
            end = unit_end
            kind = "magnitude" if unit == "seismic_magnitude" else None
    if qualifier and "not_for" in lex["hedges"][qualifier.lower()] and unit and \
            units.dimension(unit) == lex["hedges"][qualifier.lower()]["not_for"]:
        qualifier = None
    if number.indefinite and kind is None and not unit:
        return None  # "more than a" that no unit follows is no figure
    if not unit:
        scale_end = _phrase_after(text, end, lex["magnitude_after"])
        if scale_end is not None:
            end, unit, kind = scale_end, "seismic_magnitude", "magnitude"

    counted = None
    if not unit and _bare_magnitude(text, number, high):
        unit, kind = "seismic_magnitude", "magnitude"
    if not unit:
        if _looks_like_year(text, number, high):
            return None
        noun = _counted_noun(sentence, number, high)
        if noun is None:
            return None
        counted, end = noun.lemma_.lower(), max(end, noun.idx + len(noun) - sentence.start_char)
        kind = "count"
    elif kind is None:
        kind = "duration" if units.dimension(unit) == "[time]" else "measure"

    if qualifier is None and high is None and _glued_letters(text, number.end) and number.end == end:
        return None
    interval = _interval(number, high, qualifier)
    span = Span(base + start, base + end, *document.position(base + start))
    return Claim(
        kind=kind,
        text=text[start:end],
        span=span,
        value=number.value,
        unit=unit,
        interval=interval,
        sentence=(base, base + len(text)),
        qualifier=qualifier,
        counted=counted,
        sentence_text=text,
    )


def _before(text: str, position: int) -> str:
    """The few words before a figure: every look-behind reads a bounded window, so a huge
    sentence full of numbers costs linear time, not quadratic."""
    return text[max(0, position - _WINDOW):position]


def _indefinite_numbers(text: str) -> Iterable[Number]:
    """"more than a decade", "almost an hour": after a hedge, "a"/"an" is the number one.
    Whether a unit follows is decided like for any other figure."""
    hedges = "|".join(re.escape(h) for h in sorted(lexicon()["hedges"], key=len, reverse=True))
    for match in re.finditer(rf"(?<![\w-])(?:{hedges})\s+(an?)\b", text, re.IGNORECASE):
        yield Number(match.start(1), match.end(1), 1.0, 0.0, words=True, indefinite=True)


def _is_designator_or_date(text: str, number: Number) -> bool:
    """Model names ("Hwasong-15", "F-35"), ordinals ("6th"), times, and day numbers after a
    month ("April 6-7") are not figures."""
    before = _before(text, number.start)
    if re.search(r"[A-Za-z]-$", before) and not re.search(
            r"(?:magnitude|Mw|mb)-$", before, re.IGNORECASE):
        return True
    if re.search(r"[A-Za-z]$", before):
        return True
    if _ORDINAL_SUFFIX.match(text, number.end) and not number.words:
        return True
    if re.match(r"[:/]\d", text[number.end:number.end + 2]):
        return True
    previous = re.search(r"([A-Za-z]+)\.?\s+$", before)
    return bool(previous and previous.group(1).lower() in _MONTHS and not number.words)


def _glued_letters(text: str, end: int) -> bool:
    return bool(re.match(r"[A-Za-z]", text[end:end + 1]))


def _range_partner(text: str, number: Number, following: list[Number]) -> bool:
    if not following:
        return False
    between = text[number.end:following[0].start].strip().lower()
    if between not in lexicon()["range_connectors"]:
        return False
    if between in ("and", "or"):
        return bool(re.search(r"\bbetween\s+\S*$", _before(text, number.start), re.IGNORECASE)) \
            or between == "or" and bool(re.match(r"\s*\w", text[following[0].end:]))
    return True


def _hedge_before(text: str, start: int) -> Optional[str]:
    before = _before(text, start)
    sign = re.search(r"(?:US\$|[$€£¥])$", before)
    if sign:
        before = before[:sign.start()]
    for hedge in sorted(lexicon()["hedges"], key=len, reverse=True):
        if re.search(rf"(?<![\w-]){re.escape(hedge)}\s+$", before, re.IGNORECASE):
            return hedge
    return None


def _currency_before(text: str, start: int) -> Optional[tuple[str, str]]:
    for sign, code in sorted(lexicon()["currency_signs"].items(), key=lambda kv: -len(kv[0])):
        if text.endswith(sign, 0, start):
            return sign, str(units.parse_unit(code))
    return None


def _phrase_before(text: str, start: int, phrases: list[str], joiners: str) -> Optional[int]:
    """Where one of `phrases` starts if it ends right before `start` (joined by `joiners`)."""
    before = _before(text, start)
    offset = start - len(before)
    for phrase in sorted(phrases, key=len, reverse=True):
        match = re.search(rf"(?<![\w-]){re.escape(phrase)}[{re.escape(joiners)}]$", before,
                          re.IGNORECASE if phrase.islower() else 0)
        if match:
            return offset + match.start()
    return None


def _phrase_after(text: str, end: int, phrases: list[str]) -> Optional[int]:
    for phrase in sorted(phrases, key=len, reverse=True):
        pattern = r"[ \t-]+".join(re.escape(w) for w in phrase.split())
        match = re.compile(rf"[ \t]*-?[ \t]*{pattern}\b", re.IGNORECASE).match(text, end)
        if match:
            return match.end()
    return None


def _unit_after(text: str, end: int) -> Optional[tuple[int, str]]:
    """The longest run of one to three words after a figure that names a unit."""
    gap = _GAP.match(text, end)
    position = gap.end() if gap else end
    if text.startswith("%", position):
        return position + 1, "percent"
    words = list(islice(re.finditer(r"[A-Za-z][A-Za-z.]*[A-Za-z]|[A-Za-z]|[°][CF]",
                                    text[position:position + _WINDOW]), 3))
    for count in range(min(3, len(words)), 0, -1):
        chunk = words[:count]
        separators = [text[position + a.end():position + b.start()] for a, b in zip(chunk, chunk[1:])]
        if chunk[0].start() != 0 or any(not re.fullmatch(r"\s+|-", sep) for sep in separators):
            continue
        phrase = " ".join(w.group(0) for w in chunk)
        unit = units.unit_for_words(phrase)
        if unit:
            return position + chunk[-1].end(), unit
    return None


def _bare_magnitude(text: str, number: Number, high: Optional[Number]) -> bool:
    surface = text[number.start:number.end]
    if number.words or not re.fullmatch(r"\d\.\d", surface) or (high and not re.fullmatch(
            r"\d\.\d", text[high.start:high.end])):
        return False
    cues = "|".join(re.escape(c) for c in lexicon()["magnitude_cues"])
    return bool(re.search(rf"\b(?:{cues})", text, re.IGNORECASE))


def _looks_like_year(text: str, number: Number, high: Optional[Number]) -> bool:
    surface = text[number.start:number.end]
    return (not number.words and surface.isdigit() and len(surface) == 4
            and 1000 <= number.value <= 2199 and high is None) or (
        high is not None and surface.isdigit() and len(surface) == 4)


def _counted_noun(sentence: SpacySpan, number: Number, high: Optional[Number]):
    """The noun a bare number counts ("four missiles", "19 additional North Korean entities")."""
    doc = sentence.doc
    last = (high or number)
    span = doc.char_span(sentence.start_char + number.start, sentence.start_char + last.end,
                         alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tail = span[-1]
    if doc.has_annotation("DEP"):
        # The noun the number's words modify: the head outside the number, to its right.
        heads = [t.head for t in span if t.head.i >= span.end and t.head.i - span.end < 6]
        if not heads:
            return None
        head = heads[0]
        nominal = head.pos_ in ("NOUN", "PROPN")
        while head.dep_ == "compound" and 0 < head.head.i - head.i <= 2:
            head = head.head  # "five missile launches" counts launches, whatever its tag
        between = doc[span.end:head.i]
        if any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") or t.pos_ in ("ADP", "PRON", "DET")
               for t in between):
            return None  # "the two discussed efforts": a verb in between, not one noun phrase
        if nominal and not _is_number_token(head) and not _unitish(head):
            return head
        return None
    # No parse: the first noun after the number, across adjectives and name words.
    for token in doc[tail.i + 1:min(tail.i + 6, sentence.end)]:
        if token.is_punct:
            return None
        if token.pos_ == "NOUN" or (not token.pos_ and token.is_alpha and token.is_lower
                                     and token.text.lower() not in ("and", "or", "of", "to", "in")):
            return None if _unitish(token) else token
    return None


def _is_number_token(token) -> bool:
    return token.like_num or token.lower_ in lexicon()["multipliers"] or token.lower_ in ("a", "half")


def _unitish(token) -> bool:
    return token.lower_ in _MONTHS or units.unit_for_words(token.text) is not None


def _interval(number: Number, high: Optional[Number], qualifier: Optional[str]) -> Interval:
    low_value = number.value - number.precision
    high_value = (high or number).value + (high or number).precision
    if qualifier is None or qualifier == "increment":
        return Interval(low_value, high_value)
    hedge = lexicon()["hedges"][qualifier.lower()]
    spread = hedge.get("relative", 0.0)
    strict = hedge.get("strict", False)
    if hedge.get("upper"):
        return Interval(low_value * (1 - spread) if spread else 0.0, high_value, high_open=strict)
    if hedge.get("lower"):
        return Interval(low_value, high_value * (1 + spread) if spread else INF, low_open=strict)
    return Interval(low_value * (1 - spread), high_value * (1 + spread))
