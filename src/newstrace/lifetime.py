"""How newstrace's pool workers start."""

from __future__ import annotations

import signal


def worker_start() -> None:
    """Initializer of every pool worker: Ctrl-C reaches the whole process group, and it is the
    parent's to handle (it stops its workers and says how to resume); a worker printing its
    own KeyboardInterrupt traceback would bury that message."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
