"""Per-article sentence features, computed once and reused for every pair it is in."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newstrace.align.features import SentenceFeatures, build_word_features
from newstrace.align.sentences import FloatMatrix, embed_sentences
from newstrace.clean.furniture import split_content
from newstrace.embed.base import Embedder
from newstrace.records import Sentence
from newstrace.segment.sentences import split_sentences


@dataclass(frozen=True, slots=True)
class Sketch:
    """An article's content sentences with matching features and sentence embeddings."""

    content: str
    sentences: tuple[Sentence, ...]
    features: list[SentenceFeatures]
    """Words and stems of each sentence (no word tokens: see ``build_word_features``)."""
    vectors: FloatMatrix
    stem_rows: npt.NDArray[np.intp]
    """Sentence of each (sentence, stem) occurrence, for ``match.score``."""
    stem_ids: npt.NDArray[np.intp]
    """Process-wide id of each occurrence's stem (``STEM_IDS``)."""


MAX_SENTENCES = 400
"""Sentences of an article that trace verification looks at: its first 400 (a news article has
20-80). The pair matrices are quadratic in sentences, so one 6,000-"sentence" record (a
crawl dump, a book) made a 51-article trace take 1.3 GB; the audit of a pair still reads
every sentence, within its own limits (``AlignConfig.max_chars``/``max_matrix_mib``)."""

STEM_IDS: dict[str, int] = {}
"""Stem -> id, shared by every sketch of this process (ids only matter within one pair)."""


def sketch(content: str, embedder: Embedder) -> Sketch:
    lines, _ = split_content(content)
    sentences = split_sentences(content, lines)[:MAX_SENTENCES]
    features = build_word_features(sentences)
    vectors = embed_sentences(features, embedder) if features else np.zeros((0, 1))
    rows = [row for row, f in enumerate(features) for _ in f.stems]
    ids = [STEM_IDS.setdefault(t, len(STEM_IDS)) for f in features for t in f.stems]
    return Sketch(
        content,
        tuple(sentences),
        features,
        vectors,
        np.array(rows, dtype=np.intp),
        np.array(ids, dtype=np.intp),
    )


class SketchCache:
    """Least-recently-used sketches by article id (bounded memory at corpus scale)."""

    def __init__(self, load: Callable[[str], str], embedder: Embedder, size: int = 4096) -> None:
        self._load, self._embedder, self._size = load, embedder, size
        self._items: OrderedDict[str, Sketch] = OrderedDict()

    def get(self, article_id: str) -> Sketch:
        found = self._items.get(article_id)
        if found is not None:
            self._items.move_to_end(article_id)
            return found
        made = sketch(self._load(article_id), self._embedder)
        self._items[article_id] = made
        if len(self._items) > self._size:
            self._items.popitem(last=False)
        return made
