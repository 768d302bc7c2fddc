"""Start-up without the cyclic garbage collector walking over what start-up builds.

Importing spaCy and pint, loading the pipeline and building a Checker allocate a few hundred
thousand objects that live as long as the process, and no garbage cycles among them (a full
collection right after finds none). Left to itself the collector walks over them again and
again while they are made, a tenth of a second of every `checker check`. `loading()` pauses
it while they are made, then freezes them (`gc.freeze`: kept out of every later collection,
which then looks only at what checking allocates); `thaw()` hands them back to the collector
when the command is done, for a caller (a test) that runs many commands in one process.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

_froze = False


@contextmanager
def loading() -> Iterator[None]:
    """Imports and a Checker built inside: the collector paused, then what they built frozen.
    Nothing is done when the collector is already off or someone else froze objects."""
    global _froze
    if not gc.isenabled() or (gc.get_freeze_count() and not _froze):
        yield
        return
    # A threshold of 0 rather than gc.disable(): spaCy's model loading (srsly) disables and
    # re-enables the collector around each file it reads, which would end the pause.
    thresholds = gc.get_threshold()
    gc.set_threshold(0)
    try:
        yield
    finally:
        gc.freeze()
        _froze = True
        gc.set_threshold(*thresholds)


def thaw() -> None:
    """What `loading()` froze, back under the collector."""
    global _froze
    if _froze:
        gc.unfreeze()
        _froze = False
