"""The table that stands in for the trained pipeline's attribute ruler sets what spaCy's own
component sets, token for token: parts of speech, morphology, lemma exceptions, and the
patterns that span tokens ("gon na", "there is")."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from checker.stages.attributes import use_table
from checker.stages.nlp import MODELS

REPO = Path(__file__).resolve().parents[1]
# Contractions, multi-token exceptions, an expletive "there", whitespace tokens, case variants
# of the words the patterns name, figures, titles and dates as news copy has them.
TEXTS = [
    "I ain't gonna go, y'all. Let's go!  There is a cat and there are dogs. Gotta run.",
    "C'mon, it's 5 p.m.\n\nY'all AIN'T seen nothin' - wanna bet? 'Cause we'll see 'em.",
    "North Korea fired a Hwasong-12 missile that flew 2,700 km and landed 1,180 km east of "
    "Cape Erimo, Japan's Defense Minister Itsunori Onodera said on Tuesday.",
    "A magnitude-7.8 earthquake struck at 4:17 a.m. (0117 GMT); more than 50,000 people died.",
]


@pytest.fixture(scope="module")
def pipelines():
    try:
        original = spacy.load(MODELS[0], exclude=["ner"])
    except OSError:
        pytest.skip("the trained English pipeline is not installed")
    return original, use_table(spacy.load(MODELS[0], exclude=["ner"]))


def _annotations(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def test_the_table_sets_what_the_attribute_ruler_sets(pipelines):
    original, table = pipelines
    corpus = [p for path in sorted((REPO / "corpus").glob("*.md"))
              for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    texts = TEXTS + corpus
    assert "attribute_ruler" not in table.pipe_names and "attribute_table" in table.pipe_names
    for expected, got in zip(original.pipe(texts), table.pipe(texts)):
        assert _annotations(got) == _annotations(expected)


def test_patterns_across_tokens_still_apply(pipelines):
    _, table = pipelines
    doc = table("I'm gonna go.")
    assert [(t.text, t.lemma_) for t in doc][2:4] == [("gon", "go"), ("na", "to")]
