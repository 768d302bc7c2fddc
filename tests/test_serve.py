"""`checker serve`: the HTTP API through Starlette's TestClient, plus a few checks against a real
uvicorn server on a free loopback port (what only a socket shows: a declared 2 MB body is
refused before it is sent)."""
from __future__ import annotations

import asyncio
import http.client
import json
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


@pytest.fixture(scope="module")
def app(checker):
    return serve.create_app(checker)


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app) as test_client:
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
    response = client.post("/v1/check", content=chunks())
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
])
def test_bad_requests_get_a_json_error_and_the_server_goes_on(client, body, status):
    _error_of(client.post("/v1/check", content=body,
                          headers={"content-type": "application/json"}), status)
    assert client.get("/healthz").status_code == 200


def test_unknown_routes_and_methods_are_json(client):
    _error_of(client.get("/v1/nothing"), 404)
    _error_of(client.get("/v1/check"), 405)


# --- timeouts and load shedding --------------------------------------------------------------------

def test_a_check_that_runs_too_long_is_cut_off_and_the_server_goes_on(checker, monkeypatch):
    app = serve.create_app(checker, timeout=0.3)
    service = app.state.service
    release = threading.Event()
    real = service.run_check

    def slow(text, date):
        release.wait(10)
        return real(text, date)

    monkeypatch.setattr(service, "run_check", slow)
    with TestClient(app) as test_client:
        started = time.monotonic()
        message = _error_of(test_client.post("/v1/check", json={"text": SEED}), 504)
        assert time.monotonic() - started < 3 and "cut off" in message
        # queued behind the stuck one: also cut off (and cancelled, never run)
        _error_of(test_client.post("/v1/check", json={"text": SEED}), 504)
        assert test_client.get("/healthz").json()["status"] == "ok"
        release.set()
        monkeypatch.setattr(service, "run_check", real)
        time.sleep(0.1)  # let the worker finish the abandoned check
        assert test_client.post("/v1/check", json={"text": SEED}).status_code == 200


def test_too_many_waiting_checks_get_503(checker):
    app = serve.create_app(checker, max_queue=0)
    with TestClient(app) as test_client:
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
def live(app):
    with serve.background(app) as url:
        yield urlparse(url)


def test_live_server_refuses_a_declared_2mb_body_without_reading_it(live):
    """Only the headers and a few bytes are sent: the 413 comes back at once, so the server
    did not wait for (or read) the 2 MB it was promised."""
    with socket.create_connection((live.hostname, live.port), timeout=5) as sock:
        sock.sendall(b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
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
