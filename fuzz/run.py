#!/usr/bin/env python3
"""Fuzz the checker for hours: article text, front matter, rule files and API requests.

    python fuzz/run.py                          # every target, 10 minutes
    python fuzz/run.py --minutes 240            # a long run (stop it any time with Ctrl-C)
    python fuzz/run.py --target rules --minutes 60
    python fuzz/run.py --target text --examples 50   # a smoke run (what the tests do)

Each target is a Hypothesis property over inputs built from hostile pieces (huge exponents,
400-digit figures, zero-width and bidi characters, lone surrogates, deep nesting, YAML tags,
impossible dates, unit expressions that pint would evaluate for ever, ...) mixed with the words
of real news copy. The property is the promise of the README: every input gets an answer or one
error line naming it (never a traceback), the answer is strict JSON whose spans slice back to
their text, and nothing takes longer than --limit seconds. Targets are run in rounds until the
time is up; Hypothesis shrinks a failure to a minimal input and prints it, and the example
database (fuzz/.hypothesis/) replays it first on the next run. A hang cannot be shrunk: a
watchdog writes the input that hung to fuzz/found/ and ends the run.

Every input found this way goes into the test suite as a regression test (docs/fuzzing.md).
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import re
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from checker.commands import serve as serve_module  # noqa: E402
from checker.commands import serve_work  # noqa: E402
from checker.errors import InputError  # noqa: E402
from checker.rules.lint import lint  # noqa: E402
from checker.rules.load import RuleError, load_rules  # noqa: E402
from checker.stages import document as documents  # noqa: E402

# --- hostile pieces -------------------------------------------------------------------------------

NEWS = ["The", "missile", "flew", "about", "more than", "nearly", "some", "200", "1,000", "6.3",
        "930", "12", "kilometers", "km", "nautical miles", "miles", "magnitude", "hours", "days",
        "per cent", "%", "$", "billion", "a dozen", "two hundred and fifty", "sixth", "second",
        "nuclear test", "exclusive economic zone", "EEZ", "territorial sea", "Foreign Minister",
        "Taro Kono", "Rex Tillerson", "Secretary of State", "on Sunday", "last year", "in 2017",
        "September 3", "Sept. 3, 2017", "2017-09-03", "North Korea", "Japan", "Pyongyang", "said",
        ".", ",", ";", "(", ")", "—", "–", "-", "\n", "\n\n", " "]
HOSTILE = ["1e400", "1e-400", "9" * 400, "0." + "0" * 400 + "1", "1" + ",000" * 150,
           "2\u200b00", "2\u200d00", "\u2060200", "\ufeff", "\u202e200\u202c", "\u2066km\u2069",
           "e\u0301", "\u00a0", "\u2009", "٢٠٠", "２００", "²", "½", "Ⅻ", "𝟐𝟎𝟎", "\ud800", "\udfff",
           "\x00", "\r", "\r\n", "\x0b", "\x1b[31m", "<script>alert(1)</script>", "&amp;",
           "---", "...", "<!-- checker: ignore unclos.eez.breadth -- x -->", "-" * 200,
           "(" * 100, "[" * 100, "e" * 300, "km" * 100, "million billion trillion",
           "zero point " + "nine " * 50, "minus", "−200", "200-", "-200-kilometer-"]
PIECE = st.one_of(st.sampled_from(NEWS), st.sampled_from(HOSTILE), st.text(max_size=8))
TEXT = st.lists(PIECE, max_size=60).map(" ".join)

YAML_VALUES = ["2017-03-19", "2017-02-30", "2017-13-45", "0000-00-00", "99999-01-01", ".nan",
               ".inf", "-.inf", "1e999", "9" * 120, "0x" + "f" * 50, "1:" * 80 + "1", "~", "null",
               "[]", "{}", "!!binary aGk=", "!!set {a}", "!!timestamp 2017-02-30",
               "!!python/object:os.system x", "&a [1]", "*a", "'" + "x" * 500 + "'", "yes", "no",
               "- a\n- b", "\"\\ud800\"", "|\n  a\n  b"]
KEYS = ["date", "title", "source", "url", "x", "date ", "Date", "? [a]", "<<"]


@st.composite
def front_matter(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        key = draw(st.sampled_from(KEYS))
        value = draw(st.one_of(st.sampled_from(YAML_VALUES), st.text(max_size=20),
                               st.integers(1, 400).map(lambda n: "[" * n + "]" * n),
                               st.integers(1, 400).map(lambda n: "{a: " * n + "}" * n)))
        lines.append(f"{key}: {value}")
    fence = draw(st.sampled_from(["---\n", "---\n", "--- \n", "---"]))
    close = draw(st.sampled_from(["---\n", "...\n", "", "---"]))
    return fence + "\n".join(lines) + "\n" + close


ARTICLE = st.one_of(TEXT, st.tuples(front_matter(), TEXT).map("".join))

UNITS = ["nautical_mile", "km**2", "meter**(10**10**9)", "1/0 meter", "km*" * 40 + "km",
         "meter^2^2", "(" * 60 + "m" + ")" * 60, "", " ", "[length]", "meter/", "1e999 meter",
         "seismic_magnitude", "percent", "dollar", "kiloton_TNT", "hour", "day / 0"]
NUMBERS = [0, -1, 1e999, float("nan"), float("inf"), 10 ** 20, 2 ** 63, 1e15, 1.5, True, "abc",
           "1%", "nan%", "-3%", "1e999%", None, [], {}]


def _base_rule() -> dict[str, Any]:
    return {"id": "fuzz.rule.one", "title": "EEZ", "kind": "measure",
            "subject": ["exclusive economic zone", "EEZ"], "valid_from": "1994-11-16",
            "expect": {"unit": "nautical_mile", "tolerance": "1%", "values": [{"value": 200}]},
            "severity": "error", "message": "the EEZ is 200 nautical miles",
            "sources": [{"url": "https://example.org/unclos"}],
            "examples": [{"text": "The EEZ extends 200 nautical miles.", "verdict": "consistent"},
                         {"text": "The EEZ extends 200 kilometers.", "verdict": "inconsistent",
                          "date": "2017-03-19"}]}


PATHS = [("expect", "unit"), ("expect", "tolerance"), ("expect", "values", 0, "value"),
         ("valid_from",), ("valid_to",), ("kind",), ("subject",), ("examples", 1, "date"),
         ("scope",), ("scope", "year"), ("scope", "dates"), ("events",), ("expect", "values")]


@st.composite
def rule_file(draw) -> str:
    rule = _base_rule()
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(PATHS))
        value = copy.deepcopy(draw(st.one_of(  # a fresh [] or {}: a shared one could nest in itself
            st.sampled_from(UNITS), st.sampled_from(NUMBERS), st.sampled_from(YAML_VALUES),
            st.text(max_size=12))))
        node: Any = rule
        for part in path[:-1]:
            node = node.setdefault(part, {}) if isinstance(node, dict) else node
            if isinstance(node, list):
                node = node[0] if node else {}
        if isinstance(node, dict):
            node[path[-1]] = value
        elif isinstance(node, list) and node:
            node[0] = value
    text = json.dumps({"rules": [rule]}, allow_nan=True)  # JSON is YAML; nan/inf stay literal
    if draw(st.booleans()):  # and sometimes YAML-level hostility spliced into the text
        splice = draw(st.sampled_from(YAML_VALUES + ["[" * 500, "{a: " * 200, "\t", "\x00"]))
        at = draw(st.integers(0, len(text)))
        text = text[:at] + splice + text[at:]
    return text


REQUEST = st.one_of(
    st.binary(max_size=60),
    st.builds(lambda t, d: json.dumps({"text": t, "date": d}).encode(), ARTICLE,
              st.one_of(st.none(), st.sampled_from(YAML_VALUES), st.text(max_size=12))),
    st.builds(lambda t: json.dumps(t).encode(), st.recursive(
        st.one_of(st.none(), st.booleans(), st.floats(), st.text(max_size=6)),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                    max_size=3), max_leaves=20)),
)


# --- the properties ------------------------------------------------------------------------------

def one_line(message: str) -> None:
    assert "\n" not in message and "Traceback" not in message, message
    assert len(message) < 1000, len(message)


class Targets:
    """The checker and rules are loaded once; each target checks one input."""

    def __init__(self) -> None:
        from checker.pipeline import Checker
        self.checker = Checker()

    def text(self, text: str) -> None:
        if not _is_unicode(text):
            return  # a lone surrogate never reaches a check: files are decoded, requests refused
        reply = serve_work.answer(self.checker, text, None, html=True)
        assert reply.kind != "error", reply.message
        if reply.kind == "input":
            one_line(reply.message)
            return
        answer = json.loads(reply.body, parse_constant=_refuse_constant)
        for claim in answer["claims"]:
            span = claim["span"]
            assert text[span["start"]:span["end"]] == claim["text"], claim

    def front_matter(self, text: str) -> None:
        try:
            documents.from_text(text, path="fuzz.md")
        except InputError as err:
            one_line(str(err))
            assert str(err).startswith("fuzz.md: ")

    def rules(self, text: str) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "fuzz.yaml"
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            rules, errors = load_rules([path])
            for error in errors:
                assert isinstance(error, RuleError)
                one_line(str(error))
                assert str(error).startswith(f"{path}:"), str(error)
            if rules:
                lint(rules)
                from checker.pipeline import Checker
                checker = Checker(rules=rules, nlp=self.checker.nlp)
                for rule in rules:
                    for example in rule.examples:
                        result = checker.check_text(example.text, date=example.date)
                        json.dumps(result.to_json(), allow_nan=False)

    def request(self, body: bytes) -> None:
        try:
            text, date = serve_module.parse_request(body)
        except serve_module.ApiError as err:
            assert err.status in (400, 422), err.status
            one_line(err.message)
            return
        reply = serve_work.answer(self.checker, text, date, html=False)
        assert reply.kind != "error", reply.message


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _refuse_constant(name: str) -> None:
    raise AssertionError(f"{name} in the JSON answer")


STRATEGIES: dict[str, Any] = {"text": ARTICLE, "front_matter": st.tuples(front_matter(), TEXT).map("".join),
                              "rules": rule_file(), "request": REQUEST}


# --- running ---------------------------------------------------------------------------------

class Watchdog:
    """Ends the run when one input takes longer than `limit` seconds, after writing it down:
    a hang cannot be shrunk or caught by Hypothesis. Failures whose message matches one of
    `known` (a bug already filed) are let pass, so a long run goes on looking for new ones."""

    def __init__(self, target: str, limit: float, known: list[str]):
        self.target, self.limit = target, limit
        self.known = [re.compile(k) for k in known]
        self.current: Any = None
        self.since = 0.0
        threading.Thread(target=self._watch, daemon=True).start()

    def wrap(self, check: Callable[[Any], None]) -> Callable[[Any], None]:
        def watched(value: Any) -> None:
            self.current, self.since = value, time.monotonic()
            try:
                check(value)
            except AssertionError as err:
                if not any(k.search(str(err)) for k in self.known):
                    raise
            finally:
                self.current = None
        return watched

    def _watch(self) -> None:
        while True:
            time.sleep(1)
            if self.current is not None and time.monotonic() - self.since > self.limit:
                found = HERE / "found"
                found.mkdir(exist_ok=True)
                path = found / f"hang-{self.target}-{int(time.time())}.json"
                value = self.current
                path.write_text(json.dumps({"target": self.target, "seconds": self.limit,
                                            "input": value if isinstance(value, str)
                                            else repr(value)}, ensure_ascii=True) + "\n")
                print(f"\nfuzz: {self.target}: an input took more than {self.limit:g} s; "
                      f"written to {path}", file=sys.stderr, flush=True)
                os._exit(3)


def run_target(targets: Targets, name: str, examples: int, limit: float,
               database: Any = None, known: tuple[str, ...] = (), derandomize: bool = False) -> None:
    """One round of one target: `examples` inputs (Hypothesis raises on a failure). A
    derandomized round draws the same inputs every time (smoke runs, the tests)."""
    watchdog = Watchdog(name, limit, list(known))
    check = watchdog.wrap(getattr(targets, name))

    @settings(max_examples=examples, deadline=None, database=database,
              derandomize=derandomize, suppress_health_check=list(HealthCheck))
    @given(STRATEGIES[name])
    def fuzz(value: Any) -> None:
        check(value)

    fuzz()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--target", choices=("all", *STRATEGIES), default="all")
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to run (default 10)")
    parser.add_argument("--examples", type=int, default=None,
                        help="run this many inputs per target once, the same ones every time, "
                        "then stop (a smoke run)")
    parser.add_argument("--round", type=int, default=500, help="inputs per target per round")
    parser.add_argument("--limit", type=float, default=60.0, metavar="SECONDS",
                        help="longest an input may take (default 60)")
    parser.add_argument("--known", action="append", default=[], metavar="REGEX",
                        help="a failure whose message matches is a known bug: go on (repeatable)")
    args = parser.parse_args(argv)
    names = list(STRATEGIES) if args.target == "all" else [args.target]
    database = DirectoryBasedExampleDatabase(str(HERE / ".hypothesis"))
    targets = Targets()
    if args.examples is not None:
        for name in names:
            run_target(targets, name, args.examples, args.limit, known=tuple(args.known),
                       derandomize=True)
            print(f"fuzz: {name}: {args.examples} inputs, no failure")
        return 0
    deadline = time.monotonic() + args.minutes * 60
    rounds = 0
    while time.monotonic() < deadline:
        for name in names:
            run_target(targets, name, args.round, args.limit, database=database,
                       known=tuple(args.known))
        rounds += 1
        print(f"fuzz: round {rounds}: {args.round} inputs per target ({', '.join(names)}), "
              f"no failure; {max(0, deadline - time.monotonic()) / 60:.1f} min left", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
