"""The options several commands share, each defined once, and the configuration they resolve.

Importing this costs nothing: it builds the command line, so nothing heavy loads here.
"""
from __future__ import annotations

import argparse
import datetime as dt
from typing import Sequence

from checker import config as config_module
from checker.errors import InputError
from checker.model import SEVERITIES
from checker.stages import document as documents


def date_value(value: str) -> dt.date:
    try:
        return documents.parse_date(value, "--date")
    except InputError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def jobs_value(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: a number of processes, 1 or more")
    return int(value)


def paths(parser: argparse.ArgumentParser,
          help: str = "article files or directories (walked for .md, .markdown and .txt); "
                      "- reads stdin") -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help=help)


def output_format(parser: argparse.ArgumentParser, choices: Sequence[str], help: str) -> None:
    parser.add_argument("--format", choices=tuple(choices), default=choices[0], help=help)


def date(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", type=date_value,
                        help="article date YYYY-MM-DD (overrides front matter)")


def fail_on(parser: argparse.ArgumentParser,
            help: str = "lowest severity of an inconsistent finding that makes the exit code 1 "
                        "(default: fail-on in the configuration, else error)") -> None:
    parser.add_argument("--fail-on", choices=SEVERITIES, default=None, help=help)


def jobs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", type=jobs_value, default=None, metavar="N",
                        help="check in N processes (same output, in input order; default: one "
                             "per CPU for 64 articles or more, else one)")


def rules(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules", action="append", metavar="PATH",
                        help="rule file or directory (repeatable; replaces the bundled rules/ "
                             "and the configured extras)")


def config_file(parser: argparse.ArgumentParser,
                help: str = "configuration file (default: the nearest checker.toml, or "
                            "pyproject.toml with [tool.checker], from here upward)") -> None:
    parser.add_argument("--config", metavar="FILE", help=help)
    parser.add_argument("--isolated", action="store_true", help="ignore configuration files")


def configuration(parser: argparse.ArgumentParser) -> None:
    """The configuration file and the flags that override its values."""
    config_file(parser)
    parser.add_argument("--disable", action="append", metavar="RULE",
                        help="rule id not to check (repeatable; replaces the file's disable)")
    parser.add_argument("--default-date", type=date_value, metavar="YYYY-MM-DD",
                        help="date for articles without a front-matter date (and no --date)")


def configure(args: argparse.Namespace) -> config_module.Config:
    """The configuration in force (flag > file > default), also set into `args`: `rules`
    becomes the rule paths to load, `fail_on` the threshold. ConfigError when it is wrong.
    Commands without a --config option (serve) get the defaults and their own flags."""
    config = config_module.resolve(
        getattr(args, "config", None),
        isolated=getattr(args, "isolated", False) or not hasattr(args, "config"),
        rules=getattr(args, "rules", None), fail_on=getattr(args, "fail_on", None),
        disable=getattr(args, "disable", None), default_date=getattr(args, "default_date", None))
    args.configuration = config
    args.rules = config.rule_paths()
    if hasattr(args, "fail_on"):
        args.fail_on = config.fail_on
    return config
