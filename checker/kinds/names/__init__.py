"""Names (`kind: name`): the canonical spelling, the accepted variants, and the known
misspellings (see docs/rules.md)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Mapping

from checker.kinds.base import Kind, LoadContext, Trigger, register
from checker.kinds.names.spec import NameSpec, parse_name

if TYPE_CHECKING:
    from spacy.language import Language

    from checker.rules.load import Rule

_MISSPELLING = {
    "type": "object", "required": ["text"], "additionalProperties": False,
    "properties": {
        "text": {"type": "string", "minLength": 1,
                 "description": "The wrong spelling (matched case-insensitively on whole tokens)."},
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
                                            "(or `suggest`) spelling."},
        },
    }

    def spec(self, raw: Mapping[str, Any], context: LoadContext) -> NameSpec:
        return parse_name(raw)

    def triggers(self, rule: "Rule") -> Iterable[Trigger]:
        spec: NameSpec = rule.spec
        yield Trigger(groups=((spec.canonical, *rule.subject, *(m.text for m in spec.misspellings)),))

    def component(self, rules: list["Rule"], nlp: "Language"):
        from checker.kinds.names.component import NameClaims
        return NameClaims(rules, nlp)
