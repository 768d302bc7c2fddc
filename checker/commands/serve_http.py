"""The HTTP guards of `checker serve`: what keeps idle, slow or hostile clients from taking the
server away from everyone else, and what every answer carries.

Connections (below the application, in uvicorn's h11 protocol):
- a *header timeout*: a connection must deliver a complete request head within
  `header_timeout` seconds of opening (or of its previous answer), else it is closed; uvicorn
  alone waits for ever for a first request and restarts no clock while bytes trickle in;
- a *connection limit*: beyond `max_connections`, the connection that has waited longest
  without a request in progress is closed to make room (idle and trickling connections go
  first); when every connection has a request in progress the new one is closed at once. So
  300 idle connections cost the newsroom nothing, where uvicorn's own `limit_concurrency`
  answered 503 to everyone once they were open;
- the idle (keep-alive) timeout between requests stays uvicorn's `timeout_keep_alive`, and the
  body timeout is the application's (`serve.read_body`).

Answers (an ASGI middleware around the application):
- a *Host allow-list*: a request whose Host header is not this server's name is refused (400),
  so a web page cannot reach the API through DNS rebinding. Loopback names are allowed by
  default, plus the address bound and the names given with `--allow-host`;
- *security headers* on every answer, errors included: no MIME sniffing, no framing, no
  referrer, no caching, and a Content-Security-Policy that allows nothing unless the answer
  sets its own (the page does).
"""
from __future__ import annotations

import ipaddress
import json
from typing import Any, Awaitable, Callable, Iterable, Optional

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT = 10.0  # seconds to deliver a request's head
MAX_CONNECTIONS = 512
KEEP_ALIVE = 5  # seconds an idle keep-alive connection is kept

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-resource-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "cache-control": "no-store",
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
}

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


def guarded_protocol(header_timeout: float = HEADER_TIMEOUT,
                     max_connections: int = MAX_CONNECTIONS) -> type:
    """uvicorn's h11 protocol with a header timeout and a connection limit (for `http=`)."""

    class GuardedH11Protocol(H11Protocol):
        _timer: Any = None
        _waiting_since: float = 0.0

        def connection_made(self, transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()
            if len(self.connections) > max_connections:
                idle = [c for c in self.connections
                        if c is not self and getattr(c, "waiting_for_request", lambda: False)()]
                oldest = min(idle, key=lambda c: c._waiting_since, default=self)
                oldest.drop()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm()

        def connection_lost(self, exc) -> None:  # type: ignore[override]
            if self._timer is not None:
                self._timer.cancel()
            super().connection_lost(exc)

        def waiting_for_request(self) -> bool:
            """No request in progress: the request head has not (all) arrived."""
            return self.conn.their_state is h11.IDLE and (
                self.cycle is None or self.cycle.response_complete)

        def drop(self) -> None:
            if not self.transport.is_closing():
                self.transport.close()

        def _arm(self) -> None:
            if self._timer is not None:
                self._timer.cancel()
            self._waiting_since = self.loop.time()
            self._timer = self.loop.call_later(header_timeout, self._expire)

        def _expire(self) -> None:
            self._timer = None
            if self.waiting_for_request():
                self.drop()

    return GuardedH11Protocol


def allowed_hosts(names: Iterable[str] = ()) -> frozenset[str]:
    """The Host names served: loopback and `names` (the address bound, `--allow-host`); an
    unspecified address (0.0.0.0) names no host; "*" allows any, for a proxy that checks Host
    itself."""
    allowed = set(LOOPBACK_NAMES)
    for name in (n.strip().lower() for n in names):
        try:
            if ipaddress.ip_address(name).is_unspecified:
                continue
        except ValueError:
            pass
        if name:
            allowed.add(name)
    return frozenset(allowed)


def host_name(header: str) -> str:
    """The name in a Host header, without the port ("[::1]:8080" -> "::1")."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class Guard:
    """ASGI middleware: the Host allow-list and the security headers."""

    def __init__(self, app: Callable, hosts: frozenset[str]):
        self.app, self.hosts = app, hosts

    @property
    def state(self) -> Any:
        """The wrapped application's state (Starlette's `app.state`)."""
        return self.app.state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (name.encode(), value.encode()) for name, value in SECURITY_HEADERS.items()
                    if name.encode() not in present]
            await send(message)

        host = _header(scope, b"host")
        if "*" not in self.hosts and (host is None or host_name(host) not in self.hosts):
            await _json_error(send_with_headers, 400, "this server does not serve the host "
                              f"{host!r} (see `checker serve --allow-host`)")
            return
        await self.app(scope, receive, send_with_headers)


def _header(scope: Scope, name: bytes) -> Optional[str]:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


async def _json_error(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": {"status": status, "message": message}}).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
