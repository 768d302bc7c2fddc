"""Office holders (`kind: office`): a title next to a person's name is right only while that
person held the office on the article's date (see docs/rules.md)."""
from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from checker.kinds.base import Component, Kind, LoadContext, Trigger, register
from checker.kinds.offices.spec import OfficeSpec, parse_office
from checker.rules.problems import Problem, RuleError

if TYPE_CHECKING:
    from spacy.language import Language

    from checker.rules.rule import Rule

_HOLDER = {
    "type": "object", "required": ["name", "valid_from"], "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "minLength": 1,
                 "description": "The holder's canonical name (used in messages and suggestions)."},
        "variants": {"$ref": "#/$defs/phrases",
                     "description": "Other spellings of the name, incl. a surname alone where "
                                    "unambiguous with a title (matched case-insensitively)."},
        "valid_from": {"$ref": "#/$defs/partial_date", "description": "First day in office."},
        "valid_to": {"$ref": "#/$defs/partial_date",
                     "description": "Last day in office; omit while still in office."},
        "acting": {"type": "boolean", "default": False,
                   "description": "Held the office only as acting: a claim without 'acting' is a warning."},
        "sources": {"type": "array", "items": {"$ref": "#/$defs/source"}},
        "note": {"type": "string"},
    },
}


@register
class Offices(Kind):
    name = "offices"
    rule_kinds = ("office",)
    # every office's titles are matched against every rule's holders, and a title after a
    # qualifier no rule lists is refused: one office rule's data changes another's claims
    coupled = True
    definitions = {"holder": _HOLDER}
    schema = {
        "required": ["office", "qualifiers", "holders"],
        "properties": {
            "office": {"type": "string", "minLength": 1,
                       "description": "How a message names the office, e.g. \"Japan's foreign minister\"."},
            "short_titles": {"$ref": "#/$defs/phrases",
                             "description": "Looser titles ('Secretary') that name this office only "
                                            "together with one of its listed holders."},
            "qualifiers": {"$ref": "#/$defs/phrases", "minItems": 1,
                           "description": "Country or body words qualifying the title (case-sensitive, "
                                          "possessive 's allowed): [Japan, Japanese, Tokyo]."},
            "holders": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/holder"},
                        "description": "Who held the office and when, one entry per term."},
        },
    }

    def spec(self, raw: Mapping[str, Any], context: LoadContext) -> OfficeSpec:
        spec = parse_office(raw)
        for holder, item in zip(spec.holders, raw.get("holders", ())):
            line = getattr(item, "line", context.line)
            for text in filter(None, (holder.valid_from, holder.valid_to)):
                if not _real_date(text):
                    raise RuleError(context.path, line, 1, f"{holder.name}: {text!r} is not a date")
        return spec

    def triggers(self, rule: "Rule") -> Iterable[Trigger]:
        spec: OfficeSpec = rule.spec
        people = tuple(n for h in spec.holders for n in (h.name, *h.variants))
        # a title next to a name is a claim even when no rule lists the person ("Secretary of
        # State Marco Bianchi"); a looser title only with a listed holder or a qualifier
        yield Trigger(groups=(rule.subject,))
        if spec.short_titles:
            yield Trigger(groups=(spec.short_titles, people + spec.qualifiers))

    def lint(self, rules: list["Rule"]) -> Iterable[Problem]:
        for rule in rules:
            for holder in rule.spec.holders:
                if holder.valid_to and holder.valid_to < holder.valid_from:
                    yield Problem(rule.path, rule.line, rule.id,
                                  f"{holder.name}: valid_to {holder.valid_to} is before valid_from "
                                  f"{holder.valid_from}", "ordered")
                if rule.complete_to and holder.valid_from[:len(str(rule.complete_to))] > str(rule.complete_to):
                    yield Problem(rule.path, rule.line, rule.id,
                                  f"{holder.name}: valid_from {holder.valid_from} is after the rule's "
                                  f"complete_to {rule.complete_to}", "horizon")

    def component(self, rules: list["Rule"], nlp: "Language") -> Component:
        from checker.kinds.offices.component import OfficeClaims
        return OfficeClaims(rules, nlp)


def _real_date(text: str) -> bool:
    parts = text.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1] \
            and dt.date(year, month, day) is not None
    except (ValueError, IndexError):
        return False
