"""`--changed-since REF`: the pull-request mode of an article repository.

The lines changed since a git ref come from `git diff --unified=0 REF -- PATH...` (the working
tree against REF: committed, staged and unstaged changes alike); files git does not track yet
count as wholly changed. Findings (and claims) on other lines are left out, and counted.
"""
from __future__ import annotations

import codecs
import os
import re
import subprocess
from dataclasses import replace
from typing import Optional, Sequence

from checker.errors import ChangesError
from checker.model import Claim, DocumentResult
from checker.stages.document import STDIN

TIMEOUT = 60  # seconds for each git command
WHOLE = None  # a file whose every line counts as changed
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


class Changes:
    """Changed line numbers (1-based) per file, keyed by absolute real path."""

    def __init__(self, root: str, ref: str, cwd: str):
        self.root, self.ref, self.cwd = root, ref, cwd
        self.lines: dict[str, Optional[set[int]]] = {}  # WHOLE (None) = every line

    def changed(self, path: str, first: int, last: int) -> bool:
        if path == STDIN:
            return True  # stdin has no history: everything in it is new
        key = os.path.realpath(os.path.join(self.cwd, path))
        if key not in self.lines:
            return False
        lines = self.lines[key]
        return lines is WHOLE or any(line in lines for line in range(first, last + 1))


def _git(args: Sequence[str], cwd: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=cwd,
                              capture_output=True, text=True, encoding="utf-8",
                              errors="surrogateescape", timeout=TIMEOUT)
    except FileNotFoundError:
        raise ChangesError("--changed-since needs git, and git is not installed") from None
    except subprocess.TimeoutExpired:
        raise ChangesError(f"git {args[0]} took over {TIMEOUT} s; giving up") from None


def changed_lines(paths: Sequence[str], ref: str, cwd: Optional[str] = None) -> Changes:
    """The lines of `paths` (files or directories, as given on the command line) changed since
    `ref`, or ChangesError."""
    cwd = os.path.abspath(cwd or os.getcwd())
    top = _git(["rev-parse", "--show-toplevel"], cwd)
    if top.returncode != 0:
        raise ChangesError(f"--changed-since: {cwd} is not in a git repository")
    root = os.path.realpath(top.stdout.strip())
    if ref.startswith("-") or _git(["rev-parse", "--verify", "--quiet", "--end-of-options",
                                    f"{ref}^{{commit}}"], cwd).returncode != 0:
        raise ChangesError(f"--changed-since: {ref!r} is not a known git ref (commit, branch or tag)")
    files = [p for p in paths if p != STDIN]
    changes = Changes(root, ref, cwd)
    if not files:
        return changes
    specs = [os.path.realpath(os.path.join(cwd, p)) for p in files]
    outside = [p for p, spec in zip(files, specs) if not _inside(spec, root)]
    if outside:
        raise ChangesError(f"--changed-since: {outside[0]} is outside the git repository {root}")
    diff = _git(["diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv",
                 "--end-of-options", ref, "--", *specs], root)
    if diff.returncode != 0:
        raise ChangesError(f"--changed-since: git diff failed: {_first_line(diff.stderr)}")
    for path, lines in parse_diff(diff.stdout).items():
        changes.lines[os.path.realpath(os.path.join(root, path))] = lines
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z", "--", *specs], root)
    if untracked.returncode != 0:
        raise ChangesError(f"--changed-since: git ls-files failed: {_first_line(untracked.stderr)}")
    for path in filter(None, untracked.stdout.split("\0")):
        changes.lines[os.path.realpath(os.path.join(root, path))] = WHOLE
    return changes


def parse_diff(text: str) -> dict[str, Optional[set[int]]]:
    """Changed (new-side) line numbers per file path (relative to the repository root) in a
    `git diff --unified=0` patch. A deleted file has no lines; lines only deleted change
    nothing that is left to check."""
    found: dict[str, Optional[set[int]]] = {}
    current: Optional[set[int]] = None
    for line in text.splitlines():
        if line.startswith("+++ "):
            name = _unquote(line[4:].rstrip("\t"))
            if name == "/dev/null":
                current = None
                continue
            current = found.setdefault(name[2:] if name.startswith("b/") else name, set())
        elif line.startswith("@@") and current is not None:
            match = _HUNK.match(line)
            if match:
                start, count = int(match.group(1)), int(match.group(2) or 1)
                current.update(range(start, start + count))
    return found


def only_changed(results: list[DocumentResult], changes: Changes) -> tuple[list[DocumentResult], int]:
    """Each result with only the claims and findings on changed lines; and how many findings
    were left out."""
    kept: list[DocumentResult] = []
    left_out = 0
    def on_change(path: str, claim: Claim) -> bool:
        first = claim.span.line
        return changes.changed(path, first, first + claim.text.count("\n"))

    for result in results:
        findings = [f for f in result.findings if on_change(result.path, f.claim)]
        left_out += len(result.findings) - len(findings)
        claims = [c for c in result.claims if on_change(result.path, c)]
        narrowed = replace(result, claims=claims, findings=findings)
        if getattr(result, "warnings", None):  # notices about the text itself, by line
            narrowed.warnings = [w for w in result.warnings
                                 if changes.changed(result.path, w.line, w.line)]
        kept.append(narrowed)
    return kept, left_out


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _unquote(name: str) -> str:
    """git quotes unusual paths C-style ("b/a\\tb.md"); octal escapes are UTF-8 bytes."""
    if len(name) >= 2 and name.startswith('"') and name.endswith('"'):
        raw = codecs.escape_decode(name[1:-1].encode("utf-8", "surrogateescape"))[0]
        return raw.decode("utf-8", "surrogateescape")
    return name


def _first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else "unknown error"
