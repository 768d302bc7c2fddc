"""`checker serve`: the checker as an HTTP API (Starlette under uvicorn) and a paste-and-check page.

    POST /v1/check   {"text": "...", "date": "YYYY-MM-DD"} -> the document object of the JSON
                     contract (claims, findings, unchecked) plus `summary` and `schema_version`
    GET  /v1/rules   the loaded rules
    GET  /healthz    liveness, what is loaded, and the queue as it is
    GET  /           the paste-and-check page (the HTML report's highlighting, same escaping)

Checks run in worker processes (`serve_pool`), each with its own pipeline, behind one queue:
the event loop only reads requests, queues them and writes answers, so health, rules and errors
are answered while every worker is busy. A check not answered within `timeout` seconds (time
queued included) gets 504; one still queued then never runs, and one that has itself run for
`timeout` seconds has its worker killed and replaced. When `max_queue` checks wait, new ones
get 503 at once.

Every error is a JSON object `{"error": {"status": N, "message": "..."}}` and the server goes on.
The body limit is enforced while reading: a declared Content-Length over the limit is refused
before a byte is read, and a chunked body is refused at the first chunk that crosses it. Slow and
idle connections, the Host allow-list and the security headers are `serve_http`'s.
"""
from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import sys
import threading
import time
from contextlib import asynccontextmanager, contextmanager
from typing import Any, Callable, Iterable, Iterator, Optional

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from checker.version import __version__
from checker.commands import options, serve_http
from checker.errors import InputError
from checker.commands.serve_pool import Busy, CheckPool, CheckTimeout, WorkerLost
from checker.pipeline import Checker
from checker.render import html as html_render
from checker.stages import document as documents

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
MAX_BODY = 1024 * 1024  # 1 MiB of request body
DEFAULT_TIMEOUT = 20.0  # seconds for one check, queueing included
BODY_TIMEOUT = 10.0  # seconds to receive the whole body (slow or stalled clients)
MAX_QUEUE = 64  # checks waiting for a worker before new ones get 503
JSON_TYPE = "application/json"


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _error(status: int, message: str, headers: Optional[dict[str, str]] = None) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status,
                        headers=headers)


class Service:
    """The pool of workers and the limits on one check."""

    def __init__(self, checker: Checker, workers: int, timeout: float = DEFAULT_TIMEOUT,
                 max_body: int = MAX_BODY, max_queue: int = MAX_QUEUE,
                 body_timeout: float = BODY_TIMEOUT):
        self.rules = checker.rules
        self.timeout = timeout
        self.max_body = max_body
        self.max_queue = max_queue
        self.body_timeout = body_timeout
        self.pool = CheckPool(checker.rules, workers, max_queue, run_limit=timeout)
        self.started = time.time()

    async def check(self, text: str, date: Any, html: bool) -> bytes:
        """The answer's JSON bytes, or ApiError."""
        deadline = time.monotonic() + self.timeout
        try:
            future = self.pool.submit(text, date, html, deadline)
        except Busy:
            raise ApiError(503, f"busy: {self.max_queue} checks are waiting; retry shortly") from None
        try:
            # on timeout wait_for cancels the future: a check still queued never runs
            reply = await asyncio.wait_for(asyncio.wrap_future(future),
                                           max(0.0, deadline - time.monotonic()))
        except (asyncio.TimeoutError, CheckTimeout):
            raise ApiError(504, f"the check was not done within {self.timeout:g} s (queueing "
                           "included) and was cut off") from None
        except WorkerLost as err:
            raise ApiError(500, f"internal error: {err}") from None
        if reply.kind == "input":
            raise ApiError(422, reply.message)
        if reply.kind == "error":
            raise ApiError(500, f"internal error: {reply.message}")
        return reply.body

    def health(self) -> dict[str, Any]:
        stats = self.pool.stats()
        return {"status": "ok" if stats["ready"] else "unavailable", "version": __version__,
                "rules": len(self.rules), "pipeline": self.pool.pipeline,
                "workers": stats["workers"], "workers_ready": stats["ready"],
                "running": stats["running"], "queued": stats["queued"],
                "pending": stats["running"] + stats["queued"], "max_queue": self.max_queue,
                "restarts": stats["restarts"], "uptime_s": round(time.time() - self.started, 1)}


# --- request body -------------------------------------------------------------------------------

def require_json(request: Request) -> None:
    """Only JSON is a check: a form or text/plain body is what a foreign web page can make a
    browser send without asking (no CORS preflight), so it is refused (415)."""
    declared = request.headers.get("content-type", "")
    if declared.split(";", 1)[0].strip().lower() != JSON_TYPE:
        raise ApiError(415, f"Content-Type must be {JSON_TYPE}, not {declared[:60]!r}")


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
    except RecursionError:
        raise ApiError(400, "request body is not valid JSON: nested too deeply") from None
    if not isinstance(data, dict):
        raise ApiError(422, "request body must be a JSON object "
                       "{\"text\": \"...\", \"date\": \"YYYY-MM-DD\"}")
    if "text" not in data:
        raise ApiError(422, "missing field \"text\" (the article to check)")
    text = data["text"]
    if not isinstance(text, str):
        raise ApiError(422, "field \"text\" must be a string")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:  # JSON's "\ud800" escape: valid JSON, not text
        raise ApiError(422, f"field \"text\" holds a lone surrogate at character {err.start}, "
                       "which is not Unicode text") from None
    unknown = sorted(set(data) - {"text", "date"})
    if unknown:
        raise ApiError(422, "unknown field(s): " + ", ".join(json.dumps(k)[:60] for k in unknown[:5]))
    date = data.get("date")
    if date is not None:
        if not isinstance(date, str):
            raise ApiError(422, "field \"date\" must be a string YYYY-MM-DD or null")
        if date.strip() == "":
            date = None
        else:
            try:
                date = documents.parse_date(date, "field \"date\"")
            except InputError as err:
                raise ApiError(422, str(err)) from None
    return text, date


# --- responses ----------------------------------------------------------------------------------

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
               max_queue: int = MAX_QUEUE, body_timeout: float = BODY_TIMEOUT,
               workers: Optional[int] = None,
               allow_hosts: Iterable[str] = ()) -> Callable:
    """The ASGI app for a loaded Checker: its rules go to `workers` worker processes (default:
    one per core), started with the app (lifespan) and stopped with it. Host names served:
    loopback and `allow_hosts` (see serve_http.allowed_hosts)."""
    service = Service(checker, workers or default_workers(), timeout=timeout, max_body=max_body,
                      max_queue=max_queue, body_timeout=body_timeout)
    rules_payload = {"count": len(checker.rules), "rules": [rule_json(r) for r in checker.rules]}
    page_text = page(len(checker.rules))

    async def check(request: Request) -> Response:
        try:
            require_json(request)
            body = await read_body(request, service.max_body, service.body_timeout)
            text, date = parse_request(body)
            answer = await service.check(text, date, request.query_params.get("html") in ("1", "true"))
        except ApiError as err:
            headers = {"Retry-After": "1"} if err.status in (503, 504) else None
            if err.status in (408, 413, 415):  # the rest of the body is unread: drop the connection
                headers = {"Connection": "close"}
            return _error(err.status, err.message, headers)
        return Response(answer, media_type=JSON_TYPE)

    async def rules(request: Request) -> Response:
        return JSONResponse(rules_payload)

    async def healthz(request: Request) -> Response:
        health = service.health()
        return JSONResponse(health, status_code=200 if health["status"] == "ok" else 503)

    async def index(request: Request) -> Response:
        return HTMLResponse(page_text, headers={"Content-Security-Policy": PAGE_CSP})

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return _error(exc.status_code, exc.detail or "error", getattr(exc, "headers", None))

    async def server_error(request: Request, exc: Exception) -> Response:
        return _error(500, f"internal error: {type(exc).__name__}")

    @asynccontextmanager
    async def lifespan(app: Starlette):
        await asyncio.get_running_loop().run_in_executor(None, service.pool.start)
        try:
            yield
        finally:
            service.pool.close()

    app = Starlette(
        routes=[Route("/v1/check", check, methods=["POST"]),
                Route("/v1/rules", rules, methods=["GET"]),
                Route("/healthz", healthz, methods=["GET"]),
                Route("/", index, methods=["GET"])],
        exception_handlers={HTTPException: http_error, Exception: server_error},
        lifespan=lifespan)
    app.state.service = service
    return serve_http.Guard(app, serve_http.allowed_hosts(allow_hosts))


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def uvicorn_config(app: Callable, host: str, port: int, header_timeout: float,
                   max_connections: int) -> Any:
    """uvicorn set up with the guards: h11 with a header timeout and a connection limit, a
    short keep-alive, no Server header; uvicorn's own limit_concurrency (a plain-text 503 to
    everyone once that many connections are open) is replaced by the connection limit."""
    import uvicorn

    return uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                          lifespan="on", timeout_keep_alive=serve_http.KEEP_ALIVE,
                          server_header=False,
                          http=serve_http.guarded_protocol(header_timeout, max_connections))


@contextmanager
def background(app: Callable, host: str = DEFAULT_HOST, port: int = 0,
               header_timeout: float = serve_http.HEADER_TIMEOUT,
               max_connections: int = serve_http.MAX_CONNECTIONS) -> Iterator[str]:
    """Serve `app` from a thread on `host` (port 0: a free one) and yield its base URL; stop it
    on exit. For tests and for embedding the API in another program's process."""
    import uvicorn

    server = uvicorn.Server(uvicorn_config(app, host, port, header_timeout, max_connections))
    thread = threading.Thread(target=server.run, name="checker-serve", daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the server did not start on {host}:{port}")
        time.sleep(0.02)
    bound = server.servers[0].sockets[0].getsockname()
    try:
        yield f"http://{bound[0]}:{bound[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


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
    workers = args.workers or default_workers()
    app = create_app(checker, timeout=args.timeout, max_queue=args.max_queue, workers=workers,
                     allow_hosts=[args.host, *(args.allow_host or [])])
    print(f"checker serve: {len(checker.rules)} rules loaded; starting {workers} worker(s); "
          f"listening on http://{args.host}:{args.port}/ once they are ready "
          f"({time.time() - started:.1f} s so far)", file=sys.stderr, flush=True)
    server = uvicorn.Server(uvicorn_config(app, args.host, args.port, args.header_timeout,
                                           args.max_connections))
    try:
        server.run()
    except KeyboardInterrupt:  # Ctrl-C, which uvicorn passes on once it has stopped serving
        pass
    finally:
        app.state.service.pool.close()  # the workers end with the server, whatever stopped it
    return 0 if server.started else 2


# --- the command line ---------------------------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"address to bind (default {DEFAULT_HOST}, this machine only)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port (default {DEFAULT_PORT})")
    parser.add_argument("--workers", type=options.jobs_value, default=None, metavar="N",
                        help="worker processes, each with its own pipeline (default: one per core)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help="answer 504 to a check not done in time, queueing included, and stop "
                        f"one that has run that long (default {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--max-queue", type=options.jobs_value, default=MAX_QUEUE, metavar="N",
                        help=f"checks that may wait for a worker before new ones get 503 "
                        f"(default {MAX_QUEUE})")
    parser.add_argument("--allow-host", action="append", metavar="NAME",
                        help="a Host name to serve besides loopback and the address bound "
                        "(repeatable; '*' for any, behind a proxy that checks Host)")
    parser.add_argument("--header-timeout", type=float, default=serve_http.HEADER_TIMEOUT,
                        metavar="SECONDS", help="close a connection that has not sent a request's "
                        f"head in time (default {serve_http.HEADER_TIMEOUT:g})")
    parser.add_argument("--max-connections", type=options.jobs_value,
                        default=serve_http.MAX_CONNECTIONS, metavar="N",
                        help="open connections; beyond, the longest idle one is closed "
                        f"(default {serve_http.MAX_CONNECTIONS})")
    options.rules(parser)
    parser.set_defaults(run=run_command)


def run_command(args: argparse.Namespace) -> int:
    from checker.commands.batch import load_checker

    return run(args, load_checker)
