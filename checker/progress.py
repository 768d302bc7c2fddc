"""A progress bar on stderr for long runs, shown only to a person watching a terminal.

It is silent when stderr is piped or redirected (so logs and CI output stay clean) and when the
`CI` environment variable is set (CI runners that fake a terminal). stdout is never touched, so
`--format json` output stays one parseable document.
"""
from __future__ import annotations

import os
import sys
from typing import Iterable, Iterator, Optional, TypeVar

from tqdm import tqdm

T = TypeVar("T")


def enabled() -> bool:
    stream = sys.stderr
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return tty and not os.environ.get("CI")


def progress(items: Iterable[T], total: Optional[int] = None, desc: str = "checking",
             unit: str = "article") -> Iterator[T]:
    """Iterate `items`, drawing a bar on stderr when a person is watching; otherwise a no-op."""
    return iter(tqdm(items, total=total, desc=desc, unit=unit, file=sys.stderr,
                     disable=not enabled(), leave=False, dynamic_ncols=True))
