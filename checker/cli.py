"""Command line: `checker check PATH...`.

Exit codes, like every linter: 0 nothing at or above --fail-on, 1 findings at or above it,
2 usage or input error (the other files are still checked and reported).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional, Sequence

from . import document as documents
from .model import SEVERITIES, DocumentResult
from .lint import lint
from .pipeline import Checker, RuleSetError
from .batch import Checked, check_inputs
from . import report as report_module
from .rules import default_rules, load_rules
from .ruletest import corpus_regression, run_examples
from .render import diagnostics
from .render import github as github_render
from .render import json as json_render
from .render import junit as junit_render
from .render import sarif as sarif_render
from .render import text as text_render

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

# CI formats render one diagnostics.Report, whichever command built it.
CI_FORMATS = {"sarif": sarif_render.render, "junit": junit_render.render,
              "github": github_render.render}


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="checker", description="Check numeric and factual claims in news copy against sourced rules.")
    parser.add_argument("--version", action="version", version="%(prog)s 0.1.0")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="check articles (files, directories, - for stdin)")
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--format", choices=("text", "json", *CI_FORMATS), default="text")
    check.add_argument("--date", type=_date_arg, help="article date YYYY-MM-DD (overrides front matter)")
    check.add_argument("--fail-on", choices=SEVERITIES, default="error",
                       help="lowest severity of an inconsistent finding that makes the exit code 1")
    check.add_argument("--jobs", type=_jobs_arg, default=1, metavar="N",
                       help="check in N processes (same output, in input order)")
    check.add_argument("--rules", action="append", metavar="PATH",
                       help="rule file or directory (repeatable; default: the bundled rules/)")
    check.set_defaults(run=_run_check)

    report = commands.add_parser("report", help="write HTML/Markdown/JSON reports: an index and "
                                 "one page per article, with coverage and cross-article consistency")
    report.add_argument("paths", nargs="+", metavar="PATH")
    report.add_argument("-o", "--output", required=True, metavar="DIR", help="report directory")
    report.add_argument("--format", type=_formats_arg, default="html,md,json", metavar="FORMATS",
                        help="comma-separated: html, md, json (default: all three)")
    report.add_argument("--date", type=_date_arg, help="article date YYYY-MM-DD (overrides front matter)")
    report.add_argument("--jobs", type=_jobs_arg, default=1, metavar="N",
                       help="check in N processes (same output, in input order)")
    report.add_argument("--rules", action="append", metavar="PATH",
                        help="rule file or directory (repeatable; default: the bundled rules/)")
    report.set_defaults(run=_run_report)

    rules = commands.add_parser("rules", help="validate and test rule files (the CI gate)")
    rule_commands = rules.add_subparsers(dest="rules_command", metavar="SUBCOMMAND", required=True)
    for name, run, text in (
        ("lint", _run_lint, "schema, ids, units and their dimensions, sources, contradictions"),
        ("test", _run_rule_tests, "run every rule's examples through the full pipeline"),
        ("check", _run_rules_check, "lint + test + the corpus regression: the CI gate"),
    ):
        sub = rule_commands.add_parser(name, help=text)
        sub.add_argument("paths", nargs="*", metavar="PATH", help="rule files or directories "
                         "(default: the bundled rules/)")
        if name == "check":
            sub.add_argument("--corpus", metavar="DIR",
                             help="articles with corpus/expected/*.yaml (default: ./corpus)")
        sub.add_argument("--format", choices=("text", *CI_FORMATS), default="text")
        sub.set_defaults(run=run)
    return parser


def _date_arg(value: str):
    try:
        return documents.parse_date(value, "--date")
    except documents.InputError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _load_checker(args: argparse.Namespace) -> Optional[Checker]:
    """The rules and the pipeline, or None after one error line per broken rule file."""
    try:
        return Checker(rule_paths=args.rules)
    except RuleSetError as err:
        for error in err.errors:
            print(f"checker: error: {error}", file=sys.stderr)
        return None


def _check_all(args: argparse.Namespace, checker: Checker, desc: str) -> tuple[list[Checked], list[str]]:
    checked, errors = check_inputs(args.paths, checker, date=args.date, jobs=args.jobs,
                                   rule_paths=args.rules, desc=desc)
    for error in errors:
        print(f"checker: error: {error}", file=sys.stderr)
    return checked, errors


def _jobs_arg(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: a number of processes, 1 or more")
    return int(value)


def _run_check(args: argparse.Namespace) -> int:
    checker = _load_checker(args)
    if checker is None:
        return EXIT_ERROR
    checked, errors = _check_all(args, checker, "check")
    results = [c.result for c in checked]
    if args.format == "json":
        sys.stdout.write(json_render.render(results, errors))
    elif args.format in CI_FORMATS:
        report = diagnostics.check_report(results, errors, checker.rules)
        sys.stdout.write(CI_FORMATS[args.format](report))
    else:
        sys.stdout.write(text_render.render(results, errors))
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if failing(results, args.fail_on) else EXIT_OK


def _formats_arg(value: str) -> tuple[str, ...]:
    chosen = tuple(sorted({part.strip() for part in value.split(",") if part.strip()}))
    unknown = [f for f in chosen if f not in report_module.FORMATS]
    if not chosen or unknown:
        raise argparse.ArgumentTypeError(
            f"{value!r}: choose from {', '.join(report_module.FORMATS)} (comma-separated)")
    return chosen


def _run_report(args: argparse.Namespace) -> int:
    checker = _load_checker(args)
    if checker is None:
        return EXIT_ERROR
    checked, errors = _check_all(args, checker, "report")
    try:
        data, written = report_module.run(checked, errors, args.output, args.format, checker)
    except OSError as err:
        print(f"checker: error: {args.output}: cannot write reports ({err.strerror or err})",
              file=sys.stderr)
        return EXIT_ERROR
    sys.stdout.write(report_module.terminal_summary(data, args.output, written))
    return EXIT_ERROR if data.errors else EXIT_OK


def _load_for_rules(args: argparse.Namespace):
    rules, errors = load_rules(args.paths or [default_rules()])
    for error in errors:
        print(f"{error} [load]")
    return rules, len(errors)


def _run_lint(args: argparse.Namespace) -> int:
    if args.format != "text":
        return _run_rules_ci(args)
    rules, broken = _load_for_rules(args)
    problems = lint(rules)
    for problem in problems:
        print(problem)
    print(f"rules lint: {len(rules)} rule(s), {broken + len(problems)} problem(s)")
    return EXIT_FINDINGS if broken or problems else EXIT_OK


def _run_rule_tests(args: argparse.Namespace) -> int:
    if args.format != "text":
        return _run_rules_ci(args)
    rules, broken = _load_for_rules(args)
    run, failures = run_examples(Checker(rules=rules), rules)
    for failure in failures:
        print(failure)
    print(f"rules test: {run} example(s), {len(failures)} failed")
    return EXIT_FINDINGS if broken or failures else EXIT_OK


def _run_rules_check(args: argparse.Namespace) -> int:
    if args.format != "text":
        return _run_rules_ci(args)
    rules, broken = _load_for_rules(args)
    problems = lint(rules)
    for problem in problems:
        print(problem)
    checker = Checker(rules=rules)
    run, failures = run_examples(checker, rules)
    for failure in failures:
        print(failure)
    corpus = _corpus_dir(args)
    articles, diffs = corpus_regression(checker, corpus) if corpus.is_dir() else (0, [])
    for diff in diffs:
        print(diff)
    print(f"rules check: {len(rules)} rule(s), {broken + len(problems)} lint problem(s), "
          f"{run} example(s) with {len(failures)} failure(s), {articles} corpus article(s) "
          f"with {len(diffs)} difference(s)")
    return EXIT_FINDINGS if broken or problems or failures or diffs else EXIT_OK


def _corpus_dir(args: argparse.Namespace) -> Path:
    return Path(args.corpus) if args.corpus else Path("corpus")


def _run_rules_ci(args: argparse.Namespace) -> int:
    """`rules lint|test|check --format sarif|junit|github`: the same stages and exit code as
    the text commands, collected into one report (stdout must stay one parseable document)."""
    paths = args.paths or [default_rules()]
    rules, errors = load_rules(paths)
    report = diagnostics.rules_report(f"checker rules {args.rules_command}", paths, rules, errors)
    failed = bool(errors)
    if args.rules_command in ("lint", "check"):
        failed |= bool(diagnostics.add_lint(report, rules))
    if args.rules_command in ("test", "check"):
        checker = Checker(rules=rules)
        _, failures = run_examples(checker, rules)
        diagnostics.add_examples(report, rules, failures)
        failed |= bool(failures)
        if args.rules_command == "check":
            corpus = _corpus_dir(args)
            _, diffs = corpus_regression(checker, corpus) if corpus.is_dir() else (0, [])
            diagnostics.add_corpus(report, corpus, diffs)
            failed |= bool(diffs)
    sys.stdout.write(CI_FORMATS[args.format](report))
    return EXIT_FINDINGS if failed else EXIT_OK


def failing(results: list[DocumentResult], fail_on: str) -> bool:
    """Inconsistent findings at or above the threshold fail; unverifiable ones count as info."""
    threshold = SEVERITIES.index(fail_on)
    for result in results:
        for finding in result.findings:
            if finding.verdict == "inconsistent" and SEVERITIES.index(finding.severity) >= threshold:
                return True
            if finding.verdict == "unverifiable" and threshold == 0:
                return True
    return False


if __name__ == "__main__":
    sys.exit(main())
