"""Figures: measures, counts, seismic magnitudes and durations checked against reference values.

A figure rule names what the figure must be about (`subject`), the reference values with who
reported each (`expect`), and optionally which event it speaks of (`scope`). Figures of the
events in an event list are figure rules too, derived from the list (see kinds/events): for
them the event is resolved from the evidence in the text (kinds/events/resolve.py), not from `scope`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Mapping

from checker.kinds.base import Kind, LoadContext, Trigger, register
from checker.kinds.figures.lint import contradictions, ordered_values, unit_dimensions
from checker.kinds.figures.spec import (FIGURE_KINDS, FigureSpec, Scope, parse_tolerance,
                                        parse_value)
from checker.rules.problems import Problem, RuleError, parse_date
from checker.stages import units

if TYPE_CHECKING:
    from spacy.language import Language

    from checker.rules.rule import Rule

_VALUE = {
    "type": "object", "additionalProperties": False,
    "oneOf": [{"required": ["value"]}, {"required": ["range"]}, {"required": ["at_least"]},
              {"required": ["at_most"]}],
    "properties": {
        "value": {"type": "number"},
        "range": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
        "at_least": {"type": "number", "description": "\"over X\", \"more than X\" as reported"},
        "at_most": {"type": "number", "description": "\"up to X\", \"less than X\" as reported"},
        "by": {"type": "string", "description": "Who reported this value (a key of `attributions`)."},
        "counts": {"type": "array", "items": {"type": "string"},
                   "description": "Counting units this value counts (lemmas: missile, launch)."},
        "note": {"type": "string"},
        "credited_only": {"type": "boolean", "default": False,
                          "description": "An outlier figure that counts only when the text "
                                         "credits its agency (`by`)."},
        "when": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1},
                 "description": "A reading of the figure this value belongs to: it applies "
                                "(alone) when one of these phrases is in the figure's clause "
                                "(\"beyond the territorial sea\"), and not otherwise."},
    },
}

SCOPE = {
    "type": "object", "additionalProperties": False,
    "description": "Which event the figure speaks of. Without a scope the subject alone binds.",
    "properties": {
        "context": {"$ref": "#/$defs/phrases", "minItems": 1,
                    "description": "Any of these phrases near the claim identifies the event."},
        "within": {"enum": ["sentence", "paragraph", "document"], "default": "paragraph"},
        "article_date": {
            "type": "object", "additionalProperties": False,
            "properties": {"from": {"$ref": "#/$defs/date"}, "to": {"$ref": "#/$defs/date"}},
            "description": "Articles dated in this window speak of this event when they name none."},
        "year": {"type": "integer", "description": "The sentence must refer to this year."},
        "ordinal": {"type": "integer", "minimum": 1,
                    "description": "The event's ordinal: a subject called \"second\" is another event."},
        "dates": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/date"},
                  "description": "The event's days (local and UTC where they differ)."},
        "exclude": {"$ref": "#/$defs/phrases", "minItems": 1,
                    "description": "Phrases that make the figure another thing's ('cruise "
                                   "missile' for ballistic launches): a figure whose noun phrase "
                                   "holds one is not judged."},
    }}

TOLERANCE = {"type": ["number", "string"],
             "description": "Absolute, in `unit`, or relative as \"1%\"; finite, not negative."}


@register
class Figures(Kind):
    name = "figures"
    rule_kinds = FIGURE_KINDS
    definitions = {"figure_value": _VALUE, "tolerance": TOLERANCE, "scope": SCOPE}
    schema = {
        "required": ["expect"],
        "properties": {
            "expect": {
                "type": "object", "required": ["values"], "additionalProperties": False,
                "properties": {
                    "unit": {"type": "string", "description": "pint unit of the values (omit for counts)."},
                    "tolerance": {"$ref": "#/$defs/tolerance"},
                    "values": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/figure_value"}},
                    "also_read": {
                        "type": "object", "additionalProperties": {"type": "string"},
                        "description": "Units copy uses loosely for another ({mile: nautical_mile}: "
                                       "'200 miles' at sea may mean nautical miles); a figure is right "
                                       "if either reading is."},
                }},
            "scope": {"$ref": "#/$defs/scope"},
        },
    }

    def spec(self, raw: Mapping[str, Any], context: LoadContext) -> FigureSpec:
        expect = raw["expect"]
        line = getattr(expect, "line", context.line)
        unit = expect.get("unit")
        if unit is not None:
            try:
                unit = str(units.parse_unit(unit))
            except ValueError as err:
                raise RuleError(context.path, line, 1, f"rule {raw['id']}: {err}") from None
        tolerance, relative = parse_tolerance(expect.get("tolerance", 0), context.path, line)
        values = tuple(parse_value(item, context.path, getattr(item, "line", line))
                       for item in expect["values"])
        scope_raw = raw.get("scope") or {}
        window = scope_raw.get("article_date") or {}
        scope_line = getattr(scope_raw, "line", line)
        scope = Scope(
            context=tuple(scope_raw.get("context", ())),
            within=scope_raw.get("within", "paragraph"),
            article_from=parse_date(window.get("from"), context.path, scope_line),
            article_to=parse_date(window.get("to"), context.path, scope_line),
            year=scope_raw.get("year"),
            ordinal=scope_raw.get("ordinal"),
            dates=tuple(parse_date(d, context.path, scope_line) for d in scope_raw.get("dates", ())),
            exclude=tuple(scope_raw.get("exclude", ())),
        )
        also_read = {}
        for loose, meant in (expect.get("also_read") or {}).items():
            try:
                also_read[str(units.parse_unit(loose))] = str(units.parse_unit(meant))
            except ValueError as err:
                raise RuleError(context.path, line, 1, f"rule {raw['id']}: also_read: {err}") from None
        return FigureSpec(values=values, unit=unit, tolerance=tolerance, relative_tolerance=relative,
                          scope=scope, attributions=dict(context.attributions), also_read=also_read)

    def triggers(self, rule: "Rule") -> Iterable[Trigger]:
        # A figure claim needs a figure in its paragraph; a context phrase looked for in the
        # whole document must be noticed wherever it is.
        event = rule.spec.event
        if event is not None:  # an event's figure is read where its series is (bind._series_topic)
            from checker.kinds.events import topic
            yield Trigger(figure=True, topic=topic(event.series))
            return
        yield Trigger(figure=True)
        scope = rule.spec.scope
        if scope.within == "document" and scope.context:
            yield Trigger(groups=(scope.context,))

    def lint(self, rules: list["Rule"]) -> Iterable[Problem]:
        mine = [r for r in rules if r.kind in FIGURE_KINDS]
        for check in (unit_dimensions, ordered_values, contradictions):
            yield from check(mine)

    def component(self, rules: list["Rule"], nlp: "Language"):
        from checker.kinds.figures.component import FigureClaims
        return FigureClaims(rules, nlp)


