"""What every command shares: errors become one line on stderr and exit code 2; Ctrl-C
becomes one line saying what was kept, and exit code 130."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import NoReturn

import typer

from newstrace.errors import NewstraceError

USAGE_EXIT = 2
INTERRUPTED_EXIT = 130

# Control characters (a newline or an escape sequence in a file name, say) -> visible symbols,
# so an error is always one line and never drives the terminal.
_VISIBLE = str.maketrans(
    {**{code: 0x2400 + code for code in range(0x20)}, 0x7F: 0x2421}
    | {code: 0xFFFD for code in range(0x80, 0xA0)}
)


@contextlib.contextmanager
def errors_exit() -> Iterator[None]:
    """Turn newstrace and I/O errors into one line on stderr and exit code 2."""
    try:
        yield
    except NewstraceError as error:
        usage_error(str(error))
    except OSError as error:
        usage_error(f"{error.filename or ''}: {error.strerror or error}".lstrip(": "))


def usage_error(message: str) -> NoReturn:
    typer.echo(f"newstrace: error: {message.translate(_VISIBLE)}", err=True)
    raise typer.Exit(USAGE_EXIT)


@contextlib.contextmanager
def interrupted_exit(kept: str, finish: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Ctrl-C (SIGINT): ``finish`` (end a progress line), then ``newstrace: interrupted;
    KEPT`` on stderr and exit code 130, instead of a traceback."""
    try:
        yield
    except KeyboardInterrupt:
        finish()
        typer.echo(f"newstrace: interrupted; {kept}", err=True)
        raise typer.Exit(INTERRUPTED_EXIT) from None
