"""The fastest the trace design can be on this machine: its library calls alone, no glue.

    python bench/floor_bench.py --size 100000                 # beside the datasketch baseline
    python bench/floor_bench.py --corpus big.jsonl --no-baseline   # any JSONL corpus ("text")

Issue 4 asks for at least 10x the datasketch baseline end to end. This times, on the same
corpus and in the same run as that baseline, only the steps the design itself prescribes,
each done once by the library that does it (the fastest implementation this project has):

- read: ``json.loads`` of every corpus line (``index add`` reads files);
- minhash: character 8-gram hashes (``fingerprint.shingles``, numpy) and rensa's digests;
- article embeddings: the static model on each article's first 1,500 characters;
- store: every (id, text) row into a SQLite table in WAL mode, a transaction per 1,024 rows;
- neighbours: faiss nearest neighbours of the article embeddings (``match.candidates``, as the
  engine runs it: exact up to 200k articles, HNSW above, on all cores already); and the
  cheapest search measured for this channel, faiss IVF with 4 of sqrt(n) lists probed
  (recall 0.46 of the exact pairs at 100k, bench/README.md): the floor takes the faster;
- sentences: sentencex on every non-empty line;
- sentence embeddings: the static model on every distinct sentence of the corpus (one
  encoding per distinct text: more sharing than the engine's batches get).

It leaves out everything else the engine does: cleaning, salient keys, the keys channel,
sketch words and stems, loading the index, verifying each candidate pair, classifying,
families, storing and writing the trace. The floor gives the parts that a process pool can
spread (all but store and the searches) all the cores with no overhead, so it is a lower
bound: nothing that takes these steps with these libraries on this machine is faster. Each
part runs once, in this process, after the corpus is in memory; the baseline runs in a
spawned process.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [p for p in (str(REPO), str(REPO / "src")) if p not in sys.path]

from bench import trace_bench  # noqa: E402

SERIAL = ("store", "neighbours", "neighbours, IVF")
"""Parts the floor does not spread over the cores: one SQLite writer; faiss uses them all."""
ROWS = 1024


def corpus_lines(size: int, path: Path | None) -> list[str]:
    """The corpus as JSONL lines: ``path``'s first ``size`` lines, or the scale corpus."""
    if path is not None:
        with path.open(encoding="utf-8") as handle:
            return [line for _, line in zip(range(size), handle, strict=False)]
    ids, texts, _ = trace_bench.corpus_texts(size)
    return [json.dumps({"id": i, "text": t}) for i, t in zip(ids, texts, strict=True)]


def timed(step: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    made = step()
    return made, time.perf_counter() - started


def blocks(items: list[Any], size: int = 4096) -> Iterator[list[Any]]:
    return (items[start : start + size] for start in range(0, len(items), size))


def minhash(texts: list[str]) -> None:
    from rensa import RMinHash

    from newstrace.config import FingerprintConfig
    from newstrace.fingerprint.shingles import shingle_hashes

    config = FingerprintConfig()
    for batch in blocks(texts, 256):
        flat, offsets = shingle_hashes([t.casefold() for t in batch], config.shingle_chars)
        RMinHash.digest_matrix_from_flat_token_hashes(flat, offsets, config.num_perm, config.seed)


def embed(texts: list[str], keep: bool = True) -> np.ndarray | None:
    """Every text's vector (``keep``), or nothing: a sketch keeps its sentences' vectors per
    article, never the corpus's at once (1M articles' sentences: 5 GB as float16)."""
    from newstrace.embed.base import get_embedder

    model = get_embedder("static")
    if not keep:
        for batch in blocks(texts):
            model.encode(batch)
        return None
    return np.concatenate([model.encode(batch) for batch in blocks(texts)]).astype(np.float16)


def store(ids: list[str], texts: list[str], directory: str) -> None:
    connection = sqlite3.connect(Path(directory) / "floor.sqlite")
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE articles (id TEXT PRIMARY KEY, text TEXT NOT NULL)")
    for start in range(0, len(ids), ROWS):
        rows = zip(ids[start : start + ROWS], texts[start : start + ROWS], strict=True)
        with connection:
            connection.executemany("INSERT INTO articles VALUES (?, ?)", rows)
    connection.close()


def neighbours(vectors: np.ndarray) -> None:
    from newstrace.config import TraceConfig
    from newstrace.match.candidates import embedding_candidates

    settings = TraceConfig()
    embedding_candidates(
        vectors, settings.neighbours, settings.min_cosine, settings.exact_neighbours_limit
    )


def neighbours_ivf(vectors: np.ndarray) -> None:
    import faiss

    data = np.ascontiguousarray(vectors, dtype=np.float32)
    lists = max(16, int(len(data) ** 0.5))
    quantizer = faiss.IndexFlatIP(data.shape[1])
    index = faiss.IndexIVFFlat(quantizer, data.shape[1], lists, faiss.METRIC_INNER_PRODUCT)
    sample = np.random.default_rng(0).choice(len(data), min(len(data), 40 * lists), replace=False)
    index.train(data[sample])
    index.add(data)
    index.nprobe = 4
    for start in range(0, len(data), 32768):
        index.search(data[start : start + 32768], 6)


def sentences(texts: list[str]) -> list[str]:
    import sentencex

    found: dict[str, None] = {}
    for text in texts:
        for line in text.split("\n"):
            if line.strip():
                for item in sentencex.get_sentence_boundaries("en", line):
                    found[line[item["start_index"] : item["end_index"]].strip()] = None
    return list(found)


def measure(lines: list[str]) -> dict[str, float]:
    """Seconds of each prescribed part on these corpus lines (model and faiss loaded first).
    Empties ``lines`` once they are parsed: a 1M corpus's lines are 2 GB, and its sentences
    were killed for memory beside them."""
    import faiss  # noqa: F401  (a 0.3 s import, not part of any step)

    from newstrace.embed.base import get_embedder

    get_embedder("static").encode(["warm-up: loads the model"])
    parts: dict[str, float] = {}
    records, parts["read"] = timed(lambda: [json.loads(line) for line in lines])
    ids, texts = [r["id"] for r in records], [r["text"] for r in records]
    del records, lines[:]
    _, parts["minhash"] = timed(lambda: minhash(texts))
    vectors, parts["article embeddings"] = timed(lambda: embed([t[:1500] for t in texts]))
    with tempfile.TemporaryDirectory() as tmp:
        _, parts["store"] = timed(lambda: store(ids, texts, tmp))
    _, parts["neighbours"] = timed(lambda: neighbours(vectors))
    _, parts["neighbours, IVF"] = timed(lambda: neighbours_ivf(vectors))
    distinct, parts["sentences"] = timed(lambda: sentences(texts))
    _, parts["sentence embeddings"] = timed(lambda: embed(distinct, keep=False))
    return parts


def slower_search(parts: dict[str, float]) -> str:
    """The neighbour search the floor leaves out: the slower of the two."""
    return max(("neighbours", "neighbours, IVF"), key=parts.__getitem__)


def floor_of(parts: dict[str, float], cores: int) -> float:
    """Every part's share, the faster of the two neighbour searches only."""
    counted = {name: s for name, s in parts.items() if name != slower_search(parts)}
    return sum(s if name in SERIAL else s / cores for name, s in counted.items())


def report(parts: dict[str, float], cores: int, baseline: dict[str, Any] | None) -> None:
    floor, slower = floor_of(parts, cores), slower_search(parts)
    for name, seconds in parts.items():
        share, how = (seconds, "as run") if name in SERIAL else (seconds / cores, "one core")
        counted = "not counted (the other search is faster)" if name == slower else f"{share:.1f} s"
        print(f"  {name:20} {seconds:8.1f} s ({how:8}) -> {counted}")
    print(f"floor (no glue, perfect use of {cores} cores): {floor:.1f} s")
    if baseline is None:
        return
    budget = baseline["total_s"] / 10
    print(
        f"datasketch baseline: {baseline['total_s']:.1f} s end to end; 10x needs <= {budget:.1f} s;"
        f" the floor alone is {floor / budget:.2f}x that budget, so the best ratio this design "
        f"can reach here is {baseline['total_s'] / floor:.1f}x"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench/floor_bench.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--size", type=int, default=10000, help="articles (default 10000)")
    parser.add_argument("--corpus", type=Path, help="a JSONL corpus instead of the scale corpus")
    parser.add_argument("--no-baseline", action="store_true", help="skip the datasketch run")
    args = parser.parse_args(argv)
    if args.corpus is not None and not args.no_baseline:
        parser.error("--corpus needs --no-baseline (the baseline runs on the scale corpus)")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    baseline = None
    if not args.no_baseline:
        baseline = trace_bench.in_child(trace_bench.baseline_stage, args.size, "char5")
    lines = corpus_lines(args.size, args.corpus)
    print(f"{len(lines):,} articles, {cores} cores", flush=True)
    report(measure(lines), cores, baseline)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
