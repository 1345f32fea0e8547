"""Bounded reading: decompression under an output budget, and lines that cannot grow unbounded.

A compressed file is inflated chunk by chunk and counted: past ``max_decompressed_bytes``, or
past ``max_compression_ratio`` times the compressed bytes read (after 16 MiB), reading stops with
a ``FileRefusal``. A truncated stream raises ``FileRefusal(TRUNCATED)`` naming the offset, so the
records before it are kept. Lines are read with ``readline(limit + 1)``: a line over the limit is
skipped in 1 MiB steps and reported by its size, never held in memory.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING

from newstrace.config import IngestConfig
from newstrace.errors import InputError
from newstrace.ingest.extras import require
from newstrace.ingest.source import CorpusFile, FileRefusal
from newstrace.records import RejectReason

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

CHUNK = 1 << 20
# Compressed bytes fed to zstd per call: a zstd RLE block turns 4 bytes into 128 KiB, so one
# call yields at most ~16 MiB however hostile the input.
_ZSTD_FEED = 512
_RATIO_FLOOR = 16 << 20


@contextmanager
def open_binary(file: CorpusFile, config: IngestConfig) -> Iterator[IO[bytes]]:
    """Open a corpus file for bounded reading, decompressing it under the configured budget."""
    try:
        raw = io.BufferedReader(io.FileIO(file.path), CHUNK)
    except OSError as err:
        raise InputError(
            f"{file.path}: cannot be opened ({err.strerror}); check the path and its permissions"
        ) from err
    with raw:
        if file.compression is None:
            yield raw
            return
        chunks = _DECOMPRESSORS[file.compression](raw)
        yield io.BufferedReader(_ChunkStream(_budgeted(chunks, raw, file, config)), CHUNK)


def bounded_lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """Yield ``(line number, line, size)``; ``line`` is None when it is over ``limit`` bytes."""
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) <= limit or line.endswith(b"\n"):
            yield number, line, len(line)
        else:
            yield number, None, len(line) + skip_line(stream)


def skip_line(stream: IO[bytes]) -> int:
    """Read past the rest of the current line in bounded steps; return the bytes skipped."""
    skipped = 0
    while part := stream.readline(CHUNK):
        skipped += len(part)
        if part.endswith(b"\n"):
            break
    return skipped


def _gzip_chunks(raw: IO[bytes]) -> Iterator[bytes]:
    with gzip.GzipFile(fileobj=raw, mode="rb") as stream:
        # read1: one step at a time, so a cut-off stream still yields what came before the cut
        while chunk := stream.read1(CHUNK):
            yield chunk


def _zstd_chunks(raw: IO[bytes]) -> Iterator[bytes]:
    zstd = require("zstandard")
    decoder = zstd.ZstdDecompressor().decompressobj()
    inside_frame = False
    try:
        while data := raw.read(_ZSTD_FEED):
            while data:
                if output := decoder.decompress(data):
                    yield output
                inside_frame = not decoder.eof
                if inside_frame:
                    break
                data = decoder.unused_data
                decoder = zstd.ZstdDecompressor().decompressobj()
    except zstd.ZstdError as err:
        raise ValueError(f"corrupt zstd data ({err})") from err
    if inside_frame:
        raise EOFError("the zstd frame ends before its end mark")


_DECOMPRESSORS: dict[str, Callable[[IO[bytes]], Iterator[bytes]]] = {
    "gzip": _gzip_chunks,
    "zstd": _zstd_chunks,
}


def _budgeted(
    chunks: Iterator[bytes], raw: IO[bytes], file: CorpusFile, config: IngestConfig
) -> Iterator[bytes]:
    """Count inflated bytes against the budget; turn stream errors into ``FileRefusal``."""
    total = 0
    try:
        for chunk in chunks:
            for start in range(0, len(chunk), CHUNK):
                piece = chunk[start : start + CHUNK]
                total += len(piece)
                _check_budget(total, raw.tell(), file, config)
                yield piece
    except EOFError as err:
        raise FileRefusal(
            RejectReason.TRUNCATED,
            f"{file.path.name}: the {file.compression} stream is cut off at compressed byte "
            f"{raw.tell()} ({total} bytes inflated; {err}); the records before it were kept",
        ) from err
    except (OSError, ValueError, zlib.error) as err:
        raise FileRefusal(
            RejectReason.UNDECODABLE,
            f"{file.path.name}: corrupt {file.compression} data near compressed byte "
            f"{raw.tell()} ({err}); the records before it were kept",
        ) from err


def _check_budget(total: int, compressed: int, file: CorpusFile, config: IngestConfig) -> None:
    if total > config.max_decompressed_bytes:
        raise FileRefusal(
            RejectReason.TOO_LARGE,
            f"{file.path.name}: inflates past max_decompressed_bytes="
            f"{config.max_decompressed_bytes} (a compression bomb?); stopped reading it there",
        )
    if total > _RATIO_FLOOR and total > config.max_compression_ratio * max(compressed, 1):
        raise FileRefusal(
            RejectReason.TOO_LARGE,
            f"{file.path.name}: {compressed} compressed bytes inflated to {total}, over "
            f"max_compression_ratio={config.max_compression_ratio} (a compression bomb?); "
            "stopped reading it there",
        )


class _ChunkStream(io.RawIOBase):
    """A read-only raw stream over an iterator of byte chunks, for ``io.BufferedReader``."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._chunk = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        while not self._chunk:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._chunk = memoryview(chunk)
        target = memoryview(buffer).cast("B")
        size = min(len(target), len(self._chunk))
        target[:size] = self._chunk[:size]
        self._chunk = self._chunk[size:]
        return size
