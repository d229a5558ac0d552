"""Throughput of the full pipeline against the bare spaCy parse, in one run, on ``--workers`` processes.

The headline figure is the ratio: full-pipeline articles/s divided by bare-parse articles/s over the
same texts with the same number of processes (1.0 = the pipeline costs nothing beyond the parser).
Also: seconds per stage (summed over workers), peak resident memory per worker, memory and rate
sampled every ``--sample-every`` articles while the run goes (flat memory = flat curve), the stories
rebuild, and articles per day. Writes ``pipeline.json`` and ``pipeline.png`` into ``--out``.

    python benchmarks/bench_pipeline.py --sizes 1000 10000 --workers 2 --out benchmarks/results

The bare parse streams the corpus too (read and clean are timed and left out), so neither side holds
the corpus in memory. The machine's load average is recorded: on a shared machine, compare runs
with similar load only.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_corpus import generate  # noqa: E402


def _load() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def write_corpus(n: int, path: Path) -> int:
    words = 0
    with path.open("w", encoding="utf-8") as fh:
        for row in generate(n):
            words += len(row["text"].split())
            fh.write(json.dumps(row) + "\n")
    return words


def _bare_shard(corpus: str, shard: int, shards: int, batch_size: int) -> dict:
    """Parse every ``shards``-th clean text with nlp.pipe alone; the time to read and clean is left out."""
    from detente.config import load_settings
    from detente.ingest import read_sources
    import spacy

    from detente.report import RunReport
    from detente.run import Pipeline
    from detente.run._stats import peak_rss_mb

    settings = load_settings()
    # The baseline is stock spaCy: the pipeline's own load_model swaps in a faster attribute ruler.
    nlp = spacy.load(settings.nlp.model)
    pipeline = Pipeline(settings, nlp=nlp, stages=[])
    report = RunReport()
    feeding = feeding_cpu = 0.0

    def texts():
        nonlocal feeding, feeding_cpu
        it = pipeline.clean(read_sources([corpus], settings=settings.ingest, report=report), report)
        i = 0
        while True:
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                article = next(it)
            except StopIteration:
                return
            finally:
                feeding += time.perf_counter() - t0
                feeding_cpu += time.process_time() - c0
            if i % shards == shard:
                yield article.text
            i += 1

    n = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts(), batch_size=batch_size):
        n += 1
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0
    return {"articles": n, "seconds": wall - feeding, "cpu_seconds": cpu - feeding_cpu, "peak_rss_mb": peak_rss_mb()}


def bare_parse(corpus: Path, *, workers: int, batch_size: int) -> dict:
    if workers <= 1:
        shards = [_bare_shard(str(corpus), 0, 1, batch_size)]
    else:
        ctx = multiprocessing.get_context("spawn")  # a fresh process, like a worker of the full run
        with ctx.Pool(workers) as pool:
            shards = pool.starmap(_bare_shard, [(str(corpus), k, workers, batch_size) for k in range(workers)])
    n = sum(s["articles"] for s in shards)
    seconds = max(s["seconds"] for s in shards)  # the shards run side by side: the slowest one decides
    cpu = sum(s["cpu_seconds"] for s in shards)
    return {"articles": n, "seconds": round(seconds, 3), "articles_per_s": round(n / seconds, 3),
            "cpu_seconds": round(cpu, 3), "cpu_seconds_per_article": round(cpu / n, 4),
            "peak_rss_mb_per_worker": round(max(s["peak_rss_mb"] for s in shards), 1)}


def full_pipeline(corpus: Path, db: Path, *, workers: int, batch_size: int, sample_every: int) -> dict:
    from detente.config import load_settings
    from detente.report import RunReport
    from detente.run import RunStats, run

    settings = load_settings(store={"path": str(db)}, nlp={"batch_size": batch_size})
    stats = RunStats(sample_every=sample_every)
    report = RunReport()
    t0 = time.perf_counter()
    run([corpus], settings=settings, report=report, workers=workers, stats=stats)
    wall = time.perf_counter() - t0
    s = stats.to_dict()
    stories = sum(v for k, v in s["stage_seconds"].items() if k.startswith("stories:"))
    coding = s["stage_seconds"].get("wall:code", wall)
    # CPU of every process: the driver (read, clean, writes, stories) and the workers (parse and stages)
    cpu = s["stage_seconds"].get("cpu:driver", 0.0) + s["stage_seconds"].get("cpu:workers", 0.0)
    return {
        "processed": report.processed,
        "skipped": report.skipped,
        "seconds": round(wall, 3),
        "articles_per_s": round(report.processed / wall, 3),
        "coding_seconds": round(coding, 3),
        "coding_articles_per_s": round(report.processed / coding, 3),
        "stories_seconds": round(stories, 3),
        "cpu_seconds": round(cpu, 3),
        "cpu_seconds_per_article": round(cpu / max(report.processed, 1), 4),
        "stage_seconds": s["stage_seconds"],
        "peak_rss_mb_per_worker": s["worker_peak_rss_mb"] if workers > 1 else s["driver_peak_rss_mb"],
        "driver_peak_rss_mb": s["driver_peak_rss_mb"],
        "samples": s["samples"],
        "written": dict(report.written),
    }


def bench(n: int, *, workers: int, batch_size: int, sample_every: int, skip_bare: bool = False) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        words = write_corpus(n, corpus)
        load_before = _load()
        bare = None if skip_bare else bare_parse(corpus, workers=workers, batch_size=batch_size)
        full = full_pipeline(corpus, Path(tmp) / "bench.duckdb", workers=workers, batch_size=batch_size,
                             sample_every=sample_every)
    if bare is None:  # a memory run: no baseline, no ratios
        return {"articles": n, "words": words, "workers": workers, "batch_size": batch_size,
                "load_average_before": load_before, "load_average_after": _load(), "bare": None, "full": full,
                "articles_per_day": int(86400 * full["articles_per_s"])}
    return {
        "articles": n,
        "words": words,
        "workers": workers,
        "batch_size": batch_size,
        "load_average_before": load_before,
        "load_average_after": _load(),
        "bare": bare,
        "full": full,
        # the headline: whole run (coding, writes, stories, index) against the parse alone
        "ratio_full_to_bare": round(full["articles_per_s"] / bare["articles_per_s"], 3),
        # the coding loop alone (stories and the full-text index are once per run, not per article)
        "ratio_coding_to_bare": round(full["coding_articles_per_s"] / bare["articles_per_s"], 3),
        # the same ratio in CPU seconds per article: what a shared, noisy machine measures best
        "ratio_cpu_bare_to_full": round(bare["cpu_seconds_per_article"] / full["cpu_seconds_per_article"], 3),
        # what `workers` dedicated cores would do in a day at the measured CPU cost per article
        "articles_per_day_on_cpus": int(workers * 86400 / full["cpu_seconds_per_article"]),
        "articles_per_day": int(86400 * full["articles_per_s"]),
        "articles_per_day_bare": int(86400 * bare["articles_per_s"]),
    }


def plot(results: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 2, figsize=(12, 8))
    (ax1, ax2), (ax3, ax4) = axes
    sizes = [r["articles"] for r in results]
    with_bare = [r for r in results if r["bare"]]
    if with_bare:
        ax1.plot([r["articles"] for r in with_bare], [r["bare"]["articles_per_s"] for r in with_bare], marker="o",
                 label="bare spaCy parse")
    ax1.plot(sizes, [r["full"]["articles_per_s"] for r in results], marker="o", label="full pipeline (whole run)")
    ax1.plot(sizes, [r["full"]["coding_articles_per_s"] for r in results], marker="o", ls="--",
             label="full pipeline (coding loop)")
    ax1.set_xscale("log")
    ax1.set_xlabel("articles in the run")
    ax1.set_ylabel("articles / s")
    ax1.set_ylim(bottom=0)
    ax1.set_title(f"throughput, {results[-1]['workers']} worker(s)")
    ax1.legend(fontsize=8)
    last = results[-1]
    stages = {k: v for k, v in last["full"]["stage_seconds"].items() if not k.startswith(("cpu:", "wall:"))}
    ax2.barh(list(stages), list(stages.values()))
    ax2.set_xlabel(f"seconds per stage, summed over workers ({last['articles']} articles)")
    for r in results:
        xs = [s["processed"] for s in r["full"]["samples"]]
        ax3.plot(xs, [s["driver_rss_mb"] for s in r["full"]["samples"]], marker=".", label=f"driver, {r['articles']}")
        if any(s["worker_rss_mb"] for s in r["full"]["samples"]):
            ax3.plot(xs, [s["worker_rss_mb"] for s in r["full"]["samples"]], marker=".", ls="--",
                     label=f"a worker, {r['articles']}")
        ax4.plot(xs, [s["articles_per_s"] for s in r["full"]["samples"]], marker=".", label=f"{r['articles']} articles")
    ax3.set_xlabel("articles coded")
    ax3.set_ylabel("resident memory (MB)")
    ax3.set_ylim(bottom=0)
    ax3.legend(fontsize=8)
    ax4.set_xlabel("articles coded")
    ax4.set_ylabel("articles / s so far")
    ax4.set_ylim(bottom=0)
    ax4.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--sample-every", type=int, default=500)
    p.add_argument("--out", default="benchmarks/results")
    p.add_argument("--name", default="pipeline", help="file stem of the JSON and PNG")
    p.add_argument("--skip-bare", action="store_true",
                   help="memory runs: the full pipeline only (no baseline parse, no ratio)")
    args = p.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    meta = {"python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
            "started": time.strftime("%Y-%m-%d %H:%M:%S"), "argv": sys.argv[1:]}
    results = []
    for n in args.sizes:
        r = bench(n, workers=args.workers, batch_size=args.batch_size, sample_every=args.sample_every,
                  skip_bare=args.skip_bare)
        brief = {k: v for k, v in r.items() if k != "full"} | {"full_articles_per_s": r["full"]["articles_per_s"]}
        print(json.dumps(brief), flush=True)
        results.append(r)
        # written after every size: a long run that is stopped keeps what it measured
        (out / f"{args.name}.json").write_text(json.dumps({"meta": meta, "results": results}, indent=2) + "\n")
        plot(results, out / f"{args.name}.png")
    print(f"wrote {out / (args.name + '.json')} and {out / (args.name + '.png')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
