"""Command line: `checker COMMAND ...`. This module only assembles the parser and runs the
command; each command lives in `checker/commands/` and adds its own options.

Errors are caught here, once: a `CheckerError` (bad input, rules, configuration, git, output)
is one `checker: error: ...` line and exit 2; anything else is a bug in the checker, one
`checker: internal error: ...` line naming the input being checked and exit 70
(`checker.exit_codes`), never a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from typing import Iterable, Optional, Sequence

from checker import __version__, startup
from checker.commands import COMMANDS
from checker.errors import CheckerError, current_input, describe_internal, say
from checker.exit_codes import ERROR, INTERNAL


def main(argv: Optional[Sequence[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser(_named_command(argv)).parse_args(argv)
    if not getattr(args, "command", None):
        parser(()).print_help(sys.stderr)
        return ERROR
    try:
        return int(args.run(args))
    except CheckerError as err:
        for line in err.lines():
            say(line)
        return ERROR
    except KeyboardInterrupt:
        say("interrupted", "stopped")
        return 130
    except Exception as err:  # a bug: one line, never a traceback
        where = current_input()
        say(f"{where + ': ' if where else ''}{describe_internal(err)}; please report it",
            "internal error")
        return INTERNAL
    finally:
        startup.thaw()


def parser(load: Optional[Iterable[str]] = None) -> argparse.ArgumentParser:
    """The whole command line. Only the commands in `load` (all when None) add their options:
    the others' modules are not imported, so `checker --help` starts in a blink."""
    wanted = set(COMMANDS if load is None else load)
    top = argparse.ArgumentParser(
        prog="checker",
        description="Check numeric and factual claims in news copy against sourced rules.",
        epilog="Exit codes: 0 nothing at or above --fail-on, 1 an inconsistent finding at or "
               "above it, 2 a usage, configuration, rule or input error, 70 an internal error "
               "(a bug). `checker COMMAND --help` shows a command's options.")
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    for name, text in COMMANDS.items():
        sub = commands.add_parser(name, help=text, description=text)
        if name in wanted:
            importlib.import_module(f"checker.commands.{name}").add_arguments(sub)
    return top


def _named_command(argv: Sequence[str]) -> list[str]:
    """The command argv names (the first word that is one), so only its module is imported."""
    for word in argv:
        if word in COMMANDS:
            return [word]
        if not word.startswith("-"):
            break
    return []


if __name__ == "__main__":
    sys.exit(main())
