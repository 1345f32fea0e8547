"""The ``newstrace`` command line (Typer); see ``newstrace.cli.app``."""

from __future__ import annotations

from newstrace.cli.app import app, main

__all__ = ["app", "main"]
