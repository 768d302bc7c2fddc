"""`checker check PATH...`: check articles and print what was found, in one format on stdout.

Warnings about the text itself (a suppression comment without a reason...) go to stderr in
every format but text, whose table lists them, so stdout stays one document.
"""
from __future__ import annotations

import argparse
import sys

from checker import config as config_module
from checker import exit_codes, render, startup
from checker.commands import changes, options
from checker.errors import say
from checker.render.model import Article, Run


def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.paths(parser)
    options.output_format(parser, render.CHECK_FORMATS,
                          "text: a table per file for a person; json: the documented contract; "
                          "claimreview: schema.org JSON-LD; sarif, junit, github: for CI")
    options.date(parser)
    options.fail_on(parser)
    options.jobs(parser)
    options.rules(parser)
    parser.add_argument("--changed-since", metavar="REF",
                        help="only the findings on lines changed since the git ref REF (the "
                             "pull-request mode)")
    options.configuration(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    changed = None
    if args.changed_since is not None:
        changed = changes.changed_lines(args.paths, args.changed_since)
    with startup.loading():
        from checker.commands import batch  # the pipeline and spaCy: only when checking

        checker = batch.load_checker(args)
    done = batch.check_all(args, checker, "check")
    results = done.results
    if args.format != "text":
        for result in results:
            for warning in result.warnings:
                say(f"{result.path}:{warning.line}:{warning.column}: {warning.message}", "warning")
    left_out = None
    if changed is not None:
        results, left_out = changes.only_changed(results, changed)
    config = args.configuration
    if args.format == "claimreview" and config.origin("organization") == config_module.DEFAULT:
        say("no organization in the configuration: the ClaimReview author is a placeholder",
            "warning")
    checked = Run("checker check", errors=done.errors, rules=checker.rules, left_out=left_out,
                  organization=config.organization,
                  articles=[Article(c.document, result) for c, result in zip(done.checked, results)])
    sys.stdout.write(render.render(args.format, checked))
    return exit_codes.of_run(results, args.fail_on, errors=len(done.errors) - len(done.internal),
                             internal=len(done.internal))
