"""``newstrace trace`` and ``newstrace find``: thin shells over ``api.trace``/``api.find``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from newstrace import api
from newstrace.cli.common import errors_exit, interrupted_exit
from newstrace.cli.progress import TraceMeter
from newstrace.config import DEFAULT_INDEX
from newstrace.report.trace import TRACE_FORMATS

TRACE_EPILOG = """\
\b
Examples:
  newstrace trace                                   # JSONL edges + families on stdout
  newstrace trace --index news.sqlite -f parquet -o edges.parquet
  newstrace trace -f csv -o edges.csv               # also writes edges.families.csv
"""

FIND_EPILOG = """\
\b
Examples:
  newstrace find rewrite.txt                        # who does this article derive from?
  newstrace find 1484035599 --index news.sqlite -k 5
  newstrace find rewrite.txt --compare              # then audit the best pair
"""

IndexOpt = Annotated[Path, typer.Option("--index", help="The index to read (SQLite file).")]


def trace(
    index: IndexOpt = Path(DEFAULT_INDEX),
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv or parquet.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here.")] = None,
    store: Annotated[
        bool, typer.Option(help="Also keep the trace in the index (what 'serve' shows).")
    ] = True,
) -> None:
    """Find every pair of indexed articles where one derives from the other.

    Edges say how (duplicate, light_edit, rewrite, partial_reuse, translation, same_story),
    which came first and which evidence decided; families group the articles with a timeline.
    Translations are found in an index built with 'index add --multilingual'. The trace is
    also stored in the index (replacing the previous one) for 'newstrace serve'.
    """
    with errors_exit():
        if fmt not in TRACE_FORMATS:
            raise typer.BadParameter(
                f"{fmt!r}; use one of {', '.join(TRACE_FORMATS)}", param_hint="--format"
            )
        if fmt != "jsonl" and output is None:
            raise typer.BadParameter(f"{fmt} output needs -o FILE", param_hint="--output")
        meter = TraceMeter(sys.stderr)
        kept = (
            "the index keeps its last complete trace (a trace is stored whole); "
            "output written before the interruption is incomplete"
        )
        try:
            with interrupted_exit(kept, meter.finish):
                report = api.trace(index, progress=meter, save=store)
                written = _write(report, fmt, output, meter)
        finally:
            meter.finish()
        for path in written:
            typer.echo(f"wrote {path}", err=True)
        counts = report.result.candidates
        typer.echo(
            f"{counts['pairs']} candidate pairs, {counts['edges']} edges, "
            f"{len(report.result.families)} families in {report.result.seconds:.1f}s",
            err=True,
        )


def _write(report: api.TraceReport, fmt: str, output: Path | None, meter: TraceMeter) -> list[Path]:
    """The trace on stdout (JSON Lines) or in ``output``; the files written."""
    if output is None:
        sys.stdout.writelines(api.trace_lines(report, meter))
        return []
    return api.write_trace_report(report, fmt, output, meter)


def find(
    article: Annotated[str, typer.Argument(help="An indexed article id, or a .txt/.html file.")],
    index: IndexOpt = Path(DEFAULT_INDEX),
    k: Annotated[int, typer.Option("-k", min=1, help="How many related articles.")] = 10,
    compare: Annotated[
        bool, typer.Option(help="Audit the best pair and print the report.")
    ] = False,
) -> None:
    """Rank the sources and derivatives of one article in the index."""
    with errors_exit():
        report = api.find(article, index, limit=k)
        for item in report.related:
            typer.echo(
                f"{item.score:.3f}\t{item.relation.value}\tquery is {item.role}\t{item.id}"
                f"\t{item.direction_evidence}"
            )
        if not report.related:
            typer.echo("no related article found", err=True)
        if compare and report.related:
            typer.echo(api.compare_related(report, index), nl=False)


def register(app: typer.Typer) -> None:
    app.command(epilog=TRACE_EPILOG)(trace)
    app.command(epilog=FIND_EPILOG)(find)
