"""Where the archive's articles are, and how they are cut into partitions.

A partition is the unit of work on a worker and of storage (one file per table). Its key must
name the same articles from one run to the next, so that a re-run finds each article's stored
result in the partition it reads. Two ways, by what the source can do cheaply:

- by id, where listing every id is cheap (a directory tree: its file paths; a SQL query:
  `SELECT id`): an article goes to bucket hash(id) mod N, N fixed when the store is created,
  and a worker fetches its bucket's articles by id;
- by position, where the articles are read in order (JSON Lines: byte ranges of each file; a
  line belongs to the range its first byte is in; Parquet: slices of each row group), so
  each worker reads its own slice once.

An article that moves to another partition (a line inserted above it in a JSON Lines file,
a Parquet file rewritten with other row groups) is re-checked in the new one and dropped from
the old one in the same run. Records carry `id` and `text`, optionally `date`, `title`, `url`
and `section`; a record that cannot be read becomes an error row, never a failed run.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Optional

from checker.stages import document as documents
from checker.errors import CheckerError

DEFAULT_PARTITION_SIZE = 250  # articles: a few tens of seconds of one worker's time
RECORD_FIELDS = ("id", "text", "date", "title", "url", "section")


class SourceError(CheckerError):
    """The source as a whole cannot be read (no such file, bad SQL): one line."""


@dataclass
class Article:
    """One article as read: a Document to check, or the reason it cannot be checked."""

    id: str
    document: Optional[documents.Document] = None
    error: Optional[str] = None
    title: Optional[str] = None
    url: Optional[str] = None
    section: Optional[str] = None

    @property
    def date(self):
        return self.document.date if self.document else None


@dataclass(frozen=True)
class Partition:
    key: str  # file-name safe, stable from run to run
    items: tuple = ()  # by id: the ids (paths for a directory) in this bucket
    file: str = ""  # by position: the file, and the byte or row range in it
    start: int = 0
    stop: int = 0
    row_group: int = -1


@dataclass(frozen=True)
class Layout:
    """How the store cuts this source, fixed when the store is created."""

    buckets: int = 0  # by id
    block_bytes: int = 0  # JSON Lines
    rows: int = 0  # Parquet rows per partition

    def to_json(self) -> dict[str, int]:
        return {"buckets": self.buckets, "block_bytes": self.block_bytes, "rows": self.rows}


def bucket(article_id: str, buckets: int) -> int:
    return int.from_bytes(hashlib.sha256(article_id.encode("utf-8", "surrogatepass")).digest()[:8],
                          "big") % buckets


def _by_id(ids: list, layout: Optional[Layout], size: int) -> tuple[list[Partition], Layout]:
    buckets = layout.buckets if layout and layout.buckets else max(1, math.ceil(len(ids) / size))
    groups: dict[int, list] = {}
    for article_id in ids:
        groups.setdefault(bucket(str(article_id), buckets), []).append(article_id)
    return ([Partition(key=f"b{number:05d}", items=tuple(groups[number])) for number in sorted(groups)],
            Layout(buckets=buckets))


def _slug(path: Path, root: Path) -> str:
    """A readable, file-name safe and unique name for one file of the source."""
    relative = path.relative_to(root).as_posix() if path != root else path.name
    readable = re.sub(r"[^A-Za-z0-9]+", "_", relative).strip("_")[-40:]
    return f"{readable}-{hashlib.sha256(relative.encode()).hexdigest()[:6]}"


def _files(root: Path, suffixes: tuple[str, ...]) -> list[Path]:
    if root.is_dir():
        return sorted(p for p in root.rglob("*") if p.is_file() and p.name.endswith(suffixes))
    if root.is_file():
        return [root]
    raise SourceError(f"{root}: no such file or directory")


class DirectorySource:
    """Articles as files under a directory (.md, .markdown, .txt), read as `checker check`
    reads them; the id is the path relative to the root. The section is the front matter's
    `section`, else the first folder under the root."""

    kind = "directory"

    def __init__(self, root: str):
        self.root = os.path.abspath(root)

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "path": self.root}

    def plan(self, layout: Optional[Layout], size: int) -> tuple[list[Partition], Layout]:
        if not os.path.isdir(self.root):
            raise SourceError(f"{self.root}: not a directory")
        ids = [os.path.relpath(path, self.root).replace(os.sep, "/")
               for path in documents.expand([self.root])]
        return _by_id(ids, layout, size)

    def read(self, partition: Partition) -> Iterator[Article]:
        for relative in partition.items:
            try:
                document = documents.read(os.path.join(self.root, relative))
            except documents.InputError as err:
                yield Article(id=relative, error=str(err).replace(self.root + os.sep, ""))
                continue
            document.path = relative
            meta = document.metadata
            folder = relative.split("/")[0] if "/" in relative else None
            yield Article(id=relative, document=document, title=_text(meta.get("title")),
                          url=_text(meta.get("url")), section=_text(meta.get("section")) or folder)


class JsonLinesSource:
    """One record per line in a .jsonl file, or every .jsonl file under a directory."""

    kind = "jsonl"

    def __init__(self, path: str):
        self.path = os.path.abspath(path)

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "path": self.path}

    def plan(self, layout: Optional[Layout], size: int) -> tuple[list[Partition], Layout]:
        root = Path(self.path)
        files = _files(root, (".jsonl", ".ndjson"))
        block = layout.block_bytes if layout and layout.block_bytes else _block_bytes(files, size)
        partitions = []
        for file in files:
            length = file.stat().st_size
            for number in range(max(1, math.ceil(length / block))):
                partitions.append(Partition(key=f"{_slug(file, root)}-{number:05d}", file=str(file),
                                            start=number * block, stop=min(length, (number + 1) * block)))
        return partitions, Layout(block_bytes=block)

    def read(self, partition: Partition) -> Iterator[Article]:
        with open(partition.file, "rb") as handle:
            position = partition.start
            if position > 0:  # the line under way at `start` belongs to the previous block
                handle.seek(position - 1)
                if handle.read(1) != b"\n":
                    position += len(handle.readline())
            handle.seek(position)
            name = os.path.basename(partition.file)
            while position < partition.stop:
                line = handle.readline()
                if not line:
                    break
                where = f"{name} byte {position}"
                position += len(line)
                if line.strip():
                    yield _from_line(line, where)


class ParquetSource:
    """Records in a Parquet file, or every .parquet file under a directory."""

    kind = "parquet"

    def __init__(self, path: str):
        self.path = os.path.abspath(path)

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "path": self.path}

    def plan(self, layout: Optional[Layout], size: int) -> tuple[list[Partition], Layout]:
        import pyarrow.parquet as pq
        root = Path(self.path)
        rows = layout.rows if layout and layout.rows else size
        partitions = []
        for file in _files(root, (".parquet",)):
            try:
                metadata = pq.ParquetFile(file).metadata
            except Exception as err:  # pyarrow raises several types for a broken file
                raise SourceError(f"{file}: not a readable Parquet file ({err})") from None
            for group in range(metadata.num_row_groups):
                count = metadata.row_group(group).num_rows
                for number, start in enumerate(range(0, count, rows)):
                    partitions.append(Partition(
                        key=f"{_slug(file, root)}-rg{group:04d}-{number:04d}", file=str(file),
                        row_group=group, start=start, stop=min(count, start + rows)))
        return partitions, Layout(rows=rows)

    def read(self, partition: Partition) -> Iterator[Article]:
        import pyarrow.parquet as pq
        parquet = pq.ParquetFile(partition.file)
        columns = [c for c in RECORD_FIELDS if c in parquet.schema_arrow.names]
        table = parquet.read_row_group(partition.row_group, columns=columns)
        name = os.path.basename(partition.file)
        rows = table.slice(partition.start, partition.stop - partition.start).to_pylist()
        for offset, row in enumerate(rows):
            yield _from_record(row, f"{name} row group {partition.row_group} row {partition.start + offset}")


class SqlSource:
    """The rows of a SQL query through SQLAlchemy, as a CMS holds them: the query must return
    `id` and `text` columns (and may return `date`, `title`, `url`, `section`). Ids are listed
    with one query; a worker fetches its bucket with `... WHERE id IN (...)`."""

    kind = "sql"
    FETCH = 500  # ids per query

    def __init__(self, url: str, query: str):
        self.url, self.query = url, query.strip().rstrip(";")

    def describe(self) -> dict[str, Any]:
        from sqlalchemy.engine import make_url
        return {"kind": self.kind, "url": make_url(self.url).render_as_string(hide_password=True),
                "query": self.query}

    def plan(self, layout: Optional[Layout], size: int) -> tuple[list[Partition], Layout]:
        from sqlalchemy import text
        from sqlalchemy.exc import SQLAlchemyError
        try:
            with _engine(self.url).connect() as connection:
                ids = [row[0] for row in connection.execute(
                    text(f"SELECT src.id FROM ({self.query}) AS src"))]
        except SQLAlchemyError as err:
            raise SourceError(f"SQL source: {_first_line(err)}") from None
        return _by_id(ids, layout, size)

    def read(self, partition: Partition) -> Iterator[Article]:
        from sqlalchemy import bindparam, text
        statement = text(f"SELECT * FROM ({self.query}) AS src WHERE src.id IN :ids").bindparams(
            bindparam("ids", expanding=True))
        found = {}
        with _engine(self.url).connect() as connection:
            for start in range(0, len(partition.items), self.FETCH):
                chunk = list(partition.items[start:start + self.FETCH])
                for row in connection.execute(statement, {"ids": chunk}).mappings():
                    found[str(row["id"])] = dict(row)
        for article_id in map(str, partition.items):
            if article_id in found:  # a row deleted since the listing is not in the archive
                yield _from_record(found[article_id], f"row id {article_id}")


@lru_cache(maxsize=4)
def _engine(url: str):
    """One connection pool per process and database."""
    from sqlalchemy import create_engine
    return create_engine(url, pool_pre_ping=True)


def _block_bytes(files: list[Path], size: int) -> int:
    """Bytes per partition: `size` lines at the average line length of the first file."""
    sample = b""
    if files:
        with open(files[0], "rb") as handle:
            sample = handle.read(1 << 20)
    lines = max(1, sample.count(b"\n"))
    return max(4096, (len(sample) // lines) * size)


def _from_line(line: bytes, where: str) -> Article:
    try:
        record = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        return Article(id=where, error=f"{where}: not a JSON record ({err})")
    if not isinstance(record, dict):
        return Article(id=where, error=f"{where}: not a JSON object")
    return _from_record(record, where)


def _from_record(record: dict, where: str) -> Article:
    article_id = record.get("id")
    if article_id is None or str(article_id) == "":
        return Article(id=where, error=f"{where}: no id")
    article_id = str(article_id)
    text = record.get("text")
    metadata = {k: _text(record.get(k)) for k in ("title", "url", "section")}
    if not isinstance(text, str):
        return Article(id=article_id, error=f"{article_id}: no text (a string)", **metadata)
    if len(text.encode("utf-8", "surrogatepass")) > documents.MAX_BYTES:
        return Article(id=article_id, error=f"{article_id}: text over the "
                       f"{documents.MAX_BYTES}-byte limit", **metadata)
    try:
        date = documents.parse_date(record["date"], f"{article_id}: date") \
            if record.get("date") not in (None, "") else None
        document = documents.from_text(text, path=article_id, date=date)
    except documents.InputError as err:
        return Article(id=article_id, error=str(err), **metadata)
    return Article(id=article_id, document=document, **metadata)


def _text(value: Any) -> Optional[str]:
    return None if value is None else str(value)


def _first_line(err: Exception) -> str:
    lines = [line for line in str(err).strip().splitlines() if line.strip()]
    return lines[0] if lines else type(err).__name__


def open_source(path: Optional[str] = None, sql: Optional[str] = None,
                query: Optional[str] = None):
    """The source a command line names: `--sql URL --query Q`, else a directory, a .jsonl or
    a .parquet path."""
    if sql is not None:
        if not query:
            raise SourceError("--sql needs --query (a SELECT returning id and text)")
        return SqlSource(sql, query)
    if path is None:
        raise SourceError("name a SOURCE (directory, .jsonl, .parquet) or --sql URL --query Q")
    target = Path(path)
    if target.is_dir():
        inside = {p.suffix for p in target.rglob("*") if p.is_file()}
        if ".parquet" in inside and not inside & set(documents.SUFFIXES):
            return ParquetSource(path)
        if inside & {".jsonl", ".ndjson"} and not inside & set(documents.SUFFIXES):
            return JsonLinesSource(path)
        return DirectorySource(path)
    if path.endswith((".jsonl", ".ndjson")):
        return JsonLinesSource(path)
    if path.endswith(".parquet"):
        return ParquetSource(path)
    if not target.exists():
        raise SourceError(f"{path}: no such file or directory")
    raise SourceError(f"{path}: not a directory, .jsonl or .parquet file")


def from_description(description: dict[str, Any]):
    """The source a store was built from (its archive.json), to read it again."""
    kind = description.get("kind")
    if kind == "sql":
        return SqlSource(description["url"], description["query"])
    classes = {cls.kind: cls for cls in (DirectorySource, JsonLinesSource, ParquetSource)}
    if kind not in classes:
        raise SourceError(f"unknown source kind {kind!r} in the store")
    return classes[kind](description["path"])
