"""The extractor's language data (hedges, multipliers, unit aliases), loaded once from YAML."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    text = resources.files("checker").joinpath("data/lexicon.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)
