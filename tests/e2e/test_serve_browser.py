"""`newstrace serve` driven in headless Chromium: search, family, audit + filters, upload,
dashboard; the XSS payload stored in an article stays text. Screenshots go to test-artifacts/."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newstrace.server import ServerSettings, create_app
from tests.e2e.test_html_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.server.corpus import PAYLOAD, build_index

sync_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    index = build_index(shared, tmp_path_factory.mktemp("browser-index"))
    app = create_app(ServerSettings(index=index, fact_sample=5))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def tab(base_url: str) -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1300, "height": 950}, base_url=base_url)
        page.dialogs, page.errors, page.outside = [], [], []
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on(
            "request", lambda r: None if r.url.startswith(base_url) else page.outside.append(r.url)
        )
        yield page
        browser.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"serve_{name}.png"), full_page=True)


def inert(page: Any) -> None:
    page.wait_for_timeout(200)
    assert page.dialogs == [] and page.errors == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.outside == [], "no request may leave the server (no CDN, no payload fetch)"


def test_search_then_open_a_family(tab: Any) -> None:
    tab.goto("/ui/")
    tab.fill("input[name=q]", "Hungary security")
    tab.click("button[type=submit]")
    tab.wait_for_selector("#results")
    shot(tab, "search")
    tab.click("a.result[href='/ui/articles/seed-rewrite']")
    tab.wait_for_selector("#timeline")
    assert tab.locator("#timeline circle").count() == 3
    assert tab.locator("#timeline .arc").count() >= 2
    shot(tab, "family")
    inert(tab)


def test_open_an_audit_from_the_timeline_and_filter(tab: Any) -> None:
    tab.goto("/ui/articles/seed-rewrite")
    tab.click("#timeline a[href='/ui/audit?source=seed-source&derived=seed-rewrite'] text")
    tab.wait_for_selector("#pane-derived")
    tab.click(".filters button[data-filter=added]")
    assert tab.get_attribute("body", "data-filter") == "added"
    dimmed = tab.evaluate(
        "[...document.querySelectorAll('#pane-derived .sent')]"
        ".filter(e => getComputedStyle(e).opacity === '1').map(e => e.className)"
    )
    assert dimmed and all("v-unsupported_addition" in css for css in dimmed)
    tab.click(".filters button[data-filter=all]")
    first = tab.locator("#pane-derived .sent[data-links]:not([data-links=''])").first
    target = first.get_attribute("data-links").split()[0]
    first.click()
    assert "linked" in tab.get_attribute(f"#{target}", "class")
    assert tab.locator("a", has_text="Download JSON").count() == 1
    shot(tab, "audit")
    inert(tab)


def test_payload_in_an_article_stays_text_on_every_page(tab: Any) -> None:
    for url in (
        "/ui/?q=Copied",
        "/ui/articles/seed-copy",
        "/ui/audit?source=seed-source&derived=seed-copy",
    ):
        tab.goto(url)
        tab.wait_for_load_state("load")
        assert PAYLOAD in tab.inner_text("body"), url
        assert tab.evaluate("document.querySelectorAll('img, iframe').length") == 0
        inert(tab)


def test_upload_a_pair_without_an_index(tab: Any, shared: Path) -> None:
    tab.goto("/ui/upload")
    tab.fill("#source_text", (shared / "seeds" / "source_scraped.txt").read_text(encoding="utf-8"))
    tab.set_input_files("input[name=derived_file]", str(shared / "seeds" / "rewrite.txt"))
    tab.click("#run-audit")
    tab.wait_for_selector("#pane-derived")
    assert tab.locator("#pane-derived .v-unsupported_addition").count() >= 1
    shot(tab, "upload")
    inert(tab)


def test_dashboard_and_docs(tab: Any) -> None:
    tab.goto("/ui/dashboard")
    assert tab.locator("#chart-relations rect").count() >= 2
    shot(tab, "dashboard")
    inert(tab)
    tab.goto("/docs")
    tab.wait_for_selector(".swagger-ui .opblock", timeout=15000)
    shot(tab, "docs")
    inert(tab)
