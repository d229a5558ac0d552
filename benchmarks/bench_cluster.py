"""Dask against Ray as the engine of the cluster runner, on this machine, with local workers.

For each engine: the start-up cost (cluster up, every worker with its pipeline and spaCy model loaded),
the throughput of coding the same articles in batches (analyses shipped back to the driver, which is
what the cluster runner does), the resident memory of every process the engine started (workers and
its own daemons), and the size of the installed packages. Engines alternate over ``--repeat`` rounds
so that a noisy machine hits both alike. Writes ``cluster.json`` into ``--out``.

    python benchmarks/bench_cluster.py --articles 96 --workers 2 --repeat 2 --out benchmarks/results
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_corpus import generate  # noqa: E402


def _articles(n: int):
    from detente.config import load_settings
    from detente.ingest import read_sources
    from detente.report import RunReport
    from detente.run import Pipeline

    settings = load_settings()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "c.jsonl"
        corpus.write_text("".join(json.dumps(r) + "\n" for r in generate(n, seed=11)))
        report = RunReport()
        pipeline = Pipeline(settings, stages=[])
        return settings, list(pipeline.clean(read_sources([corpus], settings=settings.ingest, report=report), report))


def _tree_rss_mb(pids: list[int]) -> float:
    import psutil

    total = 0.0
    for pid in pids:
        try:
            total += psutil.Process(pid).memory_info().rss
        except psutil.Error:
            pass
    return total / 2**20


def _children() -> list[int]:
    import psutil

    return [p.pid for p in psutil.Process().children(recursive=True)]


def _warm(settings) -> int:
    from detente.run._workers import _pipeline_for

    pipeline = _pipeline_for(settings)
    list(pipeline.analyze([], None))
    pipeline.parser.nlp
    return os.getpid()


def bench_dask(settings, batches, workers: int) -> dict:
    from dask.distributed import Client, LocalCluster

    from detente.run._workers import analyze_batch

    t0 = time.perf_counter()
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                           host="127.0.0.1")
    client = Client(cluster)
    client.run(_warm, settings)
    startup = time.perf_counter() - t0
    t0 = time.perf_counter()
    futures = [client.submit(analyze_batch, b, settings, pure=False) for b in batches]
    n = sum(len(f.result().analyses) for f in futures)
    seconds = time.perf_counter() - t0
    rss = _tree_rss_mb(_children())
    t0 = time.perf_counter()
    client.close()
    cluster.close()
    return {"startup_s": round(startup, 2), "articles": n, "seconds": round(seconds, 2),
            "articles_per_s": round(n / seconds, 3), "engine_rss_mb": round(rss, 1),
            "shutdown_s": round(time.perf_counter() - t0, 2)}


def bench_ray(settings, batches, workers: int) -> dict:
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # Ray reports usage to its servers unless told not to
    import ray

    from detente.run._workers import analyze_batch

    t0 = time.perf_counter()
    ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False, logging_level="ERROR")

    @ray.remote(num_cpus=1)
    class Coder:
        def __init__(self, settings):
            self.settings = settings
            _warm(settings)

        def ready(self):
            return os.getpid()

        def code(self, batch):
            return analyze_batch(batch, self.settings)

    actors = [Coder.remote(settings) for _ in range(workers)]
    ray.get([a.ready.remote() for a in actors])
    startup = time.perf_counter() - t0
    t0 = time.perf_counter()
    refs = [actors[i % workers].code.remote(b) for i, b in enumerate(batches)]
    n = sum(len(ray.get(r).analyses) for r in refs)
    seconds = time.perf_counter() - t0
    rss = _tree_rss_mb(_children())
    t0 = time.perf_counter()
    ray.shutdown()
    return {"startup_s": round(startup, 2), "articles": n, "seconds": round(seconds, 2),
            "articles_per_s": round(n / seconds, 3), "engine_rss_mb": round(rss, 1),
            "shutdown_s": round(time.perf_counter() - t0, 2)}


def _installed_mb(*names: str) -> dict[str, float]:
    import importlib.util

    out = {}
    for name in names:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            continue
        root = Path(list(spec.submodule_search_locations)[0])
        out[name] = round(sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 2**20, 1)
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=96)
    p.add_argument("--batch-size", type=int, default=8)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--engines", nargs="+", default=["dask", "ray"])
    p.add_argument("--out", default="benchmarks/results")
    args = p.parse_args(argv)
    settings, articles = _articles(args.articles)
    batches = [articles[i : i + args.batch_size] for i in range(0, len(articles), args.batch_size)]
    runs: dict[str, list] = {e: [] for e in args.engines}
    for round_ in range(args.repeat):
        for engine in args.engines:
            load = [round(x, 2) for x in os.getloadavg()]
            r = {"dask": bench_dask, "ray": bench_ray}[engine](settings, batches, args.workers)
            r["load_average"] = load
            print(engine, round_, json.dumps(r), flush=True)
            runs[engine].append(r)
    result = {
        "meta": {"python": platform.python_version(), "cpus": os.cpu_count(), "workers": args.workers,
                 "articles": args.articles, "batch_size": args.batch_size,
                 "started": time.strftime("%Y-%m-%d %H:%M:%S")},
        "installed_mb": _installed_mb("dask", "distributed", "ray", "msgpack", "tornado", "psutil", "grpc"),
        "runs": runs,
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "cluster.json").write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out / 'cluster.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
