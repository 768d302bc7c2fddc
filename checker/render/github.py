"""`--format github`: GitHub Actions workflow commands, so each result becomes an annotation on
the pull request's diff (`::error file=F,line=L,col=C,title=T::message`)."""
from __future__ import annotations

from checker.render import diagnostics
from checker.render.diagnostics import Diagnostic
from checker.render.model import Run

COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(value: str) -> str:
    """The message: `%`, CR and LF would end or corrupt the command (actions/toolkit escapeData)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A property value also must not contain the `,` and `:` that separate properties."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def line(diagnostic: Diagnostic) -> str:
    properties = {"file": diagnostic.path, "line": str(diagnostic.line),
                  "col": str(diagnostic.column), "title": diagnostic.title or diagnostic.rule}
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items() if value)
    return f"::{COMMANDS[diagnostic.level]} {joined}::{escape_data(diagnostic.message)}"


def render(run: Run) -> str:
    report = diagnostics.of(run)
    return "".join(line(d) + "\n" for d in report.diagnostics if d.reported)
