"""Shared fixtures: the spaCy pipeline and the Checker are loaded once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

from checker.stages import document as documents
from checker.stages.extract import extract
from checker.stages.nlp import pipeline
from checker.pipeline import Checker

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def nlp():
    return pipeline()


@pytest.fixture(scope="session")
def checker(nlp):
    """The bundled rules, as `checker check` uses them."""
    return Checker(nlp=nlp)


@pytest.fixture(scope="session")
def claims_of(nlp):
    """Claims of a text, straight from the extractor (no rules involved)."""

    def run(text: str):
        document = documents.from_text(text)
        return extract(document, nlp(document.body))

    return run


@pytest.fixture(scope="session")
def unclos_checker(nlp):
    """Only the maritime-zone rules, so other rule files cannot change what these tests see."""
    return Checker(rule_paths=[REPO / "rules" / "unclos.yaml"], nlp=nlp)
