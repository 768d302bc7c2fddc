"""Output formats: one input model (`model.Run`), one registry of formats (here), shared
presentation helpers (`present`).

A format is a module of this package. A *stream* format prints one document on stdout for
`checker check` (and, where `rules` is set, for `checker rules lint|test|check`): its module
has `render(run) -> str`. A *page* format writes a report folder for `checker report`: its
module has `pages(run, out_dir) -> {file name: content}`. Nothing here imports a format module
until it is used, so building the command line costs nothing.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.render.model import Run


@dataclass(frozen=True)
class Format:
    name: str
    module: str  # checker.render.<module>
    stream: bool = False  # render(run) -> str, printed by `checker check`
    rules: bool = False  # also a format of `checker rules lint|test|check`
    pages: bool = False  # pages(run, out_dir) -> files, written by `checker report`

    def render(self, run: Run) -> str:
        return str(importlib.import_module(f"checker.render.{self.module}").render(run))

    def write_pages(self, run: Run, out_dir: str | Path) -> dict[str, str]:
        files = importlib.import_module(f"checker.render.{self.module}").pages(run, out_dir)
        return dict(files)


FORMATS = {f.name: f for f in (
    Format("text", "text", stream=True, rules=True),
    Format("json", "json", stream=True, pages=True),
    Format("claimreview", "claimreview", stream=True),
    Format("sarif", "sarif", stream=True, rules=True),
    Format("junit", "junit", stream=True, rules=True),
    Format("github", "github", stream=True, rules=True),
    Format("html", "html", pages=True),
    Format("md", "markdown", pages=True),
)}

# The order --help lists them in.
CHECK_FORMATS = tuple(name for name, f in FORMATS.items() if f.stream)
RULES_FORMATS = tuple(name for name, f in FORMATS.items() if f.rules)
REPORT_FORMATS = ("html", "md", "json")  # the page formats, in the order --help names them


def render(name: str, run: Run) -> str:
    """What a stream format prints for a run."""
    return FORMATS[name].render(run)


def pages(names: tuple[str, ...] | list[str], run: Run, out_dir: str | Path) -> dict[str, str]:
    """File name (relative to out_dir) -> content, for every requested page format."""
    files: dict[str, str] = {}
    for name in REPORT_FORMATS:
        if name in names:
            files.update(FORMATS[name].write_pages(run, out_dir))
    return files
