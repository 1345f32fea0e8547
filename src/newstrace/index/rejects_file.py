"""The rejects file next to an index: ``<index>.rejects.jsonl``, one rejection a line.

The store is the record; the file is its readable copy, appended after each batch commits.
Each line carries the rejection's ``seq`` in the store, so after a kill (a torn last line, or
a batch committed but not yet written) ``sync`` truncates the torn line and appends what is
missing, and ``problems`` reports a file that does not match the store.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from newstrace.index.base import IndexStore, StoredReject

SUFFIX = ".rejects.jsonl"


def rejects_path(index_path: str | Path) -> Path:
    index_path = Path(index_path)
    return index_path.with_name(index_path.name + SUFFIX)


def to_line(stored: StoredReject) -> str:
    item = stored.rejected
    record = {
        "seq": stored.seq,
        "record_id": item.record_id,
        "origin": item.origin,
        "reason": item.reason.value,
        "detail": item.detail,
        "added_at": stored.added_at,
    }
    return json.dumps(record, ensure_ascii=False) + "\n"


def append(stream: IO[str], rejects: Iterable[StoredReject]) -> None:
    """Write ``rejects`` and flush them to the OS (one batch, after its commit)."""
    lines = "".join(to_line(stored) for stored in rejects)
    if lines:
        stream.write(lines)
        stream.flush()


def sync(path: Path, store: IndexStore) -> None:
    """Make the file hold exactly the store's rejections, in order, rewriting only the tail."""
    last, good_bytes, consistent = _scan(path)
    tail = _tail(store, last)
    if tail is None or not consistent:
        _rewrite(path, store.rejects_after(0))
        return
    if path.is_file() and path.stat().st_size != good_bytes:
        os.truncate(path, good_bytes)  # a line torn by a kill
    if tail:
        with path.open("a", encoding="utf-8") as stream:
            append(stream, tail)


def problems(path: Path, store: IndexStore) -> list[str]:
    """How the rejects file differs from the store; empty when it matches."""
    last, good_bytes, consistent = _scan(path)
    size = path.stat().st_size if path.is_file() else 0
    if consistent and size == good_bytes and _tail(store, last) == []:
        return []
    return [
        f"{path} does not match the rejections in the index (a run was killed after its "
        "last commit); re-run newstrace index add to restore it"
    ]


def _tail(store: IndexStore, last: int) -> list[StoredReject] | None:
    """The store's rejections after seq ``last``; None when the store has no seq ``last``."""
    if last == 0:
        return store.rejects_after(0)
    tail = store.rejects_after(last - 1)
    if not tail or tail[0].seq != last:
        return None
    return tail[1:]


def _scan(path: Path) -> tuple[int, int, bool]:
    """The last seq, the byte length of the whole lines, and whether seqs run 1, 2, 3 ..."""
    if not path.is_file():
        return 0, 0, True
    last, good = 0, 0
    with path.open("rb") as stream:
        for line in stream:
            if not line.endswith(b"\n"):
                break
            seq = _seq(line)
            if seq != last + 1:
                return last, good, False
            last, good = seq, good + len(line)
    return last, good, True


def _seq(line: bytes) -> int | None:
    try:
        value = json.loads(line).get("seq")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, int) else None


def _rewrite(path: Path, rejects: list[StoredReject]) -> None:
    temp = path.with_name(path.name + ".tmp")
    with temp.open("w", encoding="utf-8") as stream:
        append(stream, rejects)
    os.replace(temp, path)
