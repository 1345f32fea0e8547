"""Optional packages for some corpus formats, imported only when a file needs them."""

from __future__ import annotations

import importlib
from types import ModuleType

from newstrace.errors import MissingExtraError

# module to import -> (package to install, newstrace extra that brings it, what needs it)
_EXTRAS = {
    "pyarrow.parquet": ("pyarrow", "parquet", "Reading Parquet corpora"),
    "warcio.archiveiterator": ("warcio", "warc", "Reading WARC files"),
    "zstandard": ("zstandard", "zstd", "Reading .zst files"),
}


def require(module: str) -> ModuleType:
    """Import ``module`` or raise ``MissingExtraError`` with the install line."""
    try:
        return importlib.import_module(module)
    except ImportError as err:
        package, extra, purpose = _EXTRAS[module]
        raise MissingExtraError(package, extra, purpose) from err
