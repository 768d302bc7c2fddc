"""`checker archive check|report` and `checker rules impact`: the whole archive on Dask.

Dask, pyarrow and SQLAlchemy are imported only when one of these commands runs, so the other
commands start as fast as before and work without the `archive` extra.
"""
from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Optional

from checker.commands import options

if TYPE_CHECKING:
    from checker import config as config_module
    from checker.rules.load import Rule

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
NEEDS = "the archive commands need the `archive` extra: pip install 'checker[archive]'"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """`archive check` and `archive report`."""
    sub = parser.add_subparsers(dest="archive_command", metavar="SUBCOMMAND", required=True)

    check = sub.add_parser("check", help="check an archive into STORE: only new or changed "
                           "articles and those changed rules can touch")
    check.add_argument("source", nargs="?", metavar="SOURCE",
                       help="a directory of articles, a .jsonl or a .parquet file of records "
                       "(id, text; optional date, title, url, section)")
    check.add_argument("--store", required=True, metavar="STORE",
                       help="the Parquet store (a directory; created on the first run)")
    _sql_args(check)
    _dask_args(check)
    check.add_argument("--partition-size", type=_positive, default=None, metavar="N",
                       help="articles per partition when the store is created (default 250)")
    options.rules(check)
    options.configuration(check)
    check.set_defaults(run=run)

    report = sub.add_parser("report", help="the archive report: findings per rule, month and "
                            "section, the most contradicted facts, the articles to correct first")
    report.add_argument("store", metavar="STORE", help="the store `archive check` wrote")
    report.add_argument("-o", "--output", required=True, metavar="DIR", help="report directory")
    report.add_argument("--format", default="html,md,json", metavar="FORMATS",
                        help="comma-separated: html, md, json (default: all three)")
    report.set_defaults(run=run)


def add_impact_arguments(rule_commands) -> None:
    """`rules impact`, a subcommand of `rules`."""
    impact = rule_commands.add_parser("impact", help="the archived articles whose verdicts a "
                                      "change to the rules changes (needs an archive store)")
    impact.add_argument("paths", nargs="*", metavar="PATH", help="rule files or directories "
                        "(default: the bundled rules/ and the configured extras)")
    impact.add_argument("--store", required=True, metavar="STORE",
                        help="the archive store (`checker archive check`)")
    impact.add_argument("--base", metavar="REF", help="compare with the rules at this git ref "
                        "(default: the rules the store was checked with)")
    impact.add_argument("--format", choices=("text", "markdown", "json", "sarif"), default="text",
                        help="text; markdown for a pull-request comment; json; sarif")
    impact.add_argument("--source", metavar="SOURCE", help="read the articles from here "
                        "(default: where the store's archive.json says)")
    _sql_args(impact)
    _dask_args(impact)
    options.config_file(impact)
    impact.set_defaults(run=run, rules=None, disable=None, default_date=None)


def _sql_args(parser) -> None:
    parser.add_argument("--sql", metavar="URL", help="SQLAlchemy database URL "
                        "(postgresql+psycopg://..., sqlite:///...) instead of SOURCE")
    parser.add_argument("--query", metavar="SQL", help="with --sql: a SELECT returning id and "
                        "text (and optionally date, title, url, section)")


def _dask_args(parser) -> None:
    parser.add_argument("--scheduler", metavar="ADDRESS", help="an existing Dask scheduler "
                        "(tcp://HOST:8786); default: an embedded cluster on this machine")
    parser.add_argument("--workers", type=_positive, default=None, metavar="N",
                        help="worker processes of the embedded cluster (default: one per core)")
    parser.add_argument("--dashboard", default=":8787", metavar="ADDRESS",
                        help="where the embedded cluster serves its dashboard (default :8787)")


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: a whole number, 1 or more")
    return int(value)


def _error(message: str) -> int:
    print(f"checker: error: {message}", file=sys.stderr)
    return EXIT_ERROR


def _rules(args) -> tuple[Optional[list[Rule]], Optional[config_module.Config]]:
    """The rules in force (configuration, flags, disabled rules), without loading spaCy."""
    from checker import config as config_module
    from checker.rules.load import load_rules
    try:
        config = config_module.resolve(args.config, isolated=args.isolated,
                                       rules=getattr(args, "paths", None) or args.rules,
                                       disable=args.disable, default_date=args.default_date)
    except config_module.ConfigError as err:
        _error(str(err))
        return None, None
    rules, errors = load_rules(config.rule_paths())
    for error in errors:
        _error(str(error))
    if errors:
        return None, None
    rules, unknown = config_module.without_disabled(rules, config)
    for warning in unknown:
        print(f"checker: warning: {warning}", file=sys.stderr)
    return rules, config


def run(args) -> int:
    try:
        from checker.archive import jobs, sources
        from checker.archive.store import StoreError
    except ImportError as err:
        return _error(f"{NEEDS} ({err.name} is missing)")
    if getattr(args, "archive_command", None) == "report":
        return _report(args)
    rules, config = _rules(args)
    if rules is None:
        return EXIT_ERROR
    try:
        if getattr(args, "archive_command", None) == "check":
            source = sources.open_source(args.source, args.sql, args.query)
            summary = jobs.check(source, args.store, rules, args.scheduler, args.workers,
                                 args.partition_size or sources.DEFAULT_PARTITION_SIZE,
                                 config.default_date, args.dashboard,
                                 on_dashboard=lambda line: print(line, file=sys.stderr))
            sys.stdout.write(summary.render())
            return EXIT_ERROR if summary.failed else EXIT_OK
        return _impact(args, rules, config, jobs, sources)
    except (sources.SourceError, StoreError) as err:
        return _error(str(err))
    except OSError as err:  # the scheduler cannot be reached, the store cannot be written
        return _error(f"{type(err).__name__}: {err}")
    except KeyboardInterrupt:
        print("checker: interrupted; the partitions written are kept: run the same command "
              "again to finish", file=sys.stderr)
        return 130


def _impact(args, rules, config, jobs, sources) -> int:
    from checker.archive.impact import RENDER
    from checker.rules.load import RuleError
    base_rules, base_name = None, "the rules of the store's last run"
    if args.base:
        try:
            base_rules = jobs.rules_at(args.base, config.rule_paths())
        except RuleError as err:
            return _error(f"--base {args.base}: {err}")
        base_name = args.base
    source = sources.open_source(args.source, args.sql, args.query) \
        if args.source or args.sql else None
    impact = jobs.impact(args.store, rules, base_rules, base_name, source, args.scheduler,
                         args.workers, config.default_date, args.dashboard)
    sys.stdout.write(RENDER[args.format](impact))
    if impact.failed:
        return EXIT_ERROR
    return EXIT_FINDINGS if impact.changes else EXIT_OK


def _report(args) -> int:
    from checker.archive import report
    from checker.archive.store import StoreError
    formats = sorted({f.strip() for f in args.format.split(",") if f.strip()})
    unknown = [f for f in formats if f not in report.FORMATS]
    if not formats or unknown:
        return _error(f"--format {args.format!r}: choose from {', '.join(report.FORMATS)}")
    try:
        data = report.build(args.store)
        written = report.write(data, args.output, formats)
    except StoreError as err:
        return _error(str(err))
    except OSError as err:
        return _error(f"{args.output}: cannot write the report ({err.strerror or err})")
    sys.stdout.write(report.terminal_summary(data, args.output, written))
    return EXIT_OK
