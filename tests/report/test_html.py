"""The HTML report: one self-contained, escaped page that keeps every character."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from newstrace.records import Audit, SourceStatus
from newstrace.report.html import render_html

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
VOID = {"meta", "br", "img", "input", "link", "hr", "area", "base", "col", "source", "wbr"}


@dataclass
class Page(HTMLParser):
    """Tags, attributes and the text of each pane, read back from the HTML."""

    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    panes: dict[str, str] = field(default_factory=dict)
    sentences: dict[str, dict[str, str]] = field(default_factory=dict)
    _stack: list[str] = field(default_factory=list)
    _pane: str = ""
    _depth: int = 0

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        self.tags.append((tag, values))
        if values.get("data-sid"):
            self.sentences[values["data-sid"]] = values
        if tag in VOID:
            return
        self._stack.append(tag)
        if tag == "section" and values.get("id", "").startswith("pane-"):
            self._pane = values["id"].removeprefix("pane-")
        if self._pane and "text" in values.get("class", "").split():
            self._depth = len(self._stack)
            self.panes[self._pane] = ""

    def handle_endtag(self, tag: str) -> None:
        if self._depth and len(self._stack) == self._depth:
            self._depth = 0
            self._pane = ""
        if self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._depth and "template" not in self._stack:
            self.panes[self._pane] += data


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def seed_html(demo_audit: Audit) -> str:
    return render_html(demo_audit)


def test_page_is_self_contained(seed_html: str) -> None:
    assert seed_html.startswith("<!DOCTYPE html>")
    assert "http://" not in seed_html and "https://" not in seed_html
    assert "src=" not in seed_html and "url(" not in seed_html and "@import" not in seed_html
    page = parse(seed_html)
    assert all(a["href"].startswith("#") for _, a in page.tags if "href" in a)
    tags = [tag for tag, _ in page.tags]
    assert tags.count("script") == 1 and tags.count("style") == 1
    assert not {"link", "img", "iframe", "object", "embed"} & set(tags)


def test_strict_content_security_policy(seed_html: str) -> None:
    metas = [a for t, a in parse(seed_html).tags if t == "meta" and "http-equiv" in a]
    assert metas[0]["http-equiv"] == "Content-Security-Policy"
    assert metas[0]["content"].startswith(CSP)


def test_panes_reproduce_each_article_exactly(demo_audit: Audit, seed_html: str) -> None:
    page = parse(seed_html)
    assert page.panes["source"] == demo_audit.source.article.text
    assert page.panes["derived"] == demo_audit.derived.article.text


def test_sentences_link_both_ways(demo_audit: Audit, seed_html: str) -> None:
    sentences = parse(seed_html).sentences
    for finding in demo_audit.derived_findings:
        links = sentences[f"d{finding.sentence.index}"]["data-links"].split()
        assert links == [f"s{i}" for i in finding.sources]
        assert "v-" + finding.verdict.value in sentences[f"d{finding.sentence.index}"]["class"]
    for source in demo_audit.source_findings:
        attrs = sentences[f"s{source.sentence.index}"]
        assert attrs["data-links"].split() == [f"d{i}" for i in source.derived]
        dropped = source.status is SourceStatus.DROPPED
        assert ("s-dropped" in attrs["class"]) == dropped


def test_legend_furniture_and_facts_are_shown(seed_html: str) -> None:
    for label in ("Verbatim", "Light edit", "Paraphrase", "Changed fact", "Unsupported addition"):
        assert label in seed_html
    assert "Dropped source sentences" in seed_html
    assert "12081 views 1 comment(s)" in seed_html and "photo_credit" in seed_html
    assert '<mark class="unsupported"' in seed_html and "Belt and Road Initiative" in seed_html


def test_changed_fact_is_marked(changed_number_audit: Audit) -> None:
    html = render_html(changed_number_audit)
    assert re.search(r'<mark class="fact"[^>]*>76th</mark>', html)
    assert '<span class="new">76th</span>' in html


def test_hostile_article_text_is_escaped(hostile_audit: Audit, payloads: tuple[str, str]) -> None:
    html = render_html(hostile_audit)
    page = parse(html)
    tags = [tag for tag, _ in page.tags]
    assert tags.count("script") == 1 and "img" not in tags
    assert not any(key.startswith("on") for _, attrs in page.tags for key in attrs)
    assert "&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script>window" not in html and "<img" not in html
    for pane in ("source", "derived"):
        assert payloads[0] in page.panes[pane] and payloads[1] in page.panes[pane]


def test_evasion_characters_are_marked(evasion_audit: Audit) -> None:
    html = render_html(evasion_audit)
    assert '<mark class="evasion" title="zero_width U+200B">\u200b</mark>' in html
    assert "U+0430" in html
    assert parse(html).panes["derived"] == evasion_audit.derived.article.text
