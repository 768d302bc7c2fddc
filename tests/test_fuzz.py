"""The fuzz targets (fuzz/run.py, docs/fuzzing.md) still run, and the inputs they found stay fixed.

The smoke runs draw the same inputs every time (derandomized), so they are regression tests of
their own; the long runs are for a person (`python fuzz/run.py --minutes 240`)."""
from __future__ import annotations

import importlib.util

import pytest

from conftest import REPO

spec = importlib.util.spec_from_file_location("fuzz_run", REPO / "fuzz" / "run.py")
fuzz_run = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fuzz_run)

@pytest.fixture(scope="module")
def targets():
    return fuzz_run.Targets()


@pytest.mark.parametrize("name", ["front_matter", "rules", "request", "text"])
def test_a_smoke_run_of_each_target_finds_nothing(targets, name):
    fuzz_run.run_target(targets, name, examples=40, limit=120, derandomize=True)


@pytest.mark.parametrize("text", [
    "The missile flew 1e400 km.", "The missile flew " + "9" * 400 + " km.",  # the probes
    "---\ndate: \x08\n---\n",  # a control character in front matter: once a two-line error
    "---\ntitle: " + "[" * 320 + "]" * 320 + "\n---\nThe EEZ extends 200 kilometers.",
    "\u202e\u200b200\u200d kilometers \u2066EEZ\u2069",
])
def test_texts_found_by_fuzzing_are_answered(targets, text):
    targets.text(text)


@pytest.mark.parametrize("body", [
    b'{"text": "\\ud800"}',  # a lone surrogate: valid JSON, not text; once a 500
    b'{"text": "x", "date": "\\udfff"}',
])
def test_requests_found_by_fuzzing_are_answered(targets, body):
    targets.request(body)


def test_a_rule_file_found_by_fuzzing_is_one_line(targets):
    rule = fuzz_run._base_rule()
    rule["expect"]["unit"] = ")"  # escaped pint as a tokenize.TokenError
    targets.rules(fuzz_run.json.dumps({"rules": [rule]}))
    rule = fuzz_run._base_rule()
    rule["events"] = "x" * 1000  # the schema's message repeated the whole value
    targets.rules(fuzz_run.json.dumps({"rules": [rule]}))
