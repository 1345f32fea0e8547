"""Verify candidate pairs on several cores, in order, with bounded memory.

First every article of a pair is sketched once, on all workers, into a ``SketchSpool``. Then
pairs are put in tile order (``tile_order``) and cut into chunks; each chunk goes to a forked
worker, which reads the sketches it needs from the spool (keeping recent ones in a cache), and
results are put back in the given order, so the output is the same as a serial run. Workers
are forked: they inherit the corpus matrix and the spool's open file and offsets without
pickling them, and never touch the parent's index connection (the parent reads every content
the sketch builders need).
Where fork is unavailable, or there are few pairs, pairs are verified in this process.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from newstrace.embed.base import get_embedder
from newstrace.lifetime import worker_start
from newstrace.match.components import Components
from newstrace.match.sketch import SketchCache
from newstrace.match.spool import SketchSpool, build_spool
from newstrace.records import Edge

Pair = tuple[int, int]
Item = tuple[Pair, tuple[str, ...]]
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


def verify_items(
    corpus: Any,
    items: Sequence[Item],
    content: Callable[[str], str],
    config: Any,
    edge_of: EdgeOf,
    workers: int,
    progress: Progress | None = None,
) -> Iterator[Edge | None]:
    """``edge_of`` for every item, in order; on ``workers`` processes when it pays."""
    if workers <= 1 or len(items) < MIN_PARALLEL or "fork" not in mp.get_all_start_methods():
        cache = SketchCache.of_contents(content, get_embedder(config.fingerprint.embedder))
        for done, (pair, channels) in enumerate(items, start=1):
            yield edge_of(corpus, pair, channels, cache, content, config)
            if progress is not None:
                progress(done, len(items), "verifying")
        return
    yield from _parallel(corpus, items, content, config, edge_of, workers, progress)


def _parallel(
    corpus: Any,
    items: Sequence[Item],
    content: Callable[[str], str],
    config: Any,
    edge_of: EdgeOf,
    workers: int,
    progress: Progress | None,
) -> Iterator[Edge | None]:
    ids = [corpus.ids[x] for x in copy_order(items)]
    spool = build_spool(ids, content, config.fingerprint.embedder, workers, progress)
    _STATE.update(corpus=corpus, config=config, edge_of=edge_of, spool=spool)
    order = tile_order(items)
    tiled = [items[x] for x in order]
    chunks = [tiled[start : start + CHUNK] for start in range(0, len(tiled), CHUNK)]
    results: list[Edge | None] = [None] * len(items)
    total, done = len(items), 0
    try:
        with mp.get_context("fork").Pool(workers, initializer=_init) as pool:
            pending: deque[Any] = deque()
            for at, chunk in enumerate(chunks):
                pending.append(pool.apply_async(_run, (chunk,)))
                if len(pending) <= 2 * workers and at < len(chunks) - 1:
                    continue  # at most 2 * workers chunks in flight: bounded memory
                while pending and (len(pending) > 2 * workers or at == len(chunks) - 1):
                    edges: list[Edge | None] = pending.popleft().get()
                    for edge in edges:
                        results[order[done]] = edge
                        done += 1
                    if progress is not None:
                        progress(done, total, "verifying")
    finally:
        _STATE.clear()
        spool.close()
    yield from results


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


def tile_order(items: Sequence[Item]) -> list[int]:
    """Positions of ``items`` grouped in tiles (block of ``a``, block of ``b``), blocks of half
    a worker's cache: a worker then holds both blocks' sketches while verifying a tile, so a
    sketch is read from the spool about (blocks / 2) times per worker instead of for nearly
    every pair."""
    block = WORKER_CACHE // 2
    return sorted(
        range(len(items)), key=lambda x: (items[x][0][0] // block, items[x][0][1] // block, x)
    )


def _init() -> None:
    worker_start()
    spool: SketchSpool = _STATE["spool"]
    _STATE["cache"] = SketchCache(spool.get, WORKER_CACHE)  # no model load: sketches are read


def _no_content(article_id: str) -> str:
    raise LookupError(f"article {article_id!r} is not in the sketch spool")


def _run(chunk: Sequence[Item]) -> list[Edge | None]:
    edge_of: EdgeOf = _STATE["edge_of"]
    corpus, config, cache = _STATE["corpus"], _STATE["config"], _STATE["cache"]
    return [edge_of(corpus, pair, chans, cache, _no_content, config) for pair, chans in chunk]
