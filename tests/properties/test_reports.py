"""Whatever two articles hold, the JSON report parses with exact offsets and the HTML report
carries their text only as text (the report's own script is the only one)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newstrace import api
from newstrace.config import AlignConfig, Config
from newstrace.errors import InputError
from newstrace.ingest import article_from_text
from newstrace.records import Audit
from tests.report_checks import check_html_report, check_json_report

HASHING = Config(align=AlignConfig(embedder="hashing"))
PIECES = st.sampled_from(
    [
        "The minister said", " on Friday", " that 42 people", " were hurt.", " Officials",
        " said it was not true.", "Orbán", "Budapest", "\u200b", "\u200d", "\u2060", "\ufeff",
        "\u202e", "\u202b", "\u2066", "\u2069", "\u200f", "e\u0301", "\u0308", "a\u0336\u0336",
        "👍🏽", "👨‍👩‍👧", "🇭🇺", "\r\n", "\n\n", "\r", "\u2028", " ", ". ", '"', "'", "“", "”", "«",
        "<script>alert(1)</script>", "</script>", "<script", "<!--", "-->", "<![CDATA[", "]]>",
        "<img src=x onerror=alert(1)>", "<iframe src=//x>", "&amp;", "&lt;", "{{ x }}", "{% if %}",
        "`", "\\", "\u0000", "\x1b[31m", "Оrbаn", "Вudареst", "ΑΒΓ", "שלום", "سلام", "12081 views",
        "Photo: Reuters",
    ]
)  # fmt: skip
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=6)), min_size=1, max_size=30).map("".join)
ORIGINS = st.sampled_from(["a.txt", "<script>alert(1)</script>.txt", '"quoted".html', "-"])


def _audit(source: str, derived: str, origin: str) -> Audit | None:
    try:
        return api.audit(
            article_from_text(source, origin=origin),
            article_from_text(derived, origin=f"derived {origin}"),
            HASHING,
        )
    except InputError:
        return None  # empty, whitespace-only or text-free HTML input: refused, not crashed on


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, TEXTS, ORIGINS)
def test_json_report_parses_and_every_offset_slices_its_text(
    source: str, derived: str, origin: str
) -> None:
    audit = _audit(source, derived, origin)
    if audit is None:
        return
    doc = check_json_report(api.render(audit, "json"))
    assert doc["source"]["article"]["text"] == audit.source.article.text
    assert doc["derived"]["article"]["text"] == audit.derived.article.text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, TEXTS, ORIGINS)
def test_html_report_never_lets_article_text_become_markup(
    source: str, derived: str, origin: str
) -> None:
    audit = _audit(source, derived, origin)
    if audit is None:
        return
    check_html_report(api.render(audit, "html"))
