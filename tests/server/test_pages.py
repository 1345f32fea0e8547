"""The browser pages as HTML over a real traced index: content, escaping, limits."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newstrace.server import ServerSettings, create_app
from tests.server.conftest import wait_for_facts
from tests.server.corpus import PAYLOAD

LIVE_MARKUP = re.compile(r"<script>window|<img src=x|<svg onload", re.IGNORECASE)


def test_root_redirects_to_search(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == "/ui/"


def test_search_page_lists_matches_with_text_escaped(client: TestClient) -> None:
    response = client.get("/ui/", params={"q": "Copied"})
    assert response.status_code == 200
    assert 'href="/ui/articles/seed-copy"' in response.text
    assert not LIVE_MARKUP.search(response.text)
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in response.text
    assert "script-src 'unsafe-inline'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_search_by_date_prefix(client: TestClient) -> None:
    text = client.get("/ui/", params={"date": "2024-05"}).text
    assert text.count('class="result"') == 3


def test_article_page_draws_its_family_timeline(client: TestClient) -> None:
    text = client.get("/ui/articles/seed-rewrite").text
    svg = text[text.index('<svg id="timeline"') : text.index("</svg>")]
    assert svg.count("<circle") == 3 and svg.count('class="arc ') >= 2
    assert 'href="/ui/audit?source=seed-source&amp;derived=seed-rewrite"' in svg
    assert "node current" in svg  # the article itself is highlighted
    assert not LIVE_MARKUP.search(text)


def test_audit_page_has_filters_navigation_and_downloads(client: TestClient) -> None:
    text = client.get("/ui/audit", params={"source": "seed-source", "derived": "seed-copy"}).text
    for needle in (
        'data-filter="changed"',
        'data-filter="added"',
        'data-filter="dropped"',
        "/edges/audit?source=seed-source&amp;derived=seed-copy&amp;format=json",
        'href="/ui/articles/seed-copy"',
    ):
        assert needle in text
    assert not LIVE_MARKUP.search(text)
    assert (
        client.get(
            "/ui/audit", params={"source": "seed-copy", "derived": "seed-source"}
        ).status_code
        == 404
    )


def test_unknown_article_page_is_a_404_page_with_the_id_escaped(client: TestClient) -> None:
    response = client.get(f"/ui/articles/{PAYLOAD[:40]}")
    assert response.status_code == 404 and 'id="error-detail"' in response.text
    assert not LIVE_MARKUP.search(response.text)


def test_upload_form_audits_pasted_texts(client: TestClient, shared: Path) -> None:
    assert 'enctype="multipart/form-data"' in client.get("/ui/upload").text
    form = {
        "source_text": (shared / "seeds" / "source_scraped.txt").read_text(encoding="utf-8"),
        "derived_text": (shared / "seeds" / "rewrite.txt").read_text(encoding="utf-8"),
    }
    response = client.post("/ui/upload", data=form)
    assert response.status_code == 200 and 'id="pane-derived"' in response.text


def test_upload_form_says_which_side_is_missing(client: TestClient) -> None:
    response = client.post("/ui/upload", data={"source_text": "Some text.", "derived_text": " "})
    assert response.status_code == 422 and "derived article is empty" in response.text


def test_uploaded_files_leave_no_temporary_behind(
    served_index: Path, shared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 1.5 MB upload is spooled to a temporary file; after the answer none is left."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    source = (shared / "seeds" / "source_scraped.txt").read_text(encoding="utf-8")
    page = f"<html><body><!-- {'x' * 1_500_000} --><article><p>{source}</p></article></body></html>"
    files = {
        "source_file": ("a.html", page.encode(), "text/html"),
        "derived_file": ("b.txt", (shared / "seeds" / "rewrite.txt").read_bytes(), "text/plain"),
    }
    settings = ServerSettings(index=served_index, fact_sample=0, audit_workers=0)
    with TestClient(create_app(settings)) as big:
        response = big.post("/ui/upload", files=files)
    assert response.status_code == 200, response.text[:300]
    assert list(tmp_path.iterdir()) == []


def test_dashboard_counts_relations_sources_and_fact_changing_outlets(client: TestClient) -> None:
    wait_for_facts(client)
    text = client.get("/ui/dashboard").text
    for chart in ("chart-relations", "chart-sources", "chart-outlets"):
        assert f'id="{chart}"' in text
    assert ">rewrite<" in text and "Rewrite Weekly" in text
    facts = text[text.index('id="facts"') :]
    assert re.search(r"Copy Farm[^<]*</td><td class=\"num\">\d+</td><td class=\"num\">[1-9]", facts)
    assert not LIVE_MARKUP.search(text)
