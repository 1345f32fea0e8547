"""Stream a corpus (files and directories of news records) as articles and rejections.

``iter_corpus`` reads every path in order, directories recursively in sorted order (hidden
entries skipped, symlinked directories not followed, links out of the directory and pipes or
devices rejected unopened), and yields one ``Article`` or ``Rejected`` per record, in bounded
memory. A bad record is a ``Rejected`` and the run goes on; a path that
cannot be a corpus at all (missing, unsupported format named on the command line) is a usage
error, ``InputError``, raised when ``iter_corpus`` is called, before anything is read.

Duplicate ids: the first record with an id wins; every later one is ``Rejected(DUPLICATE_ID)``,
its detail saying whether its text is the same (an exact repeat) or different.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from newstrace.config import IngestConfig
from newstrace.errors import ConfigError, InputError
from newstrace.ingest.extras import require
from newstrace.ingest.files import read_html_file, read_text_file
from newstrace.ingest.jsonl import read_jsonl
from newstrace.ingest.source import CorpusFile
from newstrace.ingest.tabular import read_csv, read_parquet
from newstrace.ingest.warc import read_warc
from newstrace.records import Article, Rejected, RejectReason

Reader = Callable[[CorpusFile, IngestConfig], Iterator[Article | Rejected]]

READERS: dict[str, Reader] = {
    "jsonl": read_jsonl,
    "text": read_text_file,
    "html": read_html_file,
    "parquet": read_parquet,
    "csv": read_csv,
    "warc": read_warc,
}

# suffix -> (format, compression); warcio inflates per-record gzip WARC itself.
SUFFIXES: dict[str, tuple[str, str | None]] = {
    ".jsonl": ("jsonl", None),
    ".ndjson": ("jsonl", None),
    ".jsonl.gz": ("jsonl", "gzip"),
    ".ndjson.gz": ("jsonl", "gzip"),
    ".jsonl.zst": ("jsonl", "zstd"),
    ".ndjson.zst": ("jsonl", "zstd"),
    ".csv": ("csv", None),
    ".csv.gz": ("csv", "gzip"),
    ".csv.zst": ("csv", "zstd"),
    ".parquet": ("parquet", None),
    ".warc": ("warc", None),
    ".warc.gz": ("warc", None),
    ".txt": ("text", None),
    ".html": ("html", None),
    ".htm": ("html", None),
    ".xhtml": ("html", None),
}
_LONGEST_FIRST = sorted(SUFFIXES, key=len, reverse=True)
# Optional packages a format or a compression needs, checked before reading starts.
_MODULES = {"parquet": "pyarrow.parquet", "warc": "warcio.archiveiterator", "zstd": "zstandard"}
_POSITIVE = ("max_record_bytes", "max_decompressed_bytes", "max_compression_ratio")


def iter_corpus(
    paths: Iterable[str | Path], config: IngestConfig | None = None
) -> Iterator[Article | Rejected]:
    """Stream every record under ``paths`` as an ``Article`` or a ``Rejected``."""
    config = config or IngestConfig()
    _check_config(config)
    if isinstance(paths, str | Path):  # one path, not an iterable of its characters
        paths = [paths]
    roots = [_root(Path(path)) for path in paths]
    return _stream(roots, config)


def supported_suffixes() -> str:
    return ", ".join(SUFFIXES)


def corpus_file(path: Path, root: Path) -> CorpusFile | None:
    """The corpus file ``path`` is, by its suffix; None when no reader takes it."""
    name = path.name.lower()
    suffix = next((suffix for suffix in _LONGEST_FIRST if name.endswith(suffix)), None)
    if suffix is None:
        return None
    fmt, compression = SUFFIXES[suffix]
    return CorpusFile(path, root, fmt, suffix, compression)


def _check_config(config: IngestConfig) -> None:
    for name in _POSITIVE:
        if getattr(config, name) <= 0:
            raise ConfigError(f"{name} {getattr(config, name)} must be positive")
    if not config.text_field or not config.id_field:
        raise ConfigError("text_field and id_field must name a field; they are empty")


def _root(path: Path) -> CorpusFile | Path:
    """A named corpus file, or a directory to walk; ``InputError`` for anything else."""
    if path.is_dir():
        return path
    if not path.exists():
        raise InputError(f"{path}: no such file or directory; check the path")
    if not path.is_file():
        raise InputError(
            f"{path}: not a regular file or directory (a pipe, device or socket); "
            "give corpus files or directories"
        )
    file = corpus_file(path, path.parent)
    if file is None:
        raise InputError(
            f"{path}: not a corpus format newstrace reads; give one of {supported_suffixes()}"
        )
    _require_modules(file)
    return file


def _require_modules(file: CorpusFile) -> None:
    for key in (file.fmt, file.compression):
        if key in _MODULES:
            require(_MODULES[key])


def _stream(roots: list[CorpusFile | Path], config: IngestConfig) -> Iterator[Article | Rejected]:
    seen = _SeenIds()
    for root in roots:
        files = _walk(root) if isinstance(root, Path) else iter([root])
        for item in files:
            if isinstance(item, Rejected):
                yield item
                continue
            for result in READERS[item.fmt](item, config):
                yield seen.check(result)


def _walk(root: Path) -> Iterator[CorpusFile | Rejected]:
    """Files under ``root`` in sorted order; one of an unsupported format is a rejection, and
    so is a link leading out of ``root`` or a pipe, device or socket (reading one could block
    forever or never end)."""
    real_root = os.path.realpath(root)
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = Path(folder, name)
            problem = _unreadable(path, real_root)
            file = corpus_file(path, root) if problem is None else None
            if file is None:
                why = problem or f"not a corpus format; supported: {supported_suffixes()}"
                yield _refused(path, root, why)
                continue
            _require_modules(file)
            yield file


def _unreadable(path: Path, real_root: str) -> str | None:
    """Why a directory entry must not be read, or None when it is a regular file inside."""
    target = os.path.realpath(path)
    if os.path.commonpath([target, real_root]) != real_root:
        return "a symbolic link leading outside the corpus directory; not followed"
    try:
        mode = os.stat(path).st_mode
    except OSError as err:
        return f"cannot be read ({err.strerror}); a broken or looping link?"
    if not stat.S_ISREG(mode):
        return "not a regular file (a pipe, device or socket); not read"
    return None


def _refused(path: Path, root: Path, why: str) -> Rejected:
    detail = f"{path.name}: {why}"
    return Rejected(
        path.relative_to(root).as_posix(), str(path), RejectReason.NOT_AN_ARTICLE, detail
    )


class _SeenIds:
    """Ids already streamed, each with an 8-byte digest of its text (about 150 bytes an id)."""

    def __init__(self) -> None:
        self._digests: dict[str, bytes] = {}

    def check(self, item: Article | Rejected) -> Article | Rejected:
        if isinstance(item, Rejected):
            return item
        digest = hashlib.blake2b(item.text.encode("utf-8"), digest_size=8).digest()
        first = self._digests.get(item.id)
        if first is None:
            self._digests[item.id] = digest
            return item
        kind = (
            "the same text as the first (an exact repeat)"
            if first == digest
            else "a different text from the first, which is kept"
        )
        detail = f"id {item.id!r} was already read; this record has {kind}"
        return Rejected(item.id, item.origin, RejectReason.DUPLICATE_ID, detail)
