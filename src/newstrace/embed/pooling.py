"""Each text's sum of its token vectors, added in token order.

Static embeddings are the mean of a text's token vectors. The sums here add each text's
tokens one after the other, from zero, in float32: the order ``np.mean`` adds them in
model2vec, so the vectors are model2vec's own (``tests/embed``), and the same whichever of
the two implementations below computed them (a test checks them equal bit for bit):

- ``sequential_sums``, numpy: texts sorted by length, the k-th token of every text still that
  long added in one step (the sentences of 2,048 articles of the 100k scale index: 0.24 s,
  against 0.63 s for ``np.add.reduceat``, which sums in pairs and so differed from
  model2vec in the last bits);
- ``pooling_kernel.token_sums``, the same loop compiled with numba (0.07 s), once
  ``use_compiled`` loaded it: importing numba takes ~0.5 s, so only a long trace loads it
  (``match.verify.use_compiled``). ``index add`` keeps numpy: its texts are whole articles,
  few and long, where numpy's steps are large (2,048 articles: 0.09 s, compiled 0.03 s).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

Table = npt.NDArray[np.float32]
Ids = npt.NDArray[np.int64]
Sums = Callable[[Table, Ids, Ids], Table]

_COMPILED: dict[str, Sums] = {}
"""``pooling_kernel.token_sums`` once ``use_compiled`` loaded it (forked processes inherit it)."""


def token_sums(table: Table, flat: Ids, lengths: Ids) -> Table:
    """Row k: the sum of ``table``'s rows for text k's token ids (``flat`` holds every text's
    ids one text after the other, ``lengths`` each text's count); zero for a text without."""
    compiled = _COMPILED.get("sums")
    return (compiled or sequential_sums)(table, flat, lengths)


def sequential_sums(table: Table, flat: Ids, lengths: Ids) -> Table:
    """``token_sums`` in numpy: one step per token position, over the texts that long."""
    out = np.zeros((len(lengths), table.shape[1]), dtype=np.float32)
    if not len(lengths) or not lengths.max():
        return out
    order = np.argsort(-lengths, kind="stable")
    longest_first = lengths[order]
    starts = (np.cumsum(lengths) - lengths)[order]
    # still[k]: texts (a prefix of ``order``) with more than k tokens
    still = np.searchsorted(-longest_first, -np.arange(longest_first[0]), side="left")
    sums = np.zeros_like(out)
    for position, count in enumerate(still.tolist()):
        sums[:count] += table[flat[starts[:count] + position]]
    out[order] = sums
    return out


def use_compiled() -> None:
    """From now on, in this process and the processes it forks, sum with the compiled loop
    (the same sums; ~4x faster)."""
    from newstrace.embed.pooling_kernel import token_sums as compiled

    _COMPILED["sums"] = compiled
