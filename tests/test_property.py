"""Property: any text is checked without crashing, and every claim's span is its exact text."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.stages.document import InputError
from checker.stages.numbers import find_numbers

WORDS = [
    "200", "1,000", "6.3", "12:30", "2017", "6th", "-", "–", "—", "%", "$", "US$", "€", "about",
    "more than", "almost", "up to", "between", "and", "to", "some", "kilometers", "km",
    "nautical miles", "nmi", "miles", "nautical-mile", "-kilometer", "magnitude", "magnitude-",
    "-magnitude", "on the Richter scale", "hours", "per cent", "kilotons", "points", "missiles",
    "Twenty", "two dozen", "a dozen", "two hundred and fifty", "half a", "EEZ",
    "exclusive economic zone", "contiguous zone", "which", "extends", "Hwasong-", "F-",
    "September", "April", "\n", "\n\n", ". ", ", ", "(", ")", "\u00a0", "\u200b", "\ufeff",
    "é", "ü", "日本", "🚀", "\t", "---", "e\u0301",
]
SEPARATORS = st.sampled_from(["", " ", "-", "\n", ", ", ". "])
PIECES = st.one_of(
    st.sampled_from(WORDS),
    st.text(max_size=6),
    st.text(alphabet="0123456789.,-", min_size=1, max_size=8),
)
TEXTS = st.lists(st.tuples(PIECES, SEPARATORS), max_size=25).map(
    lambda parts: "".join(a + b for a, b in parts))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_any_text_is_checked_and_spans_slice_back(checker, text):
    try:
        result = checker.check_text(text, date="2017-03-19")
    except InputError:
        return  # e.g. text that opens front matter with '---' and never closes it
    for claim in result.claims:
        assert 0 <= claim.span.start < claim.span.end <= len(text)
        assert text[claim.span.start:claim.span.end] == claim.text
        before = text[:claim.span.start]
        assert claim.span.line == before.count("\n") + 1
        assert claim.span.column == claim.span.start - (before.rfind("\n") + 1) + 1
    for finding in result.findings:
        assert finding.verdict in ("consistent", "inconsistent", "unverifiable")
        assert finding.claim in result.claims


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=TEXTS)
def test_spans_stay_exact_below_front_matter(checker, body):
    text = "---\ntitle: t\ndate: 2017-03-06\n---\n" + body
    result = checker.check_text(text)
    for claim in result.claims:
        assert text[claim.span.start:claim.span.end] == claim.text
        assert claim.span.start >= len("---\ntitle: t\ndate: 2017-03-06\n---\n")


@settings(max_examples=100, deadline=None)
@given(text=TEXTS)
def test_numbers_never_overlap_and_slice_back(text):
    numbers = list(find_numbers(text))
    previous_end = 0
    for number in numbers:
        assert previous_end <= number.start < number.end <= len(text)
        assert number.value >= 0
        assert any(ch.isdigit() or ch.isalpha() for ch in text[number.start:number.end])
        previous_end = number.end
