"""Time corpus tracing (``newstrace.match``) against a datasketch MinHash + LSH pipeline.

    python bench/trace_bench.py [--sizes 1000,3000] [--knn-size 10000] [--baseline char5]
    python bench/trace_bench.py --sizes 10000,100000 --knn-size 100000      # the full run

Corpora come from ``eval.synthetic.scale_corpus``: real SemEval English articles, then
sentence mosaics of them, each with 1-4 perturbed copies (known families), so there are true
copies to find at every size. Every measurement runs in a fresh spawned process; its peak
memory is that process's ``ru_maxrss`` (interpreter, libraries, model and corpus texts
included), and ``+peak`` is the growth over the resident size just before the timed work.

- engine: ``fingerprint_articles`` in batches of 256 (the ``index add`` hot path: MinHash,
  embedding, keys), then ``trace_corpus`` (candidates from the three channels, verification,
  families). The model load is warmed up first and not timed.
- baseline: datasketch shingles (char 5-grams by default, as in eval/trace.py), ``MinHash.bulk``
  (128 permutations), ``MinHashLSH(threshold=0.5)`` insert, a query per document, and connected
  components as families.
- kNN: the embedding channel alone at ``--knn-size`` (embeddings of a scale corpus, k=10,
  cosine >= 0.6 as in ``TraceConfig``): exact blocked numpy (``match.candidates``) vs faiss
  ``IndexHNSWFlat`` and ``IndexIVFFlat``, with their recall of the exact pairs.

The 1M line extrapolates each time as ``t(n) = t(largest) * (n / largest) ** slope``, the slope
fitted between the two largest sizes (it says how the cost grows: 1 = linear); memory is
extrapolated from the growth over the start, not from the fixed interpreter and model.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [p for p in (str(REPO), str(REPO / "src")) if p not in sys.path]

import numpy as np  # noqa: E402

Result = dict[str, Any]
K_NEIGHBOURS = 10
MIN_COSINE = 0.6
HNSW_M = 32


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / 2**20


def in_child(target: Callable[..., Result], *args: Any) -> Result:
    """Run ``target(*args)`` in a fresh spawned interpreter; its result and peak memory."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=_child, args=(target, args, queue))
    process.start()
    result: Result = queue.get()
    process.join()
    if "error" in result:
        raise RuntimeError(result["error"])
    return result


def _child(target: Callable[..., Result], args: tuple[Any, ...], queue: Any) -> None:
    try:
        result = target(*args)
        result["peak_mb"] = round(peak_mb(), 1)
        result["growth_mb"] = round(result["peak_mb"] - result.get("start_mb", 0.0), 1)
    except Exception as exc:  # reported to the parent, which raises
        result = {"error": f"{type(exc).__name__}: {exc}"}
    queue.put(result)


def corpus_texts(size: int) -> tuple[list[str], list[str], dict[str, str]]:
    from eval.synthetic import scale_corpus

    made = scale_corpus(size)
    return [a.id for a in made], [a.text for a in made], {a.id: a.family for a in made}


def ari_of(ids: list[str], truth: dict[str, str], found: dict[str, str]) -> float:
    from eval.trace_data import adjusted_rand

    return round(adjusted_rand([truth[x] for x in ids], [found.get(x, x) for x in ids]), 4)


# --- the engine ---------------------------------------------------------------------------


def engine_stage(size: int, full_limit: int) -> Result:
    from eval.trace_data import fingerprint_corpus, text_article
    from newstrace.config import Config
    from newstrace.match.trace import candidate_pairs, trace_corpus

    config = Config()
    ids, texts, truth = corpus_texts(size)
    articles = [text_article(i, t, "en") for i, t in zip(ids, texts, strict=True)]
    fingerprint_corpus(articles[:8], config)  # loads the embedding model
    start_rss = rss_mb()
    started = time.perf_counter()
    corpus = fingerprint_corpus(articles, config)
    fingerprint_s = time.perf_counter() - started
    started = time.perf_counter()
    candidates = candidate_pairs(corpus, config)
    candidates_s = time.perf_counter() - started
    out: Result = {"fingerprint_s": fingerprint_s, "candidates_s": candidates_s}
    out |= {"pairs": len(candidates), "start_mb": round(start_rss, 1), "ari": None}
    out |= project_trace(corpus, sorted(candidates), config, candidates_s)
    if size <= full_limit:
        result = trace_corpus(corpus, corpus.content, config)
        labels = {m: f.family for f in result.families for m in f.members}
        out |= {"trace_s": result.seconds, "edges": len(result.edges), "projected": False}
        out["ari"] = ari_of(ids, truth, labels)
    out["total_s"] = fingerprint_s + out["trace_s"]
    return out


def project_trace(
    corpus: Any, order: list[tuple[int, int]], config: Any, candidates_s: float
) -> Result:
    """Trace time from measured parts: candidates + sketch misses x sketch + pairs x verify.

    The misses are those of ``trace_corpus``'s LRU sketch cache replayed over its pair order
    (sorted pairs, a then b); the unit costs are timed on seeded samples.
    """
    import inspect
    import random

    from newstrace.embed.base import get_embedder
    from newstrace.match.sketch import SketchCache, sketch
    from newstrace.match.trace import pair_edge

    cache_size = inspect.signature(SketchCache).parameters["size"].default
    misses = lru_misses([corpus.ids[x] for pair in order for x in pair], cache_size)
    rng = random.Random(0)
    embedder = get_embedder(config.fingerprint.embedder)
    sample = rng.sample(corpus.ids, min(300, len(corpus.ids)))
    started = time.perf_counter()
    for article_id in sample:
        sketch(corpus.content(article_id), embedder)
    sketch_s = (time.perf_counter() - started) / len(sample)
    pairs = rng.sample(order, min(3000, len(order)))
    warm = SketchCache(corpus.content, embedder, size=2 * len(pairs) + 1)
    for pair in pairs:
        warm.get(corpus.ids[pair[0]]), warm.get(corpus.ids[pair[1]])
    started = time.perf_counter()
    for pair in pairs:
        pair_edge(corpus, pair, ("lsh",), warm, corpus.content, config)
    pair_s = (time.perf_counter() - started) / max(len(pairs), 1)
    projected = candidates_s + misses * sketch_s + len(order) * pair_s
    return {"trace_s": projected, "projected_s": projected, "projected": True,
            "sketch_misses": misses, "cache": cache_size,
            "sketch_ms": 1000 * sketch_s, "pair_ms": 1000 * pair_s}  # fmt: skip


def lru_misses(accesses: list[str], size: int) -> int:
    """Misses of a least-recently-used cache of ``size`` over ``accesses``."""
    from collections import OrderedDict

    cache: OrderedDict[str, None] = OrderedDict()
    misses = 0
    for key in accesses:
        if key in cache:
            cache.move_to_end(key)
            continue
        misses += 1
        cache[key] = None
        if len(cache) > size:
            cache.popitem(last=False)
    return misses


# --- the datasketch baseline --------------------------------------------------------------


def baseline_stage(size: int, shingle: str) -> Result:
    from datasketch import MinHash, MinHashLSH  # type: ignore[import-untyped]

    from eval.trace_data import BASELINE_PERM, char_shingles, components, word_shingles

    ids, texts, truth = corpus_texts(size)
    make = char_shingles if shingle == "char5" else word_shingles
    start_rss = rss_mb()
    clock = time.perf_counter()
    shingles = [list(make(t)) for t in texts]
    minhashes = MinHash.bulk(shingles, num_perm=BASELINE_PERM, seed=1)
    lsh = MinHashLSH(threshold=0.5, num_perm=BASELINE_PERM)
    for i, minhash in enumerate(minhashes):
        lsh.insert(i, minhash)
    add_s = time.perf_counter() - clock
    clock = time.perf_counter()
    pairs = {(min(i, j), max(i, j)) for i, m in enumerate(minhashes) for j in lsh.query(m)}
    labels = components(ids, ((ids[i], ids[j]) for i, j in pairs if i != j))
    trace_s = time.perf_counter() - clock
    return {
        "fingerprint_s": add_s,
        "trace_s": trace_s,
        "total_s": add_s + trace_s,
        "pairs": sum(i != j for i, j in pairs),
        "ari": ari_of(ids, truth, labels),
        "start_mb": round(start_rss, 1),
    }


# --- the embedding kNN channel ------------------------------------------------------------


def embed_stage(size: int, path: str) -> Result:
    """Embeddings of a scale corpus (what the fingerprint stores), saved for the kNN runs."""
    from newstrace.config import Config
    from newstrace.embed.base import get_embedder

    _, texts, _ = corpus_texts(size)
    config = Config().fingerprint
    embedder = get_embedder(config.embedder)
    started = time.perf_counter()
    vectors = embedder.encode([" ".join(t.casefold().split())[: config.embed_chars] for t in texts])
    np.save(path, vectors.astype(np.float16))
    return {"embed_s": time.perf_counter() - started, "dim": int(vectors.shape[1])}


def knn_stage(path: str, method: str) -> Result:
    vectors = np.load(path)
    start_rss = rss_mb()
    started = time.perf_counter()
    pairs = KNN[method](vectors)
    seconds = time.perf_counter() - started
    found = np.array(sorted(pairs), dtype=np.int32).reshape(-1, 2)
    return {"seconds": seconds, "pairs": found, "start_mb": round(start_rss, 1)}


def knn_exact(vectors: np.ndarray) -> set[tuple[int, int]]:
    from newstrace.match.candidates import embedding_candidates

    return embedding_candidates(vectors, K_NEIGHBOURS, MIN_COSINE)


def knn_hnsw(vectors: np.ndarray) -> set[tuple[int, int]]:
    import faiss

    data = np.ascontiguousarray(vectors, dtype=np.float32)
    index = faiss.IndexHNSWFlat(data.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 64
    index.add(data)
    index.hnsw.efSearch = 64
    return _pairs(*index.search(data, K_NEIGHBOURS + 1))


def knn_ivf(vectors: np.ndarray) -> set[tuple[int, int]]:
    import faiss

    data = np.ascontiguousarray(vectors, dtype=np.float32)
    lists = max(16, int(math.sqrt(len(data))))
    quantizer = faiss.IndexFlatIP(data.shape[1])
    index = faiss.IndexIVFFlat(quantizer, data.shape[1], lists, faiss.METRIC_INNER_PRODUCT)
    rng = np.random.default_rng(0)
    index.train(data[rng.choice(len(data), min(len(data), 40 * lists), replace=False)])
    index.add(data)
    index.nprobe = 16
    return _pairs(*index.search(data, K_NEIGHBOURS + 1))


def _pairs(sims: np.ndarray, rows: np.ndarray) -> set[tuple[int, int]]:
    out: set[tuple[int, int]] = set()
    for i in range(len(rows)):
        for sim, j in zip(sims[i], rows[i], strict=True):
            if j >= 0 and j != i and sim >= MIN_COSINE:
                out.add((min(i, int(j)), max(i, int(j))))
    return out


KNN: dict[str, Callable[[np.ndarray], set[tuple[int, int]]]] = {
    "exact": knn_exact,
    "faiss-hnsw": knn_hnsw,
    "faiss-ivf": knn_ivf,
}


# --- report -------------------------------------------------------------------------------


def measure_size(size: int, shingle: str, full_limit: int) -> tuple[Result, Result]:
    engine = in_child(engine_stage, size, full_limit)
    baseline = in_child(baseline_stage, size, shingle)
    for name, r in (("engine", engine), ("baseline", baseline)):
        ari = "-" if r["ari"] is None else f"{r['ari']:.3f}"
        mark = "~" if r.get("projected") else " "
        print(
            f"{size:>8} {name:9} add {size / r['fingerprint_s']:8.0f}/s "
            f"({r['fingerprint_s']:7.1f}s)  trace{mark}{r['trace_s']:8.1f}s  total{mark}"
            f"{r['total_s']:8.1f}s  pairs {r['pairs']:>8}  ARI {ari}  peak {r['peak_mb']:7.0f} MB"
            f" (+{r['growth_mb']:.0f})",
            flush=True,
        )
    print(
        f"{size:>8} engine    candidates {engine['candidates_s']:.1f}s; {engine['pairs']} pairs x "
        f"{engine['pair_ms']:.2f} ms verify; {engine['sketch_misses']} sketch misses (LRU "
        f"{engine['cache']}) x {engine['sketch_ms']:.1f} ms; projected trace "
        f"{engine['projected_s']:.1f}s",
        flush=True,
    )
    print(
        f"{size:>8} ratios    engine/baseline: add time {_ratio(engine, baseline, 'fingerprint_s')}"
        f", trace time {_ratio(engine, baseline, 'trace_s')}, total time "
        f"{_ratio(engine, baseline, 'total_s')}, peak memory {_ratio(engine, baseline, 'peak_mb')}",
        flush=True,
    )
    return engine, baseline


def _ratio(a: Result, b: Result, key: str) -> str:
    return f"{a[key] / b[key]:.2f}x" if b[key] else "-"


def extrapolate(sizes: list[int], runs: dict[str, list[Result]], target: int = 1_000_000) -> None:
    """Fit t ~ n**slope between the two largest sizes; project every time to ``target``."""
    if len(sizes) < 2:
        print("1M: needs two sizes to fit a slope")
        return
    (n1, n2) = sizes[-2:]
    for name, results in runs.items():
        parts = []
        for key in ("fingerprint_s", "trace_s", "total_s", "growth_mb"):
            t1, t2 = results[-2][key], results[-1][key]
            slope = math.log(t2 / t1) / math.log(n2 / n1) if t1 > 0 and t2 > 0 else float("nan")
            projected = t2 * (target / n2) ** slope
            parts.append(f"{key} {projected:,.0f} (slope {slope:.2f})")
        print(f"1M {name:9} " + ", ".join(parts))


def measure_knn(size: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "vectors.npy")
        made = in_child(embed_stage, size, path)
        print(f"kNN at {size}: {made['dim']}-d embeddings (k={K_NEIGHBOURS}, cos >= {MIN_COSINE})")
        exact = in_child(knn_stage, path, "exact")
        truth = {tuple(p) for p in exact["pairs"].tolist()}
        for method in KNN:
            run = exact if method == "exact" else in_child(knn_stage, path, method)
            found = {tuple(p) for p in run["pairs"].tolist()}
            recall = len(found & truth) / max(len(truth), 1)
            print(
                f"  {method:11} {run['seconds']:8.1f}s  pairs {len(found):>8}  recall of exact "
                f"{recall:.3f}  peak {run['peak_mb']:7.0f} MB (+{run['growth_mb']:.0f})",
                flush=True,
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/trace_bench.py", description=__doc__)
    parser.add_argument("--sizes", default="1000,3000", help="corpus sizes, comma-separated")
    parser.add_argument("--knn-size", type=int, default=10000, help="0 skips the kNN part")
    parser.add_argument("--baseline", choices=("char5", "word5"), default="char5")
    parser.add_argument(
        "--full-trace-limit",
        type=int,
        default=20000,
        help="above this size trace time is projected from measured parts (~ in the table)",
    )
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(",") if s)
    print(f"sizes {sizes}; baseline datasketch {args.baseline} MinHash(128) + LSH(0.5)")
    runs: dict[str, list[Result]] = {"engine": [], "baseline": []}
    for size in sizes:
        engine, baseline = measure_size(size, args.baseline, args.full_trace_limit)
        runs["engine"].append(engine)
        runs["baseline"].append(baseline)
    extrapolate(sizes, runs)
    if args.knn_size:
        measure_knn(args.knn_size)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
