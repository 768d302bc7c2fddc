"""The compile cache: what start-up would otherwise rebuild from the same inputs on every run
(the rules read from YAML, validated and compiled; rule phrases run through the pipeline), kept
in the user's cache folder under a key made of those inputs' bytes.

Safe to delete at any time: a missing, unreadable or stale entry is rebuilt. Never trusted
across versions: every key also covers the checker's version and the bytes of its own source
and data files, so an upgrade or an edit starts afresh. Entries are pickles, so they are read
only from a folder and files the user owns and nobody else can write. `CHECKER_CACHE_DIR`
moves the folder; `CHECKER_CACHE_DIR=""` switches the cache off.
"""
from __future__ import annotations

import gc
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable, Optional, TypeVar

from checker.version import __version__

T = TypeVar("T")
KEEP = 16  # entries kept per name (newest first): a few rule sets and phrase sets in use
_CODE_SUFFIXES = {".py", ".txt", ".yaml", ".yml", ".json", ".toml"}


def folder() -> Optional[Path]:
    """Where entries live, or None when the cache is off."""
    configured = os.environ.get("CHECKER_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    import platformdirs

    return Path(platformdirs.user_cache_dir("checker", appauthor=False))


def subfolder(name: str) -> Optional[Path]:
    """A folder inside the cache for a library's own cache (pint's parsed unit definitions),
    or None when the cache is off or the folder is not the user's alone."""
    where = folder()
    if where is None:
        return None
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(where.stat()):
            return None
        (where / name).mkdir(mode=0o700, exist_ok=True)
        return where / name if _trusted((where / name).stat()) else None
    except OSError:
        return None


@lru_cache(maxsize=1)
def code_fingerprint() -> bytes:
    """The checker's version, the Python that pickles, and the bytes of every source and data
    file of the package: what compiled entries depend on besides their own inputs."""
    digest = hashlib.sha256(f"{__version__}\0{sys.version}\0{pickle.HIGHEST_PROTOCOL}".encode())
    root = Path(__file__).resolve().parents[1]  # the package folder
    for path in sorted(p for p in root.rglob("*") if p.suffix in _CODE_SUFFIXES
                       and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def key(parts: Iterable[bytes | str]) -> str:
    """A key over the code fingerprint and `parts` (each delimited, so no two lists collide)."""
    digest = hashlib.sha256(code_fingerprint())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def cached(name: str, parts: Iterable[bytes | str], build: Callable[[], T],
           keep: Callable[[T], bool] = lambda _: True) -> T:
    """The value `build()` returns for these inputs: read from the cache when an entry exists,
    else built and (when `keep(value)`) stored. The cache never makes a run fail."""
    where = folder()
    if where is None:
        return build()
    path = where / f"{name}-{key(parts)}.pickle"
    found = _read(path)
    if found is not None:
        return found[0]
    value = build()
    if keep(value):
        _write(where, path, value)
    return value


def _trusted(st: os.stat_result) -> bool:
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read(path: Path) -> Optional[tuple[Any]]:
    try:
        with open(path, "rb") as handle:
            if not (_trusted(os.fstat(handle.fileno())) and _trusted(path.parent.stat())):
                return None
            value = _unpickle(handle)
        os.utime(path)  # recently used: kept by the pruning below
        return (value,)
    except Exception:  # noqa: BLE001 - missing, truncated, from another code: rebuilt
        return None


def _unpickle(handle: BinaryIO) -> Any:
    """Tens of thousands of small objects at once: without the cyclic collector running over
    them (and over the whole spaCy pipeline) on every few hundred, the load takes a sixth."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(handle)  # noqa: S301 - the user's own, unwritable by others
    finally:
        if was_enabled:
            gc.enable()


def _write(where: Path, path: Path, value: Any) -> None:
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(where.stat()):
            return
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        handle, temporary = tempfile.mkstemp(dir=where, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)  # whole or not at all, even with two runs at once
        except BaseException:
            os.unlink(temporary)
            raise
        _prune(where, path.name.split("-", 1)[0])
    except Exception:  # noqa: BLE001 - a read-only home, a full disk, an unpicklable toy kind
        return


def _prune(where: Path, name: str) -> None:
    entries = sorted(where.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
