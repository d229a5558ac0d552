"""Story clustering at scale: time and peak memory for synthetic corpora of 1k, 10k and 100k articles.

Not a test. Run::

    .venv/bin/python benchmarks/stories/bench_stories.py --sizes 1000 10000 100000 --out benchmarks/stories/results.json

Articles are generated from templates (actors, actions, places, dates, filler sentences): each synthetic story
is one event retold by 1-6 outlets in different sentence orders and wordings over a few days, with a share of
syndicated copies. Each size runs in its own subprocess so ``ru_maxrss`` is that run's peak; RSS is also
sampled every tenth of the stream to show whether memory stays flat. The generator is deterministic (seeded),
so two passes see the same articles: the first fits document frequencies, the second clusters.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

from detente.eval.stories import b_cubed
from detente.records import Article
from detente.stories import DuplicateIndex, StoryClusterer, StorySettings

ACTORS = [
    ("China", "Chinese", "Beijing"), ("the United States", "American", "Washington"), ("Russia", "Russian", "Moscow"),
    ("Japan", "Japanese", "Tokyo"), ("India", "Indian", "New Delhi"), ("the Philippines", "Philippine", "Manila"),
    ("Vietnam", "Vietnamese", "Hanoi"), ("Australia", "Australian", "Canberra"), ("France", "French", "Paris"),
    ("Britain", "British", "London"), ("Germany", "German", "Berlin"), ("Turkey", "Turkish", "Ankara"),
    ("Iran", "Iranian", "Tehran"), ("Pakistan", "Pakistani", "Islamabad"), ("Indonesia", "Indonesian", "Jakarta"),
    ("South Korea", "South Korean", "Seoul"), ("Brazil", "Brazilian", "Brasilia"), ("Egypt", "Egyptian", "Cairo"),
    ("Poland", "Polish", "Warsaw"), ("Canada", "Canadian", "Ottawa"),
]
ACTIONS = [
    ("held talks with", "talks", ["negotiators", "delegation", "agenda", "round"]),
    ("signed a defence agreement with", "agreement", ["treaty", "signing", "ceremony", "pact"]),
    ("imposed sanctions on", "sanctions", ["asset", "freeze", "listing", "penalties"]),
    ("accused", "accusation", ["interference", "allegation", "condemnation", "protest"]),
    ("held joint naval drills with", "drills", ["warships", "exercise", "frigates", "manoeuvres"]),
    ("sent a warship on a port call to", "port call", ["destroyer", "harbour", "crew", "visit"]),
    ("expelled diplomats from", "expulsion", ["embassy", "envoys", "consulate", "spying"]),
    ("offered humanitarian aid to", "aid", ["relief", "supplies", "shipment", "donation"]),
]
PLACES = ["Karachi", "Colombo", "Da Nang", "Manila Bay", "Vladivostok", "Busan", "Darwin", "Djibouti", "Haifa",
          "Gdansk", "Mombasa", "Valparaiso", "Halifax", "Piraeus", "Surabaya", "Chennai", "Cam Ranh", "Aden"]
FILLERS = [
    "Analysts said the move reflected shifting priorities in the region.",
    "Officials from both sides described the atmosphere as businesslike.",
    "Markets showed little reaction to the news on the day.",
    "The announcement followed several weeks of quiet diplomacy.",
    "Opposition lawmakers demanded more details from the government.",
    "Neighbouring states said they were following developments closely.",
    "Critics argued that the decision would do little to change the situation.",
    "A researcher at a university think tank said the timing was significant.",
    "State media gave the story prominent coverage in evening bulletins.",
    "Diplomats expect further contacts in the coming months.",
]
OUTLETS = [f"Outlet {i}" for i in range(40)]
SYLLABLES = ["ka", "ro", "mi", "tan", "sel", "vo", "dra", "lin", "mor", "zu", "pe", "qua", "hen", "sto", "ba", "ri"]


def _name(rng: random.Random) -> str:
    """A made-up surname: real stories carry names that few other stories share."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def synthetic(n: int, *, seed: int = 7, start: str = "2025-01-01", per_day: int = 140) -> Iterator[tuple[Article, str]]:
    """Yield ``n`` (article, gold story key) pairs, roughly in date order."""
    rng = random.Random(seed)
    day0 = dt.date.fromisoformat(start).toordinal()
    made = story_no = 0
    while made < n:
        story_no += 1
        a, b = rng.sample(ACTORS, 2)
        verb, noun, extra = rng.choice(ACTIONS)
        place = rng.choice(PLACES)
        day = day0 + made // per_day
        detail = rng.sample(extra, 3)
        number = rng.randint(2, 60)
        official, envoy, operation = _name(rng), _name(rng), _name(rng)
        versions = []
        for k in range(rng.randint(1, 6)):
            if made >= n:
                break
            when = day + rng.randint(0, 3)
            if versions and rng.random() < 0.25:  # a syndicated copy with a new ending
                base = rng.choice(versions)
                text = base + " " + rng.choice(FILLERS)
            else:
                lead = rng.choice([
                    f"{a[0]} {verb} {b[0]} near {place}, officials in {a[2]} said.",
                    f"Officials in {a[2]} said {a[0]} had {verb.split(' ', 1)[-1] if verb.startswith('held ') else verb} {b[0]} at {place}.",
                    f"The {a[1]} government {verb} {b[0]} in a step announced at {place}.",
                ])
                body = [
                    f"The {noun} involved {number} {detail[0]} and came after a dispute over {detail[1]}.",
                    f"{b[1]} officials in {b[2]} responded with a statement about the {detail[2]}.",
                    f"The {a[1]} side said the {noun} at {place} was part of a wider plan.",
                    f"Reporters in {b[2]} were told the {detail[0]} would stay near {place}.",
                    f"Minister {official} said the step, known as operation {operation}, was necessary.",
                    f"Envoy {envoy} met {official} before the {noun} was made public.",
                ]
                rng.shuffle(body)
                text = " ".join([lead] + body + rng.sample(FILLERS, 2))
                versions.append(text)
            made += 1
            date = dt.date.fromordinal(when).isoformat()
            aid = f"syn-{made:07d}"
            yield Article(id=aid, text=text, title=f"{a[1]} {noun} {b[0]} {place}", published=date,
                          source=rng.choice(OUTLETS)), f"g{story_no}"


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run_one(n: int, dedup: bool) -> dict:
    clusterer = StoryClusterer(StorySettings())
    t0 = time.perf_counter()
    clusterer.backend.fit(clusterer.terms_of(a) for a, _ in synthetic(n))
    t_fit = time.perf_counter() - t0
    index = DuplicateIndex() if dedup else None
    gold: dict[str, str] = {}
    pred: dict[str, str] = {}
    rss = []
    t1 = time.perf_counter()
    t_dedup = 0.0
    for i, (art, key) in enumerate(synthetic(n)):
        original = None
        if index is not None:
            td = time.perf_counter()
            original = index.add(art)
            t_dedup += time.perf_counter() - td
        sid = clusterer.add_copy(art, original) if original else clusterer.add(art)
        gold[art.id], pred[art.id] = key, sid
        if n >= 10 and i % (n // 10) == 0:
            rss.append(round(_rss_mb(), 1))
    t_total = time.perf_counter() - t1
    return {
        "articles": n,
        "stories": len(clusterer),
        "gold_stories": len(set(gold.values())),
        "idf_fit_s": round(t_fit, 2),
        "cluster_s": round(t_total - t_dedup, 2),
        "dedup_s": round(t_dedup, 2) if dedup else None,
        "articles_per_s": round(n / max(t_total - t_dedup, 1e-9), 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_mb_by_tenth": rss,
        "b3": b_cubed(gold, pred),
        "copies_found": len(index.duplicates()) if index is not None else None,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--out", default="benchmarks/stories/results.json")
    ap.add_argument("--dedup", action="store_true", help="also run duplicate detection in the stream")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.dedup)))
        return 0
    results = []
    for n in args.sizes:
        cmd = [sys.executable, __file__, "--one", str(n)] + (["--dedup"] if args.dedup else [])
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), flush=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({"results": results}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
