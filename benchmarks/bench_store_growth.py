"""What grows with the corpus, measured without the parser: store writes, stored-article checks, stories.

Parsing and the per-article stages cost the same for the millionth article as for the first; what can
grow is the store side: a batch write into a bigger table, the check of which articles are stored,
the runner's own memory, and the stories rebuild that reads every stored article. This codes a small
seed corpus once, then writes clones of its analyses (each with its own text, id, date and event ids,
offsets intact) through the runner's own write path, up to ``--articles``, and records the time per
batch and the resident memory as the store grows. At each of ``--rebuild-at`` it rebuilds the stories
in a fresh process (so its peak memory is its own), the streamed way and, with ``--compare``, the
old way (``build_stories(store.analyses())``). Writes ``store_growth.json`` and ``store_growth.png``.

    python benchmarks/bench_store_growth.py --articles 10000 --rebuild-at 1000 10000 --out benchmarks/results
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_corpus import generate  # noqa: E402

REBUILD = """
import json, resource, sys, time
from detente.store import open_store
mode, db = sys.argv[1:3]
t0 = time.perf_counter()
with open_store(db) as store:
    if mode == "streamed":
        from detente.run import rebuild_stories
        written = dict(rebuild_stories(store))
    else:
        from detente.stories import build_stories
        stories, dups, merged = build_stories(store.analyses())
        store.replace_stories(stories, dups, merged)
        written = {"stories": len(stories), "duplicates": len(dups), "merged_events": len(merged)}
print(json.dumps({"seconds": round(time.perf_counter() - t0, 2), "written": written,
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
"""


def seed_analyses(n: int):
    from detente.config import load_settings
    from detente.ingest import read_sources
    from detente.report import RunReport
    from detente.run import Pipeline

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "seed.jsonl"
        corpus.write_text("".join(json.dumps(r) + "\n" for r in generate(n, seed=3)))
        settings = load_settings()
        return list(Pipeline(settings).process(read_sources([corpus], settings=settings.ingest), RunReport()))


_WORD = re.compile(r"[A-Za-z]+")


def _rotate(word: str, by: int) -> str:
    return "".join(chr((ord(c) - base + by) % 26 + base) if c.isascii() and c.isalpha() else c
                   for c in word for base in [65 if c.isupper() else 97])


def _vary(text: str, k: int, seeds: int) -> str:
    """The same length, words and layout, but every 4th word's letters rotated (which words and by how
    much depend on the clone): each clone has its own shingles (not a syndicated copy of its seed) and
    keeps most of its content words (so stories still form)."""
    m = k // seeds
    if m == 0:
        return text
    phase, by = m % 4, m % 25 + 1
    return _WORD.sub(lambda mt: _rotate(mt.group(0), by) if (mt.start() // 7) % 4 == phase else mt.group(0), text)


def clone(analysis, k: int, seeds: int):
    """A copy with its own text (same length: every offset stays valid), id, date and event ids."""
    from detente.records import Analysis, article_id_for

    a = analysis.article
    text = _vary(a.text, k, seeds) + f"\n\nReference {k}."
    aid = article_id_for(text)
    published = None
    if a.published:
        published = (dt.date.fromisoformat(a.published) + dt.timedelta(days=k % 3650)).isoformat()
    art = dataclasses.replace(a, id=aid, text=text, raw_text=text, published=published, origin=f"clone:{k}")

    def re(items):
        return [dataclasses.replace(x, article_id=aid, text=text[x.start:x.end]) for x in items]

    def remention(m):
        return None if m is None else dataclasses.replace(m, article_id=aid, text=text[m.start:m.end])

    quotes = [dataclasses.replace(q, article_id=aid, text=text[q.start:q.end], speaker=remention(q.speaker),
                                  cue=None if q.cue_start is None else text[q.cue_start:q.cue_end])
              for q in analysis.quotes]
    events = [dataclasses.replace(e, id=f"{aid}{e.id[:8]}", article_id=aid,
                                  anchor_text=text[e.anchor_start:e.anchor_end],
                                  actor=[remention(m) for m in e.actor], recipient=[remention(m) for m in e.recipient],
                                  event_loc=None if e.event_loc is None else re([e.event_loc])[0])
              for e in analysis.events]
    return Analysis(art, sentences=re(analysis.sentences), mentions=re(analysis.mentions), places=re(analysis.places),
                    dates=re(analysis.dates), quotes=quotes, events=events)


def rebuild(mode: str, db: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", REBUILD, mode, str(db)], capture_output=True, text=True)
    if proc.returncode != 0:
        return {"error": proc.stderr[-2000:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    from detente.report import RunReport
    from detente.run._local import store_session
    from detente.run._stats import peak_rss_mb, rss_mb

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=10000)
    p.add_argument("--seed-articles", type=int, default=48)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--rebuild-at", type=int, nargs="*", default=[1000, 10000])
    p.add_argument("--compare", action="store_true", help="also time the old build_stories(store.analyses())")
    p.add_argument("--every", type=int, default=1000)
    p.add_argument("--out", default="benchmarks/results")
    args = p.parse_args(argv)

    t0 = time.perf_counter()
    seeds = seed_analyses(args.seed_articles)
    seed_seconds = time.perf_counter() - t0
    samples, rebuilds = [], []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "growth.duckdb"
        written = 0
        window = {"write": 0.0, "check": 0.0, "n": 0}
        report = RunReport()
        while written < args.articles:
            batch = [clone(seeds[(written + i) % len(seeds)], written + i, len(seeds)) for i in range(args.batch_size)]
            t = time.perf_counter()
            with store_session(db) as store:
                stored = store.has_articles([x.article.id for x in batch])
            window["check"] += time.perf_counter() - t
            assert not stored
            t = time.perf_counter()
            with store_session(db) as store:
                store.write(batch, report=report)
            window["write"] += time.perf_counter() - t
            window["n"] += len(batch)
            written += len(batch)
            if written % args.every < args.batch_size:
                samples.append({
                    "articles": written,
                    "write_ms_per_article": round(1000 * window["write"] / window["n"], 2),
                    "check_ms_per_article": round(1000 * window["check"] / window["n"], 2),
                    "rss_mb": round(rss_mb() or 0, 1),
                    "db_mb": round(db.stat().st_size / 2**20, 1),
                })
                print(json.dumps(samples[-1]), flush=True)
                window = {"write": 0.0, "check": 0.0, "n": 0}
            for at in args.rebuild_at:
                if written - args.batch_size < at <= written:
                    for mode in (["streamed", "build_stories"] if args.compare else ["streamed"]):
                        r = rebuild(mode, db) | {"articles": written, "mode": mode}
                        print(json.dumps(r), flush=True)
                        rebuilds.append(r)
    result = {
        "meta": {"cpus": os.cpu_count(), "batch_size": args.batch_size, "seed_articles": args.seed_articles,
                 "seed_coding_seconds": round(seed_seconds, 1), "load_average": [round(x, 2) for x in os.getloadavg()],
                 "runner_peak_rss_mb": round(peak_rss_mb(), 1), "skipped": report.skipped},
        "samples": samples,
        "rebuilds": rebuilds,
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "store_growth.json").write_text(json.dumps(result, indent=2) + "\n")
    plot(result, out / "store_growth.png")
    print(f"wrote {out / 'store_growth.json'}")
    return 0


def plot(result: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    xs = [s["articles"] for s in result["samples"]]
    fig, (ax1, ax2, ax3) = plt.subplots(1, 3, figsize=(14, 4))
    ax1.plot(xs, [s["write_ms_per_article"] for s in result["samples"]], marker=".", label="batch write")
    ax1.plot(xs, [s["check_ms_per_article"] for s in result["samples"]], marker=".", label="stored check")
    ax1.set_xlabel("articles in the store")
    ax1.set_ylabel("ms per article")
    ax1.set_ylim(bottom=0)
    ax1.legend()
    ax2.plot(xs, [s["rss_mb"] for s in result["samples"]], marker=".")
    ax2.set_xlabel("articles in the store")
    ax2.set_ylabel("runner resident memory (MB)")
    ax2.set_ylim(bottom=0)
    for mode in ("streamed", "build_stories"):
        rs = [r for r in result["rebuilds"] if r.get("mode") == mode and "seconds" in r]
        if rs:
            ax3.plot([r["articles"] for r in rs], [r["peak_rss_mb"] for r in rs], marker="o", label=f"{mode}: peak MB")
            ax3.plot([r["articles"] for r in rs], [r["seconds"] for r in rs], marker="s", ls="--",
                     label=f"{mode}: seconds")
    ax3.set_xlabel("articles in the store")
    ax3.set_title("stories rebuild")
    ax3.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


if __name__ == "__main__":
    sys.exit(main())
