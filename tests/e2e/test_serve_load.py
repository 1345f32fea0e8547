"""A bounded load test of the real `newstrace serve` process on loopback (bench/serve_load.py
with fewer requests): no request fails and the server's memory stays flat."""

from __future__ import annotations

from pathlib import Path

from bench.serve_load import report, run

CLIENTS = 50
REQUESTS = 400


def test_concurrent_mixed_requests_all_succeed_with_flat_memory(tmp_path: Path) -> None:
    result = run(CLIENTS, REQUESTS, tmp_path)
    report(result, CLIENTS, REQUESTS)  # the figures, in the test log
    outcome = result["outcome"]
    assert outcome.errors == []
    assert sum(len(v) for v in outcome.latencies.values()) == REQUESTS
    assert set(outcome.latencies) >= {"audit", "article", "family", "edges", "search"}
    assert result["end_mb"] - result["warm_mb"] < 60, "server memory grew under load"
