"""`checker rules lint|test|check [PATH...]`: the CI gate on rule files.

    lint   schema, ids, units and their dimensions, sources, contradictions
    test   every rule's examples through the full pipeline
    check  lint + test + the corpus regression

`checker rules horizons [PATH...]` is not a gate: it lists each rule's knowledge horizon
(`complete_to`), oldest first (checker/rules/horizons.py).

Without PATH: the bundled rules and the configured extra rule folders. The output is text lines
naming file:line, or one SARIF/JUnit/GitHub report; the exit code is the same: 1 when anything
failed. Only `test` and `check` load spaCy.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checker import exit_codes, render, startup
from checker.commands import options
from checker.errors import say
from checker.render.model import RulesCheck, Run

SUBCOMMANDS = {  # name -> (the stages it runs, help)
    "lint": (frozenset({"lint"}), "schema, ids, units and their dimensions, sources, contradictions"),
    "test": (frozenset({"examples"}), "run every rule's examples through the full pipeline"),
    "check": (frozenset({"lint", "examples", "corpus"}),
              "lint + test + the corpus regression: the CI gate"),
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    subcommands = parser.add_subparsers(dest="rules_command", metavar="SUBCOMMAND", required=True)
    for name, (_, text) in SUBCOMMANDS.items():
        sub = subcommands.add_parser(name, help=text, description=text)
        sub.add_argument("paths", nargs="*", metavar="PATH",
                         help="rule files or directories (default: the bundled rules/ and the "
                              "configured extras)")
        if name == "check":
            sub.add_argument("--corpus", metavar="DIR",
                             help="articles with corpus/expected/*.yaml (default: ./corpus)")
        options.output_format(sub, render.RULES_FORMATS,
                              "text: one line per problem and a summary; sarif, junit, github: "
                              "one report for CI")
        options.config_file(sub, help="configuration file (default: the nearest checker.toml "
                                      "or pyproject.toml [tool.checker]); its extra rule "
                                      "folders are added when no PATH is given")
        sub.set_defaults(run=run)
    horizons = subcommands.add_parser(
        "horizons", help="each rule's knowledge horizon (complete_to), oldest first",
        description="each rule's knowledge horizon (complete_to), oldest first")
    horizons.add_argument("paths", nargs="*", metavar="PATH",
                          help="rule files or directories (default: the bundled rules/ and the "
                               "configured extras)")
    options.config_file(horizons, help="configuration file whose extra rule folders are added "
                                       "when no PATH is given")
    horizons.set_defaults(run=run_horizons)
    from checker.commands import archive  # `rules impact`: the archive's side of a rule change
    archive.add_impact_arguments(subcommands)


def run_horizons(args: argparse.Namespace) -> int:
    from checker.rules import horizons
    from checker.rules.load import load_rules

    rules, errors = load_rules(args.paths or options.configure(args).rule_paths())
    for error in errors:
        say(str(error))
    sys.stdout.write(horizons.render(*horizons.horizons(rules)))
    return exit_codes.ERROR if errors else exit_codes.OK


def run(args: argparse.Namespace) -> int:
    if not args.paths:
        args.paths = options.configure(args).rule_paths()
    stages, _ = SUBCOMMANDS[args.rules_command]
    with startup.loading():
        from checker.rules.lint import checks  # rule loading needs pint and jsonschema
        from checker.rules.load import load_rules

        rules, errors = load_rules(args.paths)
    found = RulesCheck(args.rules_command, stages, [str(p) for p in args.paths], rules, errors)
    if "lint" in stages:
        found.lint = [(check.__name__, list(check(rules))) for check in checks()]
    if stages & {"examples", "corpus"}:
        with startup.loading():
            from checker.pipeline import Checker
            from checker.rules.examples import corpus_regression, run_examples

            checker = Checker(rules=rules)
        found.examples_run, found.failures = run_examples(checker, rules)
        found.corpus = Path(args.corpus) if getattr(args, "corpus", None) else Path("corpus")
        if "corpus" in stages and found.corpus.is_dir():
            found.corpus_articles, found.diffs = corpus_regression(checker, found.corpus)
    run_ = Run(f"checker rules {args.rules_command}", rules=rules, rules_check=found)
    sys.stdout.write(render.render(args.format, run_))
    return exit_codes.FINDINGS if found.failed else exit_codes.OK
