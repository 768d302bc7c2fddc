"""`checker report`: pages, escaping, Markdown, cross-article consistency, atomic writes, the
progress bar, and that the committed reports/ match a fresh run over corpus/."""
from __future__ import annotations

import base64
import filecmp
import hashlib
import io
import json
import shutil
import sys
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from checker import cli, progress, render
from checker.commands import report
from checker.commands.batch import check_inputs
from checker.errors import OutputError
from checker.model import Source
from checker.render import html as html_render
from checker.render import markdown as md_render
from checker.stages import consistency
from checker.stages import document as documents

REPO = Path(__file__).resolve().parent.parent
REGENERATE = "checker report corpus/ -o reports/"

EEZ = ("---\ntitle: Missiles land in Japan's waters\ndate: 2017-03-19\nsource: VOA\n---\n"
       "The ballistic missiles landed inside Japan's exclusive economic zone, an area that "
       "extends 200 kilometers off a country's coastline.\n")
HOSTILE = ("---\ntitle: \"<img src=x onerror=window.pwned=2> & co\"\ndate: 2017-03-19\n---\n"
           "A | pipe and <script>window.pwned=1</script> in the copy.\n"
           "Japan's exclusive economic zone extends 200 kilometers from its coast.\n")
MAGNITUDE_A = ("---\ndate: 2017-09-05\n---\nNorth Korea's sixth nuclear test on September 3 "
               "registered a magnitude of 6.3, the USGS said.\n"
               "Foreign ministers from 12 nations met in Lisbon on Tuesday to discuss the crisis.\n")
MAGNITUDE_B = ("---\ndate: 2017-09-06\n---\nThe sixth nuclear test on September 3 produced a "
               "magnitude 5.7 tremor, according to South Korea's KMA.\n"
               "Delegates of 15 nations gathered in Lisbon for the talks.\n")
OTHER_TOUR = "---\ndate: 2017-09-06\n---\nThe president toured three nations in Africa.\n"


def _data(checker, texts: dict[str, str], errors=()):
    checked = []
    for path, text in texts.items():
        document = documents.from_text(text, path=path)
        checked.append((document, checker.check_document(document)))
    return report.build(checked, list(errors), checker.rules, nlp=checker.nlp)


class _Tags(HTMLParser):
    """Collects start tags and checks that every element closes in order."""

    VOID = {"meta", "br", "img", "input", "link", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.starts, self.scripts, self.errors, self.text = [], [], [], [], []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.starts.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    assert not parser.errors, parser.errors[:5]
    assert parser.stack == [], parser.stack
    return parser


# --- HTML ---------------------------------------------------------------------------------------

def test_article_page_highlights_the_seed_claim_with_message_and_sources(unclos_checker, tmp_path):
    data = _data(unclos_checker, {"corpus/eez.md": EEZ})
    page = html_render.article_page(data, data.articles[0], tmp_path)
    tags = _parse(page)
    claims = [a for t, a in tags.starts if t == "span" and "claim" in a.get("class", "").split()]
    wrong = [a for a in claims if a["data-verdict"] == "inconsistent"]
    assert len(wrong) == 1
    anchor = wrong[0]["id"]
    # the highlight's text is exactly the claim, and a text label follows it (not colour alone)
    assert f'id="{anchor}" tabindex="0" data-verdict="inconsistent" aria-describedby="card-{anchor}">200 kilometers</span><a class="badge inconsistent"' in page
    assert "✗ inconsistent</a>" in page
    card = page.split(f'id="card-{anchor}">', 1)[1].split('<div class="card"', 1)[0]
    assert "200 nautical miles" in card and "unit mix-up" in card
    assert 'href="https://' in card and "Suggest" in card
    assert "Expected</dt><dd class=\"expected\">200 nautical miles" in card


def test_article_text_is_escaped_and_only_our_script_runs(unclos_checker, tmp_path):
    data = _data(unclos_checker, {"corpus/hostile.md": HOSTILE})
    page = html_render.article_page(data, data.articles[0], tmp_path)
    tags = _parse(page)
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page
    assert "<script>window" not in page and "<img" not in page
    assert tags.scripts == [html_render.SCRIPT]  # one script: ours, allowed by hash in the CSP
    assert "<script>window.pwned=1</script>" in "".join(tags.text)  # shown literally
    csp = next(a["content"] for t, a in tags.starts if t == "meta" and "http-equiv" in a)
    digest = base64.b64encode(hashlib.sha256(html_render.SCRIPT.encode()).digest()).decode()
    assert "default-src 'none'" in csp and f"script-src 'sha256-{digest}';" in csp
    # the front-matter title is escaped in <title> and <h1> alike
    assert "&lt;img src=x onerror=window.pwned=2&gt; &amp; co" in page


def test_pages_are_self_contained(checker, tmp_path):
    data = _data(checker, {"corpus/a.md": MAGNITUDE_A, "corpus/b.md": MAGNITUDE_B})
    for name, page in html_render.pages(data, tmp_path).items():
        tags = _parse(page)
        for tag, attrs in tags.starts:
            assert tag not in ("link", "img", "iframe", "object", "embed"), (name, tag)
            assert "src" not in attrs, (name, tag, attrs)
            if tag == "a" and attrs["href"].startswith("http"):
                assert attrs.get("rel") == "noopener noreferrer"
        assert "@import" not in page and "url(" not in page


def test_nested_and_overlapping_claims_stay_well_formed(checker, tmp_path):
    text = ("---\ndate: 2018-01-16\n---\nJapanese Foreign Minister Taro Kono met "
            "Canada’s Minister of Foreign Affairs Chrystia Freeland in Vancouver.\n")
    data = _data(checker, {"corpus/roles.md": text})
    page = html_render.article_page(data, data.articles[0], tmp_path)
    _parse(page)
    body = page.split('<div class="text" id="text">', 1)[1].split("</div>", 1)[0]
    assert body.count('class="claim') == len(data.articles[0].result.claims)


def test_a_claim_inside_another_is_highlighted_inside_it():
    from checker.model import Claim, Span
    text = "Foreign Minister Taro Kono spoke."
    role = Claim("role", "Foreign Minister Taro Kono", Span(0, 26, 1, 1), "Taro Kono", None)
    name = Claim("name", "Taro Kono", Span(17, 26, 1, 18), "Taro Kono", None)
    out = html_render.highlighted(text, 0, [("c1", role, None), ("c2", name, None)])
    _parse(f"<div>{out}</div>")
    assert out.count('<span class="claim') == 2
    assert out.index("Foreign Minister") < out.index('<span class="claim', out.index("Foreign Minister"))


def test_highlighted_cuts_partial_overlaps():
    from checker.model import Claim, Span
    text = "a<b>cdefghij"
    first = Claim("count", "<b>cd", Span(1, 6, 1, 2), 1.0, None)
    crossing = Claim("count", "defg", Span(5, 9, 1, 6), 1.0, None)
    out = html_render.highlighted(text, 0, [("c1", first, None), ("c2", crossing, None)])
    tags = _parse(f"<div>{out}</div>")
    assert "".join(tags.text).replace("○ no rule", "") == text  # all text, once, in order
    assert out.count('<span class="claim') == 2


def test_index_lists_each_article_with_counts_and_problems(checker, tmp_path):
    texts = {"corpus/a.md": MAGNITUDE_A, "corpus/eez.md": EEZ}
    data = _data(checker, texts, errors=["corpus/missing.md: no such file"])
    page = html_render.index_page(data, tmp_path)
    tags = _parse(page)
    rows = [a for t, a in tags.starts if t == "tr" and "article" in a.get("class", "")]
    assert [r["data-path"] for r in rows] == ["corpus/a.md", "corpus/eez.md"]
    assert "has-problem" in rows[1]["class"] and "has-problem" not in rows[0]["class"]
    assert 'href="eez.html#c1">“200 kilometers”</a> → <strong>200 nautical miles' in page
    assert "corpus/missing.md: no such file" in page
    assert "Cross-article consistency" in page and "unclos.eez.breadth" in page


# --- Markdown -----------------------------------------------------------------------------------

def test_markdown_index_is_a_pr_comment(unclos_checker, tmp_path):
    data = _data(unclos_checker, {"corpus/eez.md": EEZ, "corpus/hostile.md": HOSTILE})
    files = md_render.pages(data, tmp_path)
    index = files["index.md"]
    assert index.startswith("# Fact-check report\n")
    assert "**Coverage:** 2 articles, " in index and "checked by a rule" in index
    findings = index.split("## Findings", 1)[1].split("##", 1)[0]
    rows = [line for line in findings.splitlines() if line.startswith("| [")]
    assert len(rows) == 2 and all("✗ inconsistent" in r for r in rows)
    assert all(r.count(" | ") == 7 for r in rows)  # eight cells: no stray pipes from the text
    page = files["hostile.md"]
    assert "<script>" not in page and "<img" not in page
    assert "&lt;img src=x onerror=window.pwned=2&gt; &amp; co" in page


def test_markdown_cell_escapes_table_and_html():
    assert md_render.cell("a | b\n<b>c</b> *d*") == "a \\| b &lt;b&gt;c&lt;/b&gt; \\*d\\*"


# --- cross-article consistency ------------------------------------------------------------------

def test_agencies_magnitudes_and_unruled_counts_that_disagree_are_listed(checker):
    texts = {"a.md": MAGNITUDE_A, "b.md": MAGNITUDE_B, "c.md": OTHER_TOUR}
    data = _data(checker, texts)
    keys = {g.key: g for g in data.consistency}
    magnitude = keys["rule dprk.nuclear_tests.6.magnitude"]
    assert [(m.path, m.verdict) for m in magnitude.mentions] == [("a.md", "consistent"),
                                                                  ("b.md", "consistent")]
    nations = keys["count of 'nation'"]
    assert [m.claim.text for m in nations.mentions] == ["12 nations", "15 nations"]  # not Africa
    assert nations.rule is None and "no rule" in nations.basis


def test_consistency_is_conservative(checker):
    same = {"a.md": MAGNITUDE_A, "b.md": MAGNITUDE_A.replace("6.3", "about 6.2")
            .replace("12 nations", "a dozen nations")}
    assert _data(checker, same).consistency == []  # intervals overlap: no disagreement
    apart = {"a.md": MAGNITUDE_A.replace("6.3", "6.1"),
             "b.md": MAGNITUDE_B.replace("2017-09-06", "2017-11-30").replace("5.7", "6.1")}
    assert _data(checker, apart).consistency == []  # counts weeks apart; same magnitude
    within_one = {"a.md": MAGNITUDE_A + "Later 15 nations met in Lisbon again.\n"}
    assert _data(checker, within_one).consistency == []  # one article is not cross-article


def test_consistency_converts_units():
    from checker.model import Claim, DocumentResult, Span
    def result(path, value, unit):
        claim = Claim("measure", f"{value} {unit}", Span(0, 5, 1, 1), value, unit, sentence=(0, 0),
                      subject="the bridge", sentence_text="The Golden Gate bridge is long.")
        return DocumentResult(path=path, date=None, claims=[claim]), ""
    same = [result("a.md", 1.0, "mile"), result("b.md", 1.609344, "kilometer")]
    assert consistency.disagreements(same) == []
    differ = [result("a.md", 1.0, "mile"), result("b.md", 3.0, "kilometer")]
    [group] = consistency.disagreements(differ)
    assert group.unit == "mile" and group.key == "measure of 'bridge'"


# --- writing ------------------------------------------------------------------------------------

def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_failure_half_way_leaves_the_old_report_set_whole(checker, tmp_path, monkeypatch):
    out = tmp_path / "out"
    data = _data(checker, {"corpus/a.md": MAGNITUDE_A, "corpus/b.md": MAGNITUDE_B})
    written = report.write(render.pages(report.FORMATS, data, out), out)
    assert {"index.html", "index.md", "index.json", "a.html", "b.md", "b.json"} <= set(written)
    before = _snapshot(out)
    real_write, calls = report._write_file, []

    def disk_full_at_the_third_file(target, content):
        calls.append(target)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_write(target, content)
    monkeypatch.setattr(report, "_write_file", disk_full_at_the_third_file)
    smaller = _data(checker, {"corpus/a.md": MAGNITUDE_A.replace("6.3", "6.1")})
    with pytest.raises(OutputError, match="No space left on device"):
        report.write(render.pages(report.FORMATS, smaller, out), out)
    assert _snapshot(out) == before  # every old page, unchanged, and nothing new
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no half-built folder left
    monkeypatch.undo()
    report.write(render.pages(report.FORMATS, smaller, out), out)
    assert not (out / "b.html").exists() and (out / "a.html").exists()  # the page that left
    assert (out / "a.html").read_bytes() != before["a.html"]


def test_files_no_report_wrote_are_kept_and_other_folders_refused(checker, tmp_path):
    out = tmp_path / "out"
    data = _data(checker, {"corpus/a.md": MAGNITUDE_A})
    report.write(render.pages(("md",), data, out), out)
    (out / "README.txt").write_text("kept by the newsroom", encoding="utf-8")
    report.write(render.pages(("md", "json"), data, out), out)
    assert (out / "README.txt").read_text("utf-8") == "kept by the newsroom"
    assert (out / "a.json").is_file()
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "draft.md").write_text("my draft", encoding="utf-8")
    with pytest.raises(OutputError, match="not a report folder"):
        report.write(render.pages(("md",), data, notes), notes)
    assert sorted(p.name for p in notes.iterdir()) == ["draft.md"]


def test_the_report_folder_inside_the_input_is_never_read_back(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "eez.md").write_text(EEZ, encoding="utf-8")
    argv = ["report", "in", "-o", "in/reports", "--rules", str(REPO / "rules" / "unclos.yaml")]
    assert cli.main(argv) == 0
    first = _snapshot(tmp_path / "in" / "reports")
    assert cli.main(argv) == 0
    assert _snapshot(tmp_path / "in" / "reports") == first  # index.md etc. were not checked
    index = json.loads(first["index.json"])
    assert [d["path"] for d in index["documents"]] == ["in/eez.md"]
    capsys.readouterr()


def test_a_report_folder_holding_an_input_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "eez.md").write_text(EEZ, encoding="utf-8")
    code = cli.main(["report", "eez.md", "-o", ".", "--rules", str(REPO / "rules" / "unclos.yaml")])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("checker: error: .: the report folder holds the input eez.md")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["eez.md"]


def test_only_web_links_from_front_matter_and_rules(unclos_checker, tmp_path):
    hostile = EEZ.replace("source: VOA\n", "source: VOA\nurl: \"javascript:alert(1)\"\n")
    data = _data(unclos_checker, {"corpus/eez.md": hostile})
    page = html_render.article_page(data, data.articles[0], tmp_path)
    hrefs = [a.get("href", "") for t, a in _parse(page).starts if t == "a"]
    assert hrefs and not [h for h in hrefs if h.lower().lstrip().startswith("javascript:")]
    assert ">original</a>" not in page
    fine = _data(unclos_checker, {"corpus/eez.md": EEZ.replace(
        "source: VOA\n", "source: VOA\nurl: https://www.voanews.com/a/x\n")})
    assert '<a href="https://www.voanews.com/a/x" rel="noopener noreferrer">original</a>' in \
        html_render.article_page(fine, fine.articles[0], tmp_path)
    finding = data.articles[0].result.findings[0]
    sneaky = replace(finding, sources=(Source("javascript:alert(2)", "a trap"),
                                       Source("https://example.org/law", "the law")))
    data.articles[0].result.findings[0] = sneaky
    page = html_render.article_page(data, data.articles[0], tmp_path)
    assert "javascript:" not in page and 'href="https://example.org/law"' in page


def test_output_is_deterministic(checker, tmp_path):
    texts = {"corpus/b.md": MAGNITUDE_B, "corpus/a.md": MAGNITUDE_A}
    first = render.pages(report.FORMATS, _data(checker, texts), tmp_path)
    second = render.pages(report.FORMATS, _data(checker, dict(reversed(list(texts.items())))), tmp_path)
    assert first == second
    index = json.loads(first["index.json"])
    assert [d["path"] for d in index["documents"]] == ["corpus/a.md", "corpus/b.md"]
    assert index["consistency"] and index["rules"]


def test_slugs_are_unique():
    assert report._slugs(["x/a.md", "y/a.md", "index.md", "-"]) == ["x-a", "y-a", "index-", "stdin"]


# --- CLI ----------------------------------------------------------------------------------------

def test_cli_report(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "eez.md").write_text(EEZ, encoding="utf-8")
    code = cli.main(["report", "in", "in/missing.md", "-o", "out", "--format", "md,html",
                     "--rules", str(REPO / "rules" / "unclos.yaml")])
    captured = capsys.readouterr()
    assert code == 2  # an input error, reported, and the other file still reported
    assert "in/missing.md: no such file" in captured.err
    assert "in/eez.md" in captured.out and "Reports written to out/" in captured.out
    assert "out/index.html" in captured.out
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        ".checker-report-files", "eez.html", "eez.md", "index.html", "index.md"]
    assert "](../in/eez.md)" in (tmp_path / "out" / "eez.md").read_text("utf-8")


def test_cli_report_rejects_unknown_format(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["report", "corpus", "-o", "x", "--format", "pdf"])
    assert exit_info.value.code == 2
    assert "choose from html, md, json" in capsys.readouterr().err


# --- progress bar -------------------------------------------------------------------------------

class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert not progress.enabled()
    with progress.progress_bar(2) as bar:
        bar.update(2)
    assert sys.stderr.getvalue() == ""
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert progress.enabled()
    with progress.progress_bar(2, desc="check") as bar:
        bar.update(2)
    assert "check" in terminal.getvalue()
    monkeypatch.setenv("CI", "true")
    assert not progress.enabled()


def test_check_is_silent_on_stderr_when_piped(capsys):
    code = cli.main(["check", str(REPO / "corpus" / "voa-2017-03-19-tillerson-china.md"),
                     "--rules", str(REPO / "rules" / "unclos.yaml")])
    assert code in (0, 1)
    assert capsys.readouterr().err == ""


# --- reports/ is up to date ---------------------------------------------------------------------

def test_committed_reports_are_up_to_date(checker, tmp_path, monkeypatch):
    """reports/ must be what `checker report corpus/ -o reports/` writes now."""
    committed = REPO / "reports"
    assert committed.is_dir(), f"reports/ is missing: run `{REGENERATE}` in the repository root"
    shutil.copytree(REPO / "corpus", tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    done = check_inputs(["corpus/"], checker)
    data = report.build([(c.document, c.result) for c in done.checked], done.errors,
                        checker.rules, nlp=checker.nlp)
    report.write(render.pages(report.FORMATS, data, "reports/"), "reports/")
    fresh = tmp_path / "reports"
    comparison = filecmp.dircmp(committed, fresh)
    stale = sorted(comparison.left_only + comparison.right_only + [
        name for name in comparison.common_files
        if (committed / name).read_bytes() != (fresh / name).read_bytes()])
    assert not stale, (f"reports/ is out of date ({', '.join(stale)}): run `{REGENERATE}` in the "
                       "repository root and commit the result")
