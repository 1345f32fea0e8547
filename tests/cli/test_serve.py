"""``newstrace serve`` as a user runs it: help, a clear error without an index, a real
process answering on loopback, a warning off loopback, Ctrl-C to stop."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx2
import pytest
from bench.serve_load import free_port
from typer.testing import CliRunner

from newstrace.cli.app import app


def test_help_teaches_the_pages_and_the_api() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for needle in ("--index", "--host", "127.0.0.1", "/docs", "newstrace trace", "/ui/"):
        assert needle in result.output


def test_missing_index_is_a_usage_error_with_the_fix(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--index", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 2
    assert "no index there" in result.output and "newstrace index add" in result.output


def children(pid: int) -> list[int]:
    tasks = Path(f"/proc/{pid}/task")
    return [int(c) for t in tasks.iterdir() for c in (t / "children").read_text().split()]


def gone(pids: list[int], seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while any(Path(f"/proc/{pid}").exists() for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_real_server_answers_and_stops_with_its_workers(
    served_index: Path, stop: signal.Signals
) -> None:
    port = free_port()
    command = [sys.executable, "-m", "newstrace", "serve", "--index", str(served_index),
               "--port", str(port), "--fact-sample", "0", "--workers", "2"]  # fmt: skip
    process = subprocess.Popen(command, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx2.get(f"http://127.0.0.1:{port}/edges?relation=rewrite", timeout=2)
                break
            except httpx2.HTTPError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        assert response.status_code == 200 and response.json()["total"] >= 1
        workers = children(process.pid)
        assert len(workers) >= 2  # the audit pool (and multiprocessing's resource tracker)
    finally:
        process.send_signal(stop)
        _, err = process.communicate(timeout=30)
    assert process.returncode in (0, -stop, 128 + stop)
    assert f"http://127.0.0.1:{port}/" in err.decode()
    assert "Traceback" not in err.decode()
    assert gone(workers), "audit workers outlived the server"


def test_only_loopback_addresses_count_as_local() -> None:
    from newstrace.cli.serve import _loopback

    assert all(_loopback(h) for h in ("127.0.0.1", "::1", "localhost", "127.0.0.2"))
    assert not any(_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.4", "example.org"))
