"""What a kind of fact declares, in one place (the registry is `checker.kinds`).

A kind owns one or more values of a rule's `kind:` field. It says which extra fields its rules
may carry (a JSON Schema fragment, merged into the rule-file schema), turns those fields into a
typed spec once at load time, says which words make a paragraph worth parsing (the fast path's
triggers), adds its own lint checks, and builds the component that finds and judges its claims.
Nothing outside `checker/kinds/` names a concrete kind: the loader, the linter, the fast path
and the pipeline ask the registry.

The spaCy pipeline is needed only by `component`, so a kind module imports it there: `rules
lint` and `--help` never load it.
"""
from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Iterable, Mapping, Optional, Protocol

from checker.model import Claim, Finding

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from checker.rules.lint import Problem
    from checker.rules.rule import Rule
    from checker.stages.document import Document

Judged = list[tuple[Claim, Optional[Finding]]]


class Component(Protocol):
    """Turns one parsed document into (claim, finding-or-None) pairs."""

    def __call__(self, document: "Document", doc: "Doc") -> Judged: ...


@dataclass(frozen=True)
class Topic:
    """What a whole text must have for a rule to bind anything in it: one of `phrases` (in the
    headline or anywhere, or, `within` a paragraph, in a paragraph that also has the trigger's
    words), or a date within `recent_days` after one of `days` (an
    article about an event that names nothing but the event: "the test was the most powerful
    yet"). Read for whole texts (which rules can change an archived article's result), never
    per paragraph: the phrase may stand in another paragraph than the claim."""

    phrases: tuple[str, ...]
    days: tuple[dt.date, ...] = ()  # sorted
    recent_days: int = 0
    within: str = "document"  # sentence | paragraph: in the same paragraph as the trigger's words

    def dated_near(self, day: Optional[dt.date]) -> bool:
        if day is None or not self.days:
            return False
        after = bisect.bisect_right(self.days, day + dt.timedelta(days=1))
        return after > 0 and (day - self.days[after - 1]).days <= self.recent_days


@dataclass(frozen=True)
class Trigger:
    """Words that must all be present (any phrase of each group, in any inflection) for a
    paragraph to hold a claim of some rule; `with_when` also wants a figure or a date word;
    `figure` alone means: any paragraph with a figure; `topic`, what the whole text must have
    besides (see `Topic`)."""

    groups: tuple[tuple[str, ...], ...] = ()
    with_when: bool = False
    figure: bool = False
    topic: Optional[Topic] = None


@dataclass(frozen=True)
class LoadContext:
    """What a kind's spec may need besides the rule's own mapping: the file's `attributions`
    and where the rule is (for error messages)."""

    path: str
    line: int
    attributions: Mapping[str, tuple[str, ...]]


class Kind:
    """One kind of fact. Subclasses set the class attributes and override what they need."""

    name: ClassVar[str]
    rule_kinds: ClassVar[tuple[str, ...]]
    # JSON Schema for the fields only this kind's rules carry: {"properties": ..., "required": ...}
    schema: ClassVar[dict[str, Any]] = {"properties": {}, "required": []}
    # `$defs` entries the fragment refers to
    definitions: ClassVar[dict[str, Any]] = {}
    # Whether the component reads its rules together, so that one rule's data can change how
    # another rule's claims are read (the archive then re-checks them as one unit).
    coupled: ClassVar[bool] = False

    def spec(self, raw: Mapping[str, Any], context: LoadContext) -> Any:
        """The typed form of the kind's fields; raise checker.rules.load.RuleError on a problem
        the schema cannot express (a unit pint does not know, a date that does not exist)."""
        return None

    def derived(self, rule: "Rule") -> Iterable["Rule"]:
        """Rules a rule stands for besides itself (an event list's per-event figures), so that
        `--disable`, suppressions and listings know their ids."""
        return ()

    def triggers(self, rule: "Rule") -> Iterable[Trigger]:
        return ()

    def lint(self, rules: list["Rule"]) -> Iterable["Problem"]:
        return ()

    def component(self, rules: list["Rule"], nlp: "Language") -> Component:
        raise NotImplementedError

    def owns(self, rule: "Rule", finding_rule: str) -> bool:
        """Whether a finding with this rule id was made by `rule` (examples, suppressions)."""
        return finding_rule == rule.id


REGISTRY: dict[str, Kind] = {}


def register(cls: type[Kind]) -> type[Kind]:
    """Class decorator: one instance per kind, in registration order (components run, and
    their claims are merged, in this order)."""
    instance = cls()
    for other in REGISTRY.values():
        clash = set(other.rule_kinds) & set(cls.rule_kinds)
        if clash:
            raise ValueError(f"kind {cls.name!r} claims {sorted(clash)}, already owned by {other.name!r}")
    REGISTRY[cls.name] = instance
    return cls


def unregister(name: str) -> None:
    """For tests that define a kind of their own."""
    REGISTRY.pop(name, None)


def kind_of(rule_kind: str) -> Optional[Kind]:
    return next((k for k in REGISTRY.values() if rule_kind in k.rule_kinds), None)


def rule_kinds() -> list[str]:
    return [value for kind in REGISTRY.values() for value in kind.rule_kinds]


Check = Callable[[list["Rule"]], Iterable["Problem"]]
