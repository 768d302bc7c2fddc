"""The extractor's language data (hedges, multipliers, unit aliases), loaded once from YAML."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any, Optional

import yaml


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """Our own data file, read on every start: with libyaml's C loader where PyYAML has it (no
    line numbers are needed here)."""
    text = resources.files("checker").joinpath("data/lexicon.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader


_ORDINAL_DIGITS = re.compile(r"^(\d{1,3})(?:st|nd|rd|th)$", re.IGNORECASE)


def ordinal(word: str) -> Optional[int]:
    """The number an ordinal word or numeral stands for ("sixth", "6th"), or None."""
    value = lexicon()["ordinals"].get(word.lower())
    if value is None:
        digits = _ORDINAL_DIGITS.match(word)
        value = int(digits.group(1)) if digits else None
    return value


def months() -> dict[str, int]:
    return lexicon()["months"]
