"""Command line: `checker check PATH...`.

Exit codes, like every linter: 0 nothing at or above --fail-on, 1 findings at or above it,
2 usage or input error (the other files are still checked and reported).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Sequence

from checker.commands import changes as changes_module
from checker import config as config_module
from checker.stages import document as documents
from checker.model import SEVERITIES, DocumentResult
from checker.rules.lint import lint
from checker.rules.load import default_rules, load_rules
from checker.render import diagnostics
from checker.render import github as github_render
from checker.render import claimreview as claimreview_render
from checker.render import json as json_render
from checker.render import junit as junit_render
from checker.render import sarif as sarif_render
from checker.render import text as text_render

if TYPE_CHECKING:
    from checker.commands.batch import Checked
    from checker.pipeline import Checker

# The spaCy pipeline and what needs it (pipeline, batch, report, ruletest) are imported inside
# the commands that check text, so `--help`, `rules lint` and `config` start in a blink.

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
    check.add_argument("--format", choices=("text", "json", "claimreview", *CI_FORMATS), default="text")
    check.add_argument("--date", type=_date_arg, help="article date YYYY-MM-DD (overrides front matter)")
    check.add_argument("--fail-on", choices=SEVERITIES, default=None,
                       help="lowest severity of an inconsistent finding that makes the exit "
                       "code 1 (default: fail-on in the configuration, else error)")
    check.add_argument("--jobs", type=_jobs_arg, default=1, metavar="N",
                       help="check in N processes (same output, in input order)")
    check.add_argument("--rules", action="append", metavar="PATH",
                       help="rule file or directory (repeatable; default: the bundled rules/)")
    check.add_argument("--changed-since", metavar="REF",
                       help="only the findings on lines changed since the git ref REF")
    _config_args(check)
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
    _config_args(report)
    report.set_defaults(run=_run_report)

    config = commands.add_parser("config", help="print the configuration in force and where "
                                 "each value came from")
    config.add_argument("--format", choices=("text", "json"), default="text")
    config.add_argument("--fail-on", choices=SEVERITIES, default=None)
    config.add_argument("--rules", action="append", metavar="PATH")
    _config_args(config)
    config.set_defaults(run=_run_config)

    serve = commands.add_parser("serve", help="HTTP API (POST /v1/check, GET /v1/rules, /healthz) "
                                "and a paste-and-check page at /; binds loopback by default")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to bind (default 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    serve.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS",
                       help="cut off a check that runs longer, with 504 (default 20)")
    serve.add_argument("--rules", action="append", metavar="PATH",
                       help="rule file or directory (repeatable; default: the bundled rules/)")
    serve.set_defaults(run=_run_serve)

    fix = commands.add_parser("fix", help="apply the safe suggested replacements (unit mix-ups, "
                              "misspellings) in place; --dry-run prints a unified diff")
    fix.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (not stdin)")
    fix.add_argument("--dry-run", action="store_true", help="print a unified diff, change nothing")
    fix.add_argument("--date", type=_date_arg, help="article date YYYY-MM-DD (overrides front matter)")
    fix.add_argument("--fail-on", choices=SEVERITIES, default=None,
                     help="lowest severity of a finding left after fixing that makes the exit code 1")
    fix.add_argument("--rules", action="append", metavar="PATH",
                     help="rule file or directory (repeatable; default: the bundled rules/)")
    _config_args(fix)
    fix.set_defaults(run=_run_fix)

    rules = commands.add_parser("rules", help="validate and test rule files (the CI gate)")
    rule_commands = rules.add_subparsers(dest="rules_command", metavar="SUBCOMMAND", required=True)
    for name, run, text in (
        ("lint", _run_rules, "schema, ids, units and their dimensions, sources, contradictions"),
        ("test", _run_rules, "run every rule's examples through the full pipeline"),
        ("check", _run_rules, "lint + test + the corpus regression: the CI gate"),
    ):
        sub = rule_commands.add_parser(name, help=text)
        sub.add_argument("paths", nargs="*", metavar="PATH", help="rule files or directories "
                         "(default: the bundled rules/)")
        if name == "check":
            sub.add_argument("--corpus", metavar="DIR",
                             help="articles with corpus/expected/*.yaml (default: ./corpus)")
        sub.add_argument("--format", choices=("text", *CI_FORMATS), default="text")
        sub.add_argument("--config", metavar="FILE", help="configuration file (default: the "
                         "nearest checker.toml or pyproject.toml [tool.checker]); its extra rule "
                         "folders are added when no PATH is given")
        sub.add_argument("--isolated", action="store_true", help="ignore configuration files")
        sub.set_defaults(run=_with_configured_rules(run))
    return parser


def _config_args(parser: argparse.ArgumentParser) -> None:
    """The configuration options: the file, and the flags that override its values."""
    parser.add_argument("--config", metavar="FILE", help="configuration file (default: the nearest "
                        "checker.toml, or pyproject.toml with [tool.checker], from here upward)")
    parser.add_argument("--isolated", action="store_true", help="ignore configuration files")
    parser.add_argument("--disable", action="append", metavar="RULE",
                        help="rule id not to check (repeatable; replaces the file's disable)")
    parser.add_argument("--default-date", type=_date_arg, metavar="YYYY-MM-DD",
                        help="date for articles without a front-matter date (and no --date)")


def _configure(args: argparse.Namespace) -> Optional[config_module.Config]:
    """The configuration in force (flag > file > default), set into `args`; None after an
    error line. Commands without a config option (serve) get the defaults and their flags."""
    try:
        config = config_module.resolve(
            getattr(args, "config", None), isolated=getattr(args, "isolated", False)
            or not hasattr(args, "config"), rules=getattr(args, "rules", None),
            fail_on=getattr(args, "fail_on", None), disable=getattr(args, "disable", None),
            default_date=getattr(args, "default_date", None))
    except config_module.ConfigError as err:
        print(f"checker: error: {err}", file=sys.stderr)
        return None
    args.configuration = config
    args.rules = config.rule_paths()
    if hasattr(args, "fail_on"):
        args.fail_on = config.fail_on
    return config


def _run_config(args: argparse.Namespace) -> int:
    config = _configure(args)
    if config is None:
        return EXIT_ERROR
    render = config_module.render_json if args.format == "json" else config_module.render_text
    sys.stdout.write(render(config))
    return EXIT_OK


def _with_configured_rules(run):
    """`rules lint|test|check` without PATH: the bundled rules and the configured extras."""
    def configured(args: argparse.Namespace) -> int:
        if not args.paths:
            config = _configure(args)
            if config is None:
                return EXIT_ERROR
            args.paths = config.rule_paths()
        return run(args)
    return configured


def _date_arg(value: str):
    try:
        return documents.parse_date(value, "--date")
    except documents.InputError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _load_checker(args: argparse.Namespace) -> Optional[Checker]:
    """The configuration in force, then the rules (less the disabled ones) and the pipeline, or
    None after one error line per problem (configuration, broken rule file)."""
    from checker.pipeline import Checker, RuleSetError
    config = _configure(args)
    if config is None:
        return None
    try:
        if not config.disable:
            return Checker(rule_paths=args.rules)
        rules, errors = load_rules(args.rules)
        if errors:
            raise RuleSetError(errors)
        rules, unknown = config_module.without_disabled(rules, config)
        for warning in unknown:
            print(f"checker: warning: {warning}", file=sys.stderr)
        return Checker(rules=rules)
    except RuleSetError as err:
        for error in err.errors:
            print(f"checker: error: {error}", file=sys.stderr)
        return None


def _check_all(args: argparse.Namespace, checker: Checker, desc: str) -> tuple[list[Checked], list[str]]:
    from checker.commands.batch import check_inputs
    config = getattr(args, "configuration", None)
    checked, errors = check_inputs(args.paths, checker, date=args.date,
                                   default_date=config.default_date if config else None,
                                   jobs=args.jobs, desc=desc)
    for error in errors:
        print(f"checker: error: {error}", file=sys.stderr)
    return checked, errors


def _jobs_arg(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: a number of processes, 1 or more")
    return int(value)


def _run_check(args: argparse.Namespace) -> int:
    changed = None
    if args.changed_since is not None:
        try:
            changed = changes_module.changed_lines(args.paths, args.changed_since)
        except changes_module.ChangesError as err:
            print(f"checker: error: {err}", file=sys.stderr)
            return EXIT_ERROR
    checker = _load_checker(args)
    if checker is None:
        return EXIT_ERROR
    checked, errors = _check_all(args, checker, "check")
    results = [c.result for c in checked]
    if args.format != "text":  # the text table lists them itself; stdout stays one document
        for result in results:
            for warning in result.warnings:
                print(f"checker: warning: {result.path}:{warning.line}:{warning.column}: "
                      f"{warning.message}", file=sys.stderr)
    left_out = None
    if changed is not None:
        results, left_out = changes_module.only_changed(results, changed)
    if args.format == "json":
        sys.stdout.write(json_render.render(results, errors, left_out=left_out))
    elif args.format == "claimreview":
        if args.configuration.origin("organization") == config_module.DEFAULT:
            print("checker: warning: no organization in the configuration: the ClaimReview "
                  "author is a placeholder", file=sys.stderr)
        sys.stdout.write(claimreview_render.render(results, args.configuration.organization))
    elif args.format in CI_FORMATS:
        report = diagnostics.check_report(results, errors, checker.rules)
        sys.stdout.write(CI_FORMATS[args.format](report))
    else:
        sys.stdout.write(text_render.render(results, errors, left_out=left_out))
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if failing(results, args.fail_on) else EXIT_OK


def _formats_arg(value: str) -> tuple[str, ...]:
    from checker.commands import report as report_module
    chosen = tuple(sorted({part.strip() for part in value.split(",") if part.strip()}))
    unknown = [f for f in chosen if f not in report_module.FORMATS]
    if not chosen or unknown:
        raise argparse.ArgumentTypeError(
            f"{value!r}: choose from {', '.join(report_module.FORMATS)} (comma-separated)")
    return chosen


def _run_report(args: argparse.Namespace) -> int:
    from checker.commands import report as report_module
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


def _run_fix(args: argparse.Namespace) -> int:
    from checker.commands import fix as fix_module
    refused = [p for p in args.paths if p == documents.STDIN]
    for _ in refused:
        print("checker: error: -: fix rewrites files; use `checker check -` for stdin",
              file=sys.stderr)
    args.paths = [p for p in args.paths if p != documents.STDIN]
    checker = _load_checker(args)
    if checker is None:
        return EXIT_ERROR
    args.jobs = 1
    checked, errors = _check_all(args, checker, "fix")
    return fix_module.run(checked, len(errors) + len(refused), checker, args.dry_run,
                          args.fail_on, failing)


def _run_serve(args: argparse.Namespace) -> int:
    from checker.commands import serve as serve_module  # starlette and uvicorn are imported only to serve
    return serve_module.run(args, _load_checker)


# What each `rules` subcommand runs.
_RULE_STAGES = {"lint": {"lint"}, "test": {"examples"}, "check": {"lint", "examples", "corpus"}}


def _run_rules(args: argparse.Namespace) -> int:
    """`rules lint|test|check`: the stages the subcommand names, printed as text lines naming
    file:line, or collected into one SARIF/JUnit/GitHub report; the exit code is the same."""
    from checker.pipeline import Checker
    from checker.rules.examples import corpus_regression, run_examples
    stages = _RULE_STAGES[args.rules_command]
    paths = args.paths or [default_rules()]
    rules, errors = load_rules(paths)
    report = None if args.format == "text" else diagnostics.rules_report(
        f"checker rules {args.rules_command}", paths, rules, errors)
    problems: list = []
    if "lint" in stages:
        problems = diagnostics.add_lint(report, rules) if report else lint(rules)
    checker = Checker(rules=rules) if stages & {"examples", "corpus"} else None
    run, failures = run_examples(checker, rules) if checker else (0, [])
    if report and "examples" in stages:
        diagnostics.add_examples(report, rules, failures)
    corpus = Path(args.corpus) if getattr(args, "corpus", None) else Path("corpus")
    articles, diffs = 0, []
    if "corpus" in stages and corpus.is_dir():
        articles, diffs = corpus_regression(checker, corpus)
    if report and "corpus" in stages:
        diagnostics.add_corpus(report, corpus, diffs)
    failed = bool(errors or problems or failures or diffs)
    if report:
        sys.stdout.write(CI_FORMATS[args.format](report))
        return EXIT_FINDINGS if failed else EXIT_OK
    for line in [f"{e} [load]" for e in errors] + [*map(str, problems), *map(str, failures), *diffs]:
        print(line)
    parts = [f"{len(rules)} rule(s)"]
    if "lint" in stages:
        parts.append(f"{len(errors) + len(problems)} lint problem(s)")
    if "examples" in stages:
        parts.append(f"{run} example(s) with {len(failures)} failure(s)")
    if "corpus" in stages:
        parts.append(f"{articles} corpus article(s) with {len(diffs)} difference(s)")
    print(f"rules {args.rules_command}: " + ", ".join(parts))
    return EXIT_FINDINGS if failed else EXIT_OK


def failing(results: list[DocumentResult], fail_on: str) -> bool:
    """Inconsistent findings at or above the threshold fail; unverifiable ones count as info.
    Findings waived by an inline suppression never fail; a problem with a suppression comment
    (no reason, unknown rule, waives nothing) counts as a warning."""
    threshold = SEVERITIES.index(fail_on)
    for result in results:
        if getattr(result, "warnings", None) and threshold <= SEVERITIES.index("warning"):
            return True
        for finding in result.findings:
            if finding.suppressed is not None:
                continue
            if finding.verdict == "inconsistent" and SEVERITIES.index(finding.severity) >= threshold:
                return True
            if finding.verdict == "unverifiable" and threshold == 0:
                return True
    return False


if __name__ == "__main__":
    sys.exit(main())
