"""The incremental stories step as the store grows: seconds per new article and peak memory per run.

Codes a small seed corpus once, then feeds clones of its analyses (own text, id and event ids; see
``bench_store_growth.clone``) in runs of ``--step`` new articles, ``--per-day`` articles a day in date order
(a daily feed), up to ``--articles``. After each run's writes the stories step runs in a fresh process (so
its peak resident memory is its own), the way ``detente run`` runs it; ``--full-at`` also times a full
rebuild at those sizes. Writes ``stories_incremental.json`` and ``stories_incremental.png``.

``--single-run`` writes ``--articles`` new articles to an empty store and times the step at the end of that
one run for each ``--step-articles`` (articles per step): memory bounded by the step, not by the run.

``--quality`` instead measures story B³ F1 on the dev splits of both story gold sets when the corpus
arrives in k runs (k = 1, 3, 10; date-ordered and random chunks) against the one-shot build, and writes
``stories_incremental_quality.json``. The demo gold needs a database of the demo corpus (``--demo-db``,
made by ``detente run --db FILE``).

    python benchmarks/bench_stories_incremental.py --articles 10000 --step 1000 --out benchmarks/results
    python benchmarks/bench_stories_incremental.py --quality --demo-db demo.duckdb --out benchmarks/results
    python benchmarks/bench_stories_incremental.py --single-run --articles 10000 --out benchmarks/results
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store_growth import clone, seed_analyses  # noqa: E402

STEP = """
import json, resource, sys, time
from detente.store import open_store
from detente.run import rebuild_stories
db, full = sys.argv[1], sys.argv[2] == "full"
step_articles = {"step_articles": int(sys.argv[3])} if len(sys.argv) > 3 else {}
t0, c0 = time.perf_counter(), time.process_time()
with open_store(db) as store:
    written = dict(rebuild_stories(store, full=full, **step_articles))
print(json.dumps({"seconds": round(time.perf_counter() - t0, 3), "cpu_seconds": round(time.process_time() - c0, 3),
                  "written": written,
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
"""


def step(db: Path, full: bool, step_articles: int | None = None) -> dict:
    extra = [str(step_articles)] if step_articles else []
    proc = subprocess.run([sys.executable, "-c", STEP, str(db), "full" if full else "incremental", *extra],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        return {"error": proc.stderr[-2000:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def dated_clone(seed, k: int, seeds: int, start: dt.date, per_day: int):
    a = clone(seed, k, seeds)
    day = (start + dt.timedelta(days=k // per_day)).isoformat()
    return dataclasses.replace(a, article=dataclasses.replace(a.article, published=day))


def growth(args) -> dict:
    from detente.run._local import store_session

    seeds = seed_analyses(args.seed_articles)
    start = dt.date(2026, 1, 1)
    out = {"articles": args.articles, "step": args.step, "per_day": args.per_day, "runs": []}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "stories.duckdb"
        written = 0
        while written < args.articles:
            n = min(args.step, args.articles - written)
            batch = [dated_clone(seeds[(written + i) % len(seeds)], written + i, len(seeds), start, args.per_day)
                     for i in range(n)]
            for i in range(0, n, 64):
                with store_session(db) as store:
                    store.write(batch[i:i + 64])
            written += n
            row = {"stored": written, "new": n, "incremental": step(db, full=False)}
            if written in args.full_at:
                row["full"] = step(db, full=True)
            inc = row["incremental"]
            if "seconds" in inc:
                inc["seconds_per_new_article"] = round(inc["seconds"] / n, 5)
                inc["cpu_per_new_article"] = round(inc["cpu_seconds"] / n, 5)
            out["runs"].append(row)
            print(json.dumps(row), flush=True)
            write(out, args.out, "stories_incremental.json")
    plot(out, Path(args.out) / "stories_incremental.png")
    return out


def single_run(args) -> dict:
    """One run that brings ``--articles`` new articles to an empty store: the stories step at its end, in a
    fresh process, for each ``--step-articles`` (articles per step; the largest value is one step)."""
    from detente.run._local import store_session

    seeds = seed_analyses(args.seed_articles)
    start = dt.date(2026, 1, 1)
    out = {"articles": args.articles, "per_day": args.per_day, "steps": []}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "stories.duckdb"
        batch = [dated_clone(seeds[i % len(seeds)], i, len(seeds), start, args.per_day) for i in range(args.articles)]
        for i in range(0, len(batch), 64):
            with store_session(db) as store:
                store.write(batch[i:i + 64])
        for size in args.step_articles:
            copy = Path(tmp) / f"copy-{size}.duckdb"
            shutil.copyfile(db, copy)
            row = {"step_articles": size, **step(copy, full=False, step_articles=size)}
            copy.unlink()
            out["steps"].append(row)
            print(json.dumps(row), flush=True)
            write(out, args.out, "stories_single_run.json")
    return out


def write(data: dict, folder: str, name: str) -> None:
    Path(folder).mkdir(parents=True, exist_ok=True)
    (Path(folder) / name).write_text(json.dumps(data, indent=1) + "\n")


def plot(data: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = [r for r in data["runs"] if "seconds" in r["incremental"]]
    x = [r["stored"] for r in runs]
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
    a1.plot(x, [r["incremental"]["seconds_per_new_article"] * 1000 for r in runs], "o-", label="incremental (wall)")
    a1.plot(x, [r["incremental"]["cpu_per_new_article"] * 1000 for r in runs], "s--", label="incremental (CPU)")
    full = [r for r in runs if "seconds" in r.get("full", {})]
    if full:
        a1.plot([r["stored"] for r in full], [r["full"]["seconds"] * 1000 / r["new"] for r in full], "x",
                label="full rebuild, per new article")
    a1.set_xlabel("stored articles")
    a1.set_ylabel("ms per new article")
    a1.legend()
    a2.plot(x, [r["incremental"]["peak_rss_mb"] for r in runs], "o-", label="incremental")
    if full:
        a2.plot([r["stored"] for r in full], [r["full"]["peak_rss_mb"] for r in full], "x", label="full rebuild")
    a2.set_xlabel("stored articles")
    a2.set_ylabel("peak RSS of the step (MB)")
    a2.legend()
    fig.suptitle(f"stories step per run of {data['step']} new articles")
    fig.tight_layout()
    fig.savefig(path, dpi=100)


def _feed(items, k: int, mode: str, seed: int = 0):
    from detente.run import rebuild_stories
    from detente.store import open_store

    order = sorted(items, key=lambda a: (a.article.published or "9999-99-99", a.article.id))
    if mode == "random":
        random.Random(seed).shuffle(order)
    tmp = tempfile.mkdtemp()
    try:
        with open_store(Path(tmp) / "q.duckdb") as store:
            for j in range(k):
                store.write(order[len(order) * j // k: len(order) * (j + 1) // k])
                rebuild_stories(store)
            return store.stories(), store.duplicates(), list(store.articles())
    finally:
        shutil.rmtree(tmp)


def quality(args) -> dict:
    """B³ F1 of k incremental runs against the one-shot build, dev splits only (never the test split)."""
    from detente.eval.stories import b_cubed, gold_analyses, score_demo_stories, storable
    from detente.store import open_store
    from detente.stories import build_stories

    root = Path(__file__).resolve().parents[1]
    rows = [json.loads(line) for line in (root / "tests/gold/stories.jsonl").read_text().splitlines() if line.strip()]
    dev = [r for r in rows if r["split"] == "dev"]
    gold = {r["id"]: r["story"] for r in dev}
    items = [storable(a) for a in gold_analyses(dev)]
    one = {m: s.id for s in build_stories(items)[0] for m in s.members}
    out = {"stories.jsonl dev": {"one-shot": b_cubed(gold, one)["f1"]}}
    for k in (1, 3, 10):
        for mode in ("chrono", "random"):
            stories, _, _ = _feed(items, k, mode)
            out["stories.jsonl dev"][f"k={k} {mode}"] = b_cubed(gold, {m: s.id for s in stories for m in s.members})["f1"]
    if args.demo_db:
        demo_gold = [json.loads(line) for line in (root / "tests/gold/demo.jsonl").read_text().splitlines() if line]
        copy = Path(tempfile.mkdtemp()) / "demo.duckdb"
        shutil.copyfile(args.demo_db, copy)
        with open_store(copy) as store:  # writable: migrates an older database
            analyses = list(store.analyses())
        shutil.rmtree(copy.parent)
        out["demo.jsonl dev"] = {"one-shot": score_demo_stories(analyses, demo_gold)["dev"]["stories_b3_f1"]}
        for k in (1, 3, 10):
            for mode in ("chrono", "random"):
                stories, dups, arts = _feed(analyses, k, mode)

                # what score_demo_stories(rebuild=False) reads of a store
                stored = SimpleNamespace(analyses=list, articles=lambda arts=arts: arts,
                                         stories=lambda found=stories: found, duplicates=lambda d=dups: d)
                scores = score_demo_stories(stored, demo_gold, rebuild=False)["dev"]
                out["demo.jsonl dev"][f"k={k} {mode}"] = scores["stories_b3_f1"]
    write(out, args.out, "stories_incremental_quality.json")
    print(json.dumps(out, indent=1))
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=10000)
    p.add_argument("--step", type=int, default=1000, help="new articles per run")
    p.add_argument("--per-day", type=int, default=200, help="articles published per day")
    p.add_argument("--seed-articles", type=int, default=48)
    p.add_argument("--full-at", type=int, nargs="*", default=[], help="also time a full rebuild at these sizes")
    p.add_argument("--quality", action="store_true", help="measure B³ of k runs against one shot instead")
    p.add_argument("--single-run", action="store_true",
                   help="one run of --articles new articles; the step's memory for each --step-articles")
    p.add_argument("--step-articles", type=int, nargs="*", default=[2000, 1000000])
    p.add_argument("--demo-db", help="a database of the demo corpus, for --quality")
    p.add_argument("--out", default="benchmarks/results")
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    if args.quality:
        quality(args)
    elif args.single_run:
        single_run(args)
    else:
        growth(args)
    print(f"done in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
