"""The JSON API over a real traced index (TestClient; no mocks)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from newstrace import api
from newstrace.errors import InputError
from newstrace.server import ServerSettings, create_app
from tests.server.corpus import SLASHED_ID


def seed(shared: Path, name: str) -> str:
    return (shared / "seeds" / name).read_text(encoding="utf-8")


def test_post_audit_returns_the_same_audit_as_the_library(client: TestClient, shared: Path) -> None:
    source, derived = seed(shared, "source_scraped.txt"), seed(shared, "rewrite.txt")
    response = client.post("/audit", json={"source": source, "derived": derived})
    assert response.status_code == 200, response.text
    body = response.json()
    expected = api.audit_data(
        api.audit(
            api.read_article(source.encode(), "source.txt"),
            api.read_article(derived.encode(), "derived.txt"),
        )
    )
    assert body["schema"] == "newstrace.audit/1"
    assert [s["verdict"] for s in body["derived"]["sentences"]] == [
        s["verdict"]
        for s in expected["derived"]["sentences"]  # type: ignore[index]
    ]
    assert body["summary"]["derived_counts"]["unsupported_addition"] >= 1


def test_post_audit_refuses_an_empty_side_naming_the_field(client: TestClient) -> None:
    response = client.post("/audit", json={"source": "", "derived": "x"})
    assert response.status_code == 422
    assert "source" in response.json()["detail"]


def test_uploaded_files_are_audited(client: TestClient, shared: Path) -> None:
    files = {
        "source": ("source.txt", seed(shared, "source_scraped.txt").encode(), "text/plain"),
        "derived": ("rewrite.txt", seed(shared, "rewrite.txt").encode(), "text/plain"),
    }
    response = client.post("/audit/files", files=files)
    assert response.status_code == 200, response.text
    assert response.json()["derived"]["article"]["origin"] == "rewrite.txt"


def test_article_carries_its_edges_and_passed_through_fields(client: TestClient) -> None:
    body = client.get("/articles/seed-copy").json()
    assert body["outlet"].startswith("Copy Farm") and body["extra"] == {"section": "world"}
    assert {(e["source"], e["relation"]) for e in body["edges"]} >= {("seed-source", "duplicate")}
    rewrite = client.get("/articles/seed-rewrite").json()
    assert ("seed-source", "rewrite") in {(e["source"], e["relation"]) for e in rewrite["edges"]}


def test_unknown_article_is_a_404_naming_it(client: TestClient) -> None:
    response = client.get("/articles/no-such-id")
    assert response.status_code == 404 and "no-such-id" in response.json()["detail"]
    assert client.get("/articles/no-such-id/family").status_code == 404


def test_family_is_the_timeline_in_publication_order(client: TestClient) -> None:
    body = client.get("/articles/seed-rewrite/family").json()
    assert [m["id"] for m in body["members"]] == ["seed-source", "seed-rewrite", "seed-copy"]
    assert body["earliest"] == "seed-source"
    assert all(e["source"] in {"seed-source", "seed-rewrite"} for e in body["edges"])
    alone = client.get("/articles/1469729742/family").json()
    assert alone["family"] is None or "1469729742" in [m["id"] for m in alone["members"]]


def test_find_by_id_and_by_pasted_text(client: TestClient, shared: Path) -> None:
    by_id = client.get("/find", params={"q": "seed-rewrite", "k": 3}).json()
    assert by_id["related"][0]["id"] == "seed-source"
    assert by_id["related"][0]["query_is"] == "derived"
    by_text = client.get("/find", params={"q": seed(shared, "rewrite.txt")}).json()
    assert "seed-source" in [r["id"] for r in by_text["related"]]


def test_find_never_opens_a_path_it_is_given(client: TestClient, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("China offered Hungary security cooperation. " * 20, encoding="utf-8")
    body = client.get("/find", params={"q": str(secret)}).json()
    assert body["related"] == []  # read as a text, the file would have found the seed pair


def test_search_by_words_and_date(client: TestClient) -> None:
    hits = client.get("/search", params={"q": "Hungary security"}).json()["items"]
    assert {"seed-source", "seed-rewrite"} <= {h["id"] for h in hits}
    dated = client.get("/search", params={"date": "2024-05-11"}).json()["items"]
    assert [h["id"] for h in dated] == ["seed-copy"]


def test_edges_are_paginated_and_filtered(client: TestClient) -> None:
    first = client.get("/edges", params={"limit": 2}).json()
    assert len(first["items"]) == 2 and first["total"] > 2 and first["next"]
    seen = []
    url: str | None = "/edges?offset=0&limit=2"
    while url:
        page = client.get(url).json()
        seen += [(e["source"], e["derived"]) for e in page["items"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == first["total"]
    rewrites = client.get("/edges", params={"relation": "rewrite"}).json()
    assert rewrites["items"] and {e["relation"] for e in rewrites["items"]} == {"rewrite"}
    stats = client.get("/stats").json()
    assert sum(stats["relations"].values()) == first["total"]


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 100_000}, "limit"),
        ({"relation": "copied"}, "relation"),
        ({"offset": -1}, "offset"),
    ],
)
def test_bad_paging_is_a_422_naming_the_parameter(
    client: TestClient, params: dict[str, object], needle: str
) -> None:
    response = client.get("/edges", params=params)
    assert response.status_code == 422
    assert needle in response.json()["detail"]


def test_edge_audit_downloads(client: TestClient) -> None:
    pair = {"source": "seed-source", "derived": "seed-rewrite"}
    body = client.get("/edges/audit", params=pair).json()
    assert body["source"]["article"]["origin"] and body["summary"]["derived_counts"]
    html = client.get("/edges/audit", params={**pair, "format": "html"})
    assert html.headers["content-disposition"].startswith("attachment")
    assert "Content-Security-Policy" in html.text
    missing = client.get("/edges/audit", params={"source": "seed-rewrite", "derived": "x"})
    assert missing.status_code == 404


def test_oversize_bodies_are_refused_with_the_limit_named(client: TestClient) -> None:
    big = "word " * 60_000
    response = client.post("/audit", json={"source": big, "derived": big})
    assert response.status_code == 413
    assert "200,000 bytes" in response.json()["detail"]

    def chunks():  # no Content-Length: counted as it streams
        for _ in range(100):
            yield b"x" * 10_000

    streamed = client.post("/audit", content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413


def test_slow_requests_time_out_with_the_limit_named(served_index: Path, shared: Path) -> None:
    settings = ServerSettings(index=served_index, fact_sample=0, timeout_s=0.01, audit_workers=0)
    source, derived = seed(shared, "source_scraped.txt"), seed(shared, "rewrite.txt")
    with TestClient(create_app(settings)) as slow:
        response = slow.post("/audit", json={"source": source, "derived": derived})
    assert response.status_code == 408 and "0.01 s" in response.json()["detail"]


def test_no_index_fails_before_serving(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no index there"):
        create_app(ServerSettings(index=tmp_path / "missing.sqlite"))


def test_docs_come_from_bundled_files_not_a_cdn(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static-offline-docs/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()
    assert client.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/audit",
        "/articles/{article_id}",
        "/articles/{article_id}/family",
        "/find",
        "/edges",
    } <= set(paths)


def test_ids_with_slashes_and_spaces_work_everywhere(client: TestClient) -> None:
    quoted = quote(SLASHED_ID, safe="")
    assert client.get(f"/articles/{quoted}").json()["id"] == SLASHED_ID
    assert client.get(f"/articles/{quoted}/family").status_code == 200
    page = client.get(f"/ui/articles/{quoted}")
    assert page.status_code == 200 and "archive/2020/last article.txt" in page.text
