"""Audits of the bundled seed pair (and variants of it) through the real engine."""

from __future__ import annotations

import importlib.resources

import pytest

from newstrace import api
from newstrace.records import Article, Audit

XSS = "<script>window.__pwned=1;alert(1)</script> and <img src=x onerror=alert(1)>"
MARKUP = "[bold red]not markup[/bold red] [link=file:///etc/passwd]x[/link]"


def seed_bytes(name: str) -> bytes:
    return (importlib.resources.files("newstrace") / "demo" / name).read_bytes()


def seed_article(name: str, *, replace: tuple[str, str] = ("", ""), extra: str = "") -> Article:
    text = seed_bytes(name).decode("utf-8")
    if replace[0]:
        text = text.replace(*replace)
    return api.read_article((text + extra).encode("utf-8"), f"demo/{name}")


@pytest.fixture(scope="session")
def demo_pair() -> tuple[Article, Article]:
    return seed_article("source_scraped.txt"), seed_article("rewrite.txt")


@pytest.fixture(scope="session")
def demo_audit(demo_pair: tuple[Article, Article]) -> Audit:
    return api.audit(*demo_pair)


@pytest.fixture(scope="session")
def changed_number_audit() -> Audit:
    """The rewrite with "75th anniversary" turned into "76th anniversary"."""
    derived = seed_article("rewrite.txt", replace=("75th", "76th"))
    return api.audit(seed_article("source_scraped.txt"), derived)


@pytest.fixture(scope="session")
def payloads() -> tuple[str, str]:
    """The script/tag payload and the rich-markup payload put into ``hostile_audit``."""
    return XSS, MARKUP


@pytest.fixture(scope="session")
def hostile_audit() -> Audit:
    """Script, tag and rich-markup payloads in both articles' text and in an origin."""
    paragraph = f"\n\nOfficials said {XSS} was harmless, {MARKUP} too.\n"
    source = seed_article("source_scraped.txt", extra=paragraph)
    text = seed_bytes("rewrite.txt").decode("utf-8") + paragraph
    derived = api.read_article(text.encode("utf-8"), f"{XSS}.txt")
    return api.audit(source, derived)


@pytest.fixture(scope="session")
def evasion_audit() -> Audit:
    """The rewrite with a zero-width space in 'Hungary' and a Cyrillic 'а' in 'Budapest'."""
    text = seed_bytes("rewrite.txt").decode("utf-8")
    text = text.replace("Hungary", "Hun\u200bgary", 1).replace("Budapest", "Bud\u0430pest", 1)
    derived = api.read_article(text.encode("utf-8"), "demo/rewrite_evasive.txt")
    return api.audit(seed_article("source_scraped.txt"), derived)
