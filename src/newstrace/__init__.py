"""newstrace: news provenance. Audit what a derived article kept, changed and added."""

from __future__ import annotations

from newstrace.config import Config
from newstrace.errors import ConfigError, InputError, MissingExtraError, NewstraceError

__version__ = "0.1.0"

__all__ = [
    "Config",
    "ConfigError",
    "InputError",
    "MissingExtraError",
    "NewstraceError",
    "__version__",
    "audit",
]


def audit(source: object, derived: object, config: Config | None = None) -> object:
    """Shortcut for :func:`newstrace.api.audit`; imported lazily to keep the import light."""
    from newstrace import api

    return api.audit(source, derived, config)  # type: ignore[arg-type]
