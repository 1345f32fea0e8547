"""The sketch spool stops a trace that cannot fit on its disk early, saying where and what to do."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from newstrace.config import Config
from newstrace.errors import DiskSpaceError
from newstrace.match import spool as spool_module
from newstrace.match.spool import SketchSpool, build_spool, free_bytes


def _texts(shared: Path) -> dict[str, str]:
    seeds = {p.stem: p.read_text(encoding="utf-8") for p in sorted((shared / "seeds").iterdir())}
    return {f"{name}-{k}": text[k * 7 :] for name, text in seeds.items() for k in range(300)}


def test_a_spool_that_cannot_fit_stops_after_its_first_chunks(
    shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = _texts(shared)
    ids = sorted(texts)
    # room for about 100 sketches of the 600: the build must stop long before the end
    monkeypatch.setattr(spool_module, "free_bytes", lambda descriptor: 100 * 12_000)
    with pytest.raises(DiskSpaceError) as raised:
        build_spool(ids, texts.__getitem__, Config().fingerprint.embedder, workers=2)
    message = str(raised.value)
    assert tempfile.gettempdir() in message and "set TMPDIR" in message
    assert "of 600 articles sketched" in message
    sketched = int(message.split("(", 1)[1].split(" of ", 1)[0].replace(",", ""))
    assert 0 < sketched <= 2 * spool_module.CHUNK  # stopped at the first stored chunk(s)


def test_a_spool_that_fits_is_not_stopped(shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = dict(list(_texts(shared).items())[:300])
    ids = sorted(texts)
    checked: list[int] = []

    def plenty(descriptor: int) -> int:
        checked.append(descriptor)
        return 1 << 40

    monkeypatch.setattr(spool_module, "free_bytes", plenty)
    spool = build_spool(ids, texts.__getitem__, Config().fingerprint.embedder, workers=2)
    try:
        assert len(spool) == len(ids)
        assert len(checked) == -(-len(ids) // spool_module.CHUNK)  # once per stored chunk
    finally:
        spool.close()


def test_free_bytes_is_the_free_space_of_the_temporary_directory() -> None:
    with tempfile.TemporaryFile() as file:
        found = free_bytes(file.fileno())
    usage = shutil.disk_usage(tempfile.gettempdir())
    assert 0 < found <= usage.total
    assert abs(found - usage.free) < 256 << 20  # others may write meanwhile


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs Linux's /dev/full")
def test_a_full_disk_while_spooling_names_the_directory_and_the_fix() -> None:
    spool = SketchSpool()
    spool.put("a", b"x" * 100)
    spool.put("b", b"x" * 100)
    spool.close()
    with open("/dev/full", "wb", buffering=0) as full:  # every write fails with ENOSPC
        spool._file = full  # type: ignore[assignment]
        with pytest.raises(DiskSpaceError, match="filled up while sketching") as raised:
            spool.put("c", b"y" * 100)
    assert "(2 articles, 200 bytes spooled)" in str(raised.value)
    assert "set TMPDIR" in str(raised.value) and len(spool) == 2


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs Linux's /dev/full")
def test_a_full_disk_found_when_the_spool_is_flushed_says_the_same() -> None:
    spool = SketchSpool()
    spool.close()
    with open("/dev/full", "wb") as full:  # buffered: the write succeeds, the flush fails
        spool._file = full  # type: ignore[assignment]
        spool.put("a", b"x" * 100)
        with pytest.raises(DiskSpaceError, match="filled up while sketching"):
            spool.flush()
        full.raw.close()  # the unflushed bytes would fail again on close
