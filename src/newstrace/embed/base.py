"""The Embedder protocol and the table of available embedders."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Protocol

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Maps texts to L2-normalised row vectors (one row per text)."""

    name: str

    def encode(self, texts: Sequence[str]) -> Matrix: ...


def _static() -> Embedder:
    from newstrace.embed.static import StaticEmbedder

    return StaticEmbedder()


def _hashing() -> Embedder:
    from newstrace.embed.hashing import HashingEmbedder

    return HashingEmbedder()


def _transformer() -> Embedder:
    from newstrace.embed.transformer import TransformerEmbedder

    return TransformerEmbedder()


EMBEDDERS: dict[str, Callable[[], Embedder]] = {
    "static": _static,
    "hashing": _hashing,
    "transformer": _transformer,
}


@cache
def get_embedder(name: str) -> Embedder:
    """The named embedder, loaded once per process."""
    return EMBEDDERS[name]()


def normalise_rows(matrix: npt.NDArray[np.floating]) -> Matrix:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    normalised: Matrix = (matrix / norms).astype(np.float32)
    return normalised
