#!/usr/bin/env python3
"""Seconds per kilobyte of office-heavy copy as the text grows: is checking linear in length?

A check whose time per kilobyte grows with the length of the text lets one long request occupy
a server for hours (a per-claim walk of the document made 112 KB of text naming office holders
take 81 s). This probe checks texts of 10 KB, 100 KB and about 1 MB (just under spaCy's limit
of 1,000,000 characters per text) in one run and prints the seconds per KB of each and their
ratio to the smallest: a flat column is linear.

The copy is office-heavy news prose built deterministically (random.Random(SEED)) from the
bundled office rules: each sentence names one or two office holders the way wire copy does
("U.S. Secretary of State X met Japan's Foreign Minister Y on Tuesday.", "X, China's foreign
minister, said ..."), with a qualifier, a title and a holder of the rule, at a date inside the
holder's term for some sentences and outside it for others, so every role-claim path (known
holder, wrong holder, former, unlisted name) is exercised; a quarter of the paragraphs carry a
figure so the other kinds of fact run too. Each size is checked `--repeat` times (best taken)
with the same Checker, the rules and pipeline loaded once beforehand.

    python benchmarks/scaling.py                  # 10 KB, 100 KB, ~1 MB
    python benchmarks/scaling.py --sizes 10 50    # other sizes, in KB
    python benchmarks/scaling.py --json benchmarks/scaling.json
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker import Checker  # noqa: E402

SEED = 20171215
DATE = "2017-12-15"
MAX_CHARS = 999_000  # spaCy refuses texts over 1,000,000 characters

VERBS = ["met", "spoke with", "called", "thanked", "criticised", "welcomed"]
ENDINGS = ["on Tuesday.", "in Tokyo on Friday.", "after the launch.", "at the United Nations.",
           "during the summit.", "by telephone late on Sunday."]
FIGURES = ["The missile flew about 930 kilometers and reached an altitude of 2,800 km.",
           "Japan's exclusive economic zone extends 200 nautical miles from its coast.",
           "The test registered a magnitude of 6.3, the sixth since 2006."]
UNLISTED = ["Marco Bianchi", "Lena Fischer", "Haruto Mizuno", "Seo Ji-hoon"]


def holders(checker: Checker) -> list[tuple[str, str, str]]:
    """(qualifier, title, name) for every holder of every office rule."""
    out = []
    for rule in checker.rules:
        if rule.kind != "office":
            continue
        spec = rule.spec
        qualifier = spec.qualifiers[0] if spec.qualifiers else ""
        for holder in spec.holders:
            out.append((qualifier, rule.subject[0], holder.name))
    return out


def sentence(rnd: random.Random, people: list[tuple[str, str, str]]) -> str:
    (q1, t1, n1), (q2, t2, n2) = rnd.sample(people, 2)
    if rnd.random() < 0.1:
        n2 = rnd.choice(UNLISTED)
    shape = rnd.random()
    if shape < 0.5:
        return f"{q1} {t1} {n1} {rnd.choice(VERBS)} {q2} {t2} {n2} {rnd.choice(ENDINGS)}"
    if shape < 0.8:
        return f"{n1}, {q1}'s {t1.lower()}, said the talks would go on {rnd.choice(ENDINGS)}"
    return f"Former {t1} {n1} {rnd.choice(VERBS)} {q2} {t2} {n2} {rnd.choice(ENDINGS)}"


def text_of(size: int, people, rnd: random.Random) -> str:
    paragraphs, length = [], 0
    while length < size:
        body = " ".join(sentence(rnd, people) for _ in range(rnd.randint(2, 4)))
        if rnd.random() < 0.25:
            body += " " + rnd.choice(FIGURES)
        paragraphs.append(body)
        length += len(body) + 2
    return "\n\n".join(paragraphs)[:size]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000],
                        help="text sizes in KB (1000 means just under 1 MB)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size (best is kept)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    checker = Checker()
    people = holders(checker)
    rnd = random.Random(SEED)
    checker.check_text(text_of(2_000, people, rnd), date=DATE)  # warm-up
    rows = []
    for kb in args.sizes:
        text = text_of(min(kb * 1000, MAX_CHARS), people, random.Random(SEED + kb))
        best, claims = float("inf"), 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = checker.check_text(text, date=DATE)
            best = min(best, time.perf_counter() - started)
            claims = len(result.claims)
        roles = sum(1 for c in result.claims if c.kind == "role")
        rows.append({"kb": round(len(text.encode("utf-8")) / 1000, 1), "seconds": round(best, 2),
                     "seconds_per_kb": round(best / (len(text.encode("utf-8")) / 1000), 4),
                     "claims": claims, "role_claims": roles})
    base = rows[0]["seconds_per_kb"]
    print(f"{'KB':>8} {'seconds':>9} {'s/KB':>8} {'vs first':>9} {'claims':>8} {'roles':>7}")
    for row in rows:
        print(f"{row['kb']:>8} {row['seconds']:>9} {row['seconds_per_kb']:>8} "
              f"{row['seconds_per_kb'] / base:>9.2f} {row['claims']:>8} {row['role_claims']:>7}")
    if args.json:
        args.json.write_text(json.dumps({"date": DATE, "rows": rows}, indent=2) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
