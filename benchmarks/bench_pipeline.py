"""Throughput of the full pipeline against the bare spaCy parse, in one process and one run.

The headline figure is the ratio: full-pipeline articles/s divided by bare-parse articles/s over
the same texts (1.0 = the pipeline costs nothing beyond the parser). Also: seconds per stage,
peak resident memory, and throughput as the corpus grows. Writes JSON and a PNG plot.

    python benchmarks/bench_pipeline.py --sizes 200 1000 --out benchmarks/results
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_corpus import generate  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench(n: int, *, batch_size: int = 64) -> dict:
    from detente.config import load_settings
    from detente.ingest import read_sources
    from detente.nlp import load_model
    from detente.report import RunReport
    from detente.run import Pipeline
    from detente.run._pipeline import batched
    from detente.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as fh:
            for row in generate(n):
                fh.write(json.dumps(row) + "\n")
        words = sum(len(json.loads(line)["text"].split()) for line in corpus.open(encoding="utf-8"))
        settings = load_settings(store={"path": str(Path(tmp) / "bench.duckdb")}, nlp={"batch_size": batch_size})
        nlp = load_model(settings.nlp.model)

        # 1. the baseline: spaCy alone over the clean texts the pipeline will parse
        pipeline = Pipeline(settings, nlp=nlp)
        report = RunReport()
        texts = [a.text for a in pipeline.clean(read_sources([corpus], settings=settings.ingest, report=report), report)]
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=batch_size):
            pass
        bare = time.perf_counter() - t0

        # 2. the full pipeline: read, clean, parse, every stage, store writes
        stage_time: dict[str, float] = defaultdict(float)
        report = RunReport()
        t0 = time.perf_counter()
        with open_store(settings.store.path) as store:
            articles = pipeline.clean(read_sources([corpus], settings=settings.ingest, report=report), report)
            analyses = pipeline.analyze(articles, report, timer=lambda name, s: stage_time.__setitem__(name, stage_time[name] + s))
            for batch in batched(analyses, batch_size):
                tw = time.perf_counter()
                store.write(batch)
                stage_time["store"] += time.perf_counter() - tw
                report.processed += len(batch)
        full = time.perf_counter() - t0
        stage_time["read+clean+parse"] = full - sum(stage_time.values())
    return {
        "articles": n,
        "words": words,
        "bare_parse_seconds": round(bare, 3),
        "full_pipeline_seconds": round(full, 3),
        "bare_articles_per_s": round(n / bare, 2),
        "full_articles_per_s": round(n / full, 2),
        "ratio_full_to_bare": round(bare / full, 3),
        "articles_per_day_one_process": int(86400 * n / full),
        "stage_seconds": {k: round(v, 3) for k, v in sorted(stage_time.items())},
        "processed": report.processed,
        "skipped": report.skipped,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def plot(results: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
    sizes = [r["articles"] for r in results]
    ax1.plot(sizes, [r["bare_articles_per_s"] for r in results], marker="o", label="bare spaCy parse")
    ax1.plot(sizes, [r["full_articles_per_s"] for r in results], marker="o", label="full pipeline")
    ax1.set_xscale("log")
    ax1.set_xlabel("articles")
    ax1.set_ylabel("articles / s")
    ax1.legend()
    last = results[-1]["stage_seconds"]
    ax2.barh(list(last), list(last.values()))
    ax2.set_xlabel(f"seconds per stage ({results[-1]['articles']} articles)")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--out", default="benchmarks/results")
    args = p.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    results = []
    for n in args.sizes:
        r = bench(n, batch_size=args.batch_size)
        print(json.dumps(r), flush=True)
        results.append(r)
    meta = {"python": platform.python_version(), "machine": platform.machine(), "cpus": __import__("os").cpu_count()}
    (out / "pipeline.json").write_text(json.dumps({"meta": meta, "results": results}, indent=2) + "\n")
    plot(results, out / "pipeline.png")
    print(f"wrote {out / 'pipeline.json'} and {out / 'pipeline.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
