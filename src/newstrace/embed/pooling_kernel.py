"""``pooling.token_sums`` compiled with numba (imported only by ``pooling.use_compiled``)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numba import njit


@njit(cache=True, nogil=True)
def token_sums(
    table: npt.NDArray[np.float32], flat: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64]
) -> npt.NDArray[np.float32]:
    """Each text's token vectors added one after the other, from zero, in float32."""
    out = np.zeros((lengths.size, table.shape[1]), dtype=np.float32)
    at = 0
    for text in range(lengths.size):
        for _ in range(lengths[text]):
            row = table[flat[at]]
            for column in range(table.shape[1]):
                out[text, column] += row[column]
            at += 1
    return out
