"""Find the sources and derivatives of one article in a corpus."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from newstrace.config import Config
from newstrace.embed.base import get_embedder
from newstrace.fingerprint.features import ArticleFingerprint
from newstrace.match.candidates import query_key_rows
from newstrace.match.classify import PairMeta, classify, direction
from newstrace.match.sketch import Sketch, SketchCache, sketch
from newstrace.match.trace import Corpus
from newstrace.match.translation import TranslationJudge, query_spaces
from newstrace.match.verify import verify_pair
from newstrace.records import Relation

_QUERY = "<query>"


@dataclass(frozen=True, slots=True)
class Related:
    """An article related to the query: the query is ``role`` ("source" or "derived")."""

    id: str
    relation: Relation
    score: float
    role: str
    direction_evidence: str
    channels: tuple[str, ...]


def query_candidates(
    query: ArticleFingerprint, corpus: Corpus, config: Config
) -> dict[int, list[str]]:
    """Corpus rows proposed by any channel for one query article."""
    settings = config.trace
    found: dict[int, list[str]] = {}
    rows = corpus.signatures.shape[1] // settings.bands
    for band in range(settings.bands):
        part = slice(band * rows, (band + 1) * rows)
        hits = np.flatnonzero((corpus.signatures[:, part] == query.signature[part]).all(axis=1))
        for hit in hits:
            found.setdefault(int(hit), ["lsh"])
    cosines = corpus.embeddings.astype(np.float32) @ query.embedding.astype(np.float32)
    for row in np.argsort(-cosines)[: settings.neighbours]:
        if cosines[row] >= settings.min_cosine:
            found.setdefault(int(row), []).append("embedding")
    shared = query_key_rows(corpus.keys, query.keys, settings.min_shared_keys, settings.max_key_df)
    for row in shared:
        found.setdefault(row, []).append("keys")
    return found


def find_related(
    query: ArticleFingerprint,
    query_meta: PairMeta,
    corpus: Corpus,
    content: Callable[[str], str],
    config: Config,
    limit: int,
) -> list[Related]:
    """Related articles, best first; the query itself (same text) is left out."""
    embedder = get_embedder(config.fingerprint.embedder)
    cache = SketchCache.of_contents(content, embedder)
    mine = sketch(query.content, embedder)
    related = []
    for i, channels in query_candidates(query, corpus, config).items():
        other = corpus.ids[i]
        theirs = cache.get(other)
        if theirs.content == query.content:
            continue
        evidence = verify_pair(theirs, mine, config.align)
        jaccard = float(np.mean(corpus.signatures[i] == query.signature))
        cosine = float(corpus.embeddings[i].astype(np.float32) @ query.embedding.astype(np.float32))
        named = classify(evidence, jaccard, cosine)
        if named is None:
            continue
        meta = PairMeta(other, corpus.published[i], corpus.outlet[i], theirs.content)
        other_first, why = direction(meta, query_meta, evidence)
        role = "derived" if other_first else "source"
        related.append(Related(other, named[0], round(named[1], 4), role, why, tuple(channels)))
    seen = {r.id for r in related}
    related += [
        r for r in _translations(query, query_meta, corpus, cache, mine, config) if r.id not in seen
    ]
    return sorted(related, key=lambda r: (-r.score, r.id))[:limit]


def _translations(
    query: ArticleFingerprint,
    query_meta: PairMeta,
    corpus: Corpus,
    cache: SketchCache,
    mine: Sketch,
    config: Config,
) -> list[Related]:
    """Translations / same-story articles in other languages (multilingual indexes only)."""
    if query.lede is None or corpus.ledes is None:
        return []
    spaces = query_spaces(query.lede, query.lang, corpus.ledes, corpus.lang, config.trace)
    found = []
    for row, space in spaces.items():
        theirs = cache.get(corpus.ids[row])
        verdict = TranslationJudge(space, config.trace).judge(
            (0, 1), (mine, theirs), (query.lang, corpus.lang[row])
        )
        if verdict is None:
            continue
        meta = PairMeta(corpus.ids[row], corpus.published[row], corpus.outlet[row], theirs.content)
        query_first, why = direction(query_meta, meta, verdict.evidence)
        role = "source" if query_first else "derived"
        score = round(verdict.score, 4)
        found.append(Related(meta.id, verdict.relation, score, role, why, ("translation",)))
    return found
