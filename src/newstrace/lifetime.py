"""How newstrace's pool workers start."""

from __future__ import annotations

import signal


def worker_start() -> None:
    """Initializer of every pool worker.

    Ctrl-C reaches the whole process group, and it is the parent's to handle (it stops its
    workers and says how to resume); a worker printing its own KeyboardInterrupt traceback
    would bury that message. BLAS runs on one thread: pools have a worker per CPU, and each
    worker's OpenBLAS spinning up a thread per CPU for its small matrices made a 10k trace
    take 45 s instead of 40 s on 2 cores (``bench/README.md``)."""
    from threadpoolctl import threadpool_limits

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threadpool_limits(limits=1, user_api="blas")
