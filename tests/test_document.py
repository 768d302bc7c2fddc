"""Reading input: front matter, the article date, offsets into the file as read, stdin, walking."""
from __future__ import annotations

import datetime as dt
import io
import sys

import pytest

from checker.stages import document as documents
from checker.stages.document import InputError

FRONT = (
    "---\n"
    "title: Japan protests missile launch\n"
    "date: 2017-03-06\n"
    "source: Example Wire\n"
    "url: https://example.com/a\n"
    "---\n"
)
BODY = "Japan's exclusive economic zone extends 200 kilometers from its coast.\n"


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column, counted by hand, independent of the code under test."""
    before = text[:offset]
    line = before.count("\n") + 1
    column = offset - (before.rfind("\n") + 1) + 1
    return line, column


# ---------------------------------------------------------------- front matter

def test_front_matter_gives_date_title_and_body():
    doc = documents.from_text(FRONT + BODY, path="a.md")
    assert doc.date == dt.date(2017, 3, 6)
    assert doc.metadata["title"] == "Japan protests missile launch"
    assert doc.metadata["source"] == "Example Wire"
    assert doc.metadata["url"] == "https://example.com/a"
    assert doc.body == BODY
    assert doc.text == FRONT + BODY  # the text is kept whole, front matter included


def test_front_matter_date_written_as_quoted_string():
    doc = documents.from_text('---\ndate: "2017-09-03"\n---\nText.\n')
    assert doc.date == dt.date(2017, 9, 3)


def test_front_matter_timestamp_gives_its_date():
    doc = documents.from_text("---\ndate: 2017-03-06T10:30:00Z\n---\nText.\n")
    assert doc.date == dt.date(2017, 3, 6)


def test_front_matter_alone_without_body():
    doc = documents.from_text("---\ntitle: empty\n---")
    assert doc.body == ""
    assert doc.metadata == {"title": "empty"}


def test_no_front_matter_means_no_date_and_whole_text_is_body():
    doc = documents.from_text(BODY)
    assert doc.date is None
    assert doc.metadata == {}
    assert doc.body == BODY


def test_horizontal_rule_later_in_text_is_not_front_matter():
    text = "Intro paragraph.\n\n---\n\nMore text.\n"
    doc = documents.from_text(text)
    assert doc.body == text
    assert doc.metadata == {}


def test_explicit_date_overrides_front_matter():
    doc = documents.from_text(FRONT + BODY, date=dt.date(2017, 12, 1))
    assert doc.date == dt.date(2017, 12, 1)
    assert doc.metadata["title"] == "Japan protests missile launch"


def test_explicit_date_overrides_front_matter_when_reading_a_file(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(FRONT + BODY, encoding="utf-8")
    assert documents.read(str(path)).date == dt.date(2017, 3, 6)
    assert documents.read(str(path), date=dt.date(2018, 1, 2)).date == dt.date(2018, 1, 2)


def test_explicit_date_wins_even_over_an_invalid_front_matter_date():
    doc = documents.from_text("---\ndate: yesterday\n---\nText.\n", date=dt.date(2017, 1, 1))
    assert doc.date == dt.date(2017, 1, 1)


@pytest.mark.parametrize("value", ["2017-13-01", "yesterday", "2017-02-30", "03/06/2017"])
def test_invalid_front_matter_date_is_an_input_error_naming_the_file(value):
    with pytest.raises(InputError) as err:
        documents.from_text(f"---\ndate: {value}\n---\nText.\n", path="bad-date.md")
    message = str(err.value)
    assert "bad-date.md" in message
    assert "\n" not in message


def test_unclosed_front_matter_is_an_input_error_naming_the_file():
    with pytest.raises(InputError) as err:
        documents.from_text("---\ntitle: never closed\ndate: 2017-03-06\nText.\n", path="open.md")
    assert "open.md" in str(err.value)
    assert "\n" not in str(err.value)


def test_front_matter_that_is_not_yaml_is_an_input_error():
    with pytest.raises(InputError) as err:
        documents.from_text("---\ntitle: [unbalanced\n---\nText.\n", path="yaml.md")
    assert "yaml.md" in str(err.value)


def test_parse_date_accepts_iso_and_rejects_others():
    assert documents.parse_date("2017-03-19", "x") == dt.date(2017, 3, 19)
    assert documents.parse_date(dt.datetime(2017, 3, 19, 10, 30), "x") == dt.date(2017, 3, 19)
    with pytest.raises(InputError):
        documents.parse_date("19 March 2017", "x")


# ---------------------------------------------------------------- offsets and line:column

def test_position_is_one_based_line_and_column():
    doc = documents.from_text("ab\ncde\n\nf")
    assert doc.position(0) == (1, 1)
    assert doc.position(1) == (1, 2)
    assert doc.position(3) == (2, 1)
    assert doc.position(5) == (2, 3)
    assert doc.position(7) == (3, 1)
    assert doc.position(8) == (4, 1)


def test_claim_spans_point_into_the_file_text_including_front_matter(checker):
    text = FRONT + "Intro line — señor.\n\n" + BODY
    result = checker.check_text(text)
    assert result.claims, "the 200 kilometers claim should be found"
    for claim in result.claims:
        assert text[claim.span.start:claim.span.end] == claim.text
        assert (claim.span.line, claim.span.column) == _line_col(text, claim.span.start)
    (claim,) = [c for c in result.claims if c.value == 200]
    assert claim.span.line == FRONT.count("\n") + 3
    assert claim.span.column == BODY.index("200") + 1
    assert claim.span.start == len(FRONT) + len("Intro line — señor.\n\n") + BODY.index("200")


def test_spans_with_crlf_line_endings(checker):
    text = "---\r\ndate: 2017-03-06\r\n---\r\nFirst line.\r\n" + BODY.replace("\n", "\r\n")
    result = checker.check_text(text)
    assert result.claims
    for claim in result.claims:
        assert text[claim.span.start:claim.span.end] == claim.text
        assert (claim.span.line, claim.span.column) == _line_col(text, claim.span.start)


def test_utf8_bom_does_not_hide_front_matter_and_columns_ignore_it(tmp_path, checker):
    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf" + (FRONT + BODY).encode("utf-8"))
    doc = documents.read(str(path))
    assert doc.date == dt.date(2017, 3, 6)
    assert doc.metadata["title"] == "Japan protests missile launch"
    assert doc.text == path.read_text(encoding="utf-8-sig")
    result = checker.check_document(doc)
    (claim,) = [c for c in result.claims if c.value == 200]
    assert doc.text[claim.span.start:claim.span.end] == claim.text
    assert claim.span.column == BODY.index("200") + 1


# ---------------------------------------------------------------- reading files and stdin

def test_read_keeps_the_text_exactly(tmp_path):
    text = FRONT + "Tabs\tand  spaces — ü\n\n" + BODY
    path = tmp_path / "a.md"
    path.write_bytes(text.encode("utf-8"))
    doc = documents.read(str(path))
    assert doc.text == text
    assert doc.path == str(path)


def test_stdin_is_read_with_dash(monkeypatch):
    data = (FRONT + BODY).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    doc = documents.read("-")
    assert doc.path == "-"
    assert doc.text == FRONT + BODY
    assert doc.date == dt.date(2017, 3, 6)


def test_stdin_with_date_override(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BODY.encode()), encoding="utf-8"))
    assert documents.read("-", date=dt.date(2017, 3, 19)).date == dt.date(2017, 3, 19)


@pytest.mark.parametrize(
    "content, reason_words",
    [
        (b"abc\x00def" * 10, ("binary",)),
        (b"caf\xe9 au lait 200 km\n", ("UTF-8", "utf-8")),
    ],
    ids=["binary", "latin1"],
)
def test_unreadable_content_is_an_input_error_naming_the_file(tmp_path, content, reason_words):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        documents.read(str(path))
    message = str(err.value)
    assert str(path) in message
    assert any(word in message for word in reason_words)
    assert "\n" not in message


def test_missing_file_is_an_input_error_naming_the_file(tmp_path):
    path = tmp_path / "nowhere.md"
    with pytest.raises(InputError) as err:
        documents.read(str(path))
    assert str(path) in str(err.value)


def test_oversized_file_is_an_input_error(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)
    with pytest.raises(InputError) as err:
        documents.read(str(path), max_bytes=100)
    assert str(path) in str(err.value)
    path.write_bytes(b"x" * 100)
    assert documents.read(str(path), max_bytes=100).text == "x" * 100


# ---------------------------------------------------------------- walking directories

def test_directory_walk_keeps_only_articles_sorted(tmp_path):
    names = ["b.md", "a.txt", "c.markdown", "d.pdf", "e.json", "f.yaml", "g.html", "notes",
             "sub/z.md", "sub/deeper/y.txt", "sub/x.png"]
    for name in names:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Text.\n", encoding="utf-8")
    found = list(documents.expand([str(tmp_path)]))
    expected = sorted(str(tmp_path / n) for n in
                      ["a.txt", "b.md", "c.markdown", "sub/z.md", "sub/deeper/y.txt"])
    assert found == expected


def test_files_and_stdin_pass_through_in_the_given_order(tmp_path):
    one, two = tmp_path / "z.md", tmp_path / "a.pdf"
    one.write_text("x")
    two.write_text("x")
    assert list(documents.expand([str(one), "-", str(two)])) == [str(one), "-", str(two)]


def test_empty_directory_yields_nothing(tmp_path):
    assert list(documents.expand([str(tmp_path)])) == []
