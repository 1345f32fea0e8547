"""Every reported span, sliced from the original input, equals the reported text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newstrace import api
from newstrace.clean import match_view, split_content, split_lines
from newstrace.clean.normalize import view_text
from newstrace.config import AlignConfig, Config
from newstrace.errors import InputError
from newstrace.records import Audit
from newstrace.segment.sentences import split_sentences

PIECES = st.sampled_from(
    [
        "Orbán", "Sándor", "said", "not", "12", "75th", "Friday", "2016", "\u200b", "\u202e",
        "\u0301", "e\u0301", "👍🏽", "\r\n", "\n\n", " ", ".", '"', "“", "Оrban", "сору", "ﬁnal",
        "Photo: Reuters", "12081 views", "Wang Xiaohong", "March 5", "Reuters reported",
    ]
)  # fmt: skip
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=40).map("".join)
HASHING = Config(align=AlignConfig(embedder="hashing"))


def _check(audit: Audit) -> None:
    for side in (audit.source, audit.derived):
        text = side.article.text
        for sentence in side.sentences:
            assert text[sentence.span.start : sentence.span.end] == sentence.text
        for item in side.furniture:
            assert text[item.span.start : item.span.end] == item.text
        for evasion in side.evasions:
            assert text[evasion.offset] == evasion.char
    for finding in (*audit.derived_findings, *audit.source_findings):
        text = (
            audit.derived.article.text
            if finding in audit.derived_findings
            else audit.source.article.text
        )
        for atom in finding.atoms:
            assert text[atom.span.start : atom.span.end] == atom.text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, TEXTS)
def test_audit_spans_slice_to_their_text(source: str, derived: str) -> None:
    try:
        audit = api.audit(source, derived, HASHING)
    except InputError:
        return  # empty or whitespace-only input is refused, not crashed on
    _check(audit)


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_view_offsets_are_monotone_and_in_range(text: str) -> None:
    view = match_view(text)
    assert len(view.offsets) == len(view.text)
    assert all(0 <= o < len(text) for o in view.offsets)
    assert list(view.offsets) == sorted(view.offsets)
    assert all(o < e <= len(text) for o, e in zip(view.offsets, view.ends, strict=True))


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_the_view_text_alone_equals_the_views_text(text: str) -> None:
    assert view_text(text) == match_view(text).text


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_furniture_and_content_lines_slice_exactly(text: str) -> None:
    content, furniture = split_content(text)
    for line in content:
        assert text[line.span.start : line.span.end] == line.text
    for item in furniture:
        assert text[item.span.start : item.span.end] == item.text


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=8), st.sampled_from("_-…·٣²")), max_size=40))
def test_sentences_slice_strip_and_hold_a_letter_or_digit(pieces: list[str]) -> None:
    text = "".join(pieces)
    for sentence in split_sentences(text, split_lines(text)):
        assert text[sentence.span.start : sentence.span.end] == sentence.text
        assert sentence.text == sentence.text.strip()
        assert any(c.isalnum() for c in sentence.text)
