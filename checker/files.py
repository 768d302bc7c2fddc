"""Reading a file a user named, refusing what is not a plain file of bounded size.

A path can name a named pipe (`open()` waits for a writer for ever), a device (`/dev/zero`
never ends), a symlink loop, a path under a file (`a.md/x`) or a directory. Each is refused with
a one-line reason, before a byte is read, instead of hanging or ending the run with a traceback.
Articles (`stages/document.py`) and rule files (`rules/load.py`) are read through here.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

# Why an OSError stopped a read, in words a user acts on.
_REASONS = {
    errno.ENOENT: "no such file",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ELOOP: "a symlink loop (too many levels of symbolic links)",
    errno.ENOTDIR: "a part of the path is a file, not a directory",
    errno.EISDIR: "is a directory",
    errno.ENAMETOOLONG: "the file name is too long",
}


class FileError(Exception):
    """Why a file cannot be read: one line, without the path (the caller names it)."""


def reason(err: OSError) -> str:
    known = _REASONS.get(err.errno) if err.errno is not None else None
    return known or err.strerror or type(err).__name__


def read_bytes(path: str, max_bytes: int) -> bytes:
    """The whole content of the regular file at `path` (symlinks followed), at most
    `max_bytes`; raise FileError otherwise. The type is checked before opening (opening a
    device can have effects) and again on the open descriptor, which is opened non-blocking so
    that a file swapped for a pipe in between cannot make it wait."""
    try:
        _require_regular(os.stat(path), max_bytes)
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as err:
        raise FileError(reason(err)) from None
    try:
        _require_regular(os.fstat(descriptor), max_bytes)
        with os.fdopen(descriptor, "rb") as handle:
            descriptor = -1
            data = handle.read(max_bytes + 1)
    except OSError as err:
        raise FileError(reason(err)) from None
    finally:
        if descriptor >= 0:
            os.close(descriptor)
    if len(data) > max_bytes:  # it grew while being read
        raise FileError(f"file is over the {max_bytes}-byte limit")
    return data


def _require_regular(status: os.stat_result, max_bytes: int) -> None:
    if stat.S_ISDIR(status.st_mode):
        raise FileError("is a directory")
    if not stat.S_ISREG(status.st_mode):
        raise FileError("not a regular file (a named pipe, socket or device)")
    if status.st_size > max_bytes:
        raise FileError(f"file is {status.st_size} bytes, over the {max_bytes}-byte limit")


def walk(directory: str) -> list[str]:
    """Every entry under `directory` that is not a directory, in path order; symlinked
    directories are not entered (no loops). Iterative, so a deep tree cannot exhaust Python's stack; folders
    that cannot be listed are skipped, as `find` would report and go on."""
    found: list[str] = []
    pending = [directory]
    while pending:
        current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            try:
                is_directory = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_directory = False
            if is_directory:
                pending.append(entry.path)
            else:
                found.append(entry.path)
    return sorted(found, key=lambda path: Path(path).parts)
