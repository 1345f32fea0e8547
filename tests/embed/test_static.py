"""The bundled static embedder: the vectors of model2vec's own ``encode``, computed faster."""

from __future__ import annotations

import numpy as np

from newstrace.clean.furniture import split_content
from newstrace.embed.base import normalise_rows
from newstrace.embed.static import StaticEmbedder
from newstrace.segment.sentences import split_sentences
from tests.conftest import DEMO


def _texts() -> list[str]:
    content = (DEMO / "source_scraped.txt").read_text("utf-8")
    lines, _ = split_content(content)
    sentences = [s.text for s in split_sentences(content, lines)]
    blank = ["", "   ", "\u2603\u2603"]  # no tokens, no known tokens
    return blank + sentences + ["Reuters " * 2000, "x", content]  # the last two: over the cut


def test_vectors_match_model2vec_encode() -> None:
    embedder = StaticEmbedder()
    texts = _texts()
    ours = embedder.encode(texts)
    reference = normalise_rows(
        np.asarray(embedder._model.encode(texts, show_progress_bar=False), dtype=np.float32)
    )
    assert ours.shape == reference.shape == (len(texts), 256)
    assert ours.dtype == np.float32
    assert np.abs(ours - reference).max() < 1e-3
    cosines = np.einsum("ij,ij->i", ours, reference)
    nonzero = np.linalg.norm(reference, axis=1) > 0
    assert nonzero.tolist() == [False] * 3 + [True] * (len(texts) - 3)
    assert np.all(cosines[nonzero] > 0.9999)
    assert np.all(ours[~nonzero] == 0)


def test_no_texts_give_an_empty_matrix() -> None:
    assert StaticEmbedder().encode([]).shape == (0, 256)
