"""The HTML report in headless Chromium: payloads stay inert text, clicks link sentences."""

from __future__ import annotations

import importlib.resources
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newstrace import api
from newstrace.records import Audit

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PAYLOAD = (
    "<script>window.__pwned=1;alert('script')</script> "
    "<img src=x onerror=\"window.__pwned=2;alert('img')\"> "
    '"><svg onload=alert(3)> </script><script>window.__pwned=3</script>'
)


def seed_text(name: str) -> str:
    return (importlib.resources.files("newstrace") / "demo" / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_audit() -> Audit:
    """The seed pair with the payload as a paragraph of both articles and in an origin."""
    paragraph = f"\n\nA reader wrote {PAYLOAD} in the comments.\n"
    source = api.read_article((seed_text("source_scraped.txt") + paragraph).encode(), "src.txt")
    derived = api.read_article((seed_text("rewrite.txt") + paragraph).encode(), PAYLOAD)
    return api.audit(source, derived)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory, hostile_audit: Audit) -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    report = tmp_path_factory.mktemp("html") / "report.html"
    report.write_text(api.render(hostile_audit, "html"), encoding="utf-8")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        tab.dialogs = []
        tab.errors = []
        tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
        tab.on("pageerror", lambda error: tab.errors.append(str(error)))
        tab.goto(report.as_uri())
        tab.wait_for_load_state("load")
        yield tab
        browser.close()


def test_payload_is_inert_and_visible_as_text(page: Any) -> None:
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img, svg, iframe').length") == 0
    assert page.evaluate("document.scripts.length") == 1
    for pane in ("#pane-source", "#pane-derived"):
        assert PAYLOAD in page.inner_text(f"{pane} .text")
    assert page.errors == []


def test_clicking_a_derived_sentence_highlights_its_source(page: Any, hostile_audit: Audit) -> None:
    finding = next(f for f in hostile_audit.derived_findings if f.sources)
    derived_id = f"d{finding.sentence.index}"
    source_ids = [f"s{index}" for index in finding.sources]
    page.click(f"#{derived_id}")
    page.wait_for_timeout(600)  # smooth scroll
    assert "active" in page.get_attribute(f"#{derived_id}", "class")
    for source_id in source_ids:
        assert "linked" in page.get_attribute(f"#{source_id}", "class")
        assert page.is_visible(f"#{source_id}")
    assert page.evaluate(
        "(id) => { const el = document.getElementById(id);"
        " const box = el.closest('.pane-body').getBoundingClientRect();"
        " const r = el.getBoundingClientRect();"
        " return r.bottom > box.top && r.top < box.bottom; }",
        source_ids[0],
    ), "the source pane scrolls its sentence into view"
    detail = page.inner_text("#detail")
    assert derived_id in detail and source_ids[0] in detail
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "html_report_click.png"), full_page=True)


def test_clicking_a_source_sentence_highlights_the_derived(page: Any, hostile_audit: Audit) -> None:
    kept = next(f for f in hostile_audit.source_findings if f.derived)
    page.click(f"#s{kept.sentence.index}")
    for index in kept.derived:
        assert "linked" in page.get_attribute(f"#d{index}", "class")
    page.keyboard.press("Escape")
    assert page.evaluate("document.querySelectorAll('.linked, .active').length") == 0
    assert page.dialogs == [] and page.errors == []
