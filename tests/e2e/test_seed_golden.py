"""The canonical example: every expectation of shared/golden/seed_pair.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newstrace.records import (
    SUPPORTED_VERDICTS,
    AtomKind,
    Audit,
    DerivedFinding,
    SourceStatus,
    Verdict,
)


def _golden(shared: Path) -> dict[str, Any]:
    return json.loads((shared / "golden" / "seed_pair.json").read_text(encoding="utf-8"))


def _derived_finding(audit: Audit, snippet: str) -> DerivedFinding:
    hits = [f for f in audit.derived_findings if snippet in f.sentence.text]
    assert len(hits) == 1, f"{len(hits)} derived sentences contain {snippet!r}"
    return hits[0]


def test_seed_files_are_the_bundled_demo(shared: Path) -> None:
    from tests.conftest import DEMO

    for name in ("source_scraped.txt", "rewrite.txt"):
        assert (DEMO / name).read_bytes() == (shared / "seeds" / name).read_bytes()


def test_every_furniture_line_dropped(shared: Path, seed_audit: Audit) -> None:
    furniture = seed_audit.source.furniture
    content = [s.text for s in seed_audit.source.sentences]
    for snippet in _golden(shared)["furniture_to_drop"]:
        assert any(snippet in f.text for f in furniture), snippet
        assert not any(snippet in sentence for sentence in content), snippet
    text = seed_audit.source.article.text
    assert all(text[f.span.start : f.span.end] == f.text for f in furniture)


def test_fourteen_derived_sentences(seed_audit: Audit) -> None:
    assert len(seed_audit.derived_findings) == 14


@pytest.mark.parametrize("index", range(14))
def test_derived_sentence_verdict_and_source(shared: Path, seed_audit: Audit, index: int) -> None:
    expected = _golden(shared)["derived_sentences"][index]
    finding = _derived_finding(seed_audit, expected["derived"])
    if expected["verdict"] == "supported":
        assert finding.verdict in SUPPORTED_VERDICTS, finding
        supporting = [seed_audit.source.sentences[s].text for s in finding.sources]
        assert any(expected["source"] in text for text in supporting), (supporting, expected)
    else:
        assert finding.verdict is Verdict.UNSUPPORTED_ADDITION
        unsupported = [a.text for a in finding.unsupported]
        for entity in expected["unsupported"]:
            assert any(entity in text for text in unsupported), (entity, unsupported)


def test_dropped_source_facts(shared: Path, seed_audit: Audit) -> None:
    for item in _golden(shared)["source_content_dropped"]:
        hits = [f for f in seed_audit.source_findings if item["source"] in f.sentence.text]
        assert len(hits) == 1, item["source"]
        assert hits[0].status is SourceStatus.DROPPED, item["source"]


def test_soft_points_spelling_variants_are_not_changes(seed_audit: Audit) -> None:
    changes = [c for f in seed_audit.derived_findings for c in f.changes]
    assert not changes, changes
    flagged = {a.key for f in seed_audit.derived_findings for a in f.unsupported}
    assert not flagged & {"orban", "viktor orban", "sandor pinter", "wang", "vanga"}
    pinter = _derived_finding(seed_audit, "Sándor Pinter")
    assert pinter.verdict in SUPPORTED_VERDICTS
    assert any(a.kind is AtomKind.NAME and "Sándor Pinter" in a.text for a in pinter.atoms)
