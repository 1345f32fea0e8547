"""The translation channel: cross-language pairs from multilingual lede embeddings.

Bitext-mining style (Artetxe & Schwenk's ratio margin): e5 cosines are compressed (unrelated
articles already score 0.72-0.80), so a pair is judged by how far its lede cosine stands above
each article's ``k`` nearest other-language neighbours, never by the cosine alone. Candidates
are mutual nearest neighbours across language groups with a margin; such a pair is at least
the same story. It is a ``translation`` when two more signals agree: the names and numbers it
shares (``match.anchors``) and, the costly one so only for pairs that pass the rest, the order
of its first sentences (each a mutual e5 nearest neighbour of its counterpart, in order).
Thresholds are in ``TraceConfig``, measured on SemEval-2022 dev (eval/trace.py).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newstrace.clean.language import lang_group
from newstrace.config import TraceConfig
from newstrace.embed.multilingual import get_lede_embedder
from newstrace.match.anchors import anchor_share, anchors
from newstrace.match.sketch import Sketch
from newstrace.match.verify import PairEvidence
from newstrace.records import Relation, SharedSpan

_BLOCK = 2048
_SENTENCE_CHARS = 300
_MIN_ANCHORS = 3
"""With fewer anchors on a side (scripts whose names do not transliterate, no numbers), the
anchor check abstains and the sentence check decides alone."""


@dataclass(frozen=True, slots=True)
class CrossVerdict:
    """How a cross-language pair relates, its score and the sentence evidence behind it."""

    relation: Relation
    score: float
    evidence: PairEvidence


@dataclass(frozen=True, slots=True)
class LedeSpace:
    """Lede vectors with each article's language group and neighbourhood (margin denominator)."""

    vectors: npt.NDArray[np.float32]
    groups: npt.NDArray[np.int64]
    """Language group id per row; -1 when unknown or the article has no lede vector."""
    context: npt.NDArray[np.float32]
    """Mean cosine of each article's ``k`` nearest other-language neighbours."""
    best: npt.NDArray[np.int64]
    """Each article's ``mutual`` nearest other-language neighbours (rows; -1 when none)."""


def lede_space(
    ledes: npt.NDArray[np.float16] | None, langs: list[str | None], config: TraceConfig
) -> LedeSpace | None:
    """The space of a multilingual corpus; None without lede vectors or with one language."""
    if ledes is None or len(ledes) < 2:
        return None
    vectors = ledes.astype(np.float32)
    names = [lang_group(lang) for lang in langs]
    known = sorted({name for name in names if name})
    groups = np.array([known.index(n) if n else -1 for n in names], dtype=np.int64)
    groups[~vectors.any(axis=1)] = -1
    if len(set(groups[groups >= 0].tolist())) < 2:
        return None
    context, best = _neighbourhoods(vectors, groups, config)
    return LedeSpace(vectors, groups, context, best)


def _neighbourhoods(
    vectors: npt.NDArray[np.float32], groups: npt.NDArray[np.int64], config: TraceConfig
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]:
    """Blocked exact search of every article's nearest other-language neighbours."""
    n = len(vectors)
    k = config.translation_context
    context = np.ones(n, dtype=np.float32)
    best = np.full((n, config.translation_mutual), -1, dtype=np.int64)
    for start in range(0, n, _BLOCK):
        sims = vectors[start : start + _BLOCK] @ vectors.T
        rows = groups[start : start + _BLOCK]
        sims[(rows[:, None] == groups[None, :]) | (rows[:, None] < 0) | (groups[None, :] < 0)] = -1
        order = np.argsort(-sims, axis=1)[:, : max(k, config.translation_mutual)]
        top = np.take_along_axis(sims, order, axis=1)
        valid = top > -1
        counts = np.maximum(valid[:, :k].sum(axis=1), 1)
        context[start : start + _BLOCK] = np.where(valid[:, :k], top[:, :k], 0).sum(axis=1) / counts
        chosen = order[:, : config.translation_mutual]
        best[start : start + _BLOCK] = np.where(valid[:, : config.translation_mutual], chosen, -1)
    return context, best


def query_spaces(
    query: npt.NDArray[np.float16],
    query_lang: str | None,
    ledes: npt.NDArray[np.float16],
    langs: list[str | None],
    config: TraceConfig,
) -> dict[int, LedeSpace]:
    """For ``find``: each corpus row among the query's nearest other-language ledes, with a
    two-article space (the query is row 0, the corpus article row 1) for ``TranslationJudge``.

    Only the query's and these rows' neighbourhoods are computed: O(rows x corpus), not the
    whole corpus against itself."""
    group = lang_group(query_lang)
    vectors = ledes.astype(np.float32)
    other = np.array([lang_group(x) not in (None, group) for x in langs]) & vectors.any(axis=1)
    if group is None or not other.any():
        return {}
    vector = query.astype(np.float32)
    sims = np.where(other, vectors @ vector, -1.0)
    rows = [int(r) for r in np.argsort(-sims)[: config.translation_mutual] if sims[r] > -1]
    spaces = {}
    for row in rows:
        row_sims = np.where(_other_than(langs, langs[row]), vectors @ vectors[row], -1.0)
        context = [_top_mean(sims, config), _top_mean(np.append(row_sims, sims[row]), config)]
        spaces[row] = LedeSpace(
            np.stack([vector, vectors[row]]),
            np.array([0, 1], dtype=np.int64),
            np.array(context, dtype=np.float32),
            np.array([[1], [0]], dtype=np.int64),
        )
    return spaces


def _other_than(langs: list[str | None], lang: str | None) -> npt.NDArray[np.bool_]:
    group = lang_group(lang)
    return np.array([lang_group(x) not in (None, group) for x in langs])


def _top_mean(sims: npt.NDArray[np.floating], config: TraceConfig) -> float:
    top = np.sort(sims[sims > -1])[::-1][: config.translation_context]
    return float(top.mean()) if len(top) else 1.0


def margin(space: LedeSpace, i: int, j: int) -> float:
    """Cosine over the mean of both articles' neighbourhoods (> 1: above their usual level)."""
    cosine = float(space.vectors[i] @ space.vectors[j])
    return cosine / max(float(space.context[i] + space.context[j]) / 2, 1e-6)


def crosses(space: LedeSpace, i: int, j: int) -> bool:
    """Both articles have a lede vector and a known language, and the languages differ."""
    gi, gj = int(space.groups[i]), int(space.groups[j])
    return gi >= 0 and gj >= 0 and gi != gj


def translation_candidates(space: LedeSpace, config: TraceConfig) -> set[tuple[int, int]]:
    """Mutual nearest other-language neighbours whose margin reaches the same-story bar."""
    pairs: set[tuple[int, int]] = set()
    for i, neighbours in enumerate(space.best):
        for j in (int(x) for x in neighbours if x >= 0):
            pair = (min(i, j), max(i, j))
            if i in space.best[j] and margin(space, *pair) >= config.same_story_margin:
                pairs.add(pair)
    return pairs


class TranslationJudge:
    """Classifies cross-language pairs; keeps the e5 vectors of first sentences (LRU)."""

    def __init__(self, space: LedeSpace, config: TraceConfig, size: int = 1024) -> None:
        self.space, self.config, self._size = space, config, size
        self._sentences: OrderedDict[str, npt.NDArray[np.float32]] = OrderedDict()

    def judge(
        self,
        pair: tuple[int, int],
        sketches: tuple[Sketch, Sketch],
        langs: tuple[str | None, str | None],
    ) -> CrossVerdict | None:
        """``translation``, ``same_story`` or None (not across languages, or below the margin)."""
        i, j = pair
        if (
            not crosses(self.space, i, j)
            or margin(self.space, i, j) < self.config.same_story_margin
        ):
            return None
        cosine = float(self.space.vectors[i] @ self.space.vectors[j])
        same_story = CrossVerdict(Relation.SAME_STORY, cosine, _NO_EVIDENCE)
        if not self._could_be_translation(pair, sketches, langs):
            return same_story
        evidence = self._sentence_evidence(sketches)
        config = self.config
        shorter = min(config.translation_first_sentences, *(len(s) for s in sketches))
        needed = max(config.translation_min_sentences, config.translation_sentences * shorter)
        relation = Relation.TRANSLATION if evidence.aligned >= needed else Relation.SAME_STORY
        return CrossVerdict(relation, cosine, evidence)

    def _could_be_translation(
        self,
        pair: tuple[int, int],
        sketches: tuple[Sketch, Sketch],
        langs: tuple[str | None, str | None],
    ) -> bool:
        """The cheap checks: margin, length ratio, shared names and numbers."""
        config = self.config
        a, b = (s.content for s in sketches)
        if margin(self.space, *pair) < config.translation_margin:
            return False
        if min(len(a), len(b)) < config.translation_length_ratio * max(len(a), len(b)):
            return False
        found = anchors(a, langs[0]), anchors(b, langs[1])
        if min(len(found[0]), len(found[1])) < _MIN_ANCHORS:
            return True
        return anchor_share(*found) >= config.translation_anchor_share

    def _sentence_evidence(self, sketches: tuple[Sketch, Sketch]) -> PairEvidence:
        """The longest in-order chain of mutual nearest first sentences, as alignment evidence."""
        va, vb = (self._vectors(s) for s in sketches)
        if not len(va) or not len(vb):
            return _NO_EVIDENCE
        sims = va @ vb.T
        best_b, best_a = sims.argmax(axis=1), sims.argmax(axis=0)
        mutual = [(i, int(best_b[i])) for i in range(len(va)) if best_a[best_b[i]] == i]
        chain = _increasing_chain(mutual)
        spans = tuple(SharedSpan(sketches[0].span(i), sketches[1].span(j)) for i, j in chain)
        return PairEvidence(len(chain) / len(va), len(chain) / len(vb), 0.0, len(chain), spans)

    def _vectors(self, sketch: Sketch) -> npt.NDArray[np.float32]:
        key = sketch.content
        found = self._sentences.get(key)
        if found is not None:
            self._sentences.move_to_end(key)
            return found
        first = sketch.sentences[: self.config.translation_first_sentences]
        made = get_lede_embedder().encode([s.text[:_SENTENCE_CHARS] for s in first])
        self._sentences[key] = made
        if len(self._sentences) > self._size:
            self._sentences.popitem(last=False)
        return made


_NO_EVIDENCE = PairEvidence(0.0, 0.0, 0.0, 0, ())


def _increasing_chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of ``pairs`` (sorted by the first item) increasing in both."""
    ordered = sorted(pairs)
    best: list[list[tuple[int, int]]] = []
    for k, (i, j) in enumerate(ordered):
        before = [best[m] for m in range(k) if ordered[m][1] < j and ordered[m][0] < i]
        best.append([*max(before, key=len, default=[]), (i, j)])
    return max(best, key=len, default=[])
