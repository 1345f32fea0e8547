"""Load test of `newstrace serve` on loopback: concurrent clients mixing audit and read calls.

    python bench/serve_load.py --clients 100 --requests 2000

Builds a small traced index from ../shared (the seed pair + SemEval articles), starts the
real `newstrace serve` in a child process, then fires the requests from ``--clients``
concurrent HTTP connections. Prints p50/p95 latency per kind, the error count, and the
server's resident memory after a warm-up and at the end (memory should stay flat). The
baseline beside the figures is the same read endpoint timed alone, with no concurrency.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSTRACE_SHARED", REPO.parent / "shared"))

# kind -> share of the requests
MIX = {"audit": 0.1, "article": 0.25, "family": 0.2, "edges": 0.2, "search": 0.15, "page": 0.1}


@dataclass
class Outcome:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(index: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "newstrace", "serve", "--index", str(index),
               "--port", str(port), "--fact-sample", "0", "--workers", str(workers)]  # fmt: skip
    process = subprocess.Popen(command, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx2.get(f"http://127.0.0.1:{port}/stats", timeout=2).raise_for_status()
            return process
        except httpx2.HTTPError as error:
            if process.poll() is not None:
                said = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"the server exited: {said}") from error
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not start within 60 s")


def rss_mb(pid: int) -> float:
    """Resident memory of the process and all its children (the audit workers)."""
    total = 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            total += int(line.split()[1]) / 1024
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            total += rss_mb(int(child))
    return total


def request_maker(ids: list[str], pair: tuple[str, str]) -> Callable[[random.Random], Any]:
    """kind -> (method, url, json body) for one random request of that kind."""
    source, derived = pair

    def make(rng: random.Random) -> tuple[str, str, str, Any]:
        kind = rng.choices(list(MIX), weights=list(MIX.values()))[0]
        article = rng.choice(ids)
        table: dict[str, tuple[str, str, Any]] = {
            "audit": ("POST", "/audit", {"source": source, "derived": derived}),
            "article": ("GET", f"/articles/{article}", None),
            "family": ("GET", f"/articles/{article}/family", None),
            "edges": ("GET", f"/edges?limit=20&offset={rng.randrange(0, 10)}", None),
            "search": ("GET", f"/search?q={rng.choice(['Hungary', 'security', 'the'])}", None),
            "page": ("GET", f"/ui/articles/{article}", None),
        }
        return (kind, *table[kind])

    return make


async def fire(base: str, clients: int, total: int, make: Callable[[random.Random], Any],
               seed: int = 0) -> Outcome:  # fmt: skip
    outcome = Outcome()
    rng = random.Random(seed)
    plan = [make(rng) for _ in range(total)]
    queue: asyncio.Queue[tuple[str, str, str, Any]] = asyncio.Queue()
    for item in plan:
        queue.put_nowait(item)
    limits = httpx2.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx2.AsyncClient(base_url=base, limits=limits, timeout=120) as client:

        async def worker() -> None:
            while not queue.empty():
                kind, method, url, body = queue.get_nowait()
                started = time.perf_counter()
                try:
                    response = await client.request(method, url, json=body)
                    if response.status_code >= 400:
                        outcome.errors.append(f"{response.status_code} {url}")
                except httpx2.HTTPError as error:
                    outcome.errors.append(f"{type(error).__name__} {url}")
                outcome.latencies.setdefault(kind, []).append(time.perf_counter() - started)

        await asyncio.gather(*(worker() for _ in range(clients)))
    return outcome


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def baseline(base: str, ids: list[str], count: int = 50) -> float:
    """Median latency of one read endpoint with a single client (no concurrency)."""
    with httpx2.Client(base_url=base) as client:
        times = []
        for article in ids[:count]:
            started = time.perf_counter()
            client.get(f"/articles/{article}").raise_for_status()
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def run(clients: int, total: int, folder: Path, workers: int = 2) -> dict[str, Any]:
    sys.path.insert(0, str(REPO))
    from tests.server.corpus import build_index, records

    index = build_index(SHARED, folder)
    ids = [str(row["id"]) for row in records(SHARED)]
    pair = tuple((SHARED / "seeds" / n).read_text(encoding="utf-8")
                 for n in ("source_scraped.txt", "rewrite.txt"))  # fmt: skip
    port = free_port()
    server = start_server(index, port, workers)
    base = f"http://127.0.0.1:{port}"
    try:
        make = request_maker(ids, pair)  # type: ignore[arg-type]
        single = baseline(base, ids)
        asyncio.run(fire(base, clients, max(total // 10, clients), make, seed=1))  # warm-up
        warm = rss_mb(server.pid)
        started = time.perf_counter()
        outcome = asyncio.run(fire(base, clients, total, make))
        wall = time.perf_counter() - started
        end = rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"outcome": outcome, "wall": wall, "warm_mb": warm, "end_mb": end, "single": single,
            "workers": workers}  # fmt: skip


def ms(values: list[float], q: float) -> str:
    return f"{1000 * percentile(values, q):7.1f} ms"


def report(result: dict[str, Any], clients: int, total: int) -> None:
    outcome: Outcome = result["outcome"]
    every = [t for values in outcome.latencies.values() for t in values]
    rate = total / result["wall"]
    print(f"{total} requests from {clients} concurrent clients in {result['wall']:.1f}s "
          f"(audit workers: {result['workers']})")  # fmt: skip
    print(f"throughput {rate:.0f} req/s; errors {len(outcome.errors)}")
    print(f"all      p50 {ms(every, 0.5)}  p95 {ms(every, 0.95)}")
    for kind, values in sorted(outcome.latencies.items()):
        print(f"{kind:8} p50 {ms(values, 0.5)}  p95 {ms(values, 0.95)}  n={len(values)}")
    single = result["single"]
    loaded = percentile(outcome.latencies.get("article", [0.0]), 0.5)
    print(f"baseline: GET /articles/{{id}} alone p50 {1000 * single:.1f} ms; under load x"
          f"{loaded / single:.1f}")  # fmt: skip
    warm, last = result["warm_mb"], result["end_mb"]
    print(f"server RSS after warm-up {warm:.0f} MB, at the end {last:.0f} MB ({last - warm:+.0f})")
    for error in outcome.errors[:10]:
        print(f"  error: {error}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=100, help="concurrent connections")
    parser.add_argument("--requests", type=int, default=2000, help="requests after warm-up")
    parser.add_argument("--workers", type=int, default=2, help="serve --workers (audit pool)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        result = run(args.clients, args.requests, Path(folder), args.workers)
    report(result, args.clients, args.requests)
    return 1 if result["outcome"].errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
