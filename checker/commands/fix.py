"""`checker fix PATH... [--dry-run]`: apply the safe suggestions in place.

A finding is fixable when its `fix` is set: the replacement for the claim's own span, set only
where replacing the span is safe (verify.py for a unit mix-up, "200 kilometers" -> "200
nautical miles (370.4 kilometers)"; names.py for a known misspelling). Suppressed findings are
left alone. Replacements are applied from the end of the file backwards over the text exactly
as read, so every span stays valid and nothing outside the spans changes (front matter, line
endings, a byte-order mark, the final newline). Overlapping spans are refused: neither is
applied. The file is written by `write_fixed`: compared with the text that was checked just
before it is replaced, never over an edit saved meanwhile or a read-only file, symlink, hard
links, mode and owner kept. The fixed text is checked again to report what is left for a person.

`--dry-run` prints a unified diff (`patch -p0` applies it) and changes nothing. The exit code
is that of `checker check` on the result: 0 when nothing at or above --fail-on remains, 1 when
something does (a wrong figure with no safe fix), 2 for an input or write error (a file left
unwritten), 70 for an internal error.
"""
from __future__ import annotations

import argparse
import difflib
import os
import stat
import sys
import tempfile
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from checker import exit_codes, files, startup
from checker.errors import say
from checker.commands import options
from checker.stages import document as documents
from checker.commands.batch import Checked
from checker.model import DocumentResult, Finding

BOM = "\ufeff"


@dataclass
class Edit:
    start: int
    end: int
    old: str
    new: str
    finding: Finding


@dataclass
class Plan:
    """What fixing one document would do."""

    path: str
    text: str  # the text exactly as read (no byte-order mark)
    edits: list[Edit] = field(default_factory=list)
    refused: list[tuple[Finding, str]] = field(default_factory=list)  # (finding, why not)

    @property
    def fixed(self) -> str:
        return apply(self.text, self.edits)


def plan(document: documents.Document, result: DocumentResult) -> Plan:
    """The edits for a checked document: each unsuppressed inconsistent finding with a `fix`
    whose span still reads as the claim; overlapping spans are refused, both of them."""
    out = Plan(document.path, document.text)
    candidates: list[Edit] = []
    for finding in result.findings:
        if finding.verdict != "inconsistent" or finding.fix is None or finding.suppressed is not None:
            continue
        span = finding.claim.span
        old = document.text[span.start:span.end]
        if span.start < document.body_start:
            out.refused.append((finding, "inside the front matter"))
        elif old != finding.claim.text:
            out.refused.append((finding, f"the text at the span reads {old!r}"))
        elif old != finding.fix:
            candidates.append(Edit(span.start, span.end, old, finding.fix, finding))
    candidates.sort(key=lambda e: (e.start, e.end))
    # the same span fixed the same way by two rules is one edit
    unique: list[Edit] = []
    for edit in candidates:
        if unique and (unique[-1].start, unique[-1].end, unique[-1].new) == (edit.start, edit.end, edit.new):
            continue
        unique.append(edit)
    for edit in unique:
        clash = [other for other in unique if other is not edit
                 and other.start < edit.end and edit.start < other.end]
        if clash:
            out.refused.append((edit.finding, "its span overlaps another fix ("
                                + ", ".join(f"{c.finding.rule} on {c.old!r}" for c in clash) + ")"))
        else:
            out.edits.append(edit)
    return out


def apply(text: str, edits: list[Edit]) -> str:
    """Replace the spans from the end backwards, so earlier offsets stay valid."""
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        assert text[edit.start:edit.end] == edit.old, "span does not match the text"
        text = text[:edit.start] + edit.new + text[edit.end:]
    return text


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff `patch -p0` applies; a last line without a newline is marked as such."""
    lines = []
    for line in difflib.unified_diff(before.splitlines(keepends=True),
                                     after.splitlines(keepends=True),
                                     fromfile=path, tofile=path):
        lines.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(lines)


class NotWritten(Exception):
    """Why a fixed file was not written (one line, without the path); the file is unchanged."""


CHANGED = "the file changed since it was checked; not fixed (run fix again)"


def write_fixed(path: str, checked: str, fixed: str) -> None:
    """Replace the text `checked` of the file at `path` by `fixed`, or raise NotWritten.

    What the file is stays what it is: a symlink is followed and its target rewritten; a file
    without any write permission is left alone (even for root); mode and owner are kept. The
    file is re-read and compared with the text that was checked just before it is replaced
    (compare-and-swap), so an edit saved in between is never overwritten. The new text goes to
    a temporary file beside the target, flushed to disk, and is moved into place (a reader sees
    the old file or the new one); a file with other hard links, or whose owner a new file could
    not get, is rewritten in place instead, since a new file would split the links or change
    the owner."""
    target = os.path.realpath(path)
    try:
        status = os.stat(target)
    except OSError as err:
        raise NotWritten(files.reason(err)) from None
    if not stat.S_ISREG(status.st_mode):
        raise NotWritten("not a regular file")
    if not status.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise NotWritten("the file is read-only (no write permission); left alone")
    if status.st_nlink > 1 or not _can_give(status):
        _rewrite_in_place(target, checked, fixed)
    else:
        _replace(target, checked, fixed, status)


def _bom_if_unchanged(current: bytes, checked: str) -> str:
    """The byte-order mark the file starts with ("" or BOM), if it still holds the text that
    was checked; NotWritten otherwise."""
    try:
        text = current.decode("utf-8")
    except UnicodeDecodeError:
        raise NotWritten(CHANGED) from None
    bom = BOM if text.startswith(BOM) else ""
    if text[len(bom):] != checked:
        raise NotWritten(CHANGED)
    return bom


def _replace(target: str, checked: str, fixed: str, status: os.stat_result) -> None:
    with open(target, "rb") as current:
        bom = _bom_if_unchanged(current.read(), checked)
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(target),
                                         prefix=f".{os.path.basename(target)}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write((bom + fixed).encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        if (status.st_uid, status.st_gid) != (os.geteuid(), os.getegid()):
            os.chown(temporary, status.st_uid, status.st_gid)
        os.chmod(temporary, status.st_mode & 0o7777)  # after chown, which clears set-id bits
        with open(target, "rb") as current:  # compare again, just before the swap
            if _bom_if_unchanged(current.read(), checked) != bom:
                raise NotWritten(CHANGED)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _rewrite_in_place(target: str, checked: str, fixed: str) -> None:
    """Compare and write through one descriptor: the inode, its links and its owner stay."""
    with open(target, "r+b") as stream:
        bom = _bom_if_unchanged(stream.read(), checked)
        stream.seek(0)
        stream.write((bom + fixed).encode("utf-8"))
        stream.truncate()
        stream.flush()
        os.fsync(stream.fileno())


def _can_give(status: os.stat_result) -> bool:
    """Whether a new file can be given this file's owner and group."""
    if os.geteuid() == 0:
        return True
    return status.st_uid == os.geteuid() and (status.st_gid == os.getegid()
                                              or status.st_gid in os.getgroups())


def _write(path: str, checked: str, fixed: str) -> Optional[str]:
    """None when written, else the error line."""
    try:
        write_fixed(path, checked, fixed)
    except NotWritten as why:
        return f"{path}: {why}"
    except OSError as err:
        return f"{path}: cannot write the fixed file ({err.strerror or err}); the file is unchanged"
    return None


def run(checked: list[Checked], errors: list[str], checker: Any, dry_run: bool, fail_on: str,
        failing: Callable[[list[DocumentResult], str], bool]) -> int:
    """The `fix` command over checked inputs: plan, show or write, re-check; the exit code.
    `errors` are the error lines already printed (inputs that could not be checked)."""
    out = sys.stderr if dry_run else sys.stdout  # a dry run's stdout is only the diff
    errors = list(errors)
    remaining: list[DocumentResult] = []
    for document, result in ((c.document, c.result) for c in checked):
        path = document.path
        fixes = plan(document, result)
        for finding, why in fixes.refused:
            span = finding.claim.span
            print(f"{path}:{span.line}:{span.column}: not fixed ({finding.rule}): {why}", file=out)
        after = fixes.fixed
        if dry_run:
            sys.stdout.write(unified_diff(path, document.text, after))
        elif fixes.edits:
            problem = _write(path, document.text, after)
            if problem is not None:
                say(problem)
                errors.append(problem)
                remaining.append(result)
                continue
        rechecked = checker.check_document(documents.from_text(after, path=path, date=document.date)) \
            if fixes.edits else result
        remaining.append(rechecked)
        _summary(out, path, fixes, rechecked, dry_run)
    if errors:
        return exit_codes.ERROR
    return exit_codes.FINDINGS if failing(remaining, fail_on) else exit_codes.OK


def _summary(out, path: str, fixes: Plan, rechecked: DocumentResult, dry_run: bool) -> None:
    verb = "would fix" if dry_run else "fixed"
    for edit in fixes.edits:
        span = edit.finding.claim.span
        print(f"{path}:{span.line}:{span.column}: {verb} ({edit.finding.rule}): {edit.old!r} -> "
              f"{edit.new!r}", file=out)
    left = [f for f in rechecked.findings if f.verdict != "consistent" and f.suppressed is None]
    for finding in left:
        span = finding.claim.span
        print(f"{path}:{span.line}:{span.column}: left for an editor ({finding.rule}, "
              f"{finding.verdict}): {finding.claim.text!r}"
              + (f"; suggest {finding.suggestion!r}" if finding.suggestion else ""), file=out)
    print(f"{path}: {len(fixes.edits)} fix(es) {'to apply' if dry_run else 'applied'}, "
          f"{len(left)} finding(s) left", file=out)


# --- the command line ---------------------------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.paths(parser, help="article files or directories (not stdin)")
    parser.add_argument("--dry-run", action="store_true", help="print a unified diff, change nothing")
    options.date(parser)
    options.fail_on(parser, help="lowest severity of a finding left after fixing that makes the "
                                 "exit code 1 (default: fail-on in the configuration, else error)")
    options.rules(parser)
    options.configuration(parser)
    parser.set_defaults(run=run_command)


def run_command(args: argparse.Namespace) -> int:
    refused = ["-: fix rewrites files; use `checker check -` for stdin"
               for p in args.paths if p == documents.STDIN]
    for error in refused:
        say(error)
    args.paths = [p for p in args.paths if p != documents.STDIN]
    with startup.loading():
        from checker.commands import batch

        checker = batch.load_checker(args)
    args.jobs = 1
    done = batch.check_all(args, checker, "fix")
    code = run(done.checked, done.errors + refused, checker, args.dry_run, args.fail_on,
               exit_codes.failing)
    return exit_codes.INTERNAL if done.internal else code
