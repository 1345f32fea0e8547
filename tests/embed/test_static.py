"""The bundled static embedder: the vectors of model2vec's own ``encode``, computed faster."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

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
    assert np.array_equal(ours, reference)  # the same sums in the same order: bit for bit
    nonzero = np.linalg.norm(reference, axis=1) > 0
    assert nonzero.tolist() == [False] * 3 + [True] * (len(texts) - 3)
    assert np.all(ours[~nonzero] == 0)


def test_no_texts_give_an_empty_matrix() -> None:
    assert StaticEmbedder().encode([]).shape == (0, 256)


_EMBEDDER = StaticEmbedder()
_PIECES = st.sampled_from(
    ["U.S.", "don't", "Orban's", "12,500", "3.5%", "[UNK]", "[PAD]", "[MASK]", "e-mail", "#tag",
     "\t", "\n", "\x0b", "\x7f", "\x00", "naïve", "“quoted”", "a" * 120, "supercalifragilistic"]
)  # fmt: skip
_TYPOGRAPHIC = st.sampled_from(list("\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2010\u00ab"))
_TEXTS = st.lists(
    st.one_of(_PIECES, st.text(st.characters(max_codepoint=127) | _TYPOGRAPHIC, max_size=8)),
    max_size=25,
).map(" ".join)


@given(st.lists(_TEXTS, min_size=1, max_size=4))
@settings(max_examples=300, deadline=None)
def test_token_ids_are_the_tokenizers_own(texts: list[str]) -> None:
    """Plain ASCII goes through the word cache, the rest through the tokenizer: both give
    what model2vec's tokenize gives (unknown tokens dropped)."""
    flat, lengths = _EMBEDDER._token_ids(texts)
    model = _EMBEDDER._model
    cut = [text[: model.max_length * model.median_token_length] for text in texts]
    expected = model.tokenize(cut)
    assert lengths.tolist() == [len(ids) for ids in expected]
    assert flat.tolist() == [i for ids in expected for i in ids]
