"""Reading a whole file without the cyclic garbage collector running in the middle.

Reading and checking a MoU allocates some objects per YAML node (the data, its positions,
the models) and frees almost none of them until the end. Each of Python's full collections
walks every object alive, and they come more often as the heap grows, so a large file paid
about a quarter of its time to the collector, and more the larger it was: in
``benchmarks/scaling.py``, ``validate`` of the 4,000-referral chain took 1.68 s of CPU with the
collector and 1.00 s without (the exponent in chain depth fell from 1.13 to 1.0), and the
100,000-seat file 2.73 s against 2.14 s. Nothing is lost: the work is bounded by the reading
limits, reference counting still frees everything acyclic at once, and the cycles left over
are collected as soon as the collector runs again.

Standard library only.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]

_lock = threading.Lock()
_holders = 0
_resume = False
"""Whether the collector was running when the first holder paused it."""


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block (nested or from several threads: it runs
    again when the last block ends, if it was running when the first began)."""
    global _holders, _resume
    with _lock:
        if _holders == 0:
            _resume = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _resume:
                gc.enable()
