"""`checker serve`: the checker as an HTTP API (Starlette under uvicorn) and a paste-and-check page.

    POST /v1/check   {"text": "...", "date": "YYYY-MM-DD"} -> the document object of the JSON
                     contract (claims, findings, unchecked) plus `summary` and `schema_version`
    GET  /v1/rules   the loaded rules
    GET  /healthz    liveness and what is loaded
    GET  /           the paste-and-check page (the HTML report's highlighting, same escaping)

The rules and the spaCy pipeline are loaded once, before the server accepts a connection, and
shared by every request. spaCy's `Language` is not safe for concurrent calls, so checks run in
one worker thread, under a lock, off the event loop: the loop keeps answering (health, rules,
errors) while a check runs. A check that does not finish within `timeout` seconds (time spent
queued included) is answered with 504; a check still queued then is cancelled, one already
running finishes in the background and its result is dropped (a thread cannot be killed).
When more than `max_queue` checks wait, new ones get 503 at once.

Every error is a JSON object `{"error": {"status": N, "message": "..."}}` and the server goes on.
The body limit is enforced while reading: a declared Content-Length over the limit is refused
before a byte is read, and a chunked body is refused at the first chunk that crosses it.
"""
from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import ipaddress
import json
import sys
import threading
import time
from contextlib import asynccontextmanager, contextmanager
from typing import Any, Callable, Iterator, Optional

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from checker import __version__
from checker.commands import options
from checker.stages import document as documents
from checker.model import DocumentResult
from checker.pipeline import Checker
from checker.render import html as html_render
from checker.render import json as json_render

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
MAX_BODY = 1024 * 1024  # 1 MiB of request body
DEFAULT_TIMEOUT = 20.0  # seconds for one check, queueing included
BODY_TIMEOUT = 10.0  # seconds to receive the whole body (slow or stalled clients)
MAX_QUEUE = 64  # checks waiting for the worker before new ones get 503


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _error(status: int, message: str, headers: Optional[dict[str, str]] = None) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status,
                        headers=headers)


class Service:
    """The one Checker, the worker thread that runs it, and the limits."""

    def __init__(self, checker: Checker, timeout: float = DEFAULT_TIMEOUT,
                 max_body: int = MAX_BODY, max_queue: int = MAX_QUEUE,
                 body_timeout: float = BODY_TIMEOUT):
        self.checker = checker
        self.timeout = timeout
        self.max_body = max_body
        self.max_queue = max_queue
        self.body_timeout = body_timeout
        self.lock = threading.Lock()  # spaCy's Language is not thread-safe
        self.executor: Optional[concurrent.futures.ThreadPoolExecutor] = None
        self.pending = 0  # checks submitted and not yet answered (touched on the loop only)
        self.started = time.time()

    def run_check(self, text: str, date: Any) -> tuple[documents.Document, DocumentResult]:
        """In the worker thread. `date` overrides any front matter date in the text."""
        document = documents.from_text(text, path="<request>", date=date)
        with self.lock:
            return document, self.checker.check_document(document)

    async def check(self, text: str, date: Any) -> tuple[documents.Document, DocumentResult]:
        if self.pending >= self.max_queue:
            raise ApiError(503, f"busy: {self.pending} checks are waiting; retry shortly")
        self.pending += 1
        try:
            future = asyncio.get_running_loop().run_in_executor(
                self.start(), self.run_check, text, date)
            try:
                # wait_for cancels the future on timeout: a check still queued never runs
                return await asyncio.wait_for(future, self.timeout)
            except asyncio.TimeoutError:
                raise ApiError(504, f"the check took longer than {self.timeout:g} s "
                               "and was cut off") from None
        finally:
            self.pending -= 1

    def start(self) -> concurrent.futures.ThreadPoolExecutor:
        """The one worker thread (made at start-up, or again after a shutdown)."""
        if self.executor is None:
            self.executor = concurrent.futures.ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="checker")
        return self.executor

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = None


# --- request body -------------------------------------------------------------------------------

async def read_body(request: Request, limit: int, timeout: float) -> bytes:
    """The body, refusing (413) as soon as it is known to exceed `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.strip().isdigit():
            raise ApiError(400, "Content-Length is not a number")
        if int(declared) > limit:
            raise ApiError(413, f"request body is {int(declared)} bytes, over the "
                           f"{limit}-byte limit")

    async def receive() -> bytes:
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise ApiError(413, f"request body is over the {limit}-byte limit")
            chunks.append(chunk)
        return b"".join(chunks)

    try:
        return await asyncio.wait_for(receive(), timeout)
    except asyncio.TimeoutError:
        raise ApiError(408, f"the request body did not arrive within {timeout:g} s") from None
    except ClientDisconnect:
        raise ApiError(400, "the client disconnected before sending the whole body") from None


def parse_request(body: bytes) -> tuple[str, Any]:
    """(text, date) from the JSON body: 400 when it is not JSON, 422 when it is the wrong shape."""
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise ApiError(400, "request body is not UTF-8") from None
    except json.JSONDecodeError as err:
        raise ApiError(400, f"request body is not valid JSON: {err.msg} at line {err.lineno} "
                       f"column {err.colno}") from None
    if not isinstance(data, dict):
        raise ApiError(422, "request body must be a JSON object "
                       "{\"text\": \"...\", \"date\": \"YYYY-MM-DD\"}")
    if "text" not in data:
        raise ApiError(422, "missing field \"text\" (the article to check)")
    text = data["text"]
    if not isinstance(text, str):
        raise ApiError(422, "field \"text\" must be a string")
    unknown = sorted(set(data) - {"text", "date"})
    if unknown:
        raise ApiError(422, "unknown field(s): " + ", ".join(json.dumps(k) for k in unknown))
    date = data.get("date")
    if date is not None:
        if not isinstance(date, str):
            raise ApiError(422, "field \"date\" must be a string YYYY-MM-DD or null")
        if date.strip() == "":
            date = None
        else:
            try:
                date = documents.parse_date(date, "field \"date\"")
            except documents.InputError as err:
                raise ApiError(422, str(err)) from None
    return text, date


# --- responses ----------------------------------------------------------------------------------

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


def rule_json(rule: Any) -> dict[str, Any]:
    return {
        "id": rule.id,
        "title": rule.title,
        "kind": rule.kind,
        "subject": list(rule.subject),
        "unit": getattr(rule.spec, "unit", None),
        "values": [v.to_json() for v in getattr(rule.spec, "values", ())],
        "severity": rule.severity,
        "valid_from": rule.valid_from.isoformat() if rule.valid_from else None,
        "valid_to": rule.valid_to.isoformat() if rule.valid_to else None,
        "message": rule.message,
        "sources": [{"url": s.url, "title": s.title} for s in rule.sources],
    }


# --- the page -----------------------------------------------------------------------------------

PAGE_CSP = html_render.PASTE_CSP


def page(rule_count: int) -> str:
    return html_render.paste_page(rule_count)


# --- the application ----------------------------------------------------------------------------

def create_app(checker: Checker, timeout: float = DEFAULT_TIMEOUT, max_body: int = MAX_BODY,
               max_queue: int = MAX_QUEUE, body_timeout: float = BODY_TIMEOUT) -> Starlette:
    """The ASGI app around an already loaded Checker (loaded once, shared by all requests)."""
    service = Service(checker, timeout=timeout, max_body=max_body, max_queue=max_queue,
                      body_timeout=body_timeout)
    rules_payload = {"count": len(checker.rules), "rules": [rule_json(r) for r in checker.rules]}
    page_text = page(len(checker.rules))

    async def check(request: Request) -> Response:
        try:
            body = await read_body(request, service.max_body, service.body_timeout)
            text, date = parse_request(body)
            document, result = await service.check(text, date)
        except ApiError as err:
            headers = {"Retry-After": "1"} if err.status in (503, 504) else None
            if err.status in (408, 413):  # the rest of the body is unread: drop the connection
                headers = {"Connection": "close"}
            return _error(err.status, err.message, headers)
        except documents.InputError as err:  # e.g. broken front matter in the text
            return _error(422, str(err))
        payload = document_json(result)
        if request.query_params.get("html") in ("1", "true"):
            payload["html"] = result_html(document, result)
        return JSONResponse(payload)

    async def rules(request: Request) -> Response:
        return JSONResponse(rules_payload)

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__, "rules": len(checker.rules),
                             "pipeline": f"{checker.nlp.meta.get('name', '?')} "
                                         f"{checker.nlp.meta.get('version', '')}".strip(),
                             "pending": service.pending,
                             "uptime_s": round(time.time() - service.started, 1)})

    async def index(request: Request) -> Response:
        return HTMLResponse(page_text, headers={"Content-Security-Policy": PAGE_CSP,
                                                "X-Content-Type-Options": "nosniff",
                                                "Referrer-Policy": "no-referrer"})

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return _error(exc.status_code, exc.detail or "error", getattr(exc, "headers", None))

    async def server_error(request: Request, exc: Exception) -> Response:
        return _error(500, f"internal error: {type(exc).__name__}")

    @asynccontextmanager
    async def lifespan(app: Starlette):
        service.start()
        yield
        service.close()

    app = Starlette(
        routes=[Route("/v1/check", check, methods=["POST"]),
                Route("/v1/rules", rules, methods=["GET"]),
                Route("/healthz", healthz, methods=["GET"]),
                Route("/", index, methods=["GET"])],
        exception_handlers={HTTPException: http_error, Exception: server_error},
        lifespan=lifespan)
    app.state.service = service
    return app


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@contextmanager
def background(app: Starlette, host: str = DEFAULT_HOST, port: int = 0) -> Iterator[str]:
    """Serve `app` from a thread on `host` (port 0: a free one) and yield its base URL; stop it
    on exit. For tests and for embedding the API in another program's process."""
    import uvicorn

    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                            lifespan="on", timeout_keep_alive=5)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="checker-serve", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the server did not start on {host}:{port}")
        time.sleep(0.02)
    bound = server.servers[0].sockets[0].getsockname()
    try:
        yield f"http://{bound[0]}:{bound[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def run(args: argparse.Namespace, load: Callable[[argparse.Namespace], Optional[Checker]]) -> int:
    """`checker serve`: load everything, then serve until interrupted. Returns an exit code."""
    import uvicorn

    if not is_loopback(args.host):
        print(f"checker serve: warning: binding {args.host}: the API is reachable from other "
              "machines and has no authentication", file=sys.stderr)
    started = time.time()
    checker = load(args)
    if checker is None:
        return 2
    print(f"checker serve: {len(checker.rules)} rules and the spaCy pipeline loaded in "
          f"{time.time() - started:.1f} s; listening on http://{args.host}:{args.port}/",
          file=sys.stderr, flush=True)
    app = create_app(checker, timeout=args.timeout)
    config = uvicorn.Config(app, host=args.host, port=args.port, log_level="warning",
                            access_log=False, limit_concurrency=256, timeout_keep_alive=5,
                            server_header=False)
    server = uvicorn.Server(config)
    server.run()
    return 0 if server.started else 2


# --- the command line ---------------------------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"address to bind (default {DEFAULT_HOST}, this machine only)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port (default {DEFAULT_PORT})")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"cut off a check that runs longer, with 504 (default {DEFAULT_TIMEOUT:g})")
    options.rules(parser)
    parser.set_defaults(run=run_command)


def run_command(args: argparse.Namespace) -> int:
    from checker.commands.batch import load_checker

    return run(args, load_checker)
