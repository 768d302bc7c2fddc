"""`checker report PATH... -o DIR`: reports people read, built from the same results as `check`.

One index page (per article: claims found, verified, inconsistent, unverifiable, unchecked; per
rule: how often it fired and with what verdicts; figures that disagree between articles) and one
page per article, in HTML, Markdown and/or JSON. Output is deterministic (sorted, no timestamps,
relative links) so a committed `reports/` can be compared with a fresh run.

The report set is built whole in a new folder beside DIR and swapped in, so a failure half-way
leaves the previous set as it was, and pages of articles that left the input disappear with it.
Files in DIR that no report wrote are carried over; a folder that holds other things and no
report is refused, never replaced. DIR is never read as input, even inside an input folder.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from checker import exit_codes, render, startup
from checker.commands import options
from checker.errors import OutputError
from checker.render.model import Article, Run

if TYPE_CHECKING:
    from checker.model import DocumentResult
    from checker.stages.document import Document

FORMATS = render.REPORT_FORMATS
MANIFEST = ".checker-report-files"  # what the report in a folder wrote (the rest is not ours)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.paths(parser)
    parser.add_argument("-o", "--output", required=True, metavar="DIR",
                        help="report folder (replaced whole; never read as input)")
    parser.add_argument("--format", type=formats_value, default="html,md,json", metavar="FORMATS",
                        help="comma-separated: html, md, json (default: all three)")
    options.date(parser)
    options.jobs(parser)
    options.rules(parser)
    options.configuration(parser)
    parser.set_defaults(run=run)


def formats_value(value: str) -> tuple[str, ...]:
    chosen = tuple(sorted({part.strip() for part in value.split(",") if part.strip()}))
    unknown = [f for f in chosen if f not in FORMATS]
    if not chosen or unknown:
        raise argparse.ArgumentTypeError(
            f"{value!r}: choose from {', '.join(FORMATS)} (comma-separated)")
    return chosen


def run(args: argparse.Namespace) -> int:
    refuse_inputs_inside(args.paths, args.output)
    with startup.loading():
        from checker.commands import batch  # the pipeline and spaCy: only when checking

        checker = batch.load_checker(args)
    done = batch.check_all(args, checker, "report", skip=args.output)
    data = build([(c.document, c.result) for c in done.checked], done.errors, checker.rules,
                 nlp=checker.nlp)
    written = write(render.pages(args.format, data, args.output), args.output)
    sys.stdout.write(terminal_summary(data, args.output, written))
    return exit_codes.of_run([], None, errors=len(done.errors) - len(done.internal),
                             internal=len(done.internal))


def build(checked: Sequence[tuple[Document, DocumentResult]], errors: Sequence[str],
          rules: Sequence[Any] = (), nlp: Any = None) -> Run:
    """The run as the report shows it: articles sorted by path, each with its page name, and
    the figures that disagree between articles."""
    from checker.stages import consistency

    ordered = sorted(checked, key=lambda pair: pair[1].path)
    slugs = _slugs([result.path for _, result in ordered])
    articles = [Article(doc, result, slug) for (doc, result), slug in zip(ordered, slugs)]
    groups = consistency.disagreements([(a.result, a.document.text) for a in articles], nlp=nlp)
    return Run("checker report", articles=articles, errors=list(errors), rules=list(rules),
               consistency=groups)


def _slugs(paths: list[str]) -> list[str]:
    """A file name per article: its stem, made safe; the full path where two stems collide."""
    from checker.stages.document import STDIN

    def clean(text: str) -> str:
        return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or "article"

    stems = [clean(Path(p).stem) if p != STDIN else "stdin" for p in paths]
    out: list[str] = []
    for path, stem in zip(paths, stems):
        slug = stem if stems.count(stem) == 1 else clean(str(Path(path).with_suffix("")))
        while slug in out or slug == "index":
            slug += "-"
        out.append(slug)
    return out


def refuse_inputs_inside(paths: Sequence[str], out_dir: str | Path) -> None:
    """The report folder is replaced whole: it must not hold an input or the working folder."""
    out = os.path.realpath(out_dir)
    for path in [*paths, os.curdir]:
        if path == "-":
            continue
        found = os.path.realpath(path)
        if found == out or found.startswith(out.rstrip(os.sep) + os.sep):
            what = "the working directory" if path == os.curdir else f"the input {path}"
            raise OutputError(f"{out_dir}: the report folder holds {what}, and a report "
                              "replaces its folder whole; choose another folder")


def write(files: dict[str, str], out_dir: str | Path) -> list[str]:
    """Write the report set into a new folder beside `out_dir` and swap it in; returns the
    names written. OutputError when the folder cannot be written or is not a report folder."""
    out = Path(os.path.realpath(out_dir))
    try:
        return _swap_in(files, out)
    except OSError as err:
        raise OutputError(f"{out_dir}: cannot write reports ({err.strerror or err})") from None


def _swap_in(files: dict[str, str], out: Path) -> list[str]:
    previous = _ours(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".new"))
    try:
        names = sorted(files)
        for name in names:
            _write_file(staging / name, files[name])
        _write_file(staging / MANIFEST, "".join(f"{n}\n" for n in names))
        if out.is_dir():
            for entry in sorted(out.iterdir()):  # what no report wrote stays
                if entry.name != MANIFEST and entry.name not in previous and entry.name not in files:
                    _copy(entry, staging / entry.name)
            os.chmod(staging, out.stat().st_mode & 0o7777)
        else:
            os.chmod(staging, 0o777 & ~_umask())
        _exchange(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return names


def _ours(out: Path) -> set[str]:
    """The files the report in `out` wrote; OutputError when `out` holds things and no report."""
    if not out.exists():
        return set()
    if not out.is_dir():
        raise OutputError(f"{out}: not a folder")
    manifest = out / MANIFEST
    if manifest.is_file():
        return set(manifest.read_text(encoding="utf-8").split())
    if any(out.iterdir()):
        raise OutputError(f"{out}: not empty and not a report folder (no {MANIFEST}); "
                          "choose a new or empty folder")
    return set()


def _write_file(target: Path, content: str) -> None:
    with open(target, "x", encoding="utf-8", newline="\n") as stream:
        stream.write(content)
    os.chmod(target, 0o644)


def _copy(entry: Path, target: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.copytree(entry, target, symlinks=True)
    else:
        shutil.copy2(entry, target, follow_symlinks=False)


def _exchange(staging: Path, out: Path) -> None:
    """`staging` becomes `out`; the old `out`, if any, is moved aside and then deleted. Should
    the second rename fail, the old folder is put back."""
    if not out.exists():
        os.rename(staging, out)
        return
    retired = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".old"))
    os.rmdir(retired)
    os.rename(out, retired)
    try:
        os.rename(staging, out)
    except BaseException:
        os.rename(retired, out)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def terminal_summary(data: Run, out_dir: str | Path, written: Sequence[str]) -> str:
    """The short table `checker report` prints, and where the reports went."""
    from tabulate import tabulate

    from checker.render.present import coverage_line
    from checker.words import counted

    rows = [[a.path, a.count("consistent"), a.count("inconsistent"), a.count("unverifiable"),
             a.count("unchecked"), a.count("waived"), len(a.result.claims)] for a in data.articles]
    lines = []
    if rows:
        lines.append(tabulate(rows, headers=["article", "ok", "wrong", "unverifiable",
                                             "unchecked", "waived", "claims"], tablefmt="simple"))
    lines.append(coverage_line(data))
    if data.consistency:
        lines.append(counted(len(data.consistency), "cross-article disagreement"))
    for error in data.errors:
        lines.append(f"input error: {error}")
    shown = str(out_dir).rstrip("/\\") or "."
    index = [n for n in ("index.html", "index.md", "index.json") if n in written]
    lines.append(f"Reports written to {shown}/ ({counted(len(written), 'file')}): "
                 + ", ".join(f"{shown}/{n}" for n in index))
    return "\n".join(lines) + "\n"
