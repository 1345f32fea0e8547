"""The trace verifier's inner loop, compiled: which sentences of a pair support each other.

For a derived x source pair of sketches this computes what ``align.sentences.score_matrices``
and ``scores_from_terms`` compute (IDF-weighted stem overlap both ways, mixed with the clipped
cosine; the same formula, the same IDF over the pair's sentences), but keeps only what trace
verification reads: each derived sentence's best source sentence and which sentences on
either side reach the support threshold. In numpy that took ~15 small array operations a
pair (``verify_pair`` 0.26 ms, most of it call overhead on 20 x 30 matrices); here it is one
pass over the pair's stem occurrences and one over the matrix (``verify_pair`` 0.07 ms).

numba compiles these once (``cache=True``: later processes load the machine code from
numba's cache). Importing numba costs ~0.5 s and loading the cached code ~0.6 s, so only
``match.verify.use_compiled`` imports this module, for traces of thousands of pairs; the
CLI's other commands and small traces keep the numpy path.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numba import njit

from newstrace.align.sentences import DERIVED_COVERAGE_WEIGHT


@njit(cache=True, nogil=True)
def support(
    semantic: npt.NDArray[np.float32],
    derived_rows: npt.NDArray[np.intp],
    derived_ids: npt.NDArray[np.int64],
    source_rows: npt.NDArray[np.intp],
    source_ids: npt.NDArray[np.int64],
    semantic_weight: float,
    threshold: float,
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """(best source sentence of each derived one, derived sentences supported, source
    sentences supporting); ``semantic`` is the derived x source cosine matrix, unclipped."""
    lexical = _lexical(semantic.shape, derived_rows, derived_ids, source_rows, source_ids)
    overlap, derived_mass, source_mass = lexical
    rows, cols = semantic.shape
    best = np.zeros(rows, dtype=np.intp)
    best_score = np.full(rows, -np.inf, dtype=np.float32)
    col_score = np.full(cols, -np.inf, dtype=np.float32)
    sw = np.float32(semantic_weight)
    lw = np.float32(1.0 - semantic_weight)
    dw = np.float32(DERIVED_COVERAGE_WEIGHT)
    sw2 = np.float32(1.0 - DERIVED_COVERAGE_WEIGHT)
    for j in range(rows):
        dmass = max(derived_mass[j], np.float32(1e-9))
        for i in range(cols):
            smass = max(source_mass[i], np.float32(1e-9))
            shared = overlap[j, i]
            cosine = min(max(semantic[j, i], np.float32(0.0)), np.float32(1.0))
            score = sw * cosine + lw * (dw * (shared / dmass) + sw2 * (shared / smass))
            if score > best_score[j]:
                best_score[j] = score
                best[j] = i
            col_score[i] = max(col_score[i], score)
    return best, best_score >= threshold, col_score >= threshold


@njit(cache=True, nogil=True)
def _lexical(
    shape: tuple[int, int],
    derived_rows: npt.NDArray[np.intp],
    derived_ids: npt.NDArray[np.int64],
    source_rows: npt.NDArray[np.intp],
    source_ids: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """IDF-weighted shared stems of every derived x source sentence pair, and each sentence's
    own weighted stems. A stem's document frequency is the number of the pair's sentences
    holding it (each (sentence, stem) occurrence is listed once)."""
    rows, cols = shape
    split = derived_ids.size
    ids = np.concatenate((derived_ids, source_ids))
    order = np.argsort(ids, kind="mergesort")
    overlap = np.zeros((rows, cols), dtype=np.float32)
    derived_mass = np.zeros(rows, dtype=np.float32)
    source_mass = np.zeros(cols, dtype=np.float32)
    total = np.float32(rows + cols + 1)
    start = 0
    while start < ids.size:
        end = start + 1
        while end < ids.size and ids[order[end]] == ids[order[start]]:
            end += 1
        weight = np.float32(np.log(total / np.float32(end - start + 1))) + np.float32(1.0)
        for p in range(start, end):
            at = order[p]
            if at >= split:
                source_mass[source_rows[at - split]] += weight
                continue
            derived_mass[derived_rows[at]] += weight
            for q in range(start, end):
                other = order[q]
                if other >= split:
                    overlap[derived_rows[at], source_rows[other - split]] += weight
        start = end
    return overlap, derived_mass, source_mass


@njit(cache=True, nogil=True)
def shared_count(a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]) -> int:
    """How many values two sorted arrays of distinct values share (``len(np.intersect1d(a, b,
    assume_unique=True))`` in one merge pass: ~1 us a pair instead of ~10)."""
    i = j = shared = 0
    while i < a.size and j < b.size:
        if a[i] < b[j]:
            i += 1
        elif a[i] > b[j]:
            j += 1
        else:
            shared += 1
            i += 1
            j += 1
    return shared
