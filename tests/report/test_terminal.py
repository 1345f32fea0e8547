"""The terminal report: readable plain text, colour only on request, article text inert."""

from __future__ import annotations

import re

from newstrace.records import Audit, SourceStatus
from newstrace.report import render_report
from newstrace.report.terminal import render_summary, render_text

ESC = "\x1b"


def test_plain_report_has_every_section_and_no_escape_codes(demo_audit: Audit) -> None:
    report = render_text(demo_audit)
    assert ESC not in report
    for heading in ("Derived sentences", "Dropped source sentences", "Furniture removed"):
        assert heading in report
    assert "PARAPHRASE" in report and "UNSUPPORTED ADDITION" in report
    assert "12081 views 1 comment(s)" in report
    assert all(line == line.rstrip() for line in report.splitlines())


def test_each_derived_sentence_shows_its_sources(demo_audit: Audit) -> None:
    report = render_text(demo_audit)
    for finding in demo_audit.derived_findings:
        assert f"d{finding.sentence.index} " in report
        for index in finding.sources:
            assert f"↳ s{index}: " in report


def test_unsupported_atoms_are_listed(demo_audit: Audit) -> None:
    lines = [line for line in render_text(demo_audit).splitlines() if "not in source" in line]
    assert any("Xi Jinping" in line and "Belt and Road" in line for line in lines)


def test_changed_fact_shows_kind_and_both_values(changed_number_audit: Audit) -> None:
    report = render_text(changed_number_audit)
    assert "CHANGED FACT" in report
    change = next(line for line in report.splitlines() if "≠ number" in line)
    assert "(source) →" in change and "“76th” (derived)" in change


def test_dropped_sentences_are_listed(demo_audit: Audit) -> None:
    report = render_text(demo_audit)
    dropped = report.split("Dropped source sentences")[1].split("Furniture removed")[0]
    for finding in demo_audit.source_findings:
        if finding.status is SourceStatus.DROPPED:
            assert f"s{finding.sentence.index} " in dropped


def test_summary_is_the_last_single_line(demo_audit: Audit) -> None:
    report = render_text(demo_audit)
    last = report.rstrip("\n").splitlines()[-1]
    assert last == render_summary(demo_audit).rstrip("\n")
    counts = demo_audit.summary.derived_counts
    assert f"{counts.get('paraphrase', 0)} paraphrase" in last
    assert "0 verbatim" in last or f"{counts.get('verbatim')} verbatim" in last
    assert f"({demo_audit.summary.kept_share:.0%})" in last


def test_color_adds_ansi_codes_only_when_asked(demo_audit: Audit) -> None:
    assert ESC in render_report(demo_audit, "text", color=True)
    assert ESC not in render_report(demo_audit, "text", color=False)


def test_article_text_is_not_interpreted_as_markup(
    hostile_audit: Audit, payloads: tuple[str, str]
) -> None:
    for color in (False, True):
        words = " ".join(
            re.sub(r"\x1b\[[0-9;]*m", "", render_text(hostile_audit, color=color)).split()
        )
        for payload in payloads:
            assert " ".join(payload.split()) in words
        assert hostile_audit.derived.article.origin in words


def test_evasion_characters_are_listed(evasion_audit: Audit) -> None:
    section = render_text(evasion_audit).split("Evasion characters")[1]
    assert "U+200B" in section and "U+0430" in section
