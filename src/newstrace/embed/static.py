"""model2vec static embeddings from the model bundled in the package (no torch, no hub)."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

import numpy as np

from newstrace.embed.base import Matrix, normalise_rows

MODEL_DIR = "models/m2v_minilm_256"


class StaticEmbedder:
    """all-MiniLM-L6-v2 distilled to a 256-d static model (see the model's README)."""

    name = "static"

    def __init__(self) -> None:
        from model2vec import StaticModel

        path = resources.files("newstrace").joinpath(MODEL_DIR)
        with resources.as_file(path) as folder:
            self._model = StaticModel.from_pretrained(str(folder))

    def encode(self, texts: Sequence[str]) -> Matrix:
        if not texts:
            return np.zeros((0, 256), dtype=np.float32)
        vectors = self._model.encode(list(texts), show_progress_bar=False)
        return normalise_rows(np.asarray(vectors, dtype=np.float32))
