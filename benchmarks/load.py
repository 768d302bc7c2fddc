#!/usr/bin/env python3
"""Load test of `checker serve` on loopback: requests/s and latency for concurrent clients.

Run from the repository root (offline; about a minute on 2 cores with the defaults):

    python benchmarks/load.py                          # clients 1, 4, 16; 200 requests each
    python benchmarks/load.py --clients 1,8 --requests 500 --time-cap 20
    python benchmarks/load.py --json out.json          # also write the figures as JSON

What it does: starts `python -m checker serve --host 127.0.0.1 --port P` in a subprocess on a
free loopback port, waits for GET /healthz, then for each payload and each client count runs
that many client threads (stdlib http.client, one keep-alive connection per client) posting
`POST /v1/check` until the level's request budget (--requests) is spent or its time cap
(--time-cap seconds) is reached, whichever comes first. Each level starts with a short
warm-up that is not timed. Finally the server is stopped (SIGTERM, then SIGKILL after 10 s),
also on error or Ctrl-C.

Payloads: `sentence` is the seed EEZ sentence with date 2017-03-19 (one claim, flagged);
`article` is corpus/voa-2017-03-19-tillerson-china.md as read (about 4 KB, front matter
included, its date from the front matter).

A request fails unless it gets 200 and a JSON document object whose `findings` include the
expected inconsistent `unclos.eez.breadth` finding (both payloads contain the EEZ error).
Latency is per request, from sending it to having read and parsed the whole answer; p50/p95
are nearest-rank percentiles. requests/s is completed requests over the level's wall time.
Exit code 1 when any request failed.
"""
from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import platform
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = ("Japan's exclusive economic zone — an area according to international law that extends "
        "200 kilometers off a country's coastline.")
ARTICLE = REPO / "corpus" / "voa-2017-03-19-tillerson-china.md"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(port: int, timeout: float = 90.0) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "checker", "serve", "--host", HOST, "--port", str(port)],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}: "
                               f"{process.stderr.read().strip()}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                connection.close()
                return process
        except OSError:
            time.sleep(0.1)
    stop_server(process)
    raise RuntimeError(f"the server did not answer /healthz within {timeout:g} s")


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def payloads() -> dict[str, bytes]:
    return {
        "sentence": json.dumps({"text": SEED, "date": "2017-03-19"}).encode("utf-8"),
        "article": json.dumps({"text": ARTICLE.read_text("utf-8")}).encode("utf-8"),
    }


def _ok(status: int, raw: bytes) -> bool:
    if status != 200:
        return False
    try:
        body = json.loads(raw)
    except ValueError:
        return False
    return any(f.get("rule") == "unclos.eez.breadth" and f.get("verdict") == "inconsistent"
               for f in body.get("findings", []))


def run_level(port: int, body: bytes, clients: int, budget: int, time_cap: float) -> dict:
    lock = threading.Lock()
    issued = 0
    latencies: list[float] = []
    failures: list[str] = []
    deadline = time.monotonic() + time_cap
    headers = {"Content-Type": "application/json"}

    def take() -> bool:
        nonlocal issued
        with lock:
            if issued >= budget or time.monotonic() >= deadline:
                return False
            issued += 1
            return True

    def client() -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        while take():
            started = time.perf_counter()
            try:
                connection.request("POST", "/v1/check", body=body, headers=headers)
                response = connection.getresponse()
                raw = response.read()
                ok = _ok(response.status, raw)
                problem = None if ok else f"HTTP {response.status}: {raw[:120]!r}"
            except (OSError, http.client.HTTPException) as err:
                problem = f"{type(err).__name__}: {err}"
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=60)
            elapsed = time.perf_counter() - started
            with lock:
                if problem:
                    failures.append(problem)
                else:
                    latencies.append(elapsed)
        connection.close()

    # warm-up, untimed: one request per client connection path
    warm = http.client.HTTPConnection(HOST, port, timeout=60)
    for _ in range(3):
        warm.request("POST", "/v1/check", body=body, headers=headers)
        warm.getresponse().read()
    warm.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    done = len(latencies) + len(failures)
    ordered = sorted(latencies)
    return {
        "clients": clients,
        "requests": done,
        "failed": len(failures),
        "failures": failures[:5],
        "wall_s": round(wall, 2),
        "requests_per_s": round(len(latencies) / wall, 1) if wall else 0.0,
        "p50_ms": round(_percentile(ordered, 50) * 1000, 1),
        "p95_ms": round(_percentile(ordered, 95) * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1) if ordered else math.nan,
        "capped": done < budget,
    }


def _percentile(ordered: list[float], p: float) -> float:
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def table(rows: list[dict]) -> str:
    head = ("payload", "clients", "requests", "failed", "wall s", "req/s", "p50 ms", "p95 ms", "max ms")
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---:" if i else "---" for i in range(len(head))) + "|"]
    for r in rows:
        lines.append(f"| {r['payload']} | {r['clients']} | {r['requests']}{' (time cap)' if r['capped'] else ''} "
                     f"| {r['failed']} | {r['wall_s']} | {r['requests_per_s']} | {r['p50_ms']} "
                     f"| {r['p95_ms']} | {r['max_ms']} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", default="1,4,16", help="comma-separated client counts")
    parser.add_argument("--requests", type=int, default=200, help="request budget per level")
    parser.add_argument("--time-cap", type=float, default=30.0, metavar="SECONDS",
                        help="wall-time cap per level")
    parser.add_argument("--payload", choices=("sentence", "article", "both"), default="both")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    levels = [int(c) for c in args.clients.split(",") if c.strip()]
    chosen = payloads()
    if args.payload != "both":
        chosen = {args.payload: chosen[args.payload]}

    load_before = os.getloadavg()[0]
    port = free_port()
    process = start_server(port)
    rows: list[dict] = []
    try:
        for name, body in chosen.items():
            for clients in levels:
                row = {"payload": name, **run_level(port, body, clients, args.requests, args.time_cap)}
                rows.append(row)
                print(f"{name:8} clients={clients:<3} requests={row['requests']:<5} "
                      f"failed={row['failed']} {row['requests_per_s']:>7} req/s  "
                      f"p50 {row['p50_ms']} ms  p95 {row['p95_ms']} ms", file=sys.stderr, flush=True)
                for failure in row["failures"]:
                    print(f"    failure: {failure}", file=sys.stderr)
    finally:
        stop_server(process)

    print(f"machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}")
    print(f"command: python benchmarks/load.py --clients {args.clients} --requests {args.requests} "
          f"--time-cap {args.time_cap:g} --payload {args.payload}")
    print(f"date: {time.strftime('%Y-%m-%d')}; 1-minute load average {load_before:.2f} before, "
          f"{os.getloadavg()[0]:.2f} after (other work on the machine skews the figures)\n")
    print(table(rows))
    failed = sum(r["failed"] for r in rows)
    print(f"\nfailed requests: {failed}")
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows, "cores": os.cpu_count()}, indent=2) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
