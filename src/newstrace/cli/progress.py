"""Progress of long commands on stderr: redrawn in place on a terminal; elsewhere (a log, a
pipe, CI) written as a new line now and then, so a long run is never silent."""

from __future__ import annotations

import time
from typing import TextIO

LOG_EVERY_SECONDS = 10.0
"""When stderr is not a terminal, a progress line this often."""
REDRAW_SECONDS = 0.1


class ProgressLine:
    """One line of progress: ``show`` draws it at most every ``REDRAW_SECONDS`` on a terminal
    (``LOG_EVERY_SECONDS`` elsewhere) unless told it must be shown."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.terminal = stream.isatty()
        self.every = REDRAW_SECONDS if self.terminal else LOG_EVERY_SECONDS
        self.last = time.monotonic()
        self.drawn = False

    def show(self, line: str, must: bool = False) -> None:
        now = time.monotonic()
        if now - self.last < self.every and not must:
            return
        self.last = now
        self.stream.write(f"\r{line}\x1b[K" if self.terminal else f"{line}\n")
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        """End the line on a terminal (the next output starts on a line of its own)."""
        if self.terminal and self.drawn:
            self.stream.write("\n")
            self.stream.flush()
        self.drawn = False


class IndexMeter:
    """``index add``'s progress: records read and records/s."""

    def __init__(self, stream: TextIO) -> None:
        self.line = ProgressLine(stream)

    def update(self, done: int, rate: float) -> None:
        self.line.show(f"indexing: {done} records read, {rate:.0f} records/s")

    def finish(self) -> None:
        self.line.finish()


UNITS = {
    "loading": "articles",
    "candidates": "articles",
    "sketching": "articles",
    "verifying": "pairs",
    "families": "edges",
    "storing": "edges",
    "writing": "edges",
}
"""What each stage counts, by its first word (``candidates embedding: searching``)."""
MIN_RATE_SECONDS = 0.5
"""A rate is shown once a stage has run this long (1 pair in a microsecond is no rate)."""


class TraceMeter:
    """``trace``'s progress: one line per stage (articles loaded, each candidate channel,
    articles sketched, pairs verified, families, storing, writing) with its rate; each stage's
    first and last counts are always shown."""

    def __init__(self, stream: TextIO) -> None:
        self.line = ProgressLine(stream)
        self.stage, self.started = "", time.monotonic()

    def __call__(self, done: int, total: int, stage: str) -> None:
        now = time.monotonic()
        new = stage != self.stage
        if new:
            self.line.finish()
            self.stage, self.started = stage, now
        elapsed = now - self.started
        speed = f" ({done / elapsed:.0f}/s)" if elapsed >= MIN_RATE_SECONDS else ""
        text = f"trace: {stage} {done}/{total} {UNITS.get(stage.split()[0], '')}{speed}"
        self.line.show(text, must=new or done == total)

    def finish(self) -> None:
        self.line.finish()
