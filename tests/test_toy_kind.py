"""A new kind of fact is one module: declared here, registered, and at once its rules are
validated by the schema, linted, run against their own examples and checked in articles, the
fast path parsing the paragraphs its triggers name. Nothing else in the checker changes.

The toy kind: an institution's motto, quoted in the text ("the school's motto, 'Lux et
veritas'"). It has no figure, so only its own trigger makes the fast path parse its paragraph.
"""
from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import pytest

from checker import kinds
from checker.model import Claim, Finding, Span
from checker.pipeline import Checker
from checker.rules.examples import run_examples
from checker.rules.lint import lint
from checker.rules.load import load_rules
from checker.rules.problems import Problem, RuleError

_QUOTED = re.compile(r"(?<!\w)['\"\u2018\u201c]([^'\"\u2019\u201d]+)['\"\u2019\u201d](?!\w)")


@dataclass(frozen=True)
class MottoSpec:
    motto: str


class Motto(kinds.Kind):
    name = "toy-motto"
    rule_kinds = ("motto",)
    schema = {"properties": {"motto": {"type": "string", "minLength": 1}}, "required": ["motto"]}

    def spec(self, raw: Mapping[str, Any], context: kinds.LoadContext) -> MottoSpec:
        if raw["motto"] != raw["motto"].strip():
            raise RuleError(context.path, context.line, 1, "motto: surrounding spaces")
        return MottoSpec(raw["motto"])

    def triggers(self, rule) -> Iterable[kinds.Trigger]:
        yield kinds.Trigger(groups=(tuple(rule.subject), ("motto",)))

    def lint(self, rules) -> Iterable[Problem]:
        seen: dict[str, Any] = {}
        for rule in rules:
            for holder in rule.subject:
                other = seen.setdefault(holder.lower(), rule)
                if other is not rule and other.spec != rule.spec:
                    yield Problem(rule.path, rule.line, rule.id,
                                  f"{holder!r} has another motto in {other.id}", "motto-clash")

    def component(self, rules, nlp):
        def judge(document, doc) -> kinds.Judged:
            out: kinds.Judged = []
            for sentence in doc.sents:
                text = sentence.text
                if "motto" not in text.lower():
                    continue
                for rule in rules:
                    if not any(holder.lower() in text.lower() for holder in rule.subject):
                        continue
                    for quoted in _QUOTED.finditer(text):
                        start = document.body_start + sentence.start_char + quoted.start(1)
                        end = start + len(quoted.group(1))
                        claim = Claim(kind="name", text=quoted.group(1),
                                      span=Span(start, end, *document.position(start)),
                                      value=quoted.group(1), unit=None,
                                      sentence=(document.body_start + sentence.start_char,
                                                document.body_start + sentence.end_char),
                                      subject=rule.subject[0], sentence_text=text)
                        right = quoted.group(1).strip().lower() == rule.spec.motto.lower()
                        out.append((claim, Finding(
                            rule=rule.id, verdict="consistent" if right else "inconsistent",
                            severity=rule.severity, claim=claim,
                            expected={"value": rule.spec.motto, "unit": None},
                            message=f"{claim.text}: {rule.message}",
                            suggestion=None if right else rule.spec.motto, sources=rule.sources)))
            return out
        return judge


RULES = """\
rules:
  - id: mottos.yale
    title: Yale University's motto
    kind: motto
    subject: [Yale]
    motto: Lux et veritas
    severity: error
    message: Yale's motto is "Lux et veritas"
    sources:
      - {title: Yale University, url: "https://www.yale.edu/about-yale/mission-statement"}
    examples:
      - {text: "Yale's motto, 'Lux et veritas', is on its shield.", verdict: consistent}
      - {text: "Yale's motto, 'Veritas', is on its shield.", verdict: inconsistent}
      - {text: "Harvard's motto is 'Veritas'.", verdict: unchecked}
"""


@pytest.fixture
def motto_kind():
    kinds.register(Motto)
    yield Motto
    kinds.unregister(Motto.name)


@pytest.fixture
def rule_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "mottos.yaml").write_text(RULES)
    return folder


def test_an_unregistered_kind_is_a_schema_error(rule_dir):
    rules, errors = load_rules([rule_dir])
    assert not rules
    assert len(errors) == 1 and str(errors[0]).startswith(f"{rule_dir / 'mottos.yaml'}:")
    assert errors[0].line == 2 and "motto" in errors[0].message


def test_the_kinds_schema_fragment_validates_its_rules(motto_kind, rule_dir):
    rules, errors = load_rules([rule_dir])
    assert not errors
    assert [(rule.id, rule.spec) for rule in rules] == [("mottos.yale", MottoSpec("Lux et veritas"))]

    (rule_dir / "mottos.yaml").write_text(RULES.replace("    motto: Lux et veritas\n", ""))
    rules, errors = load_rules([rule_dir])
    assert not rules and len(errors) == 1
    assert errors[0].line == 2 and "'motto' is a required property" in errors[0].message

    # a field only another kind's rules carry is refused for this kind
    (rule_dir / "mottos.yaml").write_text(RULES.replace("    motto: Lux", "    unit: km\n    motto: Lux"))
    _, errors = load_rules([rule_dir])
    assert len(errors) == 1 and errors[0].line == 2


def test_the_kinds_spec_reports_what_the_schema_cannot(motto_kind, rule_dir):
    (rule_dir / "mottos.yaml").write_text(RULES.replace("motto: Lux et veritas", "motto: 'Lux et veritas '"))
    rules, errors = load_rules([rule_dir])
    assert not rules and [error.message for error in errors] == ["motto: surrounding spaces"]


def test_the_kinds_lint_check_runs_with_the_others(motto_kind, rule_dir):
    clash = RULES.split("rules:\n", 1)[1].replace("mottos.yale", "mottos.yale_again").replace(
        "Lux et veritas", "Veritas")
    (rule_dir / "mottos.yaml").write_text(RULES + clash)
    rules, errors = load_rules([rule_dir])
    assert not errors
    problems = lint(rules)
    assert [(p.rule, p.check) for p in problems] == [("mottos.yale_again", "motto-clash")]


def test_the_rules_own_examples_pass_and_a_wrong_one_fails(motto_kind, rule_dir, nlp):
    checker = Checker(rule_paths=[rule_dir], nlp=nlp)
    run, failures = run_examples(checker, checker.rules)
    assert (run, failures) == (3, [])

    (rule_dir / "mottos.yaml").write_text(RULES.replace(
        "'Veritas', is on its shield.\", verdict: inconsistent", "'Veritas', is on its shield.\", verdict: consistent"))
    checker = Checker(rule_paths=[rule_dir], nlp=nlp)
    run, failures = run_examples(checker, checker.rules)
    assert run == 3 and [(f.example.verdict, f.got) for f in failures] == [("consistent", "inconsistent")]


@pytest.mark.parametrize("fast", [True, False])
def test_an_article_is_checked_by_the_new_kind_alone(motto_kind, rule_dir, nlp, fast):
    text = textwrap.dedent("""\
        ---
        date: 2024-05-01
        ---
        # Commencement

        Graduates walked under the gate in the rain.

        Above them hung Yale's motto, "Lux et libertas", in gold letters.
        """)
    result = Checker(rule_paths=[rule_dir], nlp=nlp, fast=fast).check_text(text)
    assert [(f.rule, f.verdict, f.claim.text, f.suggestion, f.claim.span.line)
            for f in result.findings] == [
        ("mottos.yale", "inconsistent", "Lux et libertas", "Lux et veritas", 8)]
    assert text[result.findings[0].claim.span.start:result.findings[0].claim.span.end] == "Lux et libertas"


def test_the_fast_path_parses_a_paragraph_only_for_the_kinds_trigger(motto_kind, rule_dir, nlp):
    from checker.stages.fastpath import Triggers

    rules, _ = load_rules([rule_dir])
    triggers = Triggers(rules)
    assert triggers.hit("Above them hung Yale's motto in gold letters.")
    assert not triggers.hit("Above them hung Yale's banner in gold letters.")
