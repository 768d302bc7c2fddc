"""Names (`kind: name`): the canonical spelling, the accepted variants, the known misspellings,
and spellings near a listed name judged by their distance to it (see docs/rules.md)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping

from checker.kinds.base import Component, Kind, LoadContext, Trigger, register
from checker.kinds.names import romanisation as roman
from checker.kinds.names.spec import NameSpec, parse_name
from checker.rules.problems import Problem

if TYPE_CHECKING:
    from spacy.language import Language

    from checker.rules.rule import Rule

_MISSPELLING = {
    "type": "object", "required": ["text"], "additionalProperties": False,
    "properties": {
        "text": {"type": "string", "minLength": 1,
                 "description": "The wrong spelling (matched case-insensitively on whole tokens, "
                                "and in any spacing or hyphenation)."},
        "suggest": {"type": "string", "minLength": 1,
                    "description": "The replacement for this spelling; default `canonical`."},
        "note": {"type": "string", "description": "Why it is wrong; shown in the message."},
        "unless": {"$ref": "#/$defs/phrases",
                   "description": "Words that, anywhere in the same sentence, show the spelling "
                                  "is right there (e.g. a different person of that name)."},
        "severity": {"enum": ["error", "warning", "info"],
                     "description": "Overrides the rule's severity for this spelling."},
    },
}


@register
class Names(Kind):
    name = "names"
    rule_kinds = ("name",)
    definitions = {"misspelling": _MISSPELLING}
    schema = {
        "required": ["canonical"],
        "properties": {
            "canonical": {"type": "string", "minLength": 1,
                          "description": "The house spelling, used in suggestions."},
            "misspellings": {"type": "array", "items": {"$ref": "#/$defs/misspelling"},
                             "description": "Known wrong spellings, flagged with the canonical "
                                            "(or `suggest`) spelling at the rule's severity."},
            "context": {"$ref": "#/$defs/phrases",
                        "description": "A spelling near this name that no rule lists is judged "
                                       "only in a sentence with one of these phrases (for names "
                                       "that are also common elsewhere)."},
            "distinct": {"$ref": "#/$defs/phrases",
                         "description": "Real, different names spelt close to this one (another "
                                        "person, a place): never judged as its misspellings."},
        },
    }

    def spec(self, raw: Mapping[str, Any], context: LoadContext) -> NameSpec:
        return parse_name(raw)

    def triggers(self, rule: "Rule") -> Iterable[Trigger]:
        spec: NameSpec = rule.spec
        yield Trigger(groups=((spec.canonical, *rule.subject, *(m.text for m in spec.misspellings)),))
        if spec.context:
            # a near miss is judged in the sentence of a context phrase: parse that paragraph,
            # so the sentence is the same as without the fast path
            yield Trigger(groups=(spec.context,))

    def lint(self, rules: list["Rule"]) -> Iterable[Problem]:
        yield from _contradictions(rules)

    def component(self, rules: list["Rule"], nlp: "Language") -> Component:
        from checker.kinds.names.component import NameClaims
        return NameClaims(rules, nlp)


def _contradictions(rules: list["Rule"]) -> Iterator[Problem]:
    """A spelling one rule accepts must not be another rule's misspelling or `distinct` name
    (a listed person's exact name is never a misspelling of another), and one romanisation key
    must not be two names (which one a text means would be a guess)."""
    accepted: dict[str, "Rule"] = {}  # plain key -> rule
    folded: dict[str, "Rule"] = {}  # romanisation key -> rule
    for rule in rules:
        for text in dict.fromkeys((rule.spec.canonical, *rule.subject)):
            accepted.setdefault("".join(roman.words(text)), rule)
            other = folded.setdefault(roman.key(text), rule)
            if other.id != rule.id:
                yield Problem(rule.path, rule.line, rule.id,
                              f"{text!r} is spelt like a name of {other.id} "
                              f"({other.path}:{other.line}) in some romanisation", "name-ambiguous")
    for rule in rules:
        listed = [(m.text, "misspelling") for m in rule.spec.misspellings]
        listed += [(text, "distinct name") for text in rule.spec.distinct]
        for text, what in listed:
            owner = accepted.get("".join(roman.words(text)))
            if owner is not None:
                yield Problem(rule.path, rule.line, rule.id,
                              f"{text!r} is listed as a {what} but is an accepted spelling of "
                              f"{owner.id} ({owner.path}:{owner.line})", "name-contradiction")
