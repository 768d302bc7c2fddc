#!/usr/bin/env python3
"""Generated news-like articles for the archive benchmark (no dataset text: templates only).

An archive is mostly copy that no rule speaks about (markets, sport, weather, city hall,
elections abroad); one article in twenty is about the rules' topics (North Korea's tests and
missiles, maritime zones, foreign ministers), some of them with a wrong figure. Every sentence below is
written for this script; names of places and people are common ones, figures are drawn at
random. The same seed gives the same archive on every machine.

    python benchmarks/newsgen.py 20000 --jsonl archive.jsonl
    python benchmarks/newsgen.py 500 --dir articles/        # one Markdown file per article
    python benchmarks/newsgen.py 20000 --parquet archive.parquet
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path
from typing import Iterator

SEED = 20170903

CITIES = ["Springfield", "Riverton", "Lakewood", "Fairview", "Milton", "Ashford", "Bridgeport",
          "Clayton", "Dover", "Easton", "Franklin", "Georgetown", "Hudson", "Kingston", "Lexington"]
PEOPLE = ["Maria Lopez", "James Carter", "Aiko Tanaka", "Samuel Okafor", "Elena Petrova",
          "David Kim", "Sarah Nguyen", "Thomas Berg", "Linda Moreau", "Rahul Mehta",
          "Grace Holloway", "Peter Novak", "Hannah Weiss", "Omar Haddad", "Julia Rossi"]
TEAMS = ["the Hawks", "the Rovers", "United", "the Mariners", "City", "the Falcons", "Athletic"]
COMPANIES = ["Norwell Foods", "Apex Logistics", "Bluewater Energy", "Crestline Motors",
             "Harbor Bank", "Summit Telecom", "Greenfield Pharma", "Ironbridge Steel"]
SECTIONS = {"business": 0.22, "sport": 0.2, "local": 0.22, "weather": 0.08, "science": 0.08,
            "world": 0.2}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def _business(r: random.Random) -> list[str]:
    company, city = r.choice(COMPANIES), r.choice(CITIES)
    return [
        f"{company} said on {r.choice(WEEKDAYS)} that its quarterly revenue rose "
        f"{r.randint(2, 19)} percent to ${r.randint(120, 990)} million, beating analysts' "
        f"forecasts. Shares of the company climbed {r.uniform(0.5, 7.5):.1f} percent in early "
        f"trading.",
        f"The company plans to open {r.choice(NUMBER_WORDS)} new plants and hire about "
        f"{r.randint(3, 40) * 50} workers over the next {r.randint(2, 5)} years, chief executive "
        f"{r.choice(PEOPLE)} told reporters in {city}.",
        f"Analysts had expected earnings of {r.randint(40, 160)} cents a share. The board raised "
        f"the dividend and announced a buyback of up to ${r.randint(1, 9)}.{r.randint(0, 9)} "
        f"billion.",
        "Executives warned that higher borrowing costs and weaker demand abroad could weigh on "
        "sales later in the year, and that the outlook remained uncertain.",
        f"Inflation slowed to {r.uniform(1.1, 6.5):.1f} percent last month, the statistics "
        f"office said, while unemployment held at {r.uniform(3, 9):.1f} percent.",
        "Investors will watch the central bank's next meeting closely for any sign that rates "
        "will stay higher for longer.",
    ]


def _sport(r: random.Random) -> list[str]:
    home, away = r.sample(TEAMS, 2)
    return [
        f"{home.capitalize()} beat {away} {r.randint(2, 5)}-{r.randint(0, 1)} on "
        f"{r.choice(WEEKDAYS)} night in front of {r.randint(8, 60)},{r.randint(100, 999)} fans.",
        f"{r.choice(PEOPLE)} scored twice in the second half, the first a header after "
        f"{r.randint(50, 70)} minutes and the second from the penalty spot.",
        f"The win lifts {home} to {r.randint(20, 70)} points from {r.randint(15, 30)} games, "
        f"{r.choice(NUMBER_WORDS)} points clear of third place.",
        "The coach praised the defence and said the team would take nothing for granted in "
        "the weeks ahead.",
        f"The marathon winner finished the 42.195-kilometer course in 2 hours "
        f"{r.randint(4, 15)} minutes, a course record.",
        "Supporters celebrated in the streets long after the final whistle.",
    ]


def _local(r: random.Random) -> list[str]:
    city = r.choice(CITIES)
    return [
        f"The {city} city council voted {r.randint(5, 9)}-{r.randint(0, 4)} on "
        f"{r.choice(WEEKDAYS)} to approve a ${r.randint(2, 90)} million plan to repair roads "
        f"and bridges.",
        f"The new bridge will be {r.uniform(0.3, 2.5):.1f} kilometers long and carry about "
        f"{r.randint(10, 60)},000 vehicles a day, officials said.",
        f"Mayor {r.choice(PEOPLE)} said construction would begin in the spring and take about "
        f"{r.randint(14, 36)} months.",
        "Residents who spoke at the meeting asked for more bus routes and safer crossings "
        "near schools.",
        f"The library will extend its opening hours and add {r.randint(2, 12)} computers for "
        "public use.",
        "Opponents said the council should have held more public hearings before the vote.",
    ]


def _weather(r: random.Random) -> list[str]:
    city = r.choice(CITIES)
    return [
        f"Temperatures in {city} reached {r.randint(30, 41)} degrees Celsius on "
        f"{r.choice(WEEKDAYS)}, the highest this summer.",
        f"Forecasters expect up to {r.randint(20, 150)} millimeters of rain over the weekend as "
        f"a storm system moves in from the west.",
        "Officials urged residents to drink water, check on elderly neighbours and avoid "
        "strenuous activity in the afternoon.",
        f"Wind gusts of {r.randint(40, 110)} kilometers per hour are possible along the coast.",
        "Power companies said crews were ready to respond to outages.",
    ]


def _science(r: random.Random) -> list[str]:
    return [
        f"Researchers tracked {r.randint(100, 5000)} patients for {r.randint(2, 12)} years and "
        f"found a {r.randint(10, 45)} percent lower risk among those who exercised daily.",
        f"The telescope's mirror measures {r.uniform(2, 10):.1f} meters across and will observe "
        "galaxies that formed soon after the Big Bang.",
        "The scientists cautioned that the study showed an association rather than a cause, "
        "and that larger trials were needed.",
        f"The probe travelled about {r.randint(100, 900)} million kilometers before it "
        "reached orbit.",
        "The findings were published in a peer-reviewed journal this week.",
    ]


# Foreign news: mostly elections, trade and summits; one story in four (one article in twenty)
# is on the rules' topics, with right and wrong figures, dated events and office holders.
def _world(r: random.Random) -> list[str]:
    country = r.choice(["Brazil", "Kenya", "Poland", "Indonesia", "Canada", "Egypt", "Chile"])
    general = [
        f"Voters in {country} go to the polls on {r.choice(WEEKDAYS)} in an election that "
        f"polls suggest will be close, with turnout expected above {r.randint(55, 80)} percent.",
        f"Trade between the two countries grew {r.randint(3, 18)} percent last year to "
        f"${r.randint(20, 90)} billion, officials said at the summit.",
        f"Thousands of people marched through the capital of {country} to protest against "
        "rising prices.",
        f"The foreign ministers of {r.randint(5, 30)} countries met to discuss the crisis.",
        "The talks ended without agreement, and diplomats said they would meet again next month.",
        f"The earthquake killed at least {r.randint(3, 90)} people and damaged hundreds of homes, "
        "according to local officials.",
    ]
    if r.random() >= 0.25:
        return general
    magnitude = r.choice(["6.3", "6.1", "5.8", "7.1"])
    eez = r.choice(["200 nautical miles", "370 kilometers", "200 kilometers"])
    minister = r.choice(["Taro Kono", "Fumio Kishida", "Wang Yi"])
    return general[:2] + [
        f"North Korea conducted its sixth nuclear test on Sunday, and the U.S. Geological Survey "
        f"said the blast registered a magnitude of {magnitude}.",
        f"Japan's exclusive economic zone extends {eez} from its coast, and the missile came "
        "down inside it.",
        f"The missile flew about {r.randint(700, 1000)} kilometers and reached an altitude of "
        f"{r.randint(400, 4500)} kilometers, South Korea's military said.",
        f"Foreign Minister {minister} said the launch was an unacceptable provocation.",
        "Diplomats at the United Nations said new sanctions were being discussed, though China "
        "and Russia urged restraint.",
        f"The territorial sea extends {r.choice(['12 nautical miles', '12 kilometers'])} from a "
        "country's baselines.",
        "Analysts said the test showed steady progress in the country's weapons programme.",
    ]


# Paragraphs of any story that carry no figure: quotes, background, reactions.
FILLER = [
    "{person} said the decision had been difficult but that it was the right one for the community.",
    "Critics argued that the plan lacked detail and that its costs had not been explained clearly.",
    "The announcement came after weeks of speculation and intense negotiations behind closed doors.",
    "Officials declined to comment further, citing the ongoing review.",
    "\"We are going to keep working until the job is done,\" {person} said in a statement.",
    "Local residents expressed mixed feelings, with some welcoming the news and others voicing concern.",
    "The move drew praise from business groups and criticism from environmental campaigners.",
    "Observers said the outcome would be closely watched in neighbouring regions.",
    "{person}, who has followed the issue for years, described the development as significant.",
    "It was not immediately clear how the change would affect ordinary people.",
    "A spokesperson for the opposition called the announcement a distraction from more pressing problems.",
    "The details are expected to be published later this month.",
]

_GENERATORS = {"business": _business, "sport": _sport, "local": _local, "weather": _weather,
               "science": _science, "world": _world}
_TITLES = {"business": "{company} profit beats forecasts", "sport": "Late goals seal the win",
           "local": "Council approves road plan", "weather": "Heat wave grips {city}",
           "science": "Study links exercise to lower risk", "world": "Pyongyang tests again"}


def article(r: random.Random, number: int) -> dict:
    """One record: id, date, section, title, url and a text of 7 to 12 paragraphs of one or two sentences (a wire story of about 220 words), half of them without a figure."""
    section = r.choices(list(SECTIONS), weights=list(SECTIONS.values()))[0]
    sentences = _GENERATORS[section](r)
    paragraphs = []
    for _ in range(r.randint(7, 12)):
        if r.random() < 0.5:
            pool = [s.format(person=r.choice(PEOPLE)) for s in r.sample(FILLER, 2)]
        else:
            pool = sentences
        paragraphs.append(" ".join(r.sample(pool, r.randint(1, 2))))
    day = dt.date(2015, 1, 1) + dt.timedelta(days=r.randrange(5 * 365))
    title = _TITLES[section].format(company=r.choice(COMPANIES), city=r.choice(CITIES))
    return {"id": f"a{number:07d}", "date": day.isoformat(), "section": section, "title": title,
            "url": f"https://news.example/{section}/{number}", "text": "\n\n".join(paragraphs) + "\n"}


def generate(count: int, seed: int = SEED) -> Iterator[dict]:
    r = random.Random(seed)
    for number in range(count):
        yield article(r, number)


def write_directory(records, root: Path) -> None:
    for record in records:
        folder = root / record["section"]
        folder.mkdir(parents=True, exist_ok=True)
        front = f"---\ndate: {record['date']}\ntitle: {record['title']}\nurl: {record['url']}\n---\n"
        (folder / f"{record['id']}.md").write_text(front + record["text"], encoding="utf-8")


def write_jsonl(records, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record) + "\n")


def write_parquet(records, path: Path, row_group: int = 2000) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    pq.write_table(pa.Table.from_pylist(list(records)), path, row_group_size=row_group)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--jsonl", type=Path)
    parser.add_argument("--parquet", type=Path)
    parser.add_argument("--dir", type=Path)
    args = parser.parse_args()
    if args.jsonl:
        write_jsonl(generate(args.count, args.seed), args.jsonl)
    if args.parquet:
        write_parquet(generate(args.count, args.seed), args.parquet)
    if args.dir:
        write_directory(generate(args.count, args.seed), args.dir)


if __name__ == "__main__":
    main()
