"""The ``newstrace`` command line: parse, call ``newstrace.api``, write. Nothing else.

Exit codes follow the linters' convention: 0 no finding of a ``--fail-on`` kind, 1 such a
finding, 2 could not run (bad usage, unreadable input, bad setting).
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from newstrace import __version__, api
from newstrace.cli import serve as serve_command
from newstrace.cli import trace as trace_commands
from newstrace.cli.common import errors_exit as _errors_exit
from newstrace.cli.common import usage_error as _usage_error
from newstrace.cli.index import index_app
from newstrace.config import EMBEDDERS, AlignConfig, Config, IngestConfig
from newstrace.records import Article, Audit, SourceStatus, Verdict
from newstrace.report import FORMATS, render_summary

STDIN = "-"
FINDINGS_EXIT = 1

DEMO_DIR = Path("newstrace-demo")
DEFAULT_EMBEDDER = AlignConfig().embedder
DEFAULT_MAX_BYTES = IngestConfig().max_bytes
DEFAULT_ALIGN = AlignConfig()

FORMAT_BY_SUFFIX = {".json": "json", ".html": "html", ".htm": "html", ".txt": "text"}


def _verdict_finding(verdict: Verdict) -> Callable[[Audit], bool]:
    return lambda audit: any(f.verdict is verdict for f in audit.derived_findings)


def _has_dropped(audit: Audit) -> bool:
    return any(f.status is SourceStatus.DROPPED for f in audit.source_findings)


def _has_evasion(audit: Audit) -> bool:
    return bool(audit.source.evasions or audit.derived.evasions)


FINDING_KINDS: dict[str, Callable[[Audit], bool]] = {
    **{verdict.value: _verdict_finding(verdict) for verdict in Verdict},
    "dropped": _has_dropped,
    "evasion": _has_evasion,
}
"""Every ``--fail-on`` kind and how to tell whether an audit has a finding of it."""

COMPARE_EPILOG = """\
\b
Examples:
  newstrace compare source.html copy.html            # readable report
  newstrace compare source.txt rewrite.txt -o audit.html
  newstrace compare source.txt rewrite.txt -f json | jq .summary
  cat rewrite.txt | newstrace compare source.txt -
  newstrace compare source.txt rewrite.txt --fail-on changed_fact,dropped

\b
Exit codes:
  0  no finding of a --fail-on kind
  1  at least one finding of a --fail-on kind
  2  could not run (bad usage, unreadable input, bad setting)
"""


APP_EPILOG = """\
\b
Examples:
  newstrace compare source.txt rewrite.txt           # audit a rewrite against its source
  newstrace compare source.txt copy.html -o audit.html
  newstrace demo                                     # reports for a bundled example pair
  newstrace compare --help                           # every option and the exit codes
"""

app = typer.Typer(
    name="newstrace",
    help="Trace news provenance: audit what a copy, rewrite or translation changed.",
    epilog=APP_EPILOG,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


app.add_typer(index_app, name="index")
trace_commands.register(app)
serve_command.register(app)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newstrace {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Trace news provenance: audit what a copy, rewrite or translation changed."""


SourceArg = Annotated[
    str, typer.Argument(metavar="SOURCE", help="Source article: a .txt/.html file, or - for stdin.")
]
DerivedArg = Annotated[
    str,
    typer.Argument(
        metavar="DERIVED", help="Derived article (copy, rewrite, translation), or - for stdin."
    ),
]
FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="text, json or html. Default: from the -o suffix, else text on a terminal "
        "and json when piped.",
        show_default=False,
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the report to FILE (atomically) instead of stdout.",
        dir_okay=False,
    ),
]
FailOnOpt = Annotated[
    str,
    typer.Option(
        "--fail-on",
        metavar="KINDS",
        help=f"Comma-separated kinds that make the exit code 1: {', '.join(FINDING_KINDS)}. "
        "'evasion' counts either side.",
        show_default=False,
    ),
]
EmbedderOpt = Annotated[
    str, typer.Option(metavar="NAME", help=f"Sentence embedder: {', '.join(EMBEDDERS)}.")
]
MaxBytesOpt = Annotated[
    int,
    typer.Option(
        "--max-bytes", metavar="N", min=1, help="Refuse an input file larger than N bytes."
    ),
]
MaxCharsOpt = Annotated[
    int,
    typer.Option("--max-chars", metavar="N", min=1, help="Refuse a text longer than N characters."),
]
MaxMatrixOpt = Annotated[
    int,
    typer.Option(
        "--max-matrix-mib",
        metavar="MIB",
        min=1,
        help="Refuse a pair whose score matrices would need more memory than this.",
    ),
]
DemoDirOpt = Annotated[
    Path,
    typer.Option(
        "--output", "-o", metavar="DIR", help="Directory for the demo reports.", file_okay=False
    ),
]


@app.command(epilog=COMPARE_EPILOG)
def compare(
    source: SourceArg,
    derived: DerivedArg,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    fail_on: FailOnOpt = "",
    embedder: EmbedderOpt = DEFAULT_EMBEDDER,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    max_chars: MaxCharsOpt = DEFAULT_ALIGN.max_chars,
    max_matrix_mib: MaxMatrixOpt = DEFAULT_ALIGN.max_matrix_mib,
) -> None:
    """Audit DERIVED against SOURCE, sentence by sentence.

    Each derived sentence gets a verdict (verbatim, light_edit, paraphrase, changed_fact,
    unsupported_addition) with the source sentences behind it; source sentences the
    derived article leaves out are reported as dropped, page furniture as removed.
    """
    with _errors_exit():
        kinds = _parse_fail_on(fail_on)
        report_format = _pick_format(fmt, output)
        _check_stdin_once(source, derived)
        align = AlignConfig(embedder=embedder, max_chars=max_chars, max_matrix_mib=max_matrix_mib)
        config = Config(ingest=IngestConfig(max_bytes=max_bytes), align=align)
        result = api.audit(_read(source, config), _read(derived, config), config)
        color = output is None and report_format == "text" and _stdout_is_terminal()
        _deliver(api.render(result, report_format, color=color), output)
    if any(FINDING_KINDS[kind](result) for kind in kinds):
        raise typer.Exit(FINDINGS_EXIT)


@app.command()
def demo(out_dir: DemoDirOpt = DEMO_DIR) -> None:
    """Audit the bundled example pair and write seed_report.html and seed_report.json."""
    with _errors_exit():
        result = api.audit(*api.demo_pair())
        out_dir.mkdir(parents=True, exist_ok=True)
        written = [
            _write_atomic(out_dir / f"seed_report.{fmt}", api.render(result, fmt))
            for fmt in ("html", "json")
        ]
    typer.echo(render_summary(result, color=_stdout_is_terminal()), nl=False)
    for path in written:
        typer.echo(f"wrote {path}")


def _parse_fail_on(value: str) -> list[str]:
    kinds = [part.strip().replace("-", "_") for part in value.split(",") if part.strip()]
    unknown = [kind for kind in kinds if kind not in FINDING_KINDS]
    if unknown:
        _usage_error(
            f"--fail-on: unknown kind {', '.join(map(repr, unknown))}; "
            f"use any of {', '.join(FINDING_KINDS)}"
        )
    return kinds


def _pick_format(fmt: str | None, output: Path | None) -> str:
    if fmt is None:
        if output is not None:
            return FORMAT_BY_SUFFIX.get(output.suffix.lower(), "json")
        return "text" if _stdout_is_terminal() else "json"
    if fmt not in FORMATS:
        _usage_error(f"--format: {fmt!r} is not a format; use one of {', '.join(FORMATS)}")
    return fmt


def _check_stdin_once(source: str, derived: str) -> None:
    if source == STDIN and derived == STDIN:
        _usage_error("SOURCE and DERIVED are both '-'; only one of them can be read from stdin")


def _read(argument: str, config: Config) -> Article:
    if argument == STDIN:
        return api.read_article(sys.stdin.buffer.read(), "<stdin>", config=config)
    return api.load_article(argument, config=config)


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _deliver(report: str, output: Path | None) -> None:
    if output is None:
        _write_stdout(report)
        return
    path = _write_atomic(output, report)
    typer.echo(f"wrote {path}", err=True)


def _write_stdout(report: str) -> None:
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(report.encode("utf-8"))
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        # The reader (head, jq -e …) went away: not an error of ours. Point stdout at
        # devnull so the interpreter's final flush does not complain again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _write_atomic(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` through a temp file in the same directory and rename it."""
    path = path.expanduser()
    if not path.parent.is_dir():
        raise OSError(errno.ENOENT, f"cannot write: no directory {path.parent}", str(path))
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; a report is an ordinary file
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    return path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def main() -> None:
    """Console-script entry point (``newstrace``)."""
    app(prog_name="newstrace")
