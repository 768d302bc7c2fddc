"""Office holders with terms: "Foreign Minister Fumio Kishida" is right only inside his term.

A role claim is a title next to a person's name, in three shapes:

    [modifier] [qualifier] Title [,] Name      "former Japanese Foreign Minister Fumio Kishida"
    Name, [the] [qualifier] [modifier] Title    "Taro Kono, Japan's foreign minister"
                                                "U.N. Secretary-General Antonio Guterres"

Titles, qualifiers (Japan, Japanese, Tokyo) and holders with their name variants are data in
the `office` rules; they are compiled into PhraseMatchers once, when the component is built.
Only a person listed as a holder in some rule is ever judged. The modifiers are grammar, not
data: "former" claims that the term had ended, "then-" refers to a past time (checked only
against the holder list, never against the article date), "acting" is compared with the
holder's `acting` flag, "incoming"/"designate" claim nothing about the article date.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Optional

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span as SpacySpan
from spacy.util import filter_spans

from checker.kinds.base import Judged
from checker.kinds.offices.spec import OfficeSpec
from checker.stages.document import Document
from checker.lexicon import lexicon
from checker.model import Claim, Finding, Span
from checker.rules.load import Rule

_WORDS = {kind: frozenset(words) for kind, words in lexicon()["office_modifiers"].items()}
FORMER, THEN, ACTING, NOT_YET = (_WORDS[k] for k in ("former", "then", "acting", "not_yet"))
MODIFIERS = FORMER | THEN | ACTING | NOT_YET | _WORDS["neutral"]
SUBORDINATE = _WORDS["subordinate"]  # "Deputy Foreign Minister" is another office
DETERMINERS = frozenset({"the", "a", "an"})
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
HYPHENS = frozenset({"-", "–"})


# ---------------------------------------------------------------------------- compiled rules

@dataclass(frozen=True)
class Fuzzy:
    """A date known to the day, month or year: the earliest and the latest day it can be."""

    text: str
    early: dt.date
    late: dt.date

    @classmethod
    def parse(cls, text: str) -> "Fuzzy":
        parts = [int(p) for p in str(text).split("-")]
        if len(parts) == 3:
            day = dt.date(*parts)
            return cls(str(text), day, day)
        if len(parts) == 2:
            year, month = parts
            return cls(str(text), dt.date(year, month, 1),
                       dt.date(year, month, calendar.monthrange(year, month)[1]))
        return cls(str(text), dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31))


@dataclass(frozen=True)
class Term:
    person: str  # canonical name
    start: Fuzzy
    end: Optional[Fuzzy]  # None: still in office
    acting: bool = False

    def surely_in(self, day: dt.date) -> bool:
        return self.start.late <= day and (self.end is None or day <= self.end.early)

    def maybe_in(self, day: dt.date) -> bool:
        return self.start.early <= day and (self.end is None or day <= self.end.late)

    def surely_over(self, day: dt.date) -> bool:
        return self.end is not None and self.end.late < day

    def describe(self) -> str:
        acting = "acting " if self.acting else ""
        if self.end is None:
            return f"{acting}since {self.start.text}"
        return f"{acting}from {self.start.text} to {self.end.text}"

    def to_json(self) -> dict:
        return {"name": self.person, "from": self.start.text,
                "to": self.end.text if self.end else None, "acting": self.acting}


@dataclass
class Office:
    rule: Rule
    name: str
    terms: list[Term]
    persons: set[str] = field(default_factory=set)

    def terms_of(self, person: str) -> list[Term]:
        return [t for t in self.terms if t.person == person]

    def holders_on(self, day: dt.date) -> list[Term]:
        return [t for t in self.terms if t.surely_in(day)]

    def covers(self, day: dt.date) -> bool:
        """Whether the holder list speaks about this day at all (no gap before the first)."""
        first = min(t.start.early for t in self.terms)
        ends = [t.end.late for t in self.terms if t.end is not None]
        open_ended = any(t.end is None for t in self.terms)
        return first <= day and (open_ended or day <= max(ends))


def _key(doc: Doc) -> tuple[str, ...]:
    return tuple(t.lower_ for t in doc)


def _key_of(span: SpacySpan) -> tuple[str, ...]:
    return tuple(t.lower_ for t in span)


@dataclass
class _Role:
    """A title next to a person, before it is judged."""

    start: int  # token indices of the whole claim
    end: int
    title: SpacySpan
    name: SpacySpan
    modifiers: list[SpacySpan]  # one token each (plus a following hyphen for "then-")
    qualifier: Optional[tuple[str, ...]]


class OfficeClaims:
    """Role claims (title + person) judged against office rules at the article's date."""

    def __init__(self, rules: list[Rule], nlp: Language):
        self.offices: list[Office] = []
        self.titles: dict[tuple[str, ...], list[tuple[int, bool]]] = {}
        self.names: dict[tuple[str, ...], set[str]] = {}
        self.qualifiers: dict[tuple[str, ...], set[int]] = {}
        self.title_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.name_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.qualifier_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        title_docs: dict[tuple[str, ...], Doc] = {}
        name_docs: dict[tuple[str, ...], Doc] = {}
        qualifier_docs: dict[tuple[str, ...], Doc] = {}
        for index, rule in enumerate(rules):
            spec: OfficeSpec = rule.spec
            office = Office(rule=rule, name=spec.office, terms=[])
            for holder in spec.holders:
                person = holder.name
                office.terms.append(Term(person, Fuzzy.parse(holder.valid_from),
                                         Fuzzy.parse(holder.valid_to) if holder.valid_to else None,
                                         holder.acting))
                office.persons.add(person)
                for variant in [person, *holder.variants]:
                    doc = nlp.make_doc(variant)
                    self.names.setdefault(_key(doc), set()).add(person)
                    name_docs.setdefault(_key(doc), doc)
            self.offices.append(office)
            for phrases, strong in ((rule.subject, True), (spec.short_titles, False)):
                for phrase in phrases:
                    doc = nlp.make_doc(phrase)
                    entries = self.titles.setdefault(_key(doc), [])
                    if all(i != index for i, _ in entries):
                        entries.append((index, strong))
                    title_docs.setdefault(_key(doc), doc)
            for phrase in spec.qualifiers:
                doc = nlp.make_doc(phrase)
                key = tuple(t.text for t in doc)
                self.qualifiers.setdefault(key, set()).add(index)
                qualifier_docs.setdefault(key, doc)
        if title_docs:
            self.title_matcher.add("TITLE", list(title_docs.values()))
        if name_docs:
            self.name_matcher.add("HOLDER", list(name_docs.values()))
        if qualifier_docs:
            self.qualifier_matcher.add("QUALIFIER", list(qualifier_docs.values()))

    # ------------------------------------------------------------------------------ finding

    def __call__(self, document: Document, doc: Doc) -> Judged:
        if not self.offices:
            return []
        titles = filter_spans(self.title_matcher(doc, as_spans=True))
        qualifiers = filter_spans(self.qualifier_matcher(doc, as_spans=True))
        taken = {i for span in titles for i in range(span.start, span.end)}
        titled = taken | {i for span in qualifiers for i in range(span.start, span.end)}
        names = [n for n in filter_spans(self.name_matcher(doc, as_spans=True))
                 if self._whole_name(doc, n, titled)]
        names = [n for n in names if not any(i in taken for i in range(n.start, n.end))]
        by_end = {span.end: span for span in titles}
        by_start = {span.start: span for span in titles}
        qualifier_by_end = {span.end: span for span in qualifiers}
        qualifier_by_start = {span.start: span for span in qualifiers}
        judged: Judged = []
        for name in names:
            role = (self._title_before(doc, name, by_end, qualifier_by_end)
                    or self._title_after(doc, name, by_start, qualifier_by_start))
            if role is None:
                continue
            persons = self.names[_key_of(name)]
            if len(persons) != 1:
                continue  # a variant shared by two listed people: do not guess
            person = next(iter(persons))
            office = self._office(role, person)
            claim = self._claim(document, doc, role, person, office)
            if claim is None:
                continue
            if office is None:
                judged.append((claim, None))
                continue
            judged.append((claim, self._judge(claim, role, person, office, document.date, doc)))
        return judged

    @staticmethod
    def _whole_name(doc: Doc, name: SpacySpan, titled: set[int]) -> bool:
        """A name is capitalised ("ban" is not Ban Ki-moon), and "Kono" in "Yohei Kono" is
        another person: refuse a match that another capitalised name word precedes (a title
        word, or the start of the sentence, does not count)."""
        if not name.text[:1].isupper():
            return False
        before = name.start - 1
        if before < 0 or before in titled:
            return True
        token = doc[before]
        return not (token.is_title and token.is_alpha and token.pos_ == "PROPN"
                    and not token.is_sent_start)

    def _title_before(self, doc: Doc, name: SpacySpan, by_end, qualifier_by_end) -> Optional[_Role]:
        end = name.start
        if end > 0 and doc[end - 1].text == ",":
            end -= 1
        title = by_end.get(end)
        if title is None:
            return None
        modifiers: list[SpacySpan] = []
        qualifier: Optional[tuple[str, ...]] = None
        start = title.start
        i = title.start - 1
        if i >= 0 and (doc[i].lower_ in SUBORDINATE or doc[i].text in HYPHENS
                       and not (i > 0 and doc[i - 1].lower_ in FORMER | THEN)):
            return None  # "Deputy Foreign Minister", "Under-Secretary-General"
        while i >= 0:
            token = doc[i]
            # a known qualifier ending here, or before a possessive: "Japanese", "Japan's"
            owner = i if token.text in POSSESSIVE else i + 1
            if qualifier is None and owner in qualifier_by_end:
                span = qualifier_by_end[owner]
                qualifier = tuple(t.text for t in span)
                start = span.start
                i = span.start - 1
                continue
            if token.text in HYPHENS and i > 0 and doc[i - 1].lower_ in FORMER | THEN:
                modifiers.append(doc[i - 1:i + 1])
                start = i - 1
                i -= 2
                continue
            if token.lower_ in MODIFIERS:
                modifiers.append(doc[i:i + 1])
                start = i
                i -= 1
                continue
            break
        if qualifier is None and i >= 0 and self._foreign_qualifier(doc, i):
            return None  # "British Foreign Minister ...": a qualifier no rule knows
        return _Role(start, name.end, title, name, modifiers, qualifier)

    def _title_after(self, doc: Doc, name: SpacySpan, by_start, qualifier_by_start) -> Optional[_Role]:
        i = name.end
        if i >= len(doc) or doc[i].text != ",":
            return None
        i += 1
        modifiers: list[SpacySpan] = []
        qualifier: Optional[tuple[str, ...]] = None
        while i < len(doc) and i not in by_start:
            token = doc[i]
            if token.lower_ in DETERMINERS and not modifiers and qualifier is None:
                i += 1
            elif i in qualifier_by_start and qualifier is None:
                span = qualifier_by_start[i]
                qualifier = tuple(t.text for t in span)
                i = span.end
                if i < len(doc) and doc[i].text in POSSESSIVE:
                    i += 1
            elif token.lower_ in FORMER | THEN and i + 1 < len(doc) and doc[i + 1].text in HYPHENS:
                modifiers.append(doc[i:i + 2])
                i += 2
            elif token.lower_ in MODIFIERS:
                modifiers.append(doc[i:i + 1])
                i += 1
            else:
                return None
        title = by_start.get(i)
        if title is None:
            return None
        if title.end < len(doc) and doc[title.end].text in HYPHENS:
            return None
        return _Role(name.start, title.end, title, name, modifiers, qualifier)

    @staticmethod
    def _foreign_qualifier(doc: Doc, i: int) -> bool:
        """A country, people or body no rule knows right before the title ("British", "NATO",
        "Britain's"): the title is then another office. Without named-entity recognition (not
        run, for speed) a possessive person ("Trump's") looks the same, so such a title is
        left unchecked rather than judged against the wrong office."""
        token = doc[i]
        if token.text in POSSESSIVE:
            return i > 0 and doc[i - 1].pos_ == "PROPN"
        return (token.is_title or token.is_upper) and token.pos_ in ("ADJ", "PROPN")

    def _office(self, role: _Role, person: str) -> Optional[Office]:
        candidates = self.titles.get(_key_of(role.title), [])
        if role.qualifier is not None:
            allowed = self.qualifiers.get(role.qualifier, set())
            candidates = [(i, strong) for i, strong in candidates if i in allowed]
        listed = [i for i, _ in candidates if person in self.offices[i].persons]
        if listed:
            return self.offices[listed[0]]
        strong = [i for i, is_strong in candidates if is_strong]
        if role.qualifier is not None and len(strong) == 1:
            return self.offices[strong[0]]
        return None

    def _claim(self, document: Document, doc: Doc, role: _Role, person: str,
               office: Optional[Office]) -> Optional[Claim]:
        base = document.body_start
        first, last = doc[role.start], doc[role.end - 1]
        start, end = first.idx, last.idx + len(last.text)
        sent = first.sent
        modifier = " ".join(m.text for m in role.modifiers) or None
        return Claim(
            kind="role", text=doc.text[start:end],
            span=Span(base + start, base + end, *document.position(base + start)),
            value=person, unit=None,
            sentence=(base + sent.start_char, base + sent.end_char),
            qualifier=modifier, subject=office.name if office else role.title.text,
            sentence_text=sent.text)

    # ------------------------------------------------------------------------------ judging

    def _judge(self, claim: Claim, role: _Role, person: str, office: Office,
               day: Optional[dt.date], doc: Doc) -> Optional[Finding]:
        words = {m[0].lower_ for m in role.modifiers}
        if words & NOT_YET:
            return None  # "incoming Secretary of State": says nothing about the article date
        terms = office.terms_of(person)
        claimed_acting = bool(words & ACTING)
        rule = office.rule
        held = _held(person, office, terms)

        def finding(verdict: str, message: str, suggestion: Optional[str] = None,
                    severity: Optional[str] = None, diagnosis: Optional[str] = None) -> Finding:
            holders = office.holders_on(day) if day else []
            expected = {"value": " / ".join(t.person for t in holders) if holders else office.name,
                        "unit": None, "office": office.name,
                        "date": day.isoformat() if day else None,
                        "terms": [t.to_json() for t in terms]}
            return Finding(rule=rule.id, verdict=verdict, severity=severity or rule.severity,
                           claim=claim, expected=expected, message=message,
                           suggestion=suggestion, sources=rule.sources, diagnosis=diagnosis)

        text = claim.text
        if words & THEN:
            if not terms:
                return finding("inconsistent", f"{text}: {person} never held the office of "
                               f"{office.name} in the reference ({_listing(office)}).",
                               diagnosis="never-held")
            if day is not None and not any(t.start.early <= day for t in terms):
                return finding("inconsistent", f"{text} refers to a past time, but {held}; on "
                               f"{day} that was still ahead.", diagnosis="not-yet")
            return finding("consistent", f"{text} refers to a past time, not to the article's "
                           f"date; {held}.")
        if not terms:
            if day is None:
                return finding("unverifiable", f"{text}: the article has no date, so who was "
                               f"{office.name} cannot be established ({_listing(office)}).")
            if not office.covers(day):
                return None  # the holder list does not reach that day: no claim judged
            return finding("inconsistent", f"{text}: {person} is not among the holders of the "
                           f"office of {office.name}; {_on(office, day)}.",
                           diagnosis="never-held")
        if day is None:
            return finding("unverifiable", f"{text}: the article has no date, and the claim "
                           f"depends on it: {held}.")
        surely = [t for t in terms if t.surely_in(day)]
        maybe = [t for t in terms if t.maybe_in(day)]
        if words & FORMER:
            if surely:
                return finding("inconsistent", f"{text}: \"former\" says the term had ended, but {held}, "
                               f"so on {day} {person} was still in office.",
                               suggestion=_without_modifiers(claim, role, doc, FORMER),
                               diagnosis="still-in-office")
            if maybe:
                return finding("unverifiable", f"{text}: {held}; the end of the term is known "
                               f"only to the {_precision(maybe[0].end)}, and {day} falls in it.")
            if any(t.surely_over(day) for t in terms):
                return finding("consistent", f"{text}: {held}, so on {day} {person} "
                               "was a former holder.")
            return finding("inconsistent", f"{text}: {held}; on {day} that was still ahead.",
                           diagnosis="not-yet")
        if surely:
            term = surely[0]
            if term.acting and not claimed_acting:
                return finding("inconsistent", f"{text}: {held}; {person} held it "
                               "only in an acting capacity and was never confirmed.",
                               suggestion=_with_word(claim, role, doc, "acting"),
                               severity="warning", diagnosis="acting")
            return finding("consistent", f"{text}: {held}, which includes {day}.")
        if maybe:
            boundary = maybe[0].start if maybe[0].start.early <= day <= maybe[0].start.late \
                else maybe[0].end
            return finding("unverifiable", f"{text}: {held}; that date is known only to the "
                           f"{_precision(boundary)}, and the article's date {day} falls in it.")
        past = all(t.surely_over(day) for t in terms)
        reason = (" The title is out of date: write \"former\" or name the holder at the time."
                  if past else f" {person} took office only later.")
        return finding("inconsistent", f"{text}: {held}; {_on(office, day)}.{reason}",
                       suggestion=_with_word(claim, role, doc, "former") if past else None,
                       diagnosis="out-of-term" if past else "not-yet")


# ------------------------------------------------------------------------------- wording

def _held(person: str, office: Office, terms: list[Term]) -> str:
    if not terms:
        return f"{person} never held the office of {office.name}"
    if all(t.acting for t in terms):
        return f"{person} was acting {office.name} " + " and ".join(
            t.describe().removeprefix("acting ") for t in terms)
    return f"{person} was {office.name} " + " and ".join(t.describe() for t in terms)


def _on(office: Office, day: dt.date) -> str:
    holders = office.holders_on(day)
    if holders:
        return f"on {day} it was " + " and ".join(f"{t.person} ({t.describe()})" for t in holders)
    return f"the rule lists no holder of the office on {day}"


def _listing(office: Office) -> str:
    return "listed holders: " + "; ".join(f"{t.person} {t.describe()}" for t in office.terms)


def _precision(date: Optional[Fuzzy]) -> str:
    if date is None:
        return "day"
    return "month" if len(date.text) == 7 else "year" if len(date.text) == 4 else "day"


def _with_word(claim: Claim, role: _Role, doc: Doc, word: str) -> Optional[str]:
    """The claim with `word` before its title: "Foreign Minister X" -> "former Foreign Minister X"."""
    offset = role.title.start_char - doc[role.start].idx
    if offset == 0 and role.title[0].is_sent_start:
        return f"{word.capitalize()} {claim.text}"
    return f"{claim.text[:offset]}{word} {claim.text[offset:]}"


def _without_modifiers(claim: Claim, role: _Role, doc: Doc, words: frozenset[str]) -> str:
    """The claim without its "former": "former Secretary of State X" -> "Secretary of State X"."""
    base = doc[role.start].idx
    text = claim.text
    for modifier in sorted(role.modifiers, key=lambda m: m.start, reverse=True):
        if modifier[0].lower_ not in words:
            continue
        start = modifier.start_char - base
        end = modifier.end_char - base
        while end < len(text) and text[end] in " -–":
            end += 1
        capital = start == 0 and modifier[0].is_title
        rest = text[end:]
        text = text[:start] + (rest[:1].upper() + rest[1:] if capital else rest)
    return text
