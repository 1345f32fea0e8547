"""Verify candidate pairs on several cores with bounded memory.

First every article of a pair is sketched once, on all workers, into a ``SketchSpool``. Then
pairs are put in tile order (``tile_order``) and cut into chunks; each chunk goes to a forked
worker, which reads the sketches it needs from the spool (keeping recent ones in a cache), and
sends back the chunk's edges as an ``EdgeTable`` with the chunk's pair positions, so the caller
can put them in the given order (``EdgeTable.extend``) and the output is the same as a serial
run. Workers are forked: they inherit the corpus matrix and the spool's open file and offsets
without pickling them, and never touch the parent's index connection (the parent reads every
content the sketch builders need). Where fork is unavailable, or there are few pairs, pairs are
verified in this process, in the same chunks.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.embed.base import get_embedder
from newstrace.lifetime import forking, worker_start
from newstrace.match.components import Components
from newstrace.match.edges import EdgeTable
from newstrace.match.pairs import CandidatePairs, Item, Pair
from newstrace.match.sketch import SketchCache
from newstrace.match.spool import SketchSpool, build_spool
from newstrace.records import Edge

EdgeOf = Callable[[Any, Pair, Sequence[str], SketchCache, Callable[[str], str], Any], Edge | None]
Progress = Callable[[int, int, str], None]
"""(done, total, stage): stage ``sketching`` counts articles, ``verifying`` pairs."""

CHUNK = 1024
"""Pairs per task: large enough that sending a task is small beside verifying it."""
MIN_PARALLEL = 4 * CHUNK
WORKER_CACHE = 8192
"""Sketches each worker keeps (a miss costs a read from the spool, ~0.07 ms)."""

_STATE: dict[str, Any] = {}
"""What a forked worker inherits: corpus, config, the pair function; then its own cache."""


Found = Iterator[tuple[npt.NDArray[np.int64], EdgeTable]]
"""Chunks of verified items: the chunk's positions in ``items`` and its edges, as a table whose
position ``k`` is the chunk's ``k``-th item (``EdgeTable.extend`` puts them in place)."""


def verify_items(
    corpus: Any,
    items: Sequence[Item],
    content: Callable[[str], str],
    config: Any,
    edge_of: EdgeOf,
    workers: int,
    progress: Progress | None = None,
) -> Found:
    """``edge_of`` for every item, a chunk at a time: in order on one process, as chunks
    finish on ``workers`` processes (when it pays). Nothing is kept here once it is yielded:
    the caller decides how to hold the edges (``match.edges``)."""
    if workers <= 1 or len(items) < MIN_PARALLEL or "fork" not in mp.get_all_start_methods():
        cache = SketchCache.of_contents(content, get_embedder(config.fingerprint.embedder))
        for start in range(0, len(items), CHUNK):
            chunk = items[start : start + CHUNK]
            made = _edges(corpus, chunk, cache, content, edge_of, config)
            yield np.arange(start, start + len(chunk)), made
            if progress is not None:
                progress(start + len(chunk), len(items), "verifying")
        return
    yield from _parallel(corpus, items, content, config, edge_of, workers, progress)


def _edges(
    corpus: Any,
    chunk: Sequence[Item],
    cache: SketchCache,
    content: Callable[[str], str],
    edge_of: EdgeOf,
    config: Any,
) -> EdgeTable:
    """The edges of a chunk of items, each at its place in the chunk."""
    table = EdgeTable(corpus.ids)
    for k, (pair, channels) in enumerate(chunk):
        edge = edge_of(corpus, pair, channels, cache, content, config)
        if edge is not None:
            table.add(k, pair, edge)
    return table


def _parallel(
    corpus: Any,
    items: Sequence[Item],
    content: Callable[[str], str],
    config: Any,
    edge_of: EdgeOf,
    workers: int,
    progress: Progress | None,
) -> Found:
    ids = [corpus.ids[x] for x in copy_order(items)]
    spool = build_spool(ids, content, config.fingerprint.embedder, workers, progress)
    _STATE.update(corpus=corpus, config=config, edge_of=edge_of, spool=spool)
    order = tile_order(items)
    starts = range(0, len(order), CHUNK)
    total, done = len(items), 0
    try:
        with forking(), mp.get_context("fork").Pool(workers, initializer=_init) as pool:
            pending: deque[tuple[int, Any]] = deque()
            for at, start in enumerate(starts):
                chunk = [items[x] for x in order[start : start + CHUNK].tolist()]
                pending.append((start, pool.apply_async(_run, (chunk,))))
                if len(pending) <= 2 * workers and at < len(starts) - 1:
                    continue  # at most 2 * workers chunks in flight: bounded memory
                while pending and (len(pending) > 2 * workers or at == len(starts) - 1):
                    first, result = pending.popleft()
                    positions = order[first : first + CHUNK]
                    yield positions, result.get()
                    done += len(positions)
                    if progress is not None:
                        progress(done, total, "verifying")
    finally:
        _STATE.clear()
        spool.close()


def copy_order(items: Sequence[Item]) -> list[int]:
    """Every article of ``items``, copies side by side: grouped by the components of the
    pairs the MinHash channel proposed (near-verbatim copies), in corpus order within a group.
    Sketches are built in chunks of neighbours in this order, so a sentence a chunk holds more
    than once is analysed and embedded once (``sketch.sketch_batch``)."""
    components: Components[int] = Components()
    for (a, b), channels in items:
        if "lsh" in channels:
            low, high = sorted((components.root(a), components.root(b)))
            components.join(high, low)  # a component's root is its first article
    articles = {x for pair, _ in items for x in pair}
    return sorted(articles, key=lambda x: (components.root(x), x))


def tile_order(items: Sequence[Item]) -> npt.NDArray[np.int64]:
    """Positions of ``items`` grouped in tiles (block of ``a``, block of ``b``), blocks of half
    a worker's cache: a worker then holds both blocks' sketches while verifying a tile, so a
    sketch is read from the spool about (blocks / 2) times per worker instead of for nearly
    every pair. An array (8 bytes a pair; a list of ints was 36)."""
    block = WORKER_CACHE // 2
    if isinstance(items, CandidatePairs):
        pairs = items.pairs() // block
    else:
        pairs = np.array([pair for pair, _ in items], dtype=np.int64).reshape(-1, 2) // block
    return np.lexsort((np.arange(len(items)), pairs[:, 1], pairs[:, 0])).astype(np.int64)


def _init() -> None:
    worker_start()
    spool: SketchSpool = _STATE["spool"]
    _STATE["cache"] = SketchCache(spool.get, WORKER_CACHE)  # no model load: sketches are read


def _no_content(article_id: str) -> str:
    raise LookupError(f"article {article_id!r} is not in the sketch spool")


def _run(chunk: Sequence[Item]) -> EdgeTable:
    """A worker's chunk: its edges as a table (sent back as a few arrays)."""
    corpus, cache, config = _STATE["corpus"], _STATE["cache"], _STATE["config"]
    return _edges(corpus, chunk, cache, _no_content, _STATE["edge_of"], config)
