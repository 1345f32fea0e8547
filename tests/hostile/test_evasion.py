"""Copies laced with look-alike letters, zero-width and bidi controls are still copies.

(a) The audit judges a laced copy verbatim/light_edit against its clean source (no fact is
"changed" by a Cyrillic ``а``), and the JSON report lists every evasion character with an
offset where ``text[offset] == char``.
(b) ``trace`` finds laced copies of real SemEval news articles with the same recall as the
same copies left clean.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from newstrace import api
from newstrace.clean.normalize import CONFUSABLES, match_view
from newstrace.config import AlignConfig, Config
from newstrace.records import Verdict
from tests.hostile.texts import BIDI_CONTROLS, ZERO_WIDTH, laced
from tests.report_checks import check_json_report

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
COPIES = 24
COPIED = {Verdict.VERBATIM.value, Verdict.LIGHT_EDIT.value}
INVISIBLE = set(ZERO_WIDTH) | set(BIDI_CONTROLS)


def english_articles(count: int, min_chars: int = 800) -> list[dict[str, str]]:
    path = SHARED / "data" / "semeval2022_dev" / "corpus.jsonl"
    if not path.is_file():
        pytest.fail(f"shared data not found at {path}")
    records = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())
    texts: dict[str, dict[str, str]] = {}
    for record in records:
        text = str(record["text"])
        if record.get("lang") == "en" and len(text) >= min_chars and text[:200] not in texts:
            texts[text[:200]] = {"id": str(record["id"]), "text": text}
    return list(texts.values())[:count]


def light_edit(text: str, seed: int) -> str:
    """A syndicated copy: a byline added, one word changed, the last sentence dropped."""
    rng = random.Random(seed)
    sentences = text.split(". ")
    if len(sentences) > 3:
        sentences = sentences[:-1]
    words = sentences[0].split(" ")
    if len(words) > 4:
        words[rng.randrange(1, len(words))] = "reportedly"
    sentences[0] = " ".join(words)
    return "By Staff Writer\n\n" + ". ".join(sentences)


def planted(clean: str, dirty: str) -> set[int]:
    """Offsets in ``dirty`` of the characters ``laced`` put in (none were in ``clean``)."""
    return {
        i
        for i, ch in enumerate(dirty)
        if ch in INVISIBLE or (ch in CONFUSABLES and ch not in clean)
    }


@pytest.fixture(scope="module")
def articles() -> list[dict[str, str]]:
    return english_articles(COPIES)


def test_laced_copy_is_judged_a_copy_and_every_evasion_is_reported(
    articles: list[dict[str, str]],
) -> None:
    source = articles[0]["text"]
    derived = laced(source, rate=0.15)
    assert derived != source
    doc = check_json_report(api.render(api.audit(source, derived), "json"))
    verdicts = [s["verdict"] for s in doc["derived"]["sentences"]]
    assert verdicts and set(verdicts) <= COPIED, verdicts
    assert not any(s["changes"] for s in doc["derived"]["sentences"])
    evasions = doc["derived"]["evasions"]
    assert {e["kind"] for e in evasions} == {"homoglyph", "zero_width", "bidi_control"}
    assert planted(source, derived) <= {e["offset"] for e in evasions}
    for item in evasions:
        assert derived[item["offset"]] == item["char"]
        if item["kind"] == "homoglyph":
            assert CONFUSABLES[item["char"]] == item["replacement"]
    assert doc["source"]["evasions"] == []


def test_laced_copy_verdicts_match_the_clean_copy(articles: list[dict[str, str]]) -> None:
    config = Config(align=AlignConfig(embedder="hashing"))
    for number, article in enumerate(articles[1:6], start=1):
        copy = light_edit(article["text"], number)
        clean = api.audit(article["text"], copy, config)
        dirty = api.audit(article["text"], laced(copy, rate=0.15, seed=number), config)
        assert len(clean.derived_findings) == len(dirty.derived_findings)
        supported = [f.verdict in COPIED for f in clean.derived_findings]
        assert [f.verdict in COPIED for f in dirty.derived_findings] == supported


def test_whole_lookalike_words_are_flagged_in_latin_text_only() -> None:
    english = match_view("They made а сору of the report.")
    assert [e.char for e in english.evasions] == list("асору")
    assert english.text == "They made a copy of the report."
    russian = match_view("Он сказал, что это а сору.")  # Russian words, not disguised ones
    assert russian.evasions == ()


def _recall(report: api.TraceReport, pairs: list[tuple[str, str]]) -> float:
    linked = {frozenset((e.source, e.derived)) for e in report.result.edges}
    return sum(frozenset(pair) in linked for pair in pairs) / len(pairs)


def test_trace_finds_laced_copies_as_well_as_clean_ones(
    articles: list[dict[str, str]], tmp_path: Path
) -> None:
    records, clean_pairs, laced_pairs = [], [], []
    for number, article in enumerate(articles):
        copy = light_edit(article["text"], number)
        source_id = f"src-{number}"
        records.append({"id": source_id, "text": article["text"], "published": "2020-01-01"})
        for kind, text, pairs in (
            ("clean", copy, clean_pairs),
            ("laced", laced(copy, rate=0.15, seed=number), laced_pairs),
        ):
            records.append({"id": f"{kind}-{number}", "text": text, "published": "2020-01-02"})
            pairs.append((source_id, f"{kind}-{number}"))
    corpus = tmp_path / "copies.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    index = tmp_path / "copies.sqlite"
    added = api.index_add(corpus, index)
    assert added.added == len(records) and not added.rejected
    report = api.trace(index)
    clean, dirty = _recall(report, clean_pairs), _recall(report, laced_pairs)
    print(
        f"trace recall over {len(clean_pairs)} pairs: clean copies {clean:.3f}, laced {dirty:.3f}"
    )
    assert clean >= 0.9
    assert abs(clean - dirty) * len(clean_pairs) <= 1
