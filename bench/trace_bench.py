"""Time corpus tracing (``newstrace.match``) against a datasketch MinHash + LSH pipeline.

    python bench/trace_bench.py [--sizes 1000,3000] [--knn-size 10000] [--baseline char5]
    nice -n 10 python bench/trace_bench.py --sizes 10000,100000 --knn-size 0   # the full run

Corpora come from ``eval.synthetic.scale_corpus``: real SemEval English articles, then
generated (word-bigram) base articles, each with 1-4 perturbed copies (known families), so
there are true copies to find at every size. Every measurement runs in a fresh spawned
process; its peak memory is that process's ``ru_maxrss`` (interpreter, libraries, model and
corpus texts included), ``+`` is the growth over the resident size just before the timed
work, and "largest worker" is the peak of the biggest verification worker it forked (they
share the parent's pages copy-on-write, so parent + workers over-counts).

- engine: what a user runs, ``api.index_add`` of the corpus as a JSONL file into a SQLite index
  (reading, cleaning, fingerprinting on ``NEWSTRACE_WORKERS`` or all available CPUs, storing),
  then ``api.trace`` of that index (candidates from the three channels, each article sketched
  once, verification on all workers, families, the trace stored in the index). The model load
  is warmed up first and not timed.
- baseline: datasketch shingles (char 5-grams by default, as in eval/trace.py), ``MinHash.bulk``
  (128 permutations), ``MinHashLSH(threshold=0.5)`` insert, a query per document, and connected
  components as families.
- kNN: the embedding channel alone at ``--knn-size`` (embeddings of a scale corpus, k=5,
  cosine >= 0.6 as in ``TraceConfig``): exact (``match.candidates``, faiss ``IndexFlatIP``) vs faiss
  ``IndexHNSWFlat`` and ``IndexIVFFlat`` and hnswlib, with their recall of the exact pairs.

The 1M line extrapolates each part as ``t(n) = t(largest) * (n / largest) ** slope``, the
slope fitted between the two largest sizes (1 = linear), and sums the projected time parts;
memory is extrapolated from the growth over the start, not the fixed interpreter and model.
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
K_NEIGHBOURS = 5  # TraceConfig.neighbours
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
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        result["worker_peak_mb"] = round(children, 1)
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


def engine_stage(size: int) -> Result:
    """What a user runs: ``index add`` of a JSONL file into a SQLite index (reading, cleaning,
    fingerprinting on the worker processes, storing), then ``trace`` of that index (its
    stored result included). The corpus file is written first, untimed."""
    import json

    from newstrace import api
    from newstrace.config import Config, default_workers
    from newstrace.embed.base import get_embedder

    ids, texts, truth = corpus_texts(size)
    with tempfile.TemporaryDirectory() as tmp:
        corpus, index = Path(tmp) / "corpus.jsonl", Path(tmp) / "index.sqlite"
        with corpus.open("w", encoding="utf-8") as out:
            for article_id, text in zip(ids, texts, strict=True):
                out.write(json.dumps({"id": article_id, "text": text, "lang": "en"}) + "\n")
        del texts
        get_embedder(Config().fingerprint.embedder).encode(["warm-up: loads the model"])
        start_rss = rss_mb()
        started = time.perf_counter()
        api.index_add(corpus, index)
        add_s = time.perf_counter() - started
        report = api.trace(index)
        index_mb = index.stat().st_size / 2**20
    result = report.result
    labels = {m: f.family for f in result.families for m in f.members}
    return {
        "fingerprint_s": add_s,
        "candidates_s": result.stages["candidates"],
        "verify_s": result.stages["verify"],
        "trace_s": result.seconds,
        "total_s": add_s + result.seconds,
        "pairs": result.candidates["pairs"],
        "edges": len(result.edges),
        "ari": ari_of(ids, truth, labels),
        "start_mb": round(start_rss, 1),
        "workers": default_workers(),
        "index_mb": round(index_mb, 1),
    }


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

    found = embedding_candidates(vectors, K_NEIGHBOURS, MIN_COSINE).tolist()
    return {(a, b) for a, b in found}


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


def knn_hnswlib(vectors: np.ndarray) -> set[tuple[int, int]]:
    import hnswlib  # type: ignore[import-untyped,import-not-found,unused-ignore]

    data = np.ascontiguousarray(vectors, dtype=np.float32)
    index = hnswlib.Index(space="ip", dim=data.shape[1])
    index.init_index(len(data), ef_construction=64, M=HNSW_M, random_seed=0)
    index.add_items(data, np.arange(len(data)))
    index.set_ef(64)
    labels, distances = index.knn_query(data, k=K_NEIGHBOURS + 1)
    return _pairs(1.0 - distances, labels)


KNN: dict[str, Callable[[np.ndarray], set[tuple[int, int]]]] = {
    "exact": knn_exact,
    "faiss-hnsw": knn_hnsw,
    "faiss-ivf": knn_ivf,
    "hnswlib": knn_hnswlib,
}


# --- report -------------------------------------------------------------------------------


def measure_size(size: int, shingle: str, baseline_too: bool) -> tuple[Result, Result | None]:
    engine = in_child(engine_stage, size)
    baseline = in_child(baseline_stage, size, shingle) if baseline_too else None
    for name, r in (("engine", engine), ("baseline", baseline)):
        if r is None:
            print(f"{size:>8} baseline  not run (--baseline-max)", flush=True)
            continue
        print(
            f"{size:>8} {name:9} add {size / r['fingerprint_s']:8.0f}/s "
            f"({r['fingerprint_s']:7.1f}s)  trace {r['trace_s']:8.1f}s  total {r['total_s']:8.1f}s"
            f"  pairs {r['pairs']:>8}  ARI {r['ari']:.3f}  peak {r['peak_mb']:7.0f} MB"
            f" (+{r['growth_mb']:.0f}; largest worker {r['worker_peak_mb']:.0f})",
            flush=True,
        )
    print(
        f"{size:>8} engine    trace = candidates {engine['candidates_s']:.1f}s + verify "
        f"{engine['verify_s']:.1f}s ({engine['pairs']} pairs on {engine['workers']} workers, "
        f"{1000 * engine['verify_s'] / max(engine['pairs'], 1):.2f} ms/pair wall)",
        flush=True,
    )
    if baseline is not None:
        print(
            f"{size:>8} ratios    baseline/engine time (higher = engine faster): add "
            f"{_ratio(baseline, engine, 'fingerprint_s')}, trace "
            f"{_ratio(baseline, engine, 'trace_s')}, total {_ratio(baseline, engine, 'total_s')}"
            f"; engine/baseline peak memory {_ratio(engine, baseline, 'peak_mb')}",
            flush=True,
        )
    return engine, baseline


def _ratio(a: Result, b: Result, key: str) -> str:
    return f"{a[key] / b[key]:.3g}x" if b[key] else "-"


PARTS = {
    "engine": ("fingerprint_s", "candidates_s", "verify_s", "growth_mb"),
    "baseline": ("fingerprint_s", "trace_s", "growth_mb"),
}


def extrapolate(runs: dict[str, list[tuple[int, Result]]], target: int = 1_000_000) -> None:
    """Fit t ~ n**slope per part between the two largest sizes each pipeline ran at; the total
    is the sum of the projected time parts (each part keeps its own growth)."""
    for name, sized in runs.items():
        if len(sized) < 2:
            print(f"1M {name:9} needs two sizes to fit a slope")
            continue
        (n1, first), (n2, last) = sized[-2:]
        parts, total = [], 0.0
        for key in PARTS[name]:
            t1, t2 = first[key], last[key]
            slope = math.log(t2 / t1) / math.log(n2 / n1) if t1 > 0 and t2 > 0 else float("nan")
            projected = t2 * (target / n2) ** slope
            total += projected if key.endswith("_s") else 0.0
            parts.append(f"{key} {projected:,.0f} (slope {slope:.2f})")
        base = last["peak_mb"] - last["growth_mb"]
        print(
            f"1M {name:9} total {total:,.0f} s (fitted on {n1:,} and {n2:,}); "
            + ", ".join(parts)
            + f"; + {base:.0f} MB base"
        )


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
    parser = argparse.ArgumentParser(
        prog="bench/trace_bench.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sizes", default="1000,3000", help="corpus sizes, comma-separated")
    parser.add_argument("--knn-size", type=int, default=10000, help="0 skips the kNN part")
    parser.add_argument("--baseline", choices=("char5", "word5"), default="char5")
    parser.add_argument(
        "--baseline-max",
        type=int,
        default=0,
        help="run the baseline only up to this size (0: always); datasketch's LSH needs ~10 GB "
        "per 100k articles",
    )
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(",") if s)
    print(f"sizes {sizes}; baseline datasketch {args.baseline} MinHash(128) + LSH(0.5)")
    runs: dict[str, list[tuple[int, Result]]] = {"engine": [], "baseline": []}
    for size in sizes:
        engine, baseline = measure_size(
            size, args.baseline, not args.baseline_max or size <= args.baseline_max
        )
        runs["engine"].append((size, engine))
        if baseline is not None:
            runs["baseline"].append((size, baseline))
    extrapolate(runs)
    if args.knn_size:
        measure_knn(args.knn_size)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
