"""`checker serve`: the HTTP API through Starlette's TestClient, plus a few checks against a real
uvicorn server on a free loopback port (what only a socket shows: a declared 2 MB body is
refused before it is sent)."""
from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import os
import signal
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import jsonschema
import pytest

pytest.importorskip("starlette", reason="pip install starlette uvicorn (runtime deps of serve)")
pytest.importorskip("httpx2", reason="starlette's TestClient needs httpx2 (test extra)")
from starlette.requests import Request  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from checker.commands import serve  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SEED = ("Japan's exclusive economic zone — an area according to international law that extends "
        "200 kilometers off a country's coastline.")
OUTPUT_SCHEMA = json.loads((REPO / "checker" / "schemas" / "output.schema.json").read_text("utf-8"))
DOCUMENT_SCHEMA = {"$schema": OUTPUT_SCHEMA["$schema"], "$defs": OUTPUT_SCHEMA["$defs"],
                   "$ref": "#/$defs/document"}


LOCAL = "http://localhost"  # TestClient's default Host, "testserver", is not served


@pytest.fixture(scope="module")
def app(checker):
    return serve.create_app(checker, workers=1)


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app, base_url=LOCAL) as test_client:
        yield test_client


def _error_of(response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["error"]["status"] == status and body["error"]["message"]
    return body["error"]["message"]


# --- the endpoints ------------------------------------------------------------------------------

def test_check_flags_the_seed_sentence(client):
    response = client.post("/v1/check", json={"text": SEED, "date": "2017-03-19"})
    assert response.status_code == 200
    body = response.json()
    jsonschema.validate(body, DOCUMENT_SCHEMA)
    assert body["date"] == "2017-03-19"
    (finding,) = [f for f in body["findings"] if f["text"] == "200 kilometers"]
    assert finding["verdict"] == "inconsistent" and finding["rule"] == "unclos.eez.breadth"
    assert finding["suggestion"] == "200 nautical miles (370.4 kilometers)"
    assert SEED[finding["span"]["start"]:finding["span"]["end"]] == "200 kilometers"
    assert body["summary"]["inconsistent"] == 1 and body["summary"]["documents"] == 1
    assert body["schema_version"] == 1
    assert "html" not in body


def test_check_matches_the_library_and_the_cli_contract(client, checker):
    text = "The EEZ extends 370 kilometers from the coast. North Korea fired four missiles."
    body = client.post("/v1/check", json={"text": text, "date": "2017-03-19"}).json()
    expected = checker.check_text(text, date="2017-03-19").to_json()
    for key in ("claims", "findings", "unchecked", "date"):
        assert body[key] == expected[key]
    jsonschema.validate(body, DOCUMENT_SCHEMA)


def test_check_without_date_and_with_front_matter_date(client):
    body = client.post("/v1/check", json={"text": SEED}).json()
    assert body["date"] is None
    jsonschema.validate(body, DOCUMENT_SCHEMA)
    front = "---\ndate: 2017-03-19\n---\n" + SEED
    body = client.post("/v1/check", json={"text": front, "date": None}).json()
    assert body["date"] == "2017-03-19"
    (finding,) = body["findings"]
    assert front[finding["span"]["start"]:finding["span"]["end"]] == "200 kilometers"
    body = client.post("/v1/check", json={"text": front, "date": "2018-01-02"}).json()
    assert body["date"] == "2018-01-02"  # the request's date overrides the front matter


def test_check_html_view_escapes_the_text(client):
    text = "<script>alert(1)</script> " + SEED
    body = client.post("/v1/check?html=1", json={"text": text, "date": "2017-03-19"}).json()
    jsonschema.validate(body, DOCUMENT_SCHEMA)
    view = body["html"]
    assert "<script>" not in view and "&lt;script&gt;alert(1)&lt;/script&gt;" in view
    assert 'data-verdict="inconsistent"' in view and "unit mix-up" in view


def test_rules_lists_every_loaded_rule(client, checker):
    body = client.get("/v1/rules").json()
    assert body["count"] == len(checker.rules) == len(body["rules"])
    ids = [r["id"] for r in body["rules"]]
    assert len(set(ids)) == len(ids) and "unclos.eez.breadth" in ids
    eez = next(r for r in body["rules"] if r["id"] == "unclos.eez.breadth")
    assert eez["unit"] == "nautical_mile" and eez["values"][0]["value"] == 200
    assert eez["sources"] and all(s["url"].startswith("http") for s in eez["sources"])


def test_healthz(client, checker):
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["rules"] == len(checker.rules)


def test_page_is_self_contained_and_locked_down(client):
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    page = response.text
    assert 'id="text-input"' in page and 'id="date-input"' in page
    assert "http://" not in page and "https://" not in page  # no CDN: works offline


# --- bad requests ----------------------------------------------------------------------------------

def test_a_body_over_the_limit_is_413(client):
    message = _error_of(client.post("/v1/check", content=b"x" * (2 * 1024 * 1024),
                                    headers={"content-type": "application/json"}), 413)
    assert "limit" in message


def test_a_chunked_body_over_the_limit_is_413(client):
    def chunks():
        for _ in range(40):
            yield b" " * 65536  # 2.5 MB without a Content-Length
    response = client.post("/v1/check", content=chunks(),
                           headers={"content-type": "application/json"})
    _error_of(response, 413)


def test_the_limit_is_enforced_while_reading():
    """The body is read chunk by chunk and reading stops at the chunk that crosses the limit."""
    received = []

    async def receive():
        received.append(1)
        return {"type": "http.request", "body": b"x" * 1000, "more_body": True}  # endless

    request = Request({"type": "http", "method": "POST", "headers": []}, receive)
    with pytest.raises(serve.ApiError) as caught:
        asyncio.run(serve.read_body(request, limit=10_000, timeout=5))
    assert caught.value.status == 413
    assert len(received) == 11


@pytest.mark.parametrize("body, status", [
    (b'{"text": ', 400),
    (b"not json at all", 400),
    (b"\xff\xfe{}", 400),
    (b"", 400),
    (b'{"date": "2017-03-19"}', 422),
    (b'["text"]', 422),
    (b'{"text": 42}', 422),
    (b'{"text": "x", "date": "19 March 2017"}', 422),
    (b'{"text": "x", "date": 2017}', 422),
    (b'{"text": "x", "lang": "en"}', 422),
    (b'{"text": "---\\ndate: [unclosed\\n---\\nbody"}', 422),
    (b'{"text": "The EEZ is 200 km \\ud800 wide."}', 422),  # a lone surrogate once gave 500
])
def test_bad_requests_get_a_json_error_and_the_server_goes_on(client, body, status):
    _error_of(client.post("/v1/check", content=body,
                          headers={"content-type": "application/json"}), status)
    assert client.get("/healthz").status_code == 200


def test_unknown_routes_and_methods_are_json(client):
    _error_of(client.get("/v1/nothing"), 404)
    _error_of(client.get("/v1/check"), 405)


# --- timeouts and load shedding --------------------------------------------------------------------

def _worker_pids(app) -> list[int]:
    return [w.process.pid for w in app.state.service.pool.workers if w.process is not None]


def test_a_check_past_its_deadline_stops_its_worker_and_the_next_is_answered(checker):
    """The worker is frozen (SIGSTOP) so its check never ends: the request gets 504 at the
    deadline, the worker is killed and replaced, /healthz says so, and the next check is
    answered by the new worker. The text is larger than a pipe holds, so handing it over
    blocks too: the limit holds for that as well."""
    app = serve.create_app(checker, timeout=2, workers=1)
    with TestClient(app, base_url=LOCAL) as test_client:
        [stuck] = _worker_pids(app)
        os.kill(stuck, signal.SIGSTOP)
        started = time.monotonic()
        message = _error_of(test_client.post("/v1/check", json={"text": SEED * 3000}), 504)
        assert time.monotonic() - started < 10 and "cut off" in message
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            health = test_client.get("/healthz").json()
            if health["workers_ready"] == 1 and health["restarts"] == 1:
                break
            time.sleep(0.1)
        assert health["restarts"] == 1 and health["running"] == 0 and health["pending"] == 0
        with pytest.raises(ProcessLookupError):
            os.kill(stuck, 0)  # the frozen worker is gone, not left running
        assert _worker_pids(app) != [stuck]
        response = test_client.post("/v1/check", json={"text": SEED, "date": "2017-03-19"})
        assert response.status_code == 200 and response.json()["summary"]["inconsistent"] == 1


def test_healthz_counts_the_checks_running_and_queued(checker):
    # the deadline is far beyond the time the worker is held stopped, even on a loaded machine:
    # a check cut off at its deadline would replace the worker this test counts on
    app = serve.create_app(checker, timeout=180, workers=1)
    with TestClient(app, base_url=LOCAL) as test_client:
        [worker] = _worker_pids(app)
        os.kill(worker, signal.SIGSTOP)
        try:
            from concurrent.futures import ThreadPoolExecutor
            with ThreadPoolExecutor(3) as pool:
                answers = [pool.submit(test_client.post, "/v1/check", json={"text": SEED})
                           for _ in range(3)]
                # all three arrive before the dispatcher hands the first to the (stopped)
                # worker: wait for that hand-over too, not only for the arrivals
                deadline = time.monotonic() + 20
                while time.monotonic() < deadline:
                    health = test_client.get("/healthz").json()
                    if health["pending"] == 3 and health["running"] == 1:
                        break
                    time.sleep(0.05)
                assert (health["running"], health["queued"], health["pending"]) == (1, 2, 3)
                os.kill(worker, signal.SIGCONT)
                assert [a.result().status_code for a in answers] == [200, 200, 200]
        finally:
            with contextlib.suppress(ProcessLookupError):  # never mask the assertion above
                os.kill(worker, signal.SIGCONT)
        assert test_client.get("/healthz").json()["pending"] == 0


def test_a_worker_killed_from_outside_is_replaced(checker):
    """Killed while idle: the next check waits for its replacement and is answered. Killed
    during a check: that check is an internal error (500), and the worker is replaced."""
    app = serve.create_app(checker, workers=1)
    with TestClient(app, base_url=LOCAL) as test_client:
        [worker] = _worker_pids(app)
        os.kill(worker, signal.SIGKILL)
        time.sleep(0.2)
        assert test_client.post("/v1/check", json={"text": SEED}).status_code == 200
        [worker] = _worker_pids(app)
        os.kill(worker, signal.SIGSTOP)
        threading.Timer(1.0, os.kill, (worker, signal.SIGKILL)).start()
        message = _error_of(test_client.post("/v1/check", json={"text": SEED}), 500)
        assert "worker stopped during the check" in message
        assert test_client.post("/v1/check", json={"text": SEED}).status_code == 200
        assert test_client.get("/healthz").json()["restarts"] == 2


def test_too_many_waiting_checks_get_503(checker):
    app = serve.create_app(checker, max_queue=0, workers=1)
    with TestClient(app, base_url=LOCAL) as test_client:
        response = test_client.post("/v1/check", json={"text": SEED})
        _error_of(response, 503)
        assert response.headers["retry-after"] == "1"


def test_concurrent_requests_share_one_pipeline(client, checker):
    """Many requests at once on one Checker: every answer is the single-threaded answer."""
    from concurrent.futures import ThreadPoolExecutor
    texts = [SEED, "North Korea fired four ballistic missiles.", "The EEZ extends 370 km."] * 6
    expected = {t: checker.check_text(t, date="2017-03-19").to_json()["findings"] for t in set(texts)}
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda t: (t, client.post(
            "/v1/check", json={"text": t, "date": "2017-03-19"})), texts))
    for text, response in answers:
        assert response.status_code == 200 and response.json()["findings"] == expected[text]


# --- binding -------------------------------------------------------------------------------------

def test_serve_binds_loopback_by_default():
    from checker import cli
    args = cli.parser().parse_args(["serve"])
    assert args.host == "127.0.0.1" and args.port == 8080
    assert serve.is_loopback(args.host) and serve.is_loopback("::1")
    assert not serve.is_loopback("0.0.0.0")


def test_serve_warns_when_binding_beyond_loopback(checker, monkeypatch, capsys):
    import uvicorn

    from checker import cli
    seen = {}
    monkeypatch.setattr(uvicorn.Server, "run", lambda self: seen.setdefault("host", self.config.host))
    args = cli.parser().parse_args(["serve", "--host", "0.0.0.0", "--port", "9"])
    serve.run(args, lambda _: checker)
    assert seen["host"] == "0.0.0.0"
    assert "reachable from other machines" in capsys.readouterr().err


# --- a real server on a socket ------------------------------------------------------------------

@pytest.fixture(scope="module")
def live(checker):
    with serve.background(serve.create_app(checker, workers=1)) as url:
        yield urlparse(url)


def test_live_server_refuses_a_declared_2mb_body_without_reading_it(live):
    """Only the headers and a few bytes are sent: the 413 comes back at once, so the server
    did not wait for (or read) the 2 MB it was promised."""
    with socket.create_connection((live.hostname, live.port), timeout=5) as sock:
        sock.sendall(b"POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 2097152\r\n\r\n{\"text\": \"")
        reply = b""
        while b"\r\n\r\n" not in reply or not reply.rstrip().endswith(b"}"):
            chunk = sock.recv(4096)
            if not chunk:
                break
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 413")
    assert json.loads(reply.split(b"\r\n\r\n", 1)[1])["error"]["status"] == 413


def test_live_server_answers_after_bad_requests(live):
    connection = http.client.HTTPConnection(live.hostname, live.port, timeout=10)
    connection.request("POST", "/v1/check", body=b"{not json", headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    assert response.status == 400 and json.loads(response.read())["error"]["status"] == 400
    connection.request("POST", "/v1/check", body=json.dumps({"text": SEED, "date": "2017-03-19"}),
                       headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    body = json.loads(response.read())
    assert response.status == 200 and body["findings"][0]["verdict"] == "inconsistent"
    connection.close()


# --- hostile requests (issue 15) ---------------------------------------------------------------

@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", "application/jsonp"])
def test_only_json_is_a_check(client, content_type):
    """A foreign page can make a browser post text/plain or a form without a CORS preflight."""
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/v1/check", content=json.dumps({"text": SEED}), headers=headers)
    _error_of(response, 415)


def test_json_with_a_charset_is_a_check(client):
    response = client.post("/v1/check", content=json.dumps({"text": SEED}),
                           headers={"content-type": "Application/JSON; charset=utf-8"})
    assert response.status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8080", "127.0.0.1.evil.example",
                                  "localhost.evil.example"])
def test_a_foreign_host_is_refused(client, app, host):
    """DNS rebinding: a page on evil.example whose name now points at 127.0.0.1."""
    other = TestClient(app, base_url=f"http://{host}")  # the pool runs under `client`
    _error_of(other.get("/healthz"), 400)
    _error_of(other.post("/v1/check", json={"text": SEED}), 400)


@pytest.mark.parametrize("host", ["localhost", "localhost:8080", "127.0.0.1:9", "[::1]:8080"])
def test_loopback_hosts_are_served(client, app, host):
    local = TestClient(app, base_url=f"http://{host}")  # the pool runs under `client`
    assert local.get("/healthz").status_code == 200


def test_allowed_hosts_come_from_the_options():
    from checker.commands import serve_http
    assert "checker.newsroom.example" in serve_http.allowed_hosts(["checker.newsroom.example"])
    assert "0.0.0.0" not in serve_http.allowed_hosts(["0.0.0.0"])
    assert "10.1.2.3" in serve_http.allowed_hosts(["10.1.2.3"])
    assert serve_http.host_name("[::1]:80") == "::1" and serve_http.host_name("A.example:1") == "a.example"


@pytest.mark.parametrize("method, path, body", [
    ("GET", "/healthz", None), ("GET", "/v1/rules", None), ("GET", "/", None),
    ("GET", "/nothing", None), ("PUT", "/v1/check", None), ("POST", "/v1/check", b"{"),
    ("POST", "/v1/check", json.dumps({"text": SEED}).encode()),
])
def test_every_answer_carries_the_security_headers(client, method, path, body):
    response = client.request(method, path, content=body,
                              headers={"content-type": "application/json"})
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    if path == "/":  # the page keeps its own policy, which allows its two scripts
        assert "script-src 'sha256-" in response.headers["content-security-policy"]
    else:
        assert response.headers["content-security-policy"].startswith("default-src 'none'")


@pytest.mark.parametrize("name, text, status", [
    ("deep front matter", "---\ntitle: " + "[" * 320 + "]" * 320 + "\n---\n" + SEED, 422),
    ("a number of 5000 digits in front matter", "---\nx: " + "9" * 5000 + "\n---\n" + SEED, 422),
    ("unclosed front matter", "---\ntitle: x\n" + SEED, 422),
    ("zero-width and bidi characters", "\u202e\u200b200\u200d kilometers \u2066EEZ\u2069", 200),
    ("nothing", "", 200),
])
def test_hostile_texts_get_an_answer_not_a_500(client, name, text, status):
    response = client.post("/v1/check", json={"text": text, "date": "2017-03-19"})
    assert response.status_code == status, (name, response.text)


def test_a_text_over_spacys_limit_is_checked(client):
    """A 1 MiB body holds more than spaCy's 1,000,000 characters: once a 500 (E088)."""
    filler = "Officials met again to talk about the weather and the harvest. " * 20 + "\n\n"
    text = SEED + "\n\n" + filler * (1_010_000 // len(filler))
    assert len(text) > 1_000_000
    body = json.dumps({"text": text, "date": "2017-03-19"}).encode()
    assert len(body) <= serve.MAX_BODY
    response = client.post("/v1/check", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 200
    [finding] = response.json()["findings"]
    assert text[finding["span"]["start"]:finding["span"]["end"]] == "200 kilometers"


@pytest.mark.parametrize("body", [b"[" * 100_000, b'{"text": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
                                  b'{"text": "x", "' + b"k" * 100_000 + b'": 1}'])
def test_hostile_json_gets_a_short_json_error(client, body):
    response = client.post("/v1/check", content=body, headers={"content-type": "application/json"})
    assert response.status_code in (400, 422)
    assert len(response.text) < 500


# --- slow and idle connections ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def guarded(checker):
    """A real server with short limits: 1 s to send a request head, 8 connections."""
    with serve.background(serve.create_app(checker, workers=1), header_timeout=1.0,
                          max_connections=8) as url:
        yield urlparse(url)


def _closed_within(sock: socket.socket, seconds: float) -> bool:
    sock.settimeout(seconds)
    try:
        while sock.recv(4096):
            pass
        return True
    except (socket.timeout, TimeoutError):
        return False
    except ConnectionResetError:
        return True


def _healthz(url) -> int:
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    connection.request("GET", "/healthz")
    status = connection.getresponse().status
    connection.close()
    return status


def test_a_connection_that_sends_nothing_is_closed_after_the_header_timeout(guarded):
    with socket.create_connection((guarded.hostname, guarded.port)) as idle:
        assert _closed_within(idle, 5)


def test_a_trickled_request_head_is_closed_after_the_header_timeout(guarded):
    with socket.create_connection((guarded.hostname, guarded.port)) as slow:
        started = time.monotonic()
        closed = False
        for byte in b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 40:
            try:
                slow.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            time.sleep(0.1)
        assert closed or _closed_within(slow, 3)
        assert time.monotonic() - started < 6


def test_idle_connections_beyond_the_limit_make_room_for_requests(guarded):
    """Twice the connection limit held open and idle: requests are still answered, and the
    connections that waited longest are the ones closed."""
    idle = [socket.create_connection((guarded.hostname, guarded.port)) for _ in range(16)]
    try:
        time.sleep(0.2)
        for _ in range(3):
            assert _healthz(guarded) == 200
        assert _closed_within(idle[0], 1)
    finally:
        for sock in idle:
            sock.close()
