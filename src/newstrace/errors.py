"""The one exception tree of newstrace.

    NewstraceError
    ├── ConfigError        a setting has a value it cannot take
    ├── InputError         an input cannot be read as an article (empty, binary, too big, missing)
    ├── IndexMismatchError an index was built with other settings than the ones asked for
    ├── MissingExtraError  an optional dependency is not installed
    └── DiskSpaceError     a run's temporary files do not fit in the free disk space

Messages name the bad value and say what to do. Bad records inside a corpus are not
exceptions: they become ``Rejected`` records.
"""

from __future__ import annotations


class NewstraceError(Exception):
    """Base of every error newstrace raises on purpose."""


class ConfigError(NewstraceError):
    """A configuration value is invalid."""


class InputError(NewstraceError):
    """An input cannot be turned into an article."""


class IndexMismatchError(NewstraceError):
    """An index holds fingerprints made with other settings (or another schema) than asked."""


class DiskSpaceError(NewstraceError):
    """A run needs more temporary disk space than its directory (``TMPDIR``) has free."""


class MissingExtraError(NewstraceError):
    """An optional dependency is needed but not installed."""

    def __init__(self, package: str, extra: str, purpose: str) -> None:
        super().__init__(
            f"{purpose} needs the '{package}' package, which is not installed; "
            f"install it with: pip install 'newstrace[{extra}]'"
        )
        self.package = package
        self.extra = extra
