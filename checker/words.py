"""Plurals and counted nouns for what the checker prints ("1 claim", "3 claims", "no rule"),
from inflect rather than hand-written rules or "claim(s)".

inflect 7.2+ wraps its functions in typeguard's `@typechecked`, which re-parses inflect's source
at import and costs about a second (jaraco/inflect#212, agronholm/typeguard#468). The checker
calls inflect with plain strings and ints, so it imports inflect with a stand-in `typeguard`
whose decorator returns the function unchanged (the workaround datamodel-code-generator adopted),
and only when a word is first needed: `checker --help` never imports it.
"""
from __future__ import annotations

import functools
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import inflect


def _unchecked(function: Any = None, **_: Any) -> Any:
    return function if function is not None else (lambda inner: inner)


@functools.cache
def engine() -> inflect.engine:
    """The one inflect engine, imported without typeguard's checks (see above)."""
    if "inflect" not in sys.modules:
        stand_in = types.ModuleType("typeguard")
        stand_in.typechecked = _unchecked  # type: ignore[attr-defined]
        saved = sys.modules.get("typeguard")
        sys.modules["typeguard"] = stand_in
        try:
            import inflect
        finally:
            if saved is None:
                del sys.modules["typeguard"]
            else:
                sys.modules["typeguard"] = saved
    import inflect

    return inflect.engine()


def plural(noun: str, count: int = 2) -> str:
    """`noun` as it reads after `count` ("claim" -> "claims"; 1 -> "claim")."""
    return str(engine().plural_noun(noun, count))


def counted(count: int, noun: str) -> str:
    """A number and its noun: "1 claim", "0 claims", "12 claims"."""
    return f"{count} {plural(noun, count)}"
