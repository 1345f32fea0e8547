"""Every hostile input uploaded to `newstrace serve` (POST /audit/files), as either side: it is
audited (200, a valid report) or refused with a 4xx naming the file and the reason; never a
500, never a traceback; bodies over the server's limit get 413 before they are read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newstrace.server import ServerSettings, create_app
from tests.hostile.make_hostile import INPUTS, PROCESSED
from tests.report_checks import check_json_report

LIMIT = 8 * 1024 * 1024
SMALL = [name for name, item in INPUTS.items() if not item.large]
LARGE = [name for name, item in INPUTS.items() if item.large]


@pytest.fixture(scope="module")
def client(served_index: Path) -> Iterator[TestClient]:
    settings = ServerSettings(
        index=served_index, fact_sample=0, max_body_bytes=LIMIT, audit_workers=1
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def upload(client: TestClient, source: Path, derived: Path) -> Any:
    files = {
        "source": (source.name, source.read_bytes(), "application/octet-stream"),
        "derived": (derived.name, derived.read_bytes(), "application/octet-stream"),
    }
    return client.post("/audit/files", files=files)


@pytest.mark.parametrize("name", SMALL)
@pytest.mark.parametrize("direction", ["forward", "reverse"])
def test_each_hostile_upload_is_audited_or_refused_by_name(
    client: TestClient,
    hostile_inputs: dict[str, Path],
    good_article: Path,
    name: str,
    direction: str,
) -> None:
    item, path = INPUTS[name], hostile_inputs[name]
    pair = (path, good_article) if direction == "forward" else (good_article, path)
    response = upload(client, *pair)
    assert response.status_code < 500, response.text[:500]
    body = response.json()
    if item.compare == PROCESSED:
        assert response.status_code == 200, body
        check_json_report(response.text)
    else:
        assert response.status_code in (413, 422), body
        detail = body["detail"].casefold()
        assert item.filename.casefold() in detail or response.status_code == 413
        assert all(word.casefold() in detail for word in item.why.split()), (item.why, detail)


@pytest.mark.parametrize("name", LARGE)
def test_large_hostile_uploads_are_refused_or_bounded(
    client: TestClient, large_inputs: dict[str, Path], good_article: Path, name: str
) -> None:
    path = large_inputs[name]
    response = upload(client, good_article, path)
    status = response.status_code
    assert status < 500
    if path.stat().st_size > LIMIT:
        assert status == 413 and "limit" in response.json()["detail"]
