"""``python -m newstrace`` runs the command line."""

from __future__ import annotations

from newstrace.cli.app import main

if __name__ == "__main__":
    main()
