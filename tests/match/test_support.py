"""The compiled support kernel (numba) gives exactly what the numpy formulation gives."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

import newstrace.match.trace as trace
import newstrace.match.verify as verify
from eval.synthetic import scale_corpus
from eval.trace_data import fingerprint_corpus, text_article
from newstrace.clean import content_text
from newstrace.config import Config
from newstrace.embed import pooling
from newstrace.embed.base import get_embedder
from newstrace.match.sketch import Sketch, sketch_batch
from newstrace.match.support import shared_count, support


def _sketches(shared: Path, count: int) -> list[Sketch]:
    """The seed pair, then real articles and their perturbed copies (``scale_corpus``)."""
    seeds = [(shared / "seeds" / name) for name in ("source_scraped.txt", "rewrite.txt")]
    texts = [path.read_text(encoding="utf-8") for path in seeds]
    texts += [article.text for article in scale_corpus(count)]
    contents = [content_text(text) for text in texts]
    return sketch_batch(contents, get_embedder(Config().fingerprint.embedder))


def test_the_kernel_equals_numpy_on_real_pairs(shared: Path) -> None:
    sketches = _sketches(shared, 30)
    align = verify.pair_settings(Config(), "en", "en").align
    assert align is not None
    supported = 0
    for derived, source in itertools.permutations(sketches, 2):
        semantic = derived.vectors @ source.vectors.T
        expected = verify.supports(semantic, derived, source, align)
        rows = (derived.stem_rows, derived.stem_ids, source.stem_rows, source.stem_ids)
        got = support(semantic, *rows, align.semantic_weight, align.support_threshold)
        for want, have in zip(expected, got, strict=True):
            np.testing.assert_array_equal(have, want)
        supported += int(np.count_nonzero(got[1]))
    assert supported > 400  # the pairs did align sentences, not only reject them


def test_a_trace_verified_compiled_equals_one_verified_with_numpy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = Config()
    made = scale_corpus(120)
    corpus = fingerprint_corpus([text_article(a.id, a.text, "en") for a in made], config)
    monkeypatch.setattr(verify, "_COMPILED", {})  # this test's own switches, undone after it
    monkeypatch.setattr(pooling, "_COMPILED", {})
    plain = trace.trace_corpus(corpus, corpus.content, config, workers=1)
    assert not verify._COMPILED
    monkeypatch.setattr(trace, "COMPILED_FROM", 1)
    compiled = trace.trace_corpus(corpus, corpus.content, config, workers=1)
    assert verify._COMPILED and pooling._COMPILED
    assert list(compiled.edges) == list(plain.edges) and len(plain.edges) > 20
    assert compiled.families == plain.families


def test_shared_count_counts_what_intersect1d_finds(shared: Path) -> None:
    sketches = _sketches(shared, 12)
    counts = []
    for a, b in itertools.combinations(sketches, 2):
        counts.append(shared_count(a.distinct, b.distinct))
        assert counts[-1] == len(np.intersect1d(a.distinct, b.distinct, assume_unique=True))
    assert min(counts) < max(counts) and max(counts) > 10  # related and unrelated pairs
    rng = np.random.default_rng(7)
    for size_a, size_b in ((0, 5), (5, 0), (40, 300), (300, 40)):
        a = np.unique(rng.integers(-(2**62), 2**62, size_a)) if size_a else np.zeros(0, np.int64)
        b = np.unique(np.concatenate((a[: size_a // 2], rng.integers(-(2**62), 2**62, size_b))))
        assert shared_count(a, b) == len(np.intersect1d(a, b, assume_unique=True))
