"""A deterministic bag-of-words embedder: the test fake and a no-model fallback."""

from __future__ import annotations

import itertools
import re
import zlib
from collections.abc import Sequence

import numpy as np

from newstrace.embed.base import Matrix, normalise_rows

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


class HashingEmbedder:
    """Hashes lower-cased word unigrams and bigrams into ``dims`` buckets (CRC32)."""

    name = "hashing"

    def __init__(self, dims: int = 512) -> None:
        self.dims = dims

    def encode(self, texts: Sequence[str]) -> Matrix:
        matrix = np.zeros((len(texts), self.dims), dtype=np.float32)
        for row, text in enumerate(texts):
            words = _TOKEN.findall(text.casefold())
            grams = words + [f"{a} {b}" for a, b in itertools.pairwise(words)]
            for gram in grams:
                matrix[row, zlib.crc32(gram.encode()) % self.dims] += 1.0
        return normalise_rows(matrix)
