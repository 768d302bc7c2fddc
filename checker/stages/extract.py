"""Claims: figures with their unit, hedge and counted thing, with exact character spans.

The extractor reads characters, not tokens, for the figure itself (spaCy splits "370-kilometer"
and "magnitude-6.3" differently from case to case), then asks the parse only what the parse
knows: which noun a bare number counts.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from itertools import islice
from typing import Iterable, Optional

from spacy.tokens import Doc, Span as SpacySpan

from checker.stages import units
from checker.stages.document import Document
from checker.lexicon import lexicon, months
from checker.model import Claim, Interval, Span
from checker.stages.numbers import Number, find_numbers, find_vulgar_fractions

INF = float("inf")
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)
_WINDOW = 60  # characters a figure's hedge, sign or unit may span
_GAP = re.compile(r"[ \t\u00a0]*\n?[ \t\u00a0]*(?:-[ \t]*)?")  # between a figure and its unit: "370-km", "370 km"


def extract(document: Document, doc: Doc) -> list[Claim]:
    """All figure claims of a document, in text order. Several components read them (figures,
    events), so they are found once per parsed text and kept with it."""
    key = ("checker.figures", document.path, document.body_start, document.text)
    cached = doc.user_data.get(key)
    if cached is None:
        cached = doc.user_data[key] = [claim for sentence in doc.sents
                                      for claim in _sentence_claims(document, sentence)]
    return list(cached)


def _sentence_claims(document: Document, sentence: SpacySpan) -> Iterable[Claim]:
    text = sentence.text
    base = document.body_start + sentence.start_char
    numbers = sorted(list(find_numbers(text)) + list(_indefinite_numbers(text))
                     + list(find_vulgar_fractions(text)),
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
    number, high = _signed(text, number), high and _signed(text, high)
    start, end = number.start, after
    unit: Optional[str] = None
    kind = None

    currency = _currency_before(text, start)
    if currency:
        sign, unit = currency
        start -= len(sign)
        kind = "measure"
        scaled = _currency_scale(text, end)
        if scaled and high is None:
            end, factor = scaled
            number = replace(number, value=number.value * factor,
                             precision=number.precision * factor)
        rate = _rate_after(text, end, unit)
        if rate:
            end, unit = rate
    qualifier = _hedge_before(text, start)
    if qualifier is None and _phrase_before(text, start, lex["increments"], joiners=" ") is not None:
        qualifier = "increment"
    magnitude_before = _phrase_before(text, start, lex["magnitude_before"], joiners=" -")
    if not unit and magnitude_before is not None:
        start = magnitude_before
        unit, kind = "seismic_magnitude", "magnitude"
    if not unit:
        found = _unit_after(text, end, number)
        if found:
            unit_end, unit = found
            end = unit_end
            kind = "magnitude" if unit == "seismic_magnitude" else None
            if unit == "pound" and text[end - 6:end].lower() == "pounds" and _money_context(text, end):
                unit = str(units.parse_unit(lex["money_pounds"]))
    hedge = lex["hedges"].get(qualifier.lower(), {}) if qualifier else {}
    if "not_for" in hedge and unit and units.dimension(unit) == hedge["not_for"]:
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

    if qualifier is None and high is None and _glued_letters(text, number.end) and (
            number.end == end or unit is None):
        return None  # "13F filing", "3D printers": a name glued to digits counts nothing
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


_MINUS = re.compile(r"(?<![\w.,/:%)\-−])[-−]$")


def _signed(text: str, number: Number) -> Number:
    """A minus sign glued before a figure ("-15", "−273.15", "$-99.99") makes it negative and
    belongs to its span; a hyphen after a word or figure ("F-35", "10-15") does not."""
    if number.words or not _MINUS.search(text[max(0, number.start - 2):number.start]):
        return number
    return replace(number, start=number.start - 1, value=-number.value)


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
    if _currency_before(text, number.start):
        return False  # "USD115", "C$16.4"
    if re.search(r"[A-Za-z]-$", before) and not re.search(
            r"(?:magnitude|Mw|mb)-$", before, re.IGNORECASE):
        return True
    if re.search(r"[A-Za-z]$", before):
        return True
    if _ORDINAL_SUFFIX.match(text, number.end) and not number.words:
        return True
    if re.match(r"[:/]\d", text[number.end:number.end + 2]):
        return True
    clock = "|".join(re.escape(w) for w in lexicon()["clock_words"])
    if re.match(rf"[ \t]?(?:{clock})(?![\w])", text[number.end:number.end + 6], re.IGNORECASE):
        return True  # "2 pm", "10.30 a.m.": a time of day
    previous = re.search(r"([A-Za-z]+)\.?\s+$", before)
    return bool(previous and previous.group(1).lower() in months() and not number.words)


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


@lru_cache(maxsize=1)
def _currency_patterns() -> tuple[re.Pattern, dict[str, str], re.Pattern]:
    """Currency signs before a figure ("$ 75 million", "C$16.4", "US $ 150") and ISO codes
    ("USD 200", "EUR125"), as one pattern anchored at the end of the text before the figure."""
    lex = lexicon()
    alternatives, codes = [], {}
    for sign, code in sorted(lex["currency_signs"].items(), key=lambda kv: -len(kv[0])):
        prefix = re.match(r"[A-Za-z. ]*", sign).group(0)
        symbol = sign[len(prefix):]
        prefix = prefix.strip()
        if prefix:
            space = "" if len(prefix) == 1 else r"[ \t]?"  # "a $5 bill", "music's $500"
            pattern = r"(?<![A-Za-z.])" + re.escape(prefix).replace(r"\ ", r"[ \t]?") + space
            alternatives.append(pattern + re.escape(symbol))
        else:
            alternatives.append(re.escape(symbol))
        codes[re.sub(r"\s", "", sign).upper()] = code
    code_words = "|".join(lex["currency_codes_before"])
    signs = re.compile(rf"(?:{'|'.join(alternatives)})[ \t\u00a0]?$", re.IGNORECASE)
    iso = re.compile(rf"(?<![A-Za-z])(?:{code_words}|{code_words.lower()})[ \t\u00a0]?$")
    return signs, codes, iso


def _currency_before(text: str, start: int) -> Optional[tuple[str, str]]:
    """The currency sign or code written before a figure, as (its text with any space, unit)."""
    signs, codes, iso = _currency_patterns()
    before = _before(text, start)
    match = signs.search(before)
    if match:
        written = match.group(0)
        code = codes.get(re.sub(r"\s", "", written).upper())
        if code:
            return written, str(units.parse_unit(code))
    match = iso.search(before)
    if match and not re.search(r"\d[ \t\u00a0]*$", before[:match.start()]):  # "10 rmb 20 usd"
        code = match.group(0).strip().upper()
        unit = units.unit_for_words(code)
        if unit:
            return match.group(0), unit
    return None


def _currency_scale(text: str, end: int) -> Optional[tuple[int, float]]:
    """"$1.8m", "€10B", "$2.174T": a scale letter glued to a figure after a currency sign."""
    suffixes = lexicon()["currency_scale_suffixes"]
    match = re.match(r"[A-Za-z]+(?![\w])", text[end:end + 4])
    if match and match.group(0) in suffixes:
        return end + match.end(), float(suffixes[match.group(0)])
    return None


def _rate_after(text: str, end: int, unit: str) -> Optional[tuple[int, str]]:
    """"$15.4/hour", "$350 per kg", "188 miles an hour": a unit divided by the next one.
    "a"/"an" divide only by time, and not in "a year ago"."""
    lex = lexicon()
    match = re.compile(r"[ \t]*(?:(/)|(per|an?)[ \t]+)([A-Za-z]+)\b").match(text, end)
    if not match or (match.group(2) and match.group(2).lower() not in lex["per_words"]):
        return None
    denominator = units.unit_for_words(match.group(3))
    if denominator is None:
        return None
    if match.group(2) and match.group(2).lower() in ("a", "an"):
        follower = re.match(r"[ \t]+([A-Za-z]+)", text[match.end():])
        if units.dimension(denominator) != "[time]" or (
                follower and follower.group(1).lower() in lex["not_rate_followers"]):
            return None
    try:
        return match.end(), str(units.parse_unit(f"({unit})/({denominator})"))
    except ValueError:
        return None


def _money_context(text: str, end: int) -> bool:
    """"spent 20 million pounds": money; "500 pounds of explosives": mass."""
    if re.match(r"\s+of\b", text[end:]):
        return False
    cues = set(lexicon()["money_cues"])
    return any(word.lower() in cues for word in re.findall(r"[A-Za-z]+", text))


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


_SYMBOLS = re.compile(r"[A-Za-zµμ]+(?:\^[-−]?[1-3]|[-−][1-3]|[23]|[²³])?"
                      r"(?:/[A-Za-zµμ]+(?:\^[-−]?[1-3]|[-−][1-3]|[23]|[²³])?)*(?![\w^/])")
_WORDS = re.compile(r"[A-Za-z][A-Za-z.]*[A-Za-z]|[A-Za-z]")


def _unit_after(text: str, end: int, number: Optional[Number] = None) -> Optional[tuple[int, str]]:
    """The unit written after a figure: a sign ("%", "€", "°C", 8"), a symbol compound ("km2",
    "J/m^2"), the longest run of one to three words that names a unit, or a short symbol that
    only context makes a unit ("1.8m tall"); then a divisor ("per hour", "/h", "an hour")."""
    found = _unit_at(text, end, number)
    if found and found[1] not in ("percent",) and units.dimension(found[1]) != "[temperature]":
        rate = _rate_after(text, found[0], found[1])
        if rate:
            return rate
    return found


def _unit_at(text: str, end: int, number: Optional[Number]) -> Optional[tuple[int, str]]:
    lex = lexicon()
    gap = _GAP.match(text, end)
    position = gap.end() if gap else end
    if text.startswith("%", position):
        return position + 1, "percent"
    sign = _currency_sign_after(text, end)
    if sign:
        return sign
    degree = re.compile(r"[ \t]?[°º][ \t]?([A-Za-z]+)?").match(text, end)
    if degree:
        scale = lex["temperature_scales"].get((degree.group(1) or "").lower())
        if scale and (degree.group(1).isupper() or len(degree.group(1)) > 1):
            return degree.end(), str(units.parse_unit(scale))
        return None
    if text[end:end + 1] in lex["inch_signs"] and number is not None and not number.words \
            and text[number.start - 1:number.start] not in ('"', "“", "”"):
        return end + 1, "inch"
    symbols = _SYMBOLS.match(text, position)
    if symbols and re.search(r"[/^\d²³−]", symbols.group(0)):
        unit = units.unit_for_symbols(symbols.group(0))
        if unit and (re.search(r"[/^²³−-]", symbols.group(0)) or "[length]" in units.dimension(unit)):
            return symbols.end(), unit
    words = list(islice(_WORDS.finditer(text[position:position + _WINDOW]), 3))
    for count in range(min(3, len(words)), 0, -1):
        chunk = words[:count]
        separators = [text[position + a.end():position + b.start()] for a, b in zip(chunk, chunk[1:])]
        if chunk[0].start() != 0 or any(not re.fullmatch(r"\s+|-", sep) for sep in separators):
            continue
        if count == 1 and re.match(r"[\w^]", text[position + chunk[0].end():position + chunk[0].end() + 1]):
            continue  # "USD50", "km2": part of a longer token
        phrase = " ".join(w.group(0) for w in chunk)
        unit = units.unit_for_words(phrase)
        if unit:
            return position + chunk[-1].end(), unit
    return _context_symbol(text, end, position, number)


def _currency_sign_after(text: str, end: int) -> Optional[tuple[int, str]]:
    """"10 €", "100₾": a currency sign that is no letter, after the figure, when no figure
    follows it (in "2 $5 bills" the sign belongs to the 5)."""
    for sign, code in sorted(lexicon()["currency_signs"].items(), key=lambda kv: -len(kv[0])):
        if re.search(r"[A-Za-z]", sign):
            continue
        match = re.compile(rf"[ \t\u00a0]?{re.escape(sign)}").match(text, end)
        if match and not re.match(r"[ \t\u00a0]*[\d(]", text[match.end():]):
            return match.end(), str(units.parse_unit(code))
    return None


def _context_symbol(text: str, end: int, position: int, number: Optional[Number]) -> Optional[tuple[int, str]]:
    """"12 m", "278,000 t", "1.8m tall", "2 in thick", "-10C": a short symbol that is also a
    word or letter, read as a unit only right after digits and before something that cannot
    make it a word (see lexicon `context_symbols`)."""
    lex = lexicon()
    if number is None or number.words or position - end > 1 or text[end:position] not in ("", " "):
        return None
    match = re.compile(r"[A-Za-z]+").match(text, position)
    if not match or match.group(0) not in lex["context_symbols"]:
        return None
    rule = lex["context_symbols"][match.group(0)]
    rest = text[match.end():]
    follower = re.match(r"[ \t]*-?[ \t]*([A-Za-z]+)", rest)
    at_end = re.match(r"[ \t]*(?:[.!?]+[\s\"')\]]*)?$", rest)
    if rule.get("strict"):
        ok = at_end or (follower and follower.group(1).lower() in lex["strict_symbol_followers"])
    else:
        ok = at_end or re.match(r"[ \t]*(?:[,;:)\]]|[.!?](?:\s|$)|\d)", rest) or (
            follower and (follower.group(1).lower() in lex["symbol_followers"]
                          or rule.get("of") and follower.group(1).lower() == "of"))
    if not ok:
        return None
    return match.end(), str(units.parse_unit(rule["unit"]))


def _bare_magnitude(text: str, number: Number, high: Optional[Number]) -> bool:
    surface = text[number.start:number.end]
    if number.words or not re.fullmatch(r"\d\.\d\d?", surface) or (high and not re.fullmatch(
            r"\d\.\d\d?", text[high.start:high.end])):
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
    return token.lower_ in months() or units.unit_for_words(token.text) is not None


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
