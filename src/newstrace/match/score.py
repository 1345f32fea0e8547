"""Sentence x sentence scores of a pair of sketches from their precomputed stem ids.

The same matrices as ``align.sentences.score_matrices`` (same IDF, same formula through
``scores_from_terms``) without rebuilding a string vocabulary per pair: the pair's columns are
the union of its stem ids (``np.unique``), and term matrices are filled by fancy indexing.
Only the column order differs (stem id, not stem text), so sums differ in the last bits.
"""

from __future__ import annotations

import numpy as np

from newstrace.align.sentences import FloatMatrix, ScoreMatrices, scores_from_terms
from newstrace.config import AlignConfig
from newstrace.match.sketch import Sketch


def pair_scores(
    derived: Sketch, source: Sketch, semantic: FloatMatrix, config: AlignConfig
) -> ScoreMatrices:
    """Derived x source score matrices (``semantic`` from ``cosine_matrix``)."""
    split = len(derived.stem_ids)
    vocab, local = np.unique(
        np.concatenate((derived.stem_ids, source.stem_ids)), return_inverse=True
    )
    dterms = np.zeros((len(derived), len(vocab)), dtype=np.float32)
    dterms[derived.stem_rows, local[:split]] = 1.0
    sterms = np.zeros((len(source), len(vocab)), dtype=np.float32)
    sterms[source.stem_rows, local[split:]] = 1.0
    df = dterms.sum(axis=0) + sterms.sum(axis=0)
    n = len(derived) + len(source)
    weights = (np.log((n + 1) / (df + 1)) + 1.0).astype(np.float32)
    return scores_from_terms(dterms, sterms, weights, semantic, config)
