"""What a figure is about: the nouns a claim is predicated of, read off the dependency parse.

"The missile flew 930 km and landed inside the EEZ": 930 km belongs to "flew", whose subject
is "missile", so the EEZ is not what it measures. Parsers of the size we ship misattach
appositions and relative clauses, so the walk also takes the nearest noun phrase in the text
before a relative pronoun or a dash/comma apposition as a second candidate.
"""
from __future__ import annotations

from typing import Iterator

from spacy.tokens import Doc, Span, Token

from checker.lexicon import lexicon

_MODIFIER_DEPS = {"nummod", "compound", "amod", "nmod", "quantmod", "npadvmod", "advmod", "appos"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
_CLAUSE_CLIMB = {"conj", "xcomp", "advcl", "ccomp", "acl", "pcomp"}
_NOMINAL = {"NOUN", "PROPN", "PRON"}
_MAX_STEPS = 10
_IT = ("it", "its")


def subject_tokens(doc: Doc, span: Span) -> list[Token]:
    """Candidate head nouns of what the claim in `span` is about, best first."""
    if not doc.has_annotation("DEP"):
        return _nearby_nouns(doc, span)
    inside = set(range(span.start, span.end))
    complement = _of_complement(span)
    if complement is not None:
        return _expand(doc, [complement])  # "75 days of silence" is about the silence
    # The figure may head a larger noun phrase: "North Korea's sixth nuclear test registered
    # magnitude 6.3" parsed as one phrase around "magnitude"; its own modifiers come first.
    found: list[Token] = [t for t in reversed(list(_left_nouns(span.root))) if t.i not in inside]
    token = span.root
    for _ in range(_MAX_STEPS):
        head = token.head
        if head is token:
            if token.i not in inside and token.pos_ in _NOMINAL:
                found.append(token)
            break
        if head.i in inside:
            token = head
            continue
        if token.dep_ in _MODIFIER_DEPS and head.pos_ in _NOMINAL:
            found.append(head)  # "a 200-nautical-mile zone", "four missiles"
            token = head
            continue
        if token.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in _NOMINAL:
            found.append(head.head)  # "a tremor of magnitude 4.6", "a breadth of 200 nmi"
            token = head.head
            continue
        if token.pos_ in _NOMINAL and token.dep_ in _SUBJECT_DEPS:
            break  # the claim is itself the subject of its clause
        verb = head if head.pos_ in ("VERB", "AUX") else _verb_above(head)
        if verb is None:
            token = head
            continue
        found.extend(_clause_subjects(verb, token))
        break
    return _expand(doc, found)


def _left_nouns(root: Token) -> Iterator[Token]:
    for child in root.lefts:
        if child.dep_ in ("poss", "compound", "amod", "nmod"):
            yield from (t for t in child.subtree if t.pos_ in ("NOUN", "PROPN") and t.dep_ != "poss")


def _of_complement(span: Span) -> Token | None:
    """The noun in "<figure> of <noun>" ("15 hours of talks", "3,000 tonnes of coal")."""
    root = span.root
    for child in root.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i == span.end:
            objects = [c for c in child.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")]
            if objects:
                return objects[0]
    return None


def _verb_above(token: Token) -> Token | None:
    for ancestor in token.ancestors:
        if ancestor.pos_ in ("VERB", "AUX"):
            return ancestor
        if ancestor.pos_ in _NOMINAL and ancestor.dep_ not in ("pobj", "dobj", "attr"):
            return None
    return None


def _clause_subjects(verb: Token, via: Token) -> list[Token]:
    """The subject of the clause `verb` heads, climbing to the governing clause when the verb
    shares its subject (conjunctions, infinitives, relative clauses)."""
    found: list[Token] = []
    for _ in range(_MAX_STEPS):
        subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
        objects = [c for c in verb.children if c.dep_ in ("dobj", "attr") and c is not via
                   and c.i not in {t.i for t in via.subtree}]
        if via.dep_ == "prep" or via.dep_ == "pobj" or via.head.dep_ == "prep":
            for obj in objects:  # "measured the quake at magnitude 6.3"
                if any(t.like_num and t.lower_ not in lexicon()["ordinals"] for t in obj.subtree):
                    continue  # "held 15 hours of talks over four days": a figure of its own
                if obj.lower_ in lexicon()["relative_pronouns"] or obj.tag_ in ("WDT", "WP"):
                    found.extend(_antecedents(obj, verb))  # "a collapse, which the USGS put at"
                else:
                    found.append(obj)
        for subject in subjects:
            if subject.lower_ in lexicon()["relative_pronouns"] or subject.tag_ in ("WDT", "WP"):
                found.extend(_antecedents(subject, verb))
            elif subject.dep_ != "expl":
                found.append(subject)
        if subjects and any(s.dep_ != "expl" for s in subjects):
            return found
        if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in _NOMINAL:  # "a belt stretching 44 km"
            found.append(verb.head)
            return found
        infinitive = next((c for c in verb.children if c.dep_ == "aux" and c.lower_ == "to"), None)
        if infinitive is not None and not subjects:
            # "the first exchange ... to take place in almost eight years": the noun phrase
            # before an infinitive is what it is about, wherever the parse hung the clause.
            found.extend(_antecedents(infinitive, verb))
        if verb.dep_ in _CLAUSE_CLIMB and verb.head is not verb:
            via, verb = verb, verb.head
            continue
        if subjects:  # only an expletive ("there have been five launches"): the attribute
            found.extend(objects)
        return found
    return found


def _antecedents(pronoun: Token, verb: Token) -> list[Token]:
    """A relative pronoun stands for the noun phrase before it; take the parse's choice and the
    noun phrase the text puts right before the pronoun (and the noun a prepositional phrase
    there hangs from: "an area according to international law that ...")."""
    found = [verb.head] if verb.dep_ == "relcl" and verb.head.pos_ in _NOMINAL else []
    previous = _noun_before(pronoun.doc, _before_comma_and_parenthesis(pronoun.doc, pronoun.i))
    seen: set[int] = set()
    while previous is not None and previous.i not in seen:
        seen.add(previous.i)
        if previous not in found:
            found.append(previous)
        if previous.dep_ == "conj":
            previous = previous.head  # "between U.N. and North Korean officials"
        elif previous.dep_ == "pobj" and previous.head.dep_ == "prep":
            owner = previous.head.head
            while owner.dep_ == "prep" and owner.head is not owner:
                owner = owner.head
            previous = owner if owner.pos_ in _NOMINAL else None
        else:
            previous = None
    return found


def _before_comma_and_parenthesis(doc: Doc, index: int) -> int:
    """Where the noun phrase before a relative pronoun ends, past the comma of a non-restrictive
    clause and a parenthesis in between ("the exclusive economic zone (EEZ), which ...")."""
    i = index
    if i > 0 and doc[i - 1].text == ",":
        i -= 1
    if i > 0 and doc[i - 1].text == ")":
        opening = next((j for j in range(i - 2, max(-1, i - 12), -1) if doc[j].text == "("), None)
        if opening is not None:
            i = opening
    return i


def _noun_before(doc: Doc, index: int) -> Token | None:
    for token in reversed(doc[max(0, index - 4):index]):
        if token.pos_ in ("NOUN", "PROPN"):
            return token
        if token.is_punct and token.text not in ("'", "’"):
            return None
    return None


def _expand(doc: Doc, found: list[Token]) -> list[Token]:
    """Add what the text says each candidate also is: appositions (parsed, or marked by a dash
    or comma right before it) and the subject of a copula ("the EEZ is an area that ...")."""
    result: list[Token] = []
    queue = list(found)
    while queue and len(result) < 12:
        token = queue.pop(0)
        if token in result:
            continue
        result.append(token)
        # The text's own apposition marks come first: the parse often hangs an apposition
        # after a dash on the wrong noun ("missiles landed in the EEZ — an area that ...").
        left = _chunk_start(token)
        if left > 0 and doc[left - 1].text in ("—", "–", "-", ",", "(", ":"):
            before = _noun_before(doc, left - 1)
            if before is not None and (doc[left - 1].text != "," or token.dep_ == "appos"):
                queue.append(before)
        if token.lower_ in _IT:
            queue.extend(_referents(token))
        queue.extend(c for c in token.children if c.dep_ == "appos")
        if token.dep_ == "appos":
            queue.append(token.head)
        if token.dep_ == "attr":
            queue.extend(c for c in token.head.children if c.dep_ in _SUBJECT_DEPS)
        if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.dep_ == "attr":
            # "territorial waters is a belt of coastal waters extending 12 nmi": the belt
            queue.append(token.head.head)
    return result


def _referents(pronoun: Token) -> list[Token]:
    """What "it" may stand for: the nouns that head the clauses' subjects and objects before it
    in the sentence, nearest first ("... produced a 6.3 tremor, and the KMA measured it at 5.2")."""
    sentence = pronoun.sent
    return [t for t in reversed(pronoun.doc[sentence.start:pronoun.i])
            if t.pos_ in ("NOUN", "PROPN") and t.dep_ in ("nsubj", "nsubjpass", "dobj")][:3]


def _chunk_start(token: Token) -> int:
    start = token.i
    for child in token.lefts:
        start = min(start, child.left_edge.i)
    return start


def chunk(token: Token) -> Span:
    """The noun phrase a candidate heads with its "of"/"to" complement ("Japan's exclusive
    economic zone", "a claim to an extended continental shelf")."""
    end = token.i + 1
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in ("of", "to") and child.i == end:
            end = child.right_edge.i + 1
    return token.doc[_chunk_start(token):end]


def _nearby_nouns(doc: Doc, span: Span) -> list[Token]:
    """Without a parser: the nouns within a few words of the claim in its sentence."""
    sentence = span.sent
    window = doc[max(sentence.start, span.start - 6):min(sentence.end, span.end + 4)]
    return [t for t in window if t.is_alpha and t.i not in range(span.start, span.end)]
