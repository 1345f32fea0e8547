"""A traced index of real articles and a TestClient over the app that serves it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newstrace.server import ServerSettings, create_app


@pytest.fixture(scope="module")
def client(served_index: Path) -> Iterator[TestClient]:
    settings = ServerSettings(
        index=served_index, fact_sample=3, max_body_bytes=200_000, audit_workers=1
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def wait_for_facts(client: TestClient, seconds: float = 60.0) -> None:
    """Until the dashboard's background sampler has audited every planned edge."""
    sampler = client.app.state.sampler  # type: ignore[attr-defined]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        snap = sampler.snapshot()
        if snap.planned and snap.audited + snap.failed >= snap.planned:
            return
        time.sleep(0.2)
    raise AssertionError(f"the fact sampler did not finish: {sampler.snapshot()}")
