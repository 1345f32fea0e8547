"""Sketches of many articles built once, on several cores, and kept on disk for the run.

Verification needs both sketches of every pair it checks. Built on demand, each worker
rebuilt a sketch whenever it had left its cache (30k articles: 2.6 ms of wall per pair, most
of it sketching the same articles again and again); the spool builds each one exactly once,
in forked workers, and stores it pickled (``Sketch.__reduce__``: arrays and strings, ~14 KB
with the sentence vectors as float16, ~0.07 ms to read back against ~2 ms to build) in an
anonymous temporary file, which the verification workers forked afterwards read with
``os.pread``. The file is unlinked from the start, so a killed run leaves nothing behind.
Only this process's own sketches are ever unpickled.

The spool grows to ~14 KB an article (1M articles: 14 GB). After every stored chunk it checks
that what is still to come fits in the free space of its directory, at the average size so
far, so a trace that cannot finish stops within seconds, with the directory, the sizes and
the fix, instead of failing on a full disk many minutes in (``DiskSpaceError``).
"""

from __future__ import annotations

import contextlib
import errno
import multiprocessing as mp
import os
import pickle
import tempfile
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from newstrace.embed.base import get_embedder
from newstrace.errors import DiskSpaceError
from newstrace.lifetime import forking, worker_start
from newstrace.match.sketch import Sketch, sketch_batch

CHUNK = 256
"""Articles per build task."""

_BUILD: dict[str, Any] = {}
"""What a forked build worker inherits: the embedder's name; then the embedder."""


class SketchSpool:
    """Pickled sketches by article id in an unlinked temporary file (``TMPDIR``)."""

    def __init__(self) -> None:
        self.directory = tempfile.gettempdir()
        self._file = tempfile.TemporaryFile(prefix="newstrace-sketches-", dir=self.directory)  # noqa: SIM115 (closed by close())
        self._where: dict[str, tuple[int, int]] = {}
        self._end = 0

    def __len__(self) -> int:
        return len(self._where)

    def put(self, article_id: str, blob: bytes) -> None:
        with self._writing():
            self._file.write(blob)
        self._where[article_id] = (self._end, len(blob))
        self._end += len(blob)

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """A full disk (which a buffered file may report on any later write or the flush)
        becomes ``DiskSpaceError``, saying where and what to do."""
        try:
            yield
        except OSError as error:
            if error.errno != errno.ENOSPC:
                raise
            raise DiskSpaceError(self._full_message()) from error

    def check_room(self, total: int) -> None:
        """Raise ``DiskSpaceError`` when the sketches of ``total`` articles, at the average
        size of those stored so far, will not fit in the space left in the directory."""
        if not self._where:
            return
        needed = self._end // len(self._where) * (total - len(self._where))
        free = free_bytes(self._file.fileno())
        if needed > free:
            raise DiskSpaceError(
                f"the sketch spool needs about {_size(needed)} more in {self.directory} "
                f"({len(self._where):,} of {total:,} articles sketched, "
                f"{_size(self._end // len(self._where))} each) but {_size(free)} is free; "
                "set TMPDIR to a directory with more free space"
            )

    def _full_message(self) -> str:
        return (
            f"the disk holding {self.directory} filled up while sketching "
            f"({len(self._where):,} articles, {_size(self._end)} spooled); "
            "set TMPDIR to a directory with more free space"
        )

    def get(self, article_id: str) -> Sketch:
        offset, length = self._where[article_id]
        made: Sketch = pickle.loads(os.pread(self._file.fileno(), length, offset))
        return made

    def flush(self) -> None:
        with self._writing():
            self._file.flush()

    def close(self) -> None:
        self._file.close()


def free_bytes(descriptor: int) -> int:
    """Bytes an unprivileged process may still write on the file system of ``descriptor``."""
    found = os.fstatvfs(descriptor)
    return found.f_bavail * found.f_frsize


def _size(count: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} bytes"


def build_spool(
    ids: Sequence[str],
    content: Callable[[str], str],
    embedder: str,
    workers: int,
    progress: Callable[[int, int, str], None] | None = None,
) -> SketchSpool:
    """Every article's sketch, built once on ``workers`` forked processes; ``progress`` gets
    (articles done, articles, ``"sketching"``)."""
    spool = SketchSpool()
    _BUILD["embedder"] = embedder
    chunks = [list(ids[start : start + CHUNK]) for start in range(0, len(ids), CHUNK)]
    try:
        with forking(), mp.get_context("fork").Pool(workers, initializer=_init) as pool:
            pending: deque[tuple[list[str], Any]] = deque()
            for chunk in chunks:
                contents = [content(article_id) for article_id in chunk]
                pending.append((chunk, pool.apply_async(_build, (contents,))))
                while len(pending) > 2 * workers:  # bounded: contents of a few chunks in flight
                    _store(spool, *pending.popleft(), len(ids), progress)
            while pending:
                _store(spool, *pending.popleft(), len(ids), progress)
    except BaseException:
        spool.close()
        raise
    finally:
        _BUILD.clear()
    spool.flush()
    return spool


def _store(
    spool: SketchSpool,
    chunk: list[str],
    result: Any,
    total: int,
    progress: Callable[[int, int, str], None] | None,
) -> None:
    for article_id, blob in zip(chunk, result.get(), strict=True):
        spool.put(article_id, blob)
    spool.check_room(total)
    if progress is not None:
        progress(len(spool), total, "sketching")


def _init() -> None:
    worker_start()
    os.environ["TOKENIZERS_PARALLELISM"] = "false"  # forked after the parent's tokenizer ran
    _BUILD["model"] = get_embedder(_BUILD["embedder"])


def _build(contents: list[str]) -> list[bytes]:
    model = _BUILD["model"]
    return [pickle.dumps(made, pickle.HIGHEST_PROTOCOL) for made in sketch_batch(contents, model)]
