"""A progress bar on stderr for long runs, shown only to a person watching a terminal.

It is silent when stderr is piped or redirected (so logs and CI output stay clean) and when the
`CI` environment variable is set (CI runners that fake a terminal). stdout is never touched, so
`--format json` output stays one parseable document.
"""
from __future__ import annotations

import os
import sys
from typing import Never

from tqdm import tqdm


def enabled() -> bool:
    stream = sys.stderr
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return tty and not os.environ.get("CI")


def progress_bar(total: int, desc: str = "checking", unit: str = "article") -> tqdm[Never]:
    """A bar for `total` items, drawn on stderr when a person is watching, otherwise a no-op;
    use as a context manager and `update(n)` as items finish."""
    return tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, disable=not enabled(),
                leave=False, dynamic_ncols=True)
