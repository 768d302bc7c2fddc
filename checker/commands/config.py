"""`checker config`: the configuration in force and where each value came from (a default,
the file, or a flag), as a table or as JSON."""
from __future__ import annotations

import argparse
import sys

from checker import config as config_module
from checker import exit_codes
from checker.commands import options


def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.output_format(parser, ("text", "json"),
                          "text: a table of key, value and origin; json: the same as an object")
    options.fail_on(parser, help="show the configuration as if --fail-on were given")
    options.rules(parser)
    options.configuration(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    config = options.configure(args)
    render = config_module.render_json if args.format == "json" else config_module.render_text
    sys.stdout.write(render(config))
    return exit_codes.OK
