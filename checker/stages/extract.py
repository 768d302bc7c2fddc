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
    numbers: list[Number] = []
    for number in sorted(list(find_numbers(text)) + list(indefinite_numbers(text))
                         + list(find_vulgar_fractions(text)), key=lambda n: (n.start, -n.end)):
        if not numbers or number.start >= numbers[-1].end:  # "nearly a quarter": one figure
            numbers.append(number)
    claims: list[Claim] = []
    index = 0
    while index < len(numbers):
        number = numbers[index]
        index += 1
        if _is_designator_or_date(text, number) or _is_name(sentence, text, number):
            continue
        high = None
        after = number.end
        range_match = _range_partner(text, number, numbers[index:index + 1])
        if range_match and _magnitude_before(text, number.start) is not None \
                and _unit_after(text, numbers[index].end, numbers[index]):
            range_match = False  # "M 6.5 – 11 km NE of Hualien": a magnitude, then a distance
        if range_match:
            high = numbers[index]
            index += 1
            after = high.end
            number = _shared_scale(number, high)
        if _street_follows(text, after):
            continue  # "22-24 Harbour Road", "10 Downing Street": an address
        claim = _claim_at(document, sentence, text, base, number, high, after)
        if claim is None:
            continue
        if high is None and index < len(numbers):
            joined = _range_with_repeated_unit(document, sentence, text, base, claim, number,
                                               numbers[index])
            if joined:
                claim = joined
                index += 1
        claims.append(claim)
    yield from _joined_durations(document, text, base, claims)


def _magnitude_before(text: str, start: int) -> Optional[int]:
    """Where the words that make the figure at `start` a seismic magnitude begin ("magnitude
    6.1", "M7.6", "Mw 7.8"), or None."""
    lex = lexicon()
    found = _phrase_before(text, start, lex["magnitude_before"], joiners=" -")
    glued = re.search(rf"(?<![\w.])(?:{'|'.join(map(re.escape, lex['magnitude_prefixes']))})$",
                      _before(text, start))
    if found is None and glued is not None:
        found = start - len(glued.group(0))
    return found


def _shared_scale(low: Number, high: Number) -> Number:
    """"2 to 3 million": a scale word on the high end scales the low end too."""
    if high.scale > 1 and low.scale == 1 and not low.words and low.value * high.scale <= high.value:
        return replace(low, value=low.value * high.scale, precision=low.precision * high.scale,
                       scale=high.scale)
    return low


def _range_with_repeated_unit(document: Document, sentence: SpacySpan, text: str, base: int,
                              claim: Claim, number: Number, following: Number) -> Optional[Claim]:
    """"between 3% and 4%", "$70 to $75 billion", "£2bn-£3bn": a range whose ends each carry
    the unit is one claim, [low, high] in that unit."""
    start, end = claim.span.start - base, claim.span.end - base
    between = text[end:following.start]
    currency = _currency_before(text, following.start)
    if currency:
        between = between[:len(between) - len(currency[0])]
    if not _is_range_connector(text, start, between, following):
        return None
    other = _claim_at(document, sentence, text, base, following, None, following.end)
    if other is None or other.unit != claim.unit or other.kind != claim.kind or other.range:
        return None
    low, low_bound = claim.value, claim.interval.low
    if following.scale > 1 and number.scale == 1 and low * following.scale <= other.value:
        low, low_bound = low * following.scale, low_bound * following.scale
    if low > other.value:
        return None
    other_end = other.span.end
    return replace(claim, text=text[start:other_end - base],
                   span=Span(claim.span.start, other_end, claim.span.line, claim.span.column),
                   value=low, range=(low, other.value),
                   interval=Interval(low_bound, other.interval.high, claim.interval.low_open,
                                     other.interval.high_open))


_DURATION_JOINER = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)?")


def _joined_durations(document: Document, text: str, base: int, claims: list[Claim]) -> Iterable[Claim]:
    """"51 minutes and 40 seconds", "2 hours, 1 minute and 9 seconds", "47 min. 12 sec", "2h
    30m": one duration, in the first part's unit. Each part is in a smaller unit than the one
    before and less than one of it ("3 hours 90 minutes" is no such figure)."""
    index = 0
    while index < len(claims):
        claim = claims[index]
        index += 1
        while (index < len(claims) and claim.kind == "duration" and not claim.range
               and claims[index].kind == "duration" and not claims[index].range
               and claims[index].qualifier is None
               and _joins_durations(text[claim.span.end - base:claims[index].span.start - base],
                                    claim)
               and units.convert(1, claims[index].unit, claim.unit) < 1
               and units.convert(claims[index].value, claims[index].unit, claim.unit) < 1):
            part = claims[index]
            index += 1
            low = units.convert(part.interval.low, part.unit, claim.unit)
            high = units.convert(part.interval.high, part.unit, claim.unit)
            # The larger parts are exact ("51 minutes and 40 seconds": 51 whole minutes).
            whole = claim.interval if claim.qualifier else Interval(claim.value, claim.value)
            claim = replace(claim, text=text[claim.span.start - base:part.span.end - base],
                            span=Span(claim.span.start, part.span.end, claim.span.line,
                                      claim.span.column),
                            value=claim.value + units.convert(part.value, part.unit, claim.unit),
                            interval=Interval(whole.low + low, whole.high + high,
                                              whole.low_open, whole.high_open))
        yield claim


def _joins_durations(between: str, part: Claim) -> bool:
    """What may stand between two parts of one duration: a comma, "and", a space, after the
    full stop of an abbreviated unit ("47 min. 12 sec")."""
    if between.startswith(".") and _abbreviated(part):
        between = between[1:]
    return bool(between) and _DURATION_JOINER.fullmatch(between) is not None \
        or between == "" and bool(re.search(r"[A-Za-z]$", part.text))


def _abbreviated(claim: Claim) -> bool:
    """The unit is written short, not as its name ("min", "hr", "sec"; not "minutes")."""
    word = re.search(r"[A-Za-z]+$", claim.text)
    if word is None or claim.unit is None:
        return False
    name = str(units.parse_unit(claim.unit))
    return word.group(0).lower() not in (name, name + "s")


def _duration_part(text: str, number: Number, end: int) -> Optional[tuple[int, str]]:
    """"2h 30m", "1 h 5 min": a letter of lexicon `duration_symbols` after digits is a time
    unit when another part of the same duration is written right before or after it, in a
    larger unit before, a smaller one after."""
    symbols = lexicon()["duration_symbols"]
    match = re.compile(r"[ \t]?([A-Za-z]+)(?![\w])").match(text, end)
    if number.words or not match or match.group(1) not in symbols:
        return None
    unit = str(units.parse_unit(symbols[match.group(1)]))
    part = r"(\d+(?:\.\d+)?)[ \t]?([A-Za-z]+)"
    joiner = r"\.?[ \t]*(?:,[ \t]*)?(?:and[ \t]+)?"
    after = re.compile(joiner + part + r"(?![\w])").match(text, match.end())
    before = re.search(part + joiner + "$", text[:number.start])
    if after and _smaller_time_unit(after.group(2), unit):
        return match.end(), unit
    if before and _smaller_time_unit(match.group(1), _time_unit(before.group(2)) or ""):
        return match.end(), unit
    return None


def _time_unit(word: str) -> Optional[str]:
    symbol = lexicon()["duration_symbols"].get(word)
    unit = str(units.parse_unit(symbol)) if symbol else units.unit_for_words(word)
    return unit if unit and units.dimension(unit) == "[time]" else None


def _smaller_time_unit(word: str, than: str) -> bool:
    unit = _time_unit(word)
    return bool(unit and than and units.dimension(than) == "[time]"
                and units.convert(1, unit, than) < 1)


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
    magnitude_before = _magnitude_before(text, start)
    if number.fraction and not unit:
        unit, kind = "dimensionless", "measure"  # "one fifth of voters": a share, no unit after
    if not unit and magnitude_before is not None:
        start = magnitude_before
        unit, kind = "seismic_magnitude", "magnitude"
    if not unit:
        found = _duration_part(text, number, end) or _unit_after(text, end, number)
        if found:
            unit_end, unit = found
            end = unit_end
            kind = "magnitude" if unit == "seismic_magnitude" else None
            if unit == "pound" and text[end - 6:end].lower() == "pounds" and _money_context(text, end):
                unit = str(units.parse_unit(lex["money_pounds"]))
            half = re.match(r"[ \t]+and[ \t]+a[ \t]+half\b", text[end:])
            if half and high is None and not number.fraction:  # "an hour and a half"
                end += half.end()
                number = replace(number, value=number.value + 0.5)
    hedge = lex["hedges"].get(qualifier.lower(), {}) if qualifier else {}
    if "not_for" in hedge and unit and units.dimension(unit) == hedge["not_for"]:
        qualifier = None
    if number.indefinite and kind is None and not unit:
        return None  # "more than a" that no unit follows is no figure
    if not unit and not _looks_like_year(text, number, high):  # "a 1999 magnitude 7.7 temblor"
        scale_end = _phrase_after(text, end, lex["magnitude_after"])
        if scale_end is not None:
            end, unit, kind = scale_end, "seismic_magnitude", "magnitude"

    counted = None
    if not unit and _bare_magnitude(text, number, high):
        unit, kind = "seismic_magnitude", "magnitude"
    if not unit and _is_age(text, number, high):
        # A person's age ("Jones, 71, said", "aged 50 to 70"): years, as a measure so that no
        # duration rule reads it as the length of an event.
        unit, kind = str(units.parse_unit("year")), "measure"
    if not unit:
        if _looks_like_year(text, number, high):
            return None
        if re.match(r"-[A-Za-z]", text[(high or number).end:(high or number).end + 2]):
            return None  # "a three-stage rocket", "six-party talks": a modifier, no count
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
    if kind == "magnitude" and _intensity_after(text, end):
        return None  # "a magnitude of 7 on the Japanese shaking intensity scale": an intensity
    interval = _interval(number, high, qualifier, exact=kind == "count")
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
        range=(number.value, high.value) if high is not None else None,
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


def indefinite_numbers(text: str) -> Iterable[Number]:
    """"more than a decade", "almost an hour": after a hedge, "a"/"an" is the number one.
    Whether a unit follows is decided like for any other figure."""
    for match in _lexicon_pattern("hedges", r"(?<![\w-])(?:{})\s+(an?)\b").finditer(text):
        yield Number(match.start(1), match.end(1), 1.0, 0.0, words=True, indefinite=True)
    # "a day after", "an hour later": one unit of time before an interval word
    after = "|".join(re.escape(w) for w in lexicon()["indefinite_interval_words"])
    for match in _lexicon_pattern("indefinite_interval_units",
                                  r"(?<![\w-])(an?)\s+(?:{})\s+(?:" + after + r")\b").finditer(text):
        yield Number(match.start(1), match.end(1), 1.0, 0.0, words=True, indefinite=True)
    # "an hour and a half", "a year and a half": the "and a half" is read after the unit.
    for match in re.finditer(r"(?<![\w-])(an?)\s+[A-Za-z]+\s+and\s+a\s+half\b", text, re.IGNORECASE):
        yield Number(match.start(1), match.end(1), 1.0, 0.0, words=True, indefinite=True)


def _is_designator_or_date(text: str, number: Number) -> bool:
    """Model names ("Hwasong-15", "F-35"), ordinals ("6th"), times, and day numbers after a
    month ("April 6-7") are not figures."""
    before = _before(text, number.start)
    if _currency_before(text, number.start):
        return False  # "USD115", "C$16.4"
    if re.search(rf"(?<![\w.])(?:{'|'.join(map(re.escape, lexicon()['magnitude_prefixes']))})$",
                 before) and re.fullmatch(r"\d\.\d\d?", text[number.start:number.end]):
        return False  # "M7.6": a magnitude, not a model name
    if re.search(r"[A-Za-z]-$", before) and not re.search(
            r"(?:magnitude|Mw|mb)-$", before, re.IGNORECASE):
        return True
    if re.search(r"[A-Za-z]$", before) and not number.fraction:
        return True
    if re.search(r"\b[A-Za-z]\w*\+$", before):
        return True  # "ASEAN+3", "P5+1": a group's name
    if _ORDINAL_SUFFIX.match(text, number.end) and not number.words:
        return True
    if re.match(r"[:/]\d", text[number.end:number.end + 2]):
        return True
    if _lexicon_pattern("clock_words", r"[ \t]?(?:{})(?![\w])").match(text[number.end:number.end + 6]):
        return True  # "2 pm", "10.30 a.m.": a time of day
    if re.fullmatch(r"(?:[01]?\d|2[0-3])[.:]?[0-5]\d", text[number.start:number.end]) and \
            _zone_after().match(text, number.end):
        return True  # "10.40 local time", "0132 GMT", "02.40 BST": a time of day
    previous = re.search(r"([A-Za-z]+)\.?\s+$", before)
    return bool(previous and previous.group(1).lower() in months() and not number.words)


def _is_name(sentence: SpacySpan, text: str, number: Number) -> bool:
    """A number that names a thing rather than counting or measuring it: after a proper noun
    ("Pixel 8 Pro", "FTSE 100 firms", "Windows 11", "Route 66") or a designator word
    ("version 3.2", "article 5"; lexicon `designator_words`)."""
    if number.words or number.fraction:
        return False
    previous = re.search(r"(?:^|[\s(\"“])([A-Za-z][\w&'.-]*)[ \t]+$", _before(text, number.start))
    if not previous:
        return False
    word = previous.group(1)
    lex = lexicon()
    if word.lower() in lex["designator_words"]:
        return not _unit_after(text, number.end, number)  # "type 2 diabetes", not "room 5 m wide"
    if not any(c.isupper() for c in word) or not text[:previous.start(1)].strip(" \t\"'“‘("):
        return False  # lower case, or the sentence's first word ("About 1,500 troops")
    if word.lower().rstrip(".") in months() or word.lower() in lex["weekdays"] \
            or _hedge_before(text, number.start) or _currency_before(text, number.start) \
            or word.lower() in _magnitude_words():
        return False  # "a Magnitude 6.8 Earthquake": a measure in title case, not a name
    token = _token_at(sentence, previous.start(1))
    if token is not None and token.pos_ not in ("PROPN", "") and token.tag_ not in ("NNP", "NNPS"):
        return False
    return not _unit_after(text, number.end, number)  # "Core i7 Processor 2.80 GHz": a measure


@lru_cache(maxsize=1)
def _magnitude_words() -> frozenset[str]:
    return frozenset(p.lower() for p in lexicon()["magnitude_before"])


def _token_at(sentence: SpacySpan, offset: int):
    """The token starting at a character offset of the sentence, or None."""
    span = sentence.doc.char_span(sentence.start_char + offset, sentence.start_char + offset + 1,
                                  alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _street_follows(text: str, end: int) -> bool:
    """"22-24 Harbour Road", "10 Downing Street": a street number, not a figure."""
    pattern = _lexicon_pattern("street_words", r"[ \t]+(?:[A-Z][\w'-]*[ \t]+){{1,3}}(?:{})\b", 0)
    return bool(pattern.match(text[end:end + _WINDOW]))


def _is_age(text: str, number: Number, high: Optional[Number]) -> bool:
    """"Jones, 71, said" (a whole number set off by commas after a name) and "aged 50 to 70"."""
    if number.words or number.fraction or not 0 < number.value < 125 or number.value % 1:
        return False
    before = _before(text, number.start)
    if _lexicon_pattern("age_words", r"\b(?:{})[ \t]+$").search(before):
        return True
    return high is None and bool(re.search(r"[A-Za-z][\w'.-]*,[ \t]*$", before)) \
        and bool(re.match(r"[ \t]*,", text[number.end:]))


def _glued_letters(text: str, end: int) -> bool:
    return bool(re.match(r"[A-Za-z]", text[end:end + 1]))


def _range_partner(text: str, number: Number, following: list[Number]) -> bool:
    if not following:
        return False
    return _is_range_connector(text, number.start, text[number.end:following[0].start],
                               following[0])


def _is_range_connector(text: str, start: int, between: str, following: Number) -> bool:
    """"300 to 350", "4-6", "between 4.5 and 4.7", "two or three days"."""
    between = between.strip().lower()
    if between not in lexicon()["range_connectors"]:
        return False
    if between in ("and", "or"):
        return bool(re.search(r"\bbetween\s+\S*$", _before(text, start), re.IGNORECASE)) \
            or between == "or" and bool(re.match(r"\s*\w", text[following.end:]))
    return True


def _hedge_before(text: str, start: int) -> Optional[str]:
    before = _before(text, start)
    sign = re.search(r"(?:US\$|[$€£¥])$", before)
    if sign:
        before = before[:sign.start()]
    match = _hedge_pattern().search(before)
    return match.group(1) if match else None


@lru_cache(maxsize=1)
def _hedge_pattern() -> re.Pattern:
    """Any hedge ending right before a figure, the longest first ("no more than" before "more
    than")."""
    hedges = "|".join(re.escape(h) for h in sorted(lexicon()["hedges"], key=len, reverse=True))
    return re.compile(rf"(?<![\w-])({hedges})\s+$", re.IGNORECASE)


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
    match = re.compile(r"[ \t]*(?:(/)|(per|an?)[ \t]+)([A-Za-z]+(?:[ \t.]+[A-Za-z]+)?)\b").match(text, end)
    if not match or (match.group(2) and match.group(2).lower() not in lex["per_words"]):
        return None
    words = match.group(3)
    denominator = units.unit_for_words(words)  # "per sq m" before "per sq"
    if denominator is None and re.search(r"[ \t.]", words):
        words = re.split(r"[ \t.]+", words)[0]
        denominator = units.unit_for_words(words)
    if denominator is None:
        return None
    finish = match.start(3) + len(words)
    if match.group(2) and match.group(2).lower() in ("a", "an"):
        follower = re.match(r"[ \t]+([A-Za-z]+)", text[finish:])
        priced = "currency" in units.dimension(unit)  # "$3 a gallon", "RM3.15 a litre"
        if (units.dimension(denominator) != "[time]" and not priced) or (
                follower and follower.group(1).lower() in lex["not_rate_followers"]):
            return None
    try:
        return finish, str(units.parse_unit(f"({unit})/({denominator})"))
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
    match = _phrases_before_pattern(tuple(phrases), joiners).search(before)
    return start - len(before) + match.start() if match else None


@lru_cache(maxsize=8)
def _phrases_before_pattern(phrases: tuple[str, ...], joiners: str) -> re.Pattern:
    """One pattern for a phrase list, longest first; lower-case phrases match any case."""
    alternatives = [(f"(?i:{re.escape(p)})" if p.islower() else re.escape(p))
                    for p in sorted(phrases, key=len, reverse=True)]
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alternatives)})[{re.escape(joiners)}]$")


def _phrase_after(text: str, end: int, phrases: list[str]) -> Optional[int]:
    for pattern in _phrases_after_patterns(tuple(phrases)):
        match = pattern.match(text, end)
        if match:
            return match.end()
    return None


@lru_cache(maxsize=8)
def _phrases_after_patterns(phrases: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    """One pattern per phrase, longest first, words joined by spaces or hyphens."""
    return tuple(re.compile(r"[ \t]*-?[ \t]*" + r"[ \t-]+".join(re.escape(w) for w in phrase.split())
                            + r"\b", re.IGNORECASE)
                 for phrase in sorted(phrases, key=len, reverse=True))


@lru_cache(maxsize=None)
def _intensity_after(text: str, end: int) -> bool:
    """An intensity scale named right after the figure, in its clause ("7 on the Japanese
    seismic intensity scale", "6 on the shindo scale"): shaking felt, not a magnitude."""
    clause = re.split(r"[,;.()]|\b(?:and|or|but|while)\b", text[end:end + 60], maxsplit=1)[0]
    return bool(_lexicon_pattern("intensity_scale_words", r"\b(?:{})\b").search(clause))


@lru_cache(maxsize=1)
def _zone_after() -> re.Pattern:
    """"local time" or a time zone's name (lexicon `time_zones`, `zone_abbreviations`) right
    after a figure written as a clock."""
    names = sorted([*lexicon()["time_zones"], *lexicon()["zone_abbreviations"], "local time"],
                   key=len, reverse=True)
    return re.compile(r"[ \t]*(?:" + "|".join(re.escape(n) for n in names) + r")\b")


def _lexicon_pattern(words: str, template: str, flags: int = re.IGNORECASE) -> re.Pattern:
    """`template` with the lexicon list `words` as an escaped alternation in place of {}:
    compiled once, not for every figure (hedges longest first, as "no more than" must win
    over "more than")."""
    listed = lexicon()[words]
    if words == "hedges":
        listed = sorted(listed, key=len, reverse=True)
    return re.compile(template.format("|".join(re.escape(w) for w in listed)), flags)


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
    pattern, codes = _signs_after()
    match = pattern.match(text, end)
    if match and not re.match(r"[ \t\u00a0]*[\d(]", text[match.end():]):
        return match.end(), str(units.parse_unit(codes[match.group(1)]))
    return None


@lru_cache(maxsize=1)
def _signs_after() -> tuple[re.Pattern, dict[str, str]]:
    codes = {sign: code for sign, code in lexicon()["currency_signs"].items()
             if not re.search(r"[A-Za-z]", sign)}
    signs = "|".join(re.escape(sign) for sign in sorted(codes, key=len, reverse=True))
    return re.compile(rf"[ \t\u00a0]?({signs})"), codes


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
    if re.match(r"\s*(?:-\s*)?(?:times|fold)\b", text[(high or number).end:], re.IGNORECASE):
        return False  # "9.8 times more powerful than the fifth test": a ratio, not a magnitude
    return bool(_lexicon_pattern("magnitude_cues", r"\b(?:{})").search(text))


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


def _interval(number: Number, high: Optional[Number], qualifier: Optional[str],
              exact: bool = False) -> Interval:
    """What the figure can mean: half a unit of its last significant digit either side (a
    count of things is exact), widened or opened by a hedge."""
    top = high or number
    hedge = lexicon()["hedges"].get(qualifier.lower(), {}) if qualifier else {}
    # A bound ("more than 100 days", "up to 12 nautical miles") is the figure itself.
    bound = hedge.get("upper") or hedge.get("lower")
    # The ends of a stated range share the finer precision ("300 to 350": tens, not hundreds).
    precision = min(number.precision, top.precision) if high else number.precision
    low_value = number.value - (0.0 if exact or bound else precision)
    high_value = top.value + (0.0 if exact or bound else precision)
    if qualifier is None or qualifier == "increment":
        return Interval(low_value, high_value)
    spread = hedge.get("relative", 0.0)
    strict = hedge.get("strict", False)
    if hedge.get("upper"):
        return Interval(low_value * (1 - spread) if spread else 0.0, high_value, high_open=strict)
    if hedge.get("lower"):
        return Interval(low_value, high_value * (1 + spread) if spread else INF, low_open=strict)
    return Interval(low_value * (1 - spread), high_value * (1 + spread))
