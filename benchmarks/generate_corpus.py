"""Generate a realistic synthetic news corpus for benchmarks (JSONL: id, title, date, source, text).

Articles are about 600 words of wire-style prose assembled from templates over real actors,
officials, places and event verbs, with datelines, quotes, background paragraphs and relative
dates, so that every stage of the pipeline has the work it has on real news. Like real news, the
vocabulary is open: each article brings new person and institute names and figures, the strings a
long run must not keep accumulating (``--closed-vocabulary`` gives the older, closed corpus).
Deterministic for a given seed.

    python benchmarks/generate_corpus.py --articles 10000 --out /tmp/corpus-10k.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import date, timedelta

STATES = [
    ("China", "Chinese", "Beijing", "BEIJING"), ("the United States", "US", "Washington", "WASHINGTON"),
    ("Russia", "Russian", "Moscow", "MOSCOW"), ("Japan", "Japanese", "Tokyo", "TOKYO"),
    ("India", "Indian", "New Delhi", "NEW DELHI"), ("the Philippines", "Philippine", "Manila", "MANILA"),
    ("Australia", "Australian", "Canberra", "CANBERRA"), ("South Korea", "South Korean", "Seoul", "SEOUL"),
    ("Ukraine", "Ukrainian", "Kyiv", "KYIV"), ("Iran", "Iranian", "Tehran", "TEHRAN"),
    ("Vietnam", "Vietnamese", "Hanoi", "HANOI"), ("France", "French", "Paris", "PARIS"),
    ("Britain", "British", "London", "LONDON"), ("Taiwan", "Taiwanese", "Taipei", "TAIPEI"),
]
ROLES = ["defence ministry spokesman", "foreign ministry spokeswoman", "defence minister", "foreign minister",
         "navy commander", "ambassador", "chief of the general staff", "national security adviser"]
NAMES = ["Li Wei", "John Carter", "Sergei Ivanov", "Kenji Sato", "Anil Mehta", "Maria Santos", "James Walker",
         "Kim Min-jun", "Olena Koval", "Reza Ahmadi", "Nguyen Van An", "Claire Dubois", "Tom Hughes", "Lin Yu-ting"]
PLACES = ["the South China Sea", "the Taiwan Strait", "the East China Sea", "the Black Sea", "the Sea of Japan",
          "the Strait of Hormuz", "the Baltic Sea", "the Indian Ocean", "the Yellow Sea", "the Red Sea"]
EVENTS = [
    "{a} accused {b} of destabilising the region after {b_adj} warships sailed through {place}",
    "{a} and {b} held talks by video link {when} on reducing military risks",
    "{a} imposed sanctions on {n} {b_adj} defence companies {when}",
    "{a_adj} bombers flew over {place} {when} in what {b} called a provocation",
    "{a} urged {b} to withdraw its troops from the border area",
    "{a} rejected a proposal by {b} to resume arms control negotiations",
    "{a} and {b} agreed to hold a joint naval exercise in {place} later this year",
    "{a} expelled {n} {b_adj} diplomats {when}, citing espionage",
    "{a} sent {n} tonnes of humanitarian aid to {b} {when}",
    "{a_adj} forces released {n} {b_adj} fishermen detained near {place}",
    "{a} threatened to cut military contacts with {b} if the patrols continued",
    "{a_adj} coast guard ships seized a {b_adj} fishing vessel in {place} {when}",
]
WHEN = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "last week", "earlier this month",
        "this week", "over the weekend"]
BACKGROUND = [
    "Relations between the two countries have been strained for several years over trade, technology and security.",
    "Analysts say the dispute reflects a broader contest for influence across the region.",
    "The waterway carries a large share of the world's seaborne trade and is patrolled by several navies.",
    "Both governments have said they want to avoid miscalculation, but contacts between their militaries remain limited.",
    "Officials on both sides have warned that a single incident could spiral into a wider confrontation.",
    "The ministry did not give further details, and the other side did not immediately respond to a request for comment.",
    "Diplomats said the talks covered maritime security, arms control and a hotline for emergencies.",
    "Defence spending in the region has risen steadily over the past decade, according to independent estimates.",
]
QUOTES = [
    "We will take all necessary measures to defend our sovereignty and security",
    "Dialogue is the only way to manage our differences",
    "These actions undermine peace and stability and must stop immediately",
    "We remain open to communication at every level",
    "The responsibility for the tension lies entirely with the other side",
]
# Syllables for names never seen before: about 3 million surnames, so names rarely repeat in 100k articles.
SYLLABLES = ["ka", "ro", "mi", "tan", "sul", "ve", "dor", "lin", "ash", "ber", "qu", "zha", "ov", "en", "ric",
             "tho", "mar", "ul", "pe", "sai"]
ANALYSTS = [
    "\"This is a signal aimed at several audiences at once,\" said {name}, an analyst at the {place} Institute.",
    "{name}, a researcher at {place} University, said the move had been expected for {n} months.",
    "The {place} Centre for Security Studies estimated the cost at {x} billion dollars, its director {name} said.",
]
SOURCES = ["Global Wire", "Asia Desk", "Pacific Monitor", "Defence Daily", "World Report", "Capital News"]


def _fill(rng: random.Random, template: str, a, b, day: date) -> str:
    return template.format(
        a=a[0], b=b[0], a_adj=a[1], b_adj=b[1], place=rng.choice(PLACES), when=rng.choice(WHEN),
        n=rng.randint(2, 40),
    )


def _new_name(rng: random.Random) -> str:
    word = lambda k: "".join(rng.choice(SYLLABLES) for _ in range(k)).capitalize()  # noqa: E731
    return f"{word(2)} {word(rng.randint(2, 3))}"


def _analyst(rng: random.Random) -> str:
    return rng.choice(ANALYSTS).format(name=_new_name(rng), place=_new_name(rng).split()[1], n=rng.randint(2, 30),
                                       x=f"{rng.randint(1, 90)}.{rng.randint(1, 9)}")


def article(rng: random.Random, i: int, start: date, *, open_vocabulary: bool = True) -> dict:
    a, b = rng.sample(STATES, 2)
    day = start + timedelta(days=rng.randint(0, 3650))
    lede = _fill(rng, rng.choice(EVENTS), a, b, day)
    name = _new_name(rng) if open_vocabulary and rng.random() < 0.5 else rng.choice(NAMES)
    speaker = f"{a[1]} {rng.choice(ROLES)} {name}"
    paragraphs = [f"{a[3]} - {lede[0].upper()}{lede[1:]}, {speaker} said {rng.choice(WHEN)}."]
    while sum(len(p.split()) for p in paragraphs) < 600:
        roll = rng.random()
        if roll < 0.35:
            s = _fill(rng, rng.choice(EVENTS), *rng.sample([a, b, rng.choice(STATES)], 2), day)
            paragraphs.append(f"{s[0].upper()}{s[1:]}, according to officials in {rng.choice([a, b])[2]}.")
        elif open_vocabulary and roll < 0.45:
            paragraphs.append(_analyst(rng))
        elif roll < 0.6:
            paragraphs.append(f"\"{rng.choice(QUOTES)},\" {rng.choice(['he', 'she'])} told reporters. "
                              f"\"{rng.choice(QUOTES)}.\"")
        else:
            paragraphs.append(" ".join(rng.sample(BACKGROUND, 2)))
    title = lede.split(" after ")[0].split(",")[0][:90]
    return {
        "id": f"bench-{i:07d}",
        "title": title[0].upper() + title[1:],
        "date": day.isoformat(),
        "source": rng.choice(SOURCES),
        "text": "\n\n".join(paragraphs),
    }


def generate(n: int, *, seed: int = 7, start: date = date(2015, 1, 1), open_vocabulary: bool = True):
    rng = random.Random(seed)
    for i in range(n):
        yield article(rng, i, start, open_vocabulary=open_vocabulary)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", default="-")
    p.add_argument("--closed-vocabulary", action="store_true", help="only the fixed lists of names (older corpora)")
    args = p.parse_args(argv)
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    for row in generate(args.articles, seed=args.seed, open_vocabulary=not args.closed_vocabulary):
        out.write(json.dumps(row) + "\n")
    if out is not sys.stdout:
        out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
