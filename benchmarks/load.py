#!/usr/bin/env python3
"""Load test of `checker serve` on loopback: requests/s and latency for concurrent clients, with
1 and 2 worker processes, and the server under hostile load.

Run from the repository root (offline; a few minutes on 2 cores with the defaults):

    python benchmarks/load.py                          # workers 1 and 2; clients 1, 4, 16
    python benchmarks/load.py --workers 2 --clients 1,8 --requests 500 --time-cap 20
    python benchmarks/load.py --hostile                # also: idle connections, slow requests, a burst
    python benchmarks/load.py --json out.json          # also write the figures as JSON

Throughput: for each worker count (--workers), starts `python -m checker serve --host 127.0.0.1
--port P --workers N` in a subprocess on a free loopback port, waits for GET /healthz, then for
each payload and each client count runs that many client threads (stdlib http.client, one
keep-alive connection per client) posting `POST /v1/check` until the level's request budget
(--requests) is spent or its time cap (--time-cap seconds) is reached, whichever comes first.
Each level starts with a short warm-up that is not timed. Before and after, two busy processes
are timed against one: the parallelism the machine gives this run (on a shared machine, Linux
shares the CPU between sessions, so other work leaves this run about one core whatever the
number of workers: workers can only scale up to that figure). CPU time per request is read from
/proc for the server's main process, for its workers (with the fork server), and for this
script's client threads: on a machine shared with other work, requests/s shows what the machine
gave, CPU time what a request costs. The server is stopped (SIGTERM, then
SIGKILL after 10 s) before the next worker count, also on error or Ctrl-C. With --repeat R the
worker counts are run R times, interleaved (1, 2, 1, 2, ...), and each row is the run with the
median requests/s: a shared machine's load then weighs on every worker count alike. The scaling
line divides the article requests/s of the largest worker count by the smallest's, at each client
count.

Hostile load (--hostile, on a server with the largest worker count): at once, 300 connections
(--idle) opened and left idle, a request whose head trickles in a byte every 0.5 s, a request
whose head is sent at once and whose body trickles, and a burst of 100 clients (--burst) each
posting one article (a client answered 503 retries after the Retry-After it is given, as a
well-behaved client does); meanwhile one client posts the sentence payload in a loop. Reported: the normal client's answers and latency, the burst's
answers (200 at last, 503 seen on the way, failed), what the slow requests got and when, and how
many idle connections the server closed and after how long.

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
from collections import Counter
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


def start_server(port: int, workers: int, timeout: float = 180.0) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "checker", "serve", "--host", HOST, "--port", str(port),
         "--workers", str(workers)],
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
    head = ("workers", "payload", "clients", "requests", "failed", "wall s", "req/s", "p50 ms",
            "p95 ms", "max ms", "CPU ms/req: server, workers, clients")
    lines = ["| " + " | ".join(head) + " |",
             "|" + "|".join("---" if i == 1 else "---:" for i in range(len(head))) + "|"]
    for r in rows:
        lines.append(f"| {r['workers']} | {r['payload']} | {r['clients']} | {r['requests']}"
                     f"{' (time cap)' if r['capped'] else ''} | {r['failed']} | {r['wall_s']} "
                     f"| {r['requests_per_s']} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} "
                     f"| {r['main_cpu_ms']}, {r['worker_cpu_ms']}, {r['client_cpu_ms']} |")
    return "\n".join(lines)


def scaling(rows: list[dict]) -> list[str]:
    """Article requests/s of the largest worker count over the smallest's, per client count."""
    counts = sorted({r["workers"] for r in rows})
    if len(counts) < 2:
        return []
    low, high = counts[0], counts[-1]
    by = {(r["workers"], r["clients"]): r for r in rows if r["payload"] == "article"}
    lines = []
    for clients in sorted({c for w, c in by if w == low}):
        if (high, clients) in by and by[(low, clients)]["requests_per_s"]:
            ratio = by[(high, clients)]["requests_per_s"] / by[(low, clients)]["requests_per_s"]
            lines.append(f"article checks/s, {high} workers / {low} worker(s), {clients} "
                         f"client(s): {ratio:.2f}x")
    return lines


BUSY = ("import time\nend = time.perf_counter() + {seconds}\ncount = 0\n"
        "while time.perf_counter() < end:\n    count += 1\nprint(count)")


def parallelism(processes: int, seconds: float = 1.0) -> float:
    """How much more work `processes` busy processes get done than one, in this session, right
    now: at most `processes` on an idle machine, about 1 when other work takes the other cores
    (Linux shares CPU fairly between sessions, so this run's processes share one session's
    part). Read the scaling of workers against it."""
    def run(count: int) -> int:
        started = [subprocess.Popen([sys.executable, "-c", BUSY.format(seconds=seconds)],
                                    stdout=subprocess.PIPE, text=True) for _ in range(count)]
        return sum(int(p.communicate()[0]) for p in started)
    one = run(1)
    return run(processes) / one if one else 0.0


def tree_cpu(root: int) -> tuple[float, float]:
    """CPU seconds (user + system) used so far by process `root` and by all its descendants
    (the fork server and the workers), read from /proc; (0, 0) where there is no /proc."""
    if not os.path.isdir("/proc"):
        return 0.0, 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    parent: dict[int, int] = {}
    used: dict[int, float] = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent[int(entry)] = int(fields[1])
        used[int(entry)] = (int(fields[11]) + int(fields[12])) / ticks
    descendants, frontier = [], [root]
    while frontier:
        children = [pid for pid, ppid in parent.items() if ppid in frontier]
        descendants.extend(children)
        frontier = children
    return used.get(root, 0.0), sum(used[pid] for pid in descendants)


def measure(workers: int, chosen: dict[str, bytes], levels: list[int], budget: int,
            time_cap: float) -> list[dict]:
    port = free_port()
    process = start_server(port, workers)
    rows: list[dict] = []
    try:
        for name, body in chosen.items():
            for clients in levels:
                before = tree_cpu(process.pid), time.process_time()
                row = {"workers": workers, "payload": name,
                       **run_level(port, body, clients, budget, time_cap)}
                (main_s, workers_s), client_s = tree_cpu(process.pid), time.process_time()
                done = max(1, row["requests"])
                row.update(main_cpu_ms=round((main_s - before[0][0]) * 1000 / done, 1),
                           worker_cpu_ms=round((workers_s - before[0][1]) * 1000 / done, 1),
                           client_cpu_ms=round((client_s - before[1]) * 1000 / done, 1))
                rows.append(row)
                print(f"workers={workers} {name:8} clients={clients:<3} "
                      f"requests={row['requests']:<5} failed={row['failed']} "
                      f"{row['requests_per_s']:>7} req/s  p50 {row['p50_ms']} ms  "
                      f"p95 {row['p95_ms']} ms", file=sys.stderr, flush=True)
                for failure in row["failures"]:
                    print(f"    failure: {failure}", file=sys.stderr)
    finally:
        stop_server(process)
    return rows


def median_rows(runs: list[list[dict]]) -> list[dict]:
    """Row by row, the run with the median requests/s (runs of the same worker count)."""
    out = []
    for same in zip(*runs):
        ordered = sorted(same, key=lambda r: r["requests_per_s"])
        out.append({**ordered[len(ordered) // 2],
                    "failed": sum(r["failed"] for r in same),
                    "runs": [r["requests_per_s"] for r in same]})
    return out


# --- hostile load --------------------------------------------------------------------------------

def _post_once(port: int, body: bytes, timeout: float = 120) -> tuple[int, bytes, float]:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("POST", "/v1/check", body=body,
                           headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        raw = response.read()
        retry = float(response.getheader("Retry-After") or 1)
        return response.status, raw, retry
    finally:
        connection.close()


def _trickle(port: int, head_only: bool, report: dict) -> None:
    """A slow client: the request head trickled a byte every 0.5 s, or the head sent at once and
    the body trickled; until the server answers or closes the connection."""
    body = payloads()["sentence"]
    head = (f"POST /v1/check HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    started = time.monotonic()
    sock = socket.create_connection((HOST, port))
    answer = b""
    try:
        if not head_only:
            sock.sendall(head)
        sock.settimeout(0.5)
        for byte in head if head_only else body:
            if time.monotonic() - started > 60:
                break
            try:
                sock.sendall(bytes([byte]))
                answer = sock.recv(4096)
                break  # an answer, or b"": closed
            except socket.timeout:
                continue
            except OSError:
                break
    finally:
        sock.close()
    status = answer.split(b" ", 2)[1].decode() if answer.startswith(b"HTTP/") else "closed"
    report.update(status=status, seconds=round(time.monotonic() - started, 1))


def hostile(workers: int, idle_count: int = 300, burst: int = 100) -> dict:
    port = free_port()
    process = start_server(port, workers)
    bodies = payloads()
    result: dict = {"workers": workers, "idle_connections": idle_count, "burst_clients": burst}
    try:
        run_level(port, bodies["sentence"], 1, 3, 10)  # warm-up
        idle = [socket.create_connection((HOST, port)) for _ in range(idle_count)]
        opened = time.monotonic()
        head, body = {}, {}
        slow = [threading.Thread(target=_trickle, args=(port, True, head), daemon=True),
                threading.Thread(target=_trickle, args=(port, False, body), daemon=True)]
        for thread in slow:
            thread.start()

        burst_status: list[str] = []
        busy_seen = [0]
        lock = threading.Lock()

        def burst_client() -> None:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                try:
                    status, raw, retry = _post_once(port, bodies["article"])
                except (OSError, http.client.HTTPException) as err:
                    with lock:
                        burst_status.append(type(err).__name__)
                    return
                if status == 503:
                    with lock:
                        busy_seen[0] += 1
                    time.sleep(retry)
                    continue
                with lock:
                    burst_status.append("ok" if _ok(status, raw) else f"HTTP {status}")
                return
            with lock:
                burst_status.append("gave up")

        normal = {"ok": 0, "failed": 0, "latencies": []}
        stop = threading.Event()

        def normal_client() -> None:
            while not stop.is_set():
                started = time.perf_counter()
                try:
                    status, raw, _ = _post_once(port, bodies["sentence"])
                    ok = _ok(status, raw)
                except (OSError, http.client.HTTPException):
                    ok = False
                normal["ok" if ok else "failed"] += 1
                normal["latencies"].append(time.perf_counter() - started)
                time.sleep(0.05)

        watcher = threading.Thread(target=normal_client, daemon=True)
        watcher.start()
        started = time.perf_counter()
        clients = [threading.Thread(target=burst_client, daemon=True) for _ in range(burst)]
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join()
        burst_wall = time.perf_counter() - started
        for thread in slow:
            thread.join(90)
        closed = _count_closed(idle)
        idle_seconds = time.monotonic() - opened
        stop.set()
        watcher.join(30)
        for sock in idle:
            sock.close()
        ordered = sorted(normal["latencies"])
        result.update(
            normal_ok=normal["ok"], normal_failed=normal["failed"],
            normal_p50_ms=round(_percentile(ordered, 50) * 1000, 1),
            normal_p95_ms=round(_percentile(ordered, 95) * 1000, 1),
            normal_max_ms=round(ordered[-1] * 1000, 1) if ordered else math.nan,
            burst_ok=burst_status.count("ok"), burst_503_retries=busy_seen[0],
            burst_failed=len(burst_status) - burst_status.count("ok"),
            burst_failures=dict(Counter(s for s in burst_status if s != "ok")),
            burst_wall_s=round(burst_wall, 1),
            slow_head=head, slow_body=body,
            idle_closed_by_server=closed, idle_after_s=round(idle_seconds, 1))
    finally:
        stop_server(process)
    return result


def _count_closed(sockets: list[socket.socket]) -> int:
    """How many of these connections the server has closed (EOF or reset on a read)."""
    closed = 0
    for sock in sockets:
        sock.setblocking(False)
        try:
            if sock.recv(1) == b"":
                closed += 1
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
    return closed


def _failures(counts: dict[str, int]) -> str:
    return f" ({', '.join(f'{n} {what}' for what, n in counts.items())})" if counts else ""


def hostile_table(h: dict) -> str:
    lines = [
        f"- normal client (sentence checks, one after another): {h['normal_ok']} answered, "
        f"{h['normal_failed']} failed; p50 {h['normal_p50_ms']} ms, p95 {h['normal_p95_ms']} ms, "
        f"max {h['normal_max_ms']} ms",
        f"- burst of {h['burst_clients']} clients, one article each: {h['burst_ok']} answered, "
        f"{h['burst_failed']} failed{_failures(h['burst_failures'])}, "
        f"{h['burst_503_retries']} 503 answers retried after Retry-After; all answered within "
        f"{h['burst_wall_s']} s",
        f"- request head trickled a byte every 0.5 s: {h['slow_head'].get('status')} after "
        f"{h['slow_head'].get('seconds')} s",
        f"- request head sent, body trickled a byte every 0.5 s: {h['slow_body'].get('status')} "
        f"after {h['slow_body'].get('seconds')} s",
        f"- {h['idle_connections']} idle connections: {h['idle_closed_by_server']} closed by "
        f"the server {h['idle_after_s']} s after they were opened",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--clients", default="1,4,16", help="comma-separated client counts")
    parser.add_argument("--requests", type=int, default=200, help="request budget per level")
    parser.add_argument("--time-cap", type=float, default=30.0, metavar="SECONDS",
                        help="wall-time cap per level")
    parser.add_argument("--payload", choices=("sentence", "article", "both"), default="both")
    parser.add_argument("--repeat", type=int, default=1, help="runs per worker count (median)")
    parser.add_argument("--hostile", action="store_true",
                        help="also run the hostile load on the largest worker count")
    parser.add_argument("--idle", type=int, default=300, help="idle connections (--hostile)")
    parser.add_argument("--burst", type=int, default=100, help="burst clients (--hostile)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    levels = [int(c) for c in args.clients.split(",") if c.strip()]
    counts = [int(w) for w in args.workers.split(",") if w.strip()]
    chosen = payloads()
    if args.payload != "both":
        chosen = {args.payload: chosen[args.payload]}

    load_before = os.getloadavg()[0]
    parallel_before = parallelism(max(counts))
    runs: dict[int, list[list[dict]]] = {w: [] for w in counts}
    for _ in range(args.repeat):
        for workers in counts:
            runs[workers].append(measure(workers, chosen, levels, args.requests, args.time_cap))
    rows = [row for workers in counts for row in median_rows(runs[workers])]
    parallel_after = parallelism(max(counts))
    hostile_result = hostile(max(counts), args.idle, args.burst) if args.hostile else None

    print(f"machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}")
    print(f"command: python benchmarks/load.py --workers {args.workers} --clients {args.clients} "
          f"--requests {args.requests} --time-cap {args.time_cap:g} --payload {args.payload} "
          f"--repeat {args.repeat}"
          + (f" --hostile --idle {args.idle} --burst {args.burst}" if args.hostile else ""))
    print(f"date: {time.strftime('%Y-%m-%d')}; 1-minute load average {load_before:.2f} before, "
          f"{os.getloadavg()[0]:.2f} after (other work on the machine skews the figures); "
          f"{max(counts)} busy processes of this run did {parallel_before:.2f}x the work of one "
          f"before, {parallel_after:.2f}x after (the parallelism the machine gave it)\n")
    print(table(rows))
    for line in scaling(rows):
        print(line)
    failed = sum(r["failed"] for r in rows)
    print(f"\nfailed requests: {failed}")
    if hostile_result:
        print(f"\nhostile load, {hostile_result['workers']} worker(s):")
        print(hostile_table(hostile_result))
        failed += hostile_result["normal_failed"] + hostile_result["burst_failed"]
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows, "cores": os.cpu_count(),
                                               "parallelism": [parallel_before, parallel_after],
                                               "scaling": scaling(rows),
                                               "hostile": hostile_result}, indent=2) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
