"""What one worker process of `checker serve` does: load a Checker, then answer checks.

A worker owns its spaCy pipeline (a `Language` is not safe for concurrent calls) and does the
whole of a check, reading the text, checking it and rendering the answer as JSON bytes, so the
server's event loop only moves bytes. Rendering here also keeps strict JSON a worker's concern:
a result that JSON cannot hold (NaN, Infinity) is an internal error of this check, never a
broken answer.

The parent talks to a worker over a pipe, one job at a time: it sends `(text, date, html)` and
receives one `Reply`. A worker that must be stopped (a check past its deadline) is killed by
the parent; it never needs to clean up.
"""
from __future__ import annotations

import datetime as dt
import json
import signal
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Optional

from checker.errors import InputError
from checker.model import DocumentResult
from checker.pipeline import Checker
from checker.render import html as html_render
from checker.render import json as json_render
from checker.rules.load import Rule
from checker.stages import document as documents

REQUEST_PATH = "<request>"


@dataclass(frozen=True)
class Reply:
    """One check's outcome: `ok` with the answer's JSON bytes, `input` (the text cannot be read
    as an article, e.g. broken front matter) or `error` (a bug), with a one-line message."""

    kind: str
    body: bytes = b""
    message: str = ""


def answer(checker: Checker, text: str, date: Optional[dt.date], html: bool) -> Reply:
    """The answer to one POST /v1/check."""
    try:
        document = documents.from_text(text, path=REQUEST_PATH, date=date)
    except InputError as err:
        return Reply("input", message=str(err))
    try:
        result = checker.check_document(document)
        payload = document_json(result)
        if html:
            payload["html"] = result_html(document, result)
        body = json.dumps(payload, ensure_ascii=False, allow_nan=False,
                          separators=(",", ":")).encode("utf-8")
    except Exception as err:  # a bug: this check's 500, never the worker's end
        return Reply("error", message=f"{type(err).__name__}: {str(err)[:200]}")
    return Reply("ok", body=body)


def document_json(result: DocumentResult) -> dict[str, Any]:
    """The contract's document object, with the contract's summary and schema version."""
    out = json_render.document(result)
    out["summary"] = json_render.summary([result], [])
    out["schema_version"] = json_render.SCHEMA_VERSION
    return out


def result_html(document: documents.Document, result: DocumentResult) -> str:
    """The report's article partial for one checked text: counts, the inconsistent claims,
    the waived ones, the highlighted text, the pop-up cards and the findings table."""
    return html_render.article_fragment(document, result)


def pipeline_label(checker: Checker) -> str:
    meta = checker.nlp.meta
    return f"{meta.get('name', '?')} {meta.get('version', '')}".strip()


def serve_checks(connection: Connection, rules: list[Rule]) -> None:
    """A worker's life: build the Checker, say it is ready, answer jobs until the pipe closes.
    Ctrl-C in a terminal reaches the whole process group: the parent decides when workers end."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    checker = Checker(rules=rules)
    connection.send(("ready", pipeline_label(checker)))
    while True:
        try:
            text, date, html = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(answer(checker, text, date, html))
