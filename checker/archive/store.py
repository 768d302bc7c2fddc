"""The store: a Parquet dataset of the archive's results, queryable with DuckDB or pandas.

    STORE/archive.json          the source, how it is partitioned, the format version
    STORE/articles/KEY.parquet  one row per article: fingerprints, status or error, counts
    STORE/findings/KEY.parquet  one row per finding (rule, verdict, span, message, ...)
    STORE/claims/KEY.parquet    one row per claim found, judged or not
    STORE/rules/VERSION.parquet the rules (id, hash, title, file) of each version used
    STORE/runs/RUN.json         what each run did, and whether it finished

One file per partition and table. A partition is written whole: each file goes to a temporary
name beside it and is renamed over the old one (atomic on POSIX), the articles file last; all
three carry the same generation in their metadata. A run stopped between two renames leaves a
partition whose articles file is older than its findings: its articles are re-checked by the
next run (their fingerprints are the old ones) and `partition_state` tells the two apart.
Readers glob `*.parquet` and never see a temporary file.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional

import pyarrow as pa
import pyarrow.parquet as pq

from checker.errors import CheckerError

FORMAT = 1
TABLES = ("findings", "claims", "articles")  # the write order: articles last
GENERATION = b"checker.generation"

ARTICLES = pa.schema([
    ("id", pa.string()), ("partition", pa.string()), ("title", pa.string()),
    ("url", pa.string()), ("section", pa.string()), ("date", pa.date32()),
    ("status", pa.string()),  # "checked" | "error"
    ("error", pa.string()),
    ("content_hash", pa.string()), ("engine", pa.string()),
    ("rules", pa.list_(pa.string())),  # "UNIT@HASH" of every rule unit that can fire in it
    ("claims", pa.int32()), ("findings", pa.int32()), ("inconsistent", pa.int32()),
    ("unverifiable", pa.int32()), ("consistent", pa.int32()), ("waived", pa.int32()),
    ("worst", pa.string()),  # severity of the gravest inconsistent finding not waived
    ("checked_at", pa.timestamp("s", tz="UTC")), ("run", pa.string()),
])
FINDINGS = pa.schema([
    ("id", pa.string()), ("partition", pa.string()), ("date", pa.date32()),
    ("rule", pa.string()), ("verdict", pa.string()), ("severity", pa.string()),
    ("text", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
    ("line", pa.int32()), ("column", pa.int32()),
    ("message", pa.string()), ("suggestion", pa.string()), ("diagnosis", pa.string()),
    ("claimed", pa.string()), ("expected", pa.string()),  # JSON, as in the JSON contract
    ("sources", pa.list_(pa.string())), ("suppressed", pa.string()),
])
CLAIMS = pa.schema([
    ("id", pa.string()), ("partition", pa.string()), ("kind", pa.string()),
    ("text", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
    ("line", pa.int32()), ("column", pa.int32()), ("value", pa.string()),  # JSON
    ("unit", pa.string()), ("subject", pa.string()), ("judged", pa.bool_()),
])
SCHEMAS = {"articles": ARTICLES, "findings": FINDINGS, "claims": CLAIMS}


class StoreError(CheckerError):
    """The store cannot be used (another run holds it, another format, another source)."""


class Store:
    def __init__(self, path: str | os.PathLike):
        self.path = Path(path).resolve()

    # -- the description -------------------------------------------------------------------
    @property
    def meta_path(self) -> Path:
        return self.path / "archive.json"

    def exists(self) -> bool:
        return self.meta_path.is_file()

    def meta(self) -> dict[str, Any]:
        try:
            meta = json.loads(self.meta_path.read_text("utf-8"))
        except FileNotFoundError:
            raise StoreError(f"{self.path}: not an archive store (no archive.json); "
                             "`checker archive check SOURCE --store STORE` creates one") from None
        except (OSError, ValueError) as err:
            raise StoreError(f"{self.meta_path}: unreadable ({err})") from None
        if meta.get("format") != FORMAT:
            raise StoreError(f"{self.path}: store format {meta.get('format')}, this checker "
                             f"reads format {FORMAT}")
        return meta

    def create(self, source: dict[str, Any], layout: dict[str, int]) -> None:
        for table in (*TABLES, "rules", "runs"):
            (self.path / table).mkdir(parents=True, exist_ok=True)
        write_json(self.meta_path, {"format": FORMAT, "source": source, "layout": layout,
                                    "created": now().isoformat()})

    @contextmanager
    def lock(self) -> Iterator[None]:
        """One run at a time per store; the lock goes with the process however it ends."""
        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / ".lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreError(f"{self.path}: another run is using this store") from None
            yield

    # -- partitions ------------------------------------------------------------------------
    def file(self, table: str, key: str) -> Path:
        return self.path / table / f"{key}.parquet"

    def keys(self) -> list[str]:
        folder = self.path / "articles"
        return sorted(p.stem for p in folder.glob("*.parquet")) if folder.is_dir() else []

    def read_partition(self, key: str, columns: Optional[dict[str, list[str]]] = None
                       ) -> dict[str, Optional[pa.Table]]:
        """The partition's tables, None for a file not written yet."""
        out: dict[str, Optional[pa.Table]] = {}
        for table in TABLES:
            path = self.file(table, key)
            out[table] = pq.read_table(path, columns=(columns or {}).get(table)) \
                if path.exists() else None
        return out

    def partition_state(self, key: str) -> str:
        """"complete", or "torn" where a run stopped between the renames of one partition."""
        generations = set()
        for table in TABLES:
            path = self.file(table, key)
            if path.exists():
                generations.add((pq.read_schema(path).metadata or {}).get(GENERATION))
            else:
                generations.add(None)
        return "complete" if len(generations) == 1 else "torn"

    def write_partition(self, key: str, tables: dict[str, pa.Table]) -> None:
        generation = uuid.uuid4().hex.encode()
        for name in TABLES:
            table = tables[name].replace_schema_metadata({GENERATION: generation})
            atomic_write(self.file(name, key), lambda tmp, t=table: pq.write_table(
                t, tmp, compression="zstd"))

    def table_rows(self, key: str) -> int:
        path = self.file("articles", key)
        return pq.ParquetFile(path).metadata.num_rows if path.exists() else 0

    def remove_partition(self, key: str) -> None:
        """A partition the source no longer has: articles first, so a half-done removal
        leaves no article without its findings."""
        for name in reversed(TABLES):
            self.file(name, key).unlink(missing_ok=True)

    # -- whole tables, for the report and the impact ---------------------------------------
    def table(self, name: str, columns: Optional[list[str]] = None) -> pa.Table:
        files = sorted((self.path / name).glob("*.parquet"))
        if not files:
            return SCHEMAS[name].empty_table().select(columns) if columns else SCHEMAS[name].empty_table()
        return pa.concat_tables([pq.read_table(f, columns=columns, schema=SCHEMAS[name]
                                               if columns is None else None) for f in files])

    # -- rules and runs --------------------------------------------------------------------
    def save_rules(self, version: str, rows: list[dict[str, Any]]) -> None:
        path = self.path / "rules" / f"{version}.parquet"
        if not path.exists():
            atomic_write(path, lambda tmp: pq.write_table(pa.Table.from_pylist(rows), tmp))

    def save_run(self, run: dict[str, Any]) -> None:
        write_json(self.path / "runs" / f"{run['run']}.json", run)

    def runs(self) -> list[dict[str, Any]]:
        found = []
        for path in sorted((self.path / "runs").glob("*.json")):
            try:
                found.append(json.loads(path.read_text("utf-8")))
            except (OSError, ValueError):
                continue
        return sorted(found, key=lambda r: r.get("started", ""))


def atomic_write(path: Path, write) -> None:
    """`write(tmp)` writes a file beside `path`, then it replaces `path` in one rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        write(tmp)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_json(path: Path, data: dict[str, Any]) -> None:
    atomic_write(path, lambda tmp: tmp.write_text(json.dumps(data, indent=1, sort_keys=True,
                                                             default=str) + "\n", "utf-8"))


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
