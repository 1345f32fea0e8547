"""``newstrace serve`` as a user runs it: help, a clear error without an index, a real
process answering on loopback, a warning off loopback, Ctrl-C to stop."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx2
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


def test_a_real_server_answers_and_stops_on_ctrl_c(served_index: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "newstrace", "serve", "--index", str(served_index),
               "--port", str(port), "--fact-sample", "0"]  # fmt: skip
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
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 0
    assert f"http://127.0.0.1:{port}/" in err.decode()
    assert "Traceback" not in err.decode()


def test_only_loopback_addresses_count_as_local() -> None:
    from newstrace.cli.serve import _loopback

    assert all(_loopback(h) for h in ("127.0.0.1", "::1", "localhost", "127.0.0.2"))
    assert not any(_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.4", "example.org"))
