"""Reading input: the text exactly as read, its front matter, and offset -> line:column.

Offsets are kept relative to the whole file (front matter included) because editors, SARIF
viewers and the JSON contract all point into the file as it is on disk.
"""
from __future__ import annotations

import bisect
import datetime as dt
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Optional

from checker import files, yamlsafe
from checker.errors import InputError

MAX_BYTES = 5 * 1024 * 1024
MAX_FRONT_MATTER_BYTES = 64 * 1024  # a few keys; more is not front matter a CMS writes
SUFFIXES = (".md", ".markdown", ".txt")
STDIN = "-"


@dataclass
class Document:
    path: str
    text: str
    body_start: int = 0
    metadata: dict[str, Any] = field(default_factory=dict)
    date: Optional[dt.date] = None
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._line_starts = [0] + [i + 1 for i, ch in enumerate(self.text) if ch == "\n"]

    @property
    def body(self) -> str:
        return self.text[self.body_start:]

    @property
    def title(self) -> str:
        """The headline from front matter (`title:`), or "": context for the whole article."""
        title = self.metadata.get("title")
        return title if isinstance(title, str) else ""

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1


def parse_date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:  # CMS exports write timestamps ("2017-03-06T10:30:00Z"): the day is what counts
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        raise InputError(f"{where}: date {_shown(value)} is not YYYY-MM-DD") from None


def _shown(value: Any, limit: int = 40) -> str:
    """A value quoted in an error line, cut short: the line names the problem, not the data."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} characters)"


def from_text(text: str, path: str = "<text>", date: Optional[dt.date] = None) -> Document:
    """A Document from a string; front matter is read if present, `date` overrides it."""
    body_start, metadata = _front_matter(text, path)
    doc_date = date
    if doc_date is None and metadata.get("date") is not None:
        doc_date = parse_date(metadata["date"], f"{path}: front matter")
    return Document(path=path, text=text, body_start=body_start, metadata=metadata, date=doc_date)


def read(path: str, date: Optional[dt.date] = None, max_bytes: int = MAX_BYTES) -> Document:
    """Read one input (a path or "-" for stdin) into a Document, or raise InputError."""
    if path == STDIN:
        raw = sys.stdin.buffer.read(max_bytes + 1)
    else:
        try:
            raw = files.read_bytes(path, max_bytes)
        except files.FileError as err:
            raise InputError(f"{path}: {err}") from None
    if len(raw) > max_bytes:
        raise InputError(f"{path}: input is over the {max_bytes}-byte limit")
    if b"\x00" in raw[:8192]:
        raise InputError(f"{path}: binary file (NUL bytes), not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 (invalid byte at offset {err.start})") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return from_text(text, path=path, date=date)


def expand(paths: list[str]) -> Iterator[str]:
    """Walk directories for articles (in path order, so output order is stable); pass other
    paths through. An entry with an article's suffix that is not a plain file (a named pipe, a
    symlink loop) is passed on too, so reading it reports why it was not checked."""
    for path in paths:
        if path != STDIN and os.path.isdir(path):
            for found in files.walk(path):
                if Path(found).suffix.lower() in SUFFIXES and not os.path.isdir(found):
                    yield found
        else:
            yield path


def _front_matter(text: str, path: str) -> tuple[int, dict[str, Any]]:
    if not text.startswith("---"):
        return 0, {}
    first_newline = text.find("\n")
    if first_newline < 0 or text[:first_newline].strip() != "---":
        return 0, {}
    end = _closing_fence(text, first_newline + 1)
    if end is None:
        raise InputError(f"{path}: front matter opened with '---' is never closed")
    block, body_start = end
    try:
        data = yamlsafe.load(text[first_newline + 1:block], MAX_FRONT_MATTER_BYTES) or {}
    except yamlsafe.YamlError as err:
        raise InputError(f"{path}: front matter line {err.line + 1}: {err.message}") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: front matter is not a mapping of keys to values")
    return body_start, data


def _closing_fence(text: str, start: int) -> Optional[tuple[int, int]]:
    pos = start
    while pos <= len(text):
        newline = text.find("\n", pos)
        line_end = len(text) if newline < 0 else newline
        if text[pos:line_end].strip() in ("---", "..."):
            return pos, (line_end + 1 if newline >= 0 else line_end)
        if newline < 0:
            return None
        pos = newline + 1
    return None
