"""Office holders with terms: "Foreign Minister Fumio Kishida" is right only inside his term.

A role claim is a title next to a person's name, in two shapes:

    [modifier] [qualifier] Title [,] Name      "former Japanese Foreign Minister Fumio Kishida"
    Name, [the] [qualifier] [modifier] Title    "Taro Kono, Japan's foreign minister"

Titles, qualifiers (Japan, Japanese, Tokyo) and holders with their name variants are data in
the `office` rules; they are compiled into PhraseMatchers once, when the component is built.
The name is a listed holder (or a variant), or else a run of capitalised proper nouns: a title
with a person no rule lists is still a claim, never dropped (unchecked, or unverifiable when
its date lies outside what the rules know). The modifiers are grammar, not data (the lexicon's
`office_modifiers`): "former" claims that the term had ended, "then-" refers to a past time
(checked only against the holder list), "acting" is compared with the holder's `acting` flag,
"incoming"/"designate" claim nothing about the article date, and "new" reads as "incoming" when
the person took office within NEW_WINDOW after the article's date.

Which office a title names: the office the qualifier picks, or the one that lists the person;
a title several offices share ("Chairman") is judged against each office that lists the person
and the most favourable verdict is kept. Each rule knows its holders up to its `complete_to`:
a claim dated later about somebody not known to have left is unverifiable, never wrong.

Every step is linear in the document: the matchers run once, sentences are looked up by
bisection, and each title looks only at its neighbours.
"""
from __future__ import annotations

import bisect
import calendar
import datetime as dt
import difflib
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Iterable, Optional

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span as SpacySpan, Token
from spacy.util import filter_spans

from checker.kinds.base import Judged
from checker.kinds.offices.spec import OfficeSpec
from checker.lexicon import lexicon, months
from checker.model import Claim, Finding, Source, Span
from checker.rules.rule import Rule
from checker.stages.document import Document

_WORDS = {kind: frozenset(words) for kind, words in lexicon()["office_modifiers"].items()}
FORMER, THEN, ACTING, NOT_YET = (_WORDS[k] for k in ("former", "then", "acting", "not_yet"))
MODIFIERS = FORMER | THEN | ACTING | NOT_YET | _WORDS["neutral"]
SUBORDINATE = _WORDS["subordinate"]  # "Deputy Foreign Minister" is another office
NEW = "new"
NEW_WINDOW = dt.timedelta(days=60)  # "new Secretary of State X" up to two months before X took office
# A title is never called wrong within a day of the person's taking or leaving the office: a
# story dated the next day tells of the day before ("Acting President Han ... late Thursday"),
# and on the day itself copy may call the holder by either side of the change.
HANDOVER_SLACK = dt.timedelta(days=1)
DETERMINERS = frozenset({"the", "a", "an"})
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
HYPHENS = frozenset({"-", "–"})
MONTHS = months()
_TERM_END = frozenset(lexicon()["term_end_nouns"])
TIME_WORDS = frozenset(MONTHS) | frozenset(lexicon()["weekdays"])
MAX_NAME_WORDS = 4  # an unlisted name is at most this many capitalised words
QUALIFIER_LIKENESS = 0.85  # "South Koran" is a typo of "South Korean" (difflib ratio)

PREFERENCE = ("consistent", "unverifiable", None, "inconsistent")  # across offices sharing a title


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

    @property
    def precision(self) -> str:
        return {7: "month", 4: "year"}.get(len(self.text), "day")


@dataclass(frozen=True)
class Term:
    person: str  # canonical name
    start: Fuzzy
    end: Optional[Fuzzy]  # None: still in office
    acting: bool = False
    sources: tuple[Source, ...] = ()  # the pages that date this term

    def surely_in(self, day: dt.date) -> bool:
        return self.start.late <= day and (self.end is None or day <= self.end.early)

    def maybe_in(self, day: dt.date) -> bool:
        return self.start.early <= day and (self.end is None or day <= self.end.late)

    def surely_over(self, day: dt.date) -> bool:
        return self.end is not None and self.end.late < day

    def meets(self, early: dt.date, late: dt.date) -> bool:
        """Whether the term can overlap the period from `early` to `late`."""
        return self.start.early <= late and (self.end is None or early <= self.end.late)

    def describe(self) -> str:
        acting = " (acting)" if self.acting else ""
        if self.end is None:
            return f"since {self.start.text}{acting}"
        return f"from {self.start.text} to {self.end.text}{acting}"

    def to_json(self) -> dict[str, Any]:
        return {"name": self.person, "from": self.start.text,
                "to": self.end.text if self.end else None, "acting": self.acting}


@dataclass
class Office:
    rule: Rule
    name: str
    qualifiers: tuple[str, ...]
    terms: list[Term] = field(default_factory=list)
    persons: set[str] = field(default_factory=set)

    @property
    def horizon(self) -> Optional[dt.date]:
        return self.rule.complete_to

    @cached_property
    def first(self) -> dt.date:
        return min(t.start.early for t in self.terms)

    def terms_of(self, person: str) -> list[Term]:
        return [t for t in self.terms if t.person == person]

    def holders_on(self, day: dt.date) -> list[Term]:
        return [t for t in self.terms if t.surely_in(day)]

    def known(self, day: dt.date) -> bool:
        """Whether the holder list speaks about this day: not before its first term, not after
        its horizon (or, without one, after the last term of a list with nobody in office)."""
        if day < self.first:
            return False
        if self.horizon is not None:
            return day <= self.horizon
        ends = [t.end.late for t in self.terms if t.end is not None]
        return len(ends) < len(self.terms) or day <= max(ends)

    def left_before_horizon(self, person: str) -> bool:
        """Known to have left: every term of theirs ended by the horizon (so a later claim can
        still be judged)."""
        terms = self.terms_of(person)
        return bool(terms) and all(t.end is not None and (self.horizon is None or t.end.late <= self.horizon)
                                   for t in terms)

    def listed_from(self) -> str:
        return f"the rules list who was {self.name} only from {_first_text(self)}"

    def extent(self, day: dt.date) -> str:
        """What the rules know, for a claim about `day` outside it."""
        if day < self.first:
            return self.listed_from()
        return f"the rules know who was {self.name} up to {self.horizon}"


def _first_text(office: Office) -> str:
    return min(office.terms, key=lambda t: t.start.early).start.text


def _key(tokens: Iterable[Token]) -> tuple[str, ...]:
    return tuple(t.lower_ for t in tokens)


@dataclass
class _Role:
    """A title next to a person, before it is judged."""

    start: int  # token indices of the whole claim
    end: int
    title: SpacySpan
    name: SpacySpan
    modifiers: list[SpacySpan]  # one token each (plus a following hyphen for "then-")
    qualifier: Optional[tuple[str, ...]]  # a known qualifier, as written
    person: Optional[str]  # the canonical name of a listed holder; None for a name no rule lists
    foreign: Optional[str] = None  # capitalised words no rule knows right before the title
    foreign_start: int = 0  # where those words start

    @property
    def words(self) -> set[str]:
        return {m[0].lower_ for m in self.modifiers}

    @property
    def surname_only(self) -> bool:
        return len(self.name) == 1


class _Sentences:
    """Sentence boundaries read once per document; the sentence of a token by bisection."""

    def __init__(self, doc: Doc):
        spans = list(doc.sents)
        self.doc = doc
        self.starts = [s.start for s in spans]
        self.ends = [s.end for s in spans]

    def of(self, i: int) -> SpacySpan:
        at = bisect.bisect_right(self.starts, i) - 1
        return self.doc[self.starts[at]:self.ends[at]]


class OfficeClaims:
    """Role claims (title + person) judged against office rules at the article's date."""

    def __init__(self, rules: list[Rule], nlp: Language):
        self.offices: list[Office] = []
        self.titles: dict[tuple[str, ...], list[tuple[int, bool]]] = {}
        self.names: dict[tuple[str, ...], set[str]] = {}
        self.qualifiers: dict[tuple[str, ...], set[int]] = {}
        self.strong_titles: set[tuple[str, ...]] = set()  # titles that name an office by themselves
        self.title_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.name_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.qualifier_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        title_docs: dict[tuple[str, ...], Doc] = {}
        name_docs: dict[tuple[str, ...], Doc] = {}
        qualifier_docs: dict[tuple[str, ...], Doc] = {}
        for index, rule in enumerate(rules):
            spec: OfficeSpec = rule.spec
            office = Office(rule=rule, name=spec.office, qualifiers=spec.qualifiers)
            for holder in spec.holders:
                person = holder.name
                office.terms.append(Term(person, Fuzzy.parse(holder.valid_from),
                                         Fuzzy.parse(holder.valid_to) if holder.valid_to else None,
                                         holder.acting, holder.sources))
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
                    if strong:
                        self.strong_titles.add(_key(doc))
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
        if not titles:
            return []
        qualifiers = filter_spans(self.qualifier_matcher(doc, as_spans=True))
        taken = {i for span in titles for i in range(span.start, span.end)}
        titled = taken | {i for span in qualifiers for i in range(span.start, span.end)}
        names = [n for n in filter_spans(self.name_matcher(doc, as_spans=True))
                 if not any(i in taken for i in range(n.start, n.end))
                 and self._whole_name(doc, n, titled)]
        found = _Found(doc, titled, {n.start: n for n in names}, {n.end: n for n in names},
                       {q.end: q for q in qualifiers})
        roles: list[_Role] = []
        named: set[int] = set()  # name starts already claimed by a title
        rest = []
        for title in titles:
            role = self._title_then_name(found, title)
            if role is None:
                rest.append(title)
            else:
                roles.append(role)
                named.add(role.name.start)
        for title in rest:
            role = self._name_then_title(found, title)
            if role is not None and role.name.start not in named:
                roles.append(role)
                named.add(role.name.start)
        if not roles:
            return []
        sentences = _Sentences(doc)
        judged: Judged = []
        for role in sorted(roles, key=lambda r: r.start):
            sentence = sentences.of(role.start)
            offices, mode = self._resolve(role)
            if mode is None and role.surname_only and not role.words:
                offices, mode = self._holder_by_surname(role, document.date)
            if role.foreign and mode:
                role.start = role.foreign_start  # a misspelt qualifier is part of the claim
            value = role.person if mode in ("listed", "never") and role.person else role.name.text
            claim = self._claim(document, doc, role, sentence,
                                offices[0] if len(offices) == 1 else None, value)
            finding = self._judge(claim, role, offices, mode, document.date, doc, sentence)
            if finding is not None and finding.claim.subject != claim.subject:
                claim = finding.claim
            judged.append((claim, finding))
        return judged

    @staticmethod
    def _whole_name(doc: Doc, name: SpacySpan, titled: set[int]) -> bool:
        """A name is capitalised ("ban" is not Ban Ki-moon); "Kono" in "Yohei Kono" is another
        person (refuse a match that another capitalised name word precedes: a title word or
        the start of the sentence does not count); "Cho Hyun" in "Cho Hyun-dong" is too, and a
        surname alone followed by another name word ("Moon Hee-sang") is someone else."""
        if not name.text[:1].isupper():
            return False
        before = name.start - 1
        if before >= 0 and before not in titled:
            token = doc[before]
            if token.is_title and token.is_alpha and token.pos_ == "PROPN" and not token.is_sent_start:
                return False
        after = name.end
        if after + 1 < len(doc) and doc[after].text in HYPHENS and doc[after].idx == name.end_char \
                and doc[after + 1].is_alpha:
            return False
        if len(name) == 1 and after < len(doc) and after not in titled and _name_word(doc[after]):
            return False
        return True

    def _title_then_name(self, found: "_Found", title: SpacySpan) -> Optional[_Role]:
        doc = found.doc
        at = title.end
        if at < len(doc) and doc[at].text == ",":
            at += 1
        if title.end < len(doc) and doc[title.end].text in HYPHENS:
            return None  # "President-elect", "Secretary-General"-like compounds
        listed = found.names_by_start.get(at)
        name = listed or _unlisted_after(doc, at, found.titled)
        if name is None:
            return None
        start = title.start
        modifiers: list[SpacySpan] = []
        qualifier: Optional[tuple[str, ...]] = None
        i = title.start - 1
        if i >= 0 and (doc[i].lower_ in SUBORDINATE or doc[i].text in HYPHENS
                       and not (i > 0 and doc[i - 1].lower_ in FORMER | THEN)):
            return None  # "Deputy Foreign Minister", "Under-Secretary-General"
        while i >= 0:
            token = doc[i]
            # a known qualifier ending here, or before a possessive: "Japanese", "Japan's"
            owner = i if token.text in POSSESSIVE else i + 1
            if qualifier is None and owner in found.qualifier_by_end:
                span = found.qualifier_by_end[owner]
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
        if listed is None and qualifier is None and _key(title) not in self.strong_titles:
            return None  # "Secretary Kelly": a looser title names an office only with more
        foreign, foreign_start = _foreign_words(doc, i) if qualifier is None else (None, 0)
        return _Role(start, name.end, title, name, modifiers, qualifier, self._person(name),
                     foreign, foreign_start)

    def _name_then_title(self, found: "_Found", title: SpacySpan) -> Optional[_Role]:
        """"Taro Kono, Japan's foreign minister": from the title back to the comma."""
        doc = found.doc
        if title.end < len(doc) and doc[title.end].text in HYPHENS:
            return None
        modifiers: list[SpacySpan] = []
        qualifier: Optional[tuple[str, ...]] = None
        i = title.start - 1
        while i >= 0 and doc[i].text != ",":
            token = doc[i]
            owner = i if token.text in POSSESSIVE else i + 1
            if qualifier is None and owner in found.qualifier_by_end:
                span = found.qualifier_by_end[owner]
                qualifier = tuple(t.text for t in span)
                i = span.start - 1
            elif token.text in HYPHENS and i > 0 and doc[i - 1].lower_ in FORMER | THEN:
                modifiers.append(doc[i - 1:i + 1])
                i -= 2
            elif token.lower_ in MODIFIERS:
                modifiers.append(doc[i:i + 1])
                i -= 1
            elif token.lower_ in DETERMINERS and i > 0 and doc[i - 1].text == ",":
                i -= 1
            else:
                return None
        if i < 1:
            return None
        name = found.names_by_end.get(i)
        if name is None:
            if qualifier is None and _key(title) not in self.strong_titles:
                return None
            name = _unlisted_before(doc, i, found.titled)
            if name is None:
                return None
        modifiers.reverse()
        return _Role(name.start, title.end, title, name, modifiers, qualifier, self._person(name))

    def _person(self, name: SpacySpan) -> Optional[str]:
        persons = self.names.get(_key(name))
        if persons and len(persons) == 1:
            return next(iter(persons))
        return None  # unlisted, or a variant two listed people share: do not guess

    def _resolve(self, role: _Role) -> tuple[list[Office], Optional[str]]:
        """The offices to judge the claim against and how: "listed" (the person is a listed
        holder), "never" (a listed person the office never had), "unlisted" (a name no rule
        lists), or None (the title names no office a rule describes: an unchecked claim)."""
        candidates = self.titles.get(_key(role.title), [])
        person = role.person
        if role.foreign is not None:
            # unknown words before the title: another country's office, unless a typo of the
            # person's own office's qualifier ("South Koran Foreign Minister Kang Kyung-wha")
            near = [self.offices[i] for i, _ in candidates
                    if person in self.offices[i].persons and _near(role.foreign, self.offices[i])]
            return (near, "listed") if near else ([], None)
        if role.qualifier is not None:
            allowed = self.qualifiers.get(role.qualifier, set())
            candidates = [(i, strong) for i, strong in candidates if i in allowed]
        listed = [self.offices[i] for i, _ in candidates if person in self.offices[i].persons]
        if listed:
            return listed, "listed"
        strong = [i for i, is_strong in candidates if is_strong]
        if role.qualifier is None or len(strong) != 1:
            return [], None
        office = self.offices[strong[0]]
        if person is not None and not role.surname_only:
            return [office], "never"
        return [office], "unlisted"  # a surname alone may be somebody else's

    def _holder_by_surname(self, role: _Role, day: Optional[dt.date]) -> tuple[list[Office], Optional[str]]:
        """"Foreign Minister Kono" with no country, dated 2018: of the offices the title names,
        the one whose holder on the article's date has that surname (Taro Kono, Japan's). Only
        ever to verify: a surname that fits no holder on the day is not judged (it may be any
        country's minister, or a namesake)."""
        if day is None or role.foreign is not None:
            return [], None
        surname = role.name.text.lower()
        fitting = []
        for index, _ in self.titles.get(_key(role.title), []):
            office = self.offices[index]
            holders = [t for t in office.holders_on(day) if t.surely_in(day)]
            # the family name stands first in Chinese and Korean names ("Wang Yi"), last in others
            if holders and all(surname in (t.person.split()[0].lower(), t.person.split()[-1].lower())
                               for t in holders):
                fitting.append(office)
        if len(fitting) != 1:
            return [], None
        role.person = fitting[0].holders_on(day)[0].person
        return fitting, "listed"

    def _claim(self, document: Document, doc: Doc, role: _Role, sentence: SpacySpan,
               office: Optional[Office], person: str) -> Claim:
        base = document.body_start
        first, last = doc[role.start], doc[role.end - 1]
        start, end = first.idx, last.idx + len(last.text)
        modifier = " ".join(m.text for m in role.modifiers) or None
        return Claim(
            kind="role", text=doc[role.start:role.end].text,
            span=Span(base + start, base + end, *document.position(base + start)),
            value=person, unit=None,
            sentence=(base + sentence.start_char, base + sentence.end_char),
            qualifier=modifier, subject=office.name if office else role.title.text,
            sentence_text=sentence.text)

    # ------------------------------------------------------------------------------ judging

    def _judge(self, claim: Claim, role: _Role, offices: list[Office], mode: Optional[str],
               day: Optional[dt.date], doc: Doc, sentence: SpacySpan) -> Optional[Finding]:
        if mode is None:
            return None
        judge = _Judgement(claim, role, doc, sentence, day)
        if mode == "unlisted":
            return judge.unlisted(offices[0])
        if mode == "never":
            return judge.never_held(offices[0])
        findings = [(office, judge.listed(office)) for office in offices]
        office, best = min(findings, key=lambda pair: PREFERENCE.index(
            pair[1].verdict if pair[1] is not None else None))
        if best is not None and len(offices) > 1:
            best = _replace_subject(best, office.name)
        return best


def _handover_near(terms: list[Term], day: dt.date) -> Optional[dt.date]:
    """The day one of the person's terms began or ended, when known to the day and within
    HANDOVER_SLACK of `day`."""
    for term in terms:
        for edge in (term.start, term.end):
            if edge is not None and edge.early == edge.late \
                    and abs(edge.early - day) <= HANDOVER_SLACK:
                return edge.early
    return None


def _replace_subject(finding: Finding, subject: str) -> Finding:
    return replace(finding, claim=replace(finding.claim, subject=subject))


@dataclass
class _Found:
    """What the matchers found in one document, indexed by token position."""

    doc: Doc
    titled: set[int]  # tokens of titles and qualifiers
    names_by_start: dict[int, SpacySpan]
    names_by_end: dict[int, SpacySpan]
    qualifier_by_end: dict[int, SpacySpan]


def _name_word(token: Token) -> bool:
    """A word that can be part of a person's name: capitalised, a proper noun, not a month or
    weekday ("Secretary of State Rex Tillerson Tuesday")."""
    text = token.text
    return (text[:1].isupper() and token.pos_ == "PROPN" and token.lower_.rstrip(".") not in TIME_WORDS
            and (token.is_alpha or text.rstrip(".").replace("'", "").replace("’", "").isalpha()))


def _unlisted_after(doc: Doc, at: int, titled: set[int]) -> Optional[SpacySpan]:
    """A name no rule lists, starting at `at`: up to MAX_NAME_WORDS capitalised proper nouns,
    with hyphenated parts ("Kang Kyung-wha")."""
    i, words = at, 0
    while i < len(doc) and i not in titled and words < MAX_NAME_WORDS and _name_word(doc[i]):
        i += 1
        words += 1
        while i + 1 < len(doc) and doc[i].text in HYPHENS and doc[i + 1].is_alpha \
                and doc[i].idx == doc[i - 1].idx + len(doc[i - 1].text):
            i += 2
    return doc[at:i] if words else None


def _unlisted_before(doc: Doc, end: int, titled: set[int]) -> Optional[SpacySpan]:
    """A name no rule lists, ending before token `end` (the comma of "Name, the title")."""
    start, words = end, 0
    while words < MAX_NAME_WORDS:
        j = start - 1
        while j >= 2 and doc[j - 1].text in HYPHENS and doc[j].is_alpha \
                and doc[j - 1].idx == doc[j - 2].idx + len(doc[j - 2].text):
            j -= 2  # the parts of "Kyung-wha"
        if j < 0 or j in titled or not _name_word(doc[j]):
            break
        start = j
        words += 1
    return doc[start:end] if words else None


def _foreign_words(doc: Doc, i: int) -> tuple[Optional[str], int]:
    """Capitalised words no rule knows right before a title (at most three, ending at token
    `i`), and where they start: "British", "NATO", "Britain's", "South Koran". Without
    named-entity recognition (not run, for speed) a possessive person ("Trump's") looks the
    same, so such a title is judged only where the words look like the person's own office's
    qualifier."""
    end = i + 1
    if i >= 0 and doc[i].text in POSSESSIVE:
        end = i
        i -= 1
    start = end
    while i >= 0 and end - i <= 3:
        token = doc[i]
        if not ((token.is_title or token.is_upper) and token.pos_ in ("ADJ", "PROPN")) \
                or token.lower_ in MODIFIERS:
            break
        start = i
        i -= 1
    if start == end:
        return None, 0
    return " ".join(t.text for t in doc[start:end]), start


def _near(words: str, office: Office) -> bool:
    """Whether unknown words before a title look like one of the office's qualifiers: a typo
    ("South Koran", "Japanase") or its last word ("Korean" for "South Korean")."""
    for qualifier in office.qualifiers:
        if qualifier.endswith(" " + words) or difflib.SequenceMatcher(
                None, words.lower(), qualifier.lower()).ratio() >= QUALIFIER_LIKENESS:
            return True
    return False


# ------------------------------------------------------------------------------- verdicts

class _Judgement:
    """One role claim judged against one office at the article's date."""

    def __init__(self, claim: Claim, role: _Role, doc: Doc, sentence: SpacySpan,
                 day: Optional[dt.date]):
        self.claim, self.role, self.doc, self.sentence, self.day = claim, role, doc, sentence, day
        self.person = role.person or role.name.text  # canonical when listed, else as written
        self.words = role.words

    def finding(self, office: Office, verdict: str, message: str, person_terms: list[Term],
                suggestion: Optional[str] = None, severity: Optional[str] = None,
                diagnosis: Optional[str] = None) -> Finding:
        day = self.day
        holders = office.holders_on(day) if day and office.known(day) else []
        expected = {"value": " / ".join(t.person for t in holders) if holders else office.name,
                    "unit": None, "office": office.name,
                    "date": day.isoformat() if day else None,
                    "complete_to": office.horizon.isoformat() if office.horizon else None,
                    "terms": [t.to_json() for t in person_terms]}
        rule = office.rule
        # the pages that date this person's terms, then the office's own, each address once
        sources: dict[str, Source] = {}
        for source in [*(s for t in person_terms for s in t.sources), *rule.sources]:
            sources.setdefault(source.url, source)
        return Finding(rule=rule.id, verdict=verdict, severity=severity or rule.severity,
                       claim=self.claim, expected=expected, message=message,
                       suggestion=suggestion, sources=tuple(sources.values()), diagnosis=diagnosis)

    def not_yet_claimed(self, terms: list[Term]) -> bool:
        """"incoming X"; "new X" when X took office within NEW_WINDOW after the article."""
        if self.words & NOT_YET:
            return True
        day = self.day
        return NEW in self.words and day is not None and any(
            day < t.start.early <= day + NEW_WINDOW for t in terms)

    # a person the office lists -----------------------------------------------------------

    def listed(self, office: Office) -> Optional[Finding]:
        person = self.person
        terms = office.terms_of(person)
        if self.not_yet_claimed(terms):
            return None
        text, day = self.claim.text, self.day
        held = _held(person, office, terms)
        if self.words & THEN:
            if day is not None and not any(t.start.early <= day for t in terms):
                return self.finding(office, "unverifiable", f"{text} refers to a past time, but "
                                    f"{held}, and {office.listed_from()}: an earlier term "
                                    "would not be known.", terms)
            return self.finding(office, "consistent", f"{text} refers to a past time, not to the "
                                f"article's date; {held}.", terms)
        if day is None:
            return self.finding(office, "unverifiable", f"{text}: the article has no date, and "
                                f"the claim depends on it: {held}.", terms)
        if office.horizon is not None and day > office.horizon \
                and not office.left_before_horizon(person):
            return self.finding(office, "unverifiable", f"{text}: {office.extent(day)}, and "
                                f"{held}; whether that was still so on {day} is not known.", terms)
        surely = sorted((t for t in terms if t.surely_in(day)), key=lambda t: t.acting)
        maybe = [t for t in terms if t.maybe_in(day)]
        if self.words & FORMER:
            return self._former(office, day, terms, surely, maybe, held)
        if surely:
            term = surely[0]
            if term.acting and not self.words & ACTING:
                return self.finding(office, "inconsistent", f"{text}: {held}; {person} held it "
                                    "only in an acting capacity and was never confirmed.", terms,
                                    suggestion=_with_word(self.claim, self.role, self.doc, "acting"),
                                    severity="warning", diagnosis="acting")
            return self.finding(office, "consistent", f"{text}: {held}, which includes {day}.", terms)
        if maybe:
            boundary = next((t.start for t in maybe if t.start.early <= day <= t.start.late),
                            maybe[0].end or maybe[0].start)
            return self.finding(office, "unverifiable", f"{text}: {held}; that date is known only "
                                f"to the {boundary.precision}, and the article's date {day} "
                                "falls in it.", terms)
        if day < office.first:
            return self.finding(office, "unverifiable", f"{text}: {office.extent(day)}, so who "
                                f"held it on {day} is not known; {held}.", terms)
        handover = _handover_near(terms, day)
        if handover is not None:
            return self._at_handover(office, terms, held, handover)
        other_time = self._other_time(office, day, terms)
        if other_time:
            return self.finding(office, "unverifiable", f"{text}: {held}; the sentence speaks of "
                                f"{other_time}, and the title may refer to that time.", terms)
        ended = any(t.surely_over(day) for t in terms)
        end_noun = self._term_end_noun()
        if ended and end_noun:
            return self.finding(office, "consistent", f"{text}: the {end_noun} names the holder "
                                f"as the title stood then; {held}.", terms)
        reason = (" The title is out of date: write \"former\" or name the holder at the time."
                  if ended else f" {person} took office only later.")
        return self.finding(office, "inconsistent", f"{text}: {held}; {_on(office, day)}.{reason}",
                            terms, suggestion=_with_word(self.claim, self.role, self.doc, "former")
                            if ended else None,
                            diagnosis="out-of-term" if ended else "not-yet")

    def _former(self, office: Office, day: dt.date, terms: list[Term], surely: list[Term], maybe: list[Term],
                held: str) -> Finding:
        text, person = self.claim.text, self.person
        handover = _handover_near(terms, day)
        if surely and handover is not None:
            return self._at_handover(office, terms, held, handover)
        if surely:
            return self.finding(office, "inconsistent", f"{text}: \"former\" says the term had "
                                f"ended, but {held}, so on {day} {person} was still in office.",
                                terms, suggestion=_without_modifiers(self.claim, self.role, self.doc, FORMER),
                                diagnosis="still-in-office")
        if maybe:
            return self.finding(office, "unverifiable", f"{text}: {held}; the end of the term is "
                                f"known only to the {_end_precision(maybe[0])}, and {day} falls in it.",
                                terms)
        if any(t.surely_over(day) for t in terms):
            return self.finding(office, "consistent", f"{text}: {held}, so on {day} {person} "
                                "was a former holder.", terms)
        return self.finding(office, "unverifiable", f"{text}: {held}, and "
                            f"{office.listed_from()}: an earlier term would not be known.",
                            terms)

    def _at_handover(self, office: Office, terms: list[Term], held: str,
                     handover: dt.date) -> Finding:
        return self.finding(office, "unverifiable", f"{self.claim.text}: {held}; the office "
                            f"changed hands on {handover}, within a day of the article's date "
                            f"{self.day}, and the text may speak of either side of it.", terms)

    def _term_end_noun(self) -> Optional[str]:
        """"the ouster of President Park", "President Park's impeachment": a noun of the end of
        a term (`term_end_nouns` in the lexicon) that the role is the object or the possessor
        of speaks of the holder at that end."""
        nouns = _TERM_END
        for token in (self.role.name[-1], self.role.title.root):
            if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in nouns:
                return token.head.head.text
            if token.dep_ == "poss" and token.head.lemma_.lower() in nouns:
                return token.head.text
        return None

    def _other_time(self, office: Office, day: dt.date, terms: list[Term]) -> Optional[str]:
        """A year or month the sentence names, wholly before the article's date, in which the
        person held the office or which the list does not reach ("In 2016, Foreign Minister
        Kishida ..."): the title may be meant for that time."""
        clause = self._temporal_clause()
        if clause is not None:
            return f"the time of its {clause!r} clause"
        for token in self.sentence:
            period = _period(token, day)
            if period is None or period[1] >= day:
                continue
            early, late = period
            if early < office.first or any(t.meets(early, late) for t in terms):
                return token.text if token.like_num else f"{token.text} {late.year}"
        return None

    def _temporal_clause(self) -> Optional[str]:
        """The word that opens a clause about another time the title stands in ("Its second
        nuclear test took place when President Obama was in office for just four months"): the
        title is as it stood then (lexicon `temporal_marks`)."""
        marks = lexicon()["temporal_marks"]
        token = self.role.title.root
        for _ in range(8):
            opener = next((c for c in token.children if c.dep_ in ("mark", "advmod")
                           and c.lower_ in marks and c.i < token.i), None)
            if opener is not None and token.dep_ in ("advcl", "relcl"):
                return opener.text
            if token.head.i == token.i:
                return None
            token = token.head
        return None

    # a listed person the office never had ------------------------------------------------

    def never_held(self, office: Office) -> Optional[Finding]:
        if self.not_yet_claimed([]):
            return None
        text, day, person = self.claim.text, self.day, self.person
        if day is None:
            return self.finding(office, "unverifiable", f"{text}: the article has no date, so who "
                                f"was {office.name} cannot be established ({_listing(office)}).", [])
        if self.words & (THEN | FORMER | ACTING):
            return self.finding(office, "unverifiable", f"{text}: {person} is not among the listed "
                                f"holders of the office of {office.name}, but "
                                f"{office.listed_from()}, and an earlier or acting term would "
                                "not be known.", [])
        if not office.known(day):
            return self.finding(office, "unverifiable", f"{text}: {office.extent(day)}; "
                                f"{person} is not among the holders listed.", [])
        if self._other_time(office, day, []):
            return self.finding(office, "unverifiable", f"{text}: {person} is not among the listed "
                                f"holders of the office of {office.name}, but the sentence speaks of "
                                "a time the list does not reach.", [])
        return self.finding(office, "inconsistent", f"{text}: {person} is not among the holders of "
                            f"the office of {office.name}; {_on(office, day)}.", [],
                            diagnosis="never-held")

    # a name no rule lists ----------------------------------------------------------------

    def unlisted(self, office: Office) -> Optional[Finding]:
        """Unchecked inside the list's reach (the rules cannot say the person is wrong, only
        that they do not know them); unverifiable outside it, with what the rules know."""
        day = self.day
        if day is None or office.known(day) or self.not_yet_claimed([]):
            return None
        return self.finding(office, "unverifiable", f"{self.claim.text}: {office.extent(day)}; "
                            f"{self.role.name.text} is not among the holders listed.", [])


def _period(token: Token, day: dt.date) -> Optional[tuple[dt.date, dt.date]]:
    """The period a year ("2016") or a capitalised month name ("March", "Sept.") names, a
    month taken as its latest occurrence up to the article's date."""
    text = token.text
    if token.like_num and len(text) == 4 and text.isdigit() and 1900 <= int(text) <= 2100:
        year = int(text)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    month = MONTHS.get(text.lower().rstrip("."))
    if month is None or not text[:1].isupper() or token.pos_ not in ("PROPN", "NOUN"):
        return None
    year = day.year if month <= day.month else day.year - 1
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


# ------------------------------------------------------------------------------- wording

def _held(person: str, office: Office, terms: list[Term]) -> str:
    if not terms:
        return f"{person} never held the office of {office.name}"
    return f"{person} was {office.name} " + " and ".join(t.describe() for t in terms)


def _on(office: Office, day: dt.date) -> str:
    if office.horizon is not None and day > office.horizon:
        return f"{office.extent(day)}"
    holders = office.holders_on(day)
    if holders:
        return f"on {day} it was " + " and ".join(f"{t.person} ({t.describe()})" for t in holders)
    return f"the rule lists no holder of the office on {day}"


def _listing(office: Office) -> str:
    return "listed holders: " + "; ".join(f"{t.person} {t.describe()}" for t in office.terms)


def _end_precision(term: Term) -> str:
    return term.end.precision if term.end else "day"


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
