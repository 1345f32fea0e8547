"""Verify a candidate pair with sentence alignment: how much of each covers the other."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace.audit.verdicts import edit_ratio
from newstrace.clean.language import lang_group
from newstrace.config import AlignConfig, Config
from newstrace.embed import pooling
from newstrace.match.score import pair_scores
from newstrace.match.sketch import Sketch
from newstrace.records import SharedSpan, Span

_VERBATIM_RATIO = 0.9
COMPILED_FROM = 4096
"""Pairs from which ``use_compiled`` pays: loading numba and the compiled kernel takes ~1.2 s
(~7 s the very first time, to compile and cache it) and saves ~0.2 ms a pair."""
Supports = tuple[npt.NDArray[np.intp], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]
_COMPILED: dict[str, Callable[..., Any]] = {}
"""``match.support``'s kernels once ``use_compiled`` loaded them (forked workers inherit them)."""


@dataclass(frozen=True, slots=True)
class PairEvidence:
    """Alignment evidence between articles ``a`` and ``b`` (each sentence's best match)."""

    covered_a: float
    """Share of a's sentences supported by some sentence of b."""
    covered_b: float
    verbatim: float
    """Share of aligned sentence pairs that are (nearly) word for word the same."""
    aligned: int
    shared: tuple[SharedSpan, ...]
    """Aligned passages, a's span then b's (offsets into each article's content)."""


NO_EVIDENCE = PairEvidence(0.0, 0.0, 0.0, 0, ())


@dataclass(frozen=True, slots=True)
class PairSettings:
    """How to verify a pair given its articles' languages (see ``TraceConfig``)."""

    align: AlignConfig | None
    """Alignment settings; None when the pair crosses languages (not alignable)."""
    use_cosine: bool
    """Whether the embedder understands both articles, so their cosine means anything."""
    min_stem_share: float = 0.0
    """Pairs sharing a smaller share of their content stems are not aligned (``stem_share``)."""


def pair_settings(config: Config, lang_a: str | None, lang_b: str | None) -> PairSettings:
    """Cross-language: no alignment. Outside ``embedder_langs``: lexical-only alignment.

    Languages compare by ``lang_group``: sr/hr/bs/cnr are one (no detector tells them apart)."""
    return _settings(config, lang_group(lang_a), lang_group(lang_b))


@functools.lru_cache(maxsize=256)
def _settings(config: Config, base_a: str | None, base_b: str | None) -> PairSettings:
    """``pair_settings`` of two language groups (cached: asked once per candidate pair)."""
    trace = config.trace
    known = all(x is None or x in trace.embedder_langs for x in (base_a, base_b))
    if base_a and base_b and base_a != base_b:
        return PairSettings(None, known)
    if known:
        semantic = replace(
            config.align,
            semantic_weight=trace.semantic_weight,
            support_threshold=trace.support_threshold,
        )
        return PairSettings(semantic, True, trace.min_stem_share)
    lexical = replace(
        config.align, semantic_weight=0.0, support_threshold=trace.lexical_support_threshold
    )
    return PairSettings(lexical, False)


def verify_pair(a: Sketch, b: Sketch, config: AlignConfig, min_share: float = 0.0) -> PairEvidence:
    """How ``a`` and ``b`` cover each other; no evidence when they share less than
    ``min_share`` of their stems (``stem_share``), without aligning them."""
    if len(a) == 0 or len(b) == 0 or (min_share > 0 and stem_share(a, b) < min_share):
        return NO_EVIDENCE
    semantic = b.vectors @ a.vectors.T
    best_a, supported_b, supported_a = _supports(semantic, b, a, config)
    pairs = [(int(best_a[j]), int(j)) for j in np.flatnonzero(supported_b)]
    verbatim = sum(1 for i, j in pairs if _verbatim_sentences(b, j, a, i))
    return PairEvidence(
        covered_a=np.count_nonzero(supported_a) / supported_a.size,
        covered_b=np.count_nonzero(supported_b) / supported_b.size,
        verbatim=verbatim / len(pairs) if pairs else 0.0,
        aligned=len(pairs),
        shared=_passages(a, b, pairs),
    )


def stem_share(a: Sketch, b: Sketch) -> float:
    """Distinct content stems the two articles share, over the smaller article's count."""
    compiled = _COMPILED.get("shared_count")
    if compiled is None:
        shared = len(np.intersect1d(a.distinct, b.distinct, assume_unique=True))
    else:
        shared = int(compiled(a.distinct, b.distinct))
    return shared / max(1, min(len(a.distinct), len(b.distinct)))


def supports(
    semantic: npt.NDArray[Any], derived: Sketch, source: Sketch, config: AlignConfig
) -> Supports:
    """Each derived sentence's best source sentence, whether that best score reaches the
    support threshold, and which source sentences reach it with some derived sentence
    (``semantic``: derived x source cosines, unclipped). ``match.support`` computes the same
    compiled."""
    combined = pair_scores(derived, source, np.clip(semantic, 0.0, 1.0), config).combined
    threshold = config.support_threshold
    return (
        combined.argmax(axis=1),
        combined.max(axis=1) >= threshold,
        combined.max(axis=0) >= threshold,
    )


def _supports(
    semantic: npt.NDArray[Any], derived: Sketch, source: Sketch, config: AlignConfig
) -> Supports:
    """``supports``, compiled once ``use_compiled`` loaded the kernel."""
    compiled = _COMPILED.get("support")
    if compiled is None:
        return supports(semantic, derived, source, config)
    rows = (derived.stem_rows, derived.stem_ids, source.stem_rows, source.stem_ids)
    found: Supports = compiled(semantic, *rows, config.semantic_weight, config.support_threshold)
    return found


def use_compiled() -> None:
    """From now on, in this process and the processes it forks, verify pairs with the compiled
    ``match.support`` instead of ``supports`` (the same results, ~4x faster; a test checks
    them equal), count shared stems with its ``shared_count`` (``stem_share``), and sketch
    with the compiled token sums (``embed.pooling``). Imported only here: numba takes ~0.5 s
    to import."""
    from newstrace.match.support import shared_count, support

    _COMPILED["support"] = support
    _COMPILED["shared_count"] = shared_count
    pooling.use_compiled()


def _verbatim_sentences(b: Sketch, j: int, a: Sketch, i: int) -> bool:
    """``_verbatim`` of b's sentence ``j`` and a's sentence ``i``; equal sentences are told by
    their joined words alone, without splitting them (27% of the tests on 30,000 pairs of the
    100k trace)."""
    x, y = b.joined_words[j], a.joined_words[i]
    return (x == y and bool(x)) or _verbatim(b.words(j), a.words(i))


def _verbatim(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
    """Word for word the same, nearly. difflib's ratio is at most 2 * min / (len x + len y):
    it is skipped when that cannot pass."""
    if 2 * min(len(x), len(y)) < (_VERBATIM_RATIO - 0.0001) * (len(x) + len(y)):
        return False
    return edit_ratio(x, y) >= _VERBATIM_RATIO


def _passages(a: Sketch, b: Sketch, pairs: list[tuple[int, int]]) -> tuple[SharedSpan, ...]:
    """Runs of consecutive aligned sentences merged into passages."""
    runs: list[list[tuple[int, int]]] = []
    for i, j in sorted(pairs, key=lambda p: p[1]):
        if runs and runs[-1][-1][1] == j - 1 and runs[-1][-1][0] in (i - 1, i):
            runs[-1].append((i, j))
        else:
            runs.append([(i, j)])
    return tuple(
        SharedSpan(
            Span(int(a.spans[min(p[0] for p in run), 0]), int(a.spans[max(p[0] for p in run), 1])),
            Span(int(b.spans[run[0][1], 0]), int(b.spans[run[-1][1], 1])),
        )
        for run in runs
    )
