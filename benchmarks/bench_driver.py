"""Driver-side costs of `detente run`, in CPU milliseconds per article: read, clean, check, write.

The driver process reads and cleans the input, checks which articles are stored and writes the
coded batches; on a 2-core machine every millisecond of it is taken from the workers. This
measures those steps alone on the synthetic corpus (``generate_corpus.py``), with analyses coded
once and cached as a pickle, so no parse is timed:

* ``read`` / ``clean``: ``read_sources`` and ``clean_record`` over every record (the first
  record, which loads the data files, is timed apart as ``clean_first_ms``);
* ``check``: the runner's stored-article check (``new_articles``, 4 batches per query), on an
  empty store and on one holding every article;
* ``write``: the runner's batch writes into a fresh store (open, ``Store.write``, close), batches
  back to back (workers ahead of the driver) and spaced 0.2 s apart (the driver waiting for
  parses: the store is closed between batches).

CPU time is ``time.process_time`` (every thread of the process, so the store's background close
counts); the best of ``--repeat`` runs is reported, since the machine is shared. Run it from the
repository root against another checkout with ``PYTHONPATH=that/src`` to compare code versions on
the same machine and corpus.

    python benchmarks/bench_driver.py --articles 256 --out benchmarks/results
    PYTHONPATH=/path/to/old/src python benchmarks/bench_driver.py --label old --out /tmp/b
    python benchmarks/bench_driver.py --baseline /tmp/b/driver-old.json --out benchmarks/results
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _cpu(fn) -> tuple[float, object]:
    t = time.process_time()
    out = fn()
    return time.process_time() - t, out


def corpus(path: Path, n: int) -> Path:
    if not path.exists():
        here = Path(__file__).resolve().parent
        subprocess.run([sys.executable, str(here / "generate_corpus.py"), "--articles", str(n), "--out", str(path)],
                       check=True)
    return path


def analyses_for(corpus_path: Path, n: int, cache: Path) -> list:
    """The coded analyses of the first ``n`` records (doc dropped), coded once and cached."""
    if cache.exists():
        cached = pickle.loads(cache.read_bytes())
        if len(cached) >= n:
            return cached[:n]
    from detente.ingest import read_sources
    from detente.report import RunReport
    from detente.run._pipeline import Pipeline

    report = RunReport()
    pipeline = Pipeline()
    raws = list(read_sources([corpus_path], report=report))[:n]
    out = []
    for analysis in pipeline.analyze(pipeline.clean(raws, report), report):
        analysis.doc = None
        out.append(analysis)
    cache.write_bytes(pickle.dumps(out))
    return out


def bench_clean(corpus_path: Path, n: int) -> dict:
    from detente.clean import clean_record
    from detente.ingest import read_sources
    from detente.report import RunReport

    read_s, raws = _cpu(lambda: list(read_sources([corpus_path], report=RunReport()))[:n])
    first_s, _ = _cpu(lambda: clean_record(raws[0]))
    clean_s, _ = _cpu(lambda: [clean_record(r) for r in raws])
    return {"read": read_s / len(raws), "clean": clean_s / len(raws), "clean_first": first_s}


def _lease_or_session(db):
    """The runner's way of holding the store: a StoreLease where the code has one, else a session per unit."""
    try:
        from detente.run._local import StoreLease
    except ImportError:
        from detente.run._local import store_session

        class _PerUnit:
            opens = 0

            def use(self):
                self.opens += 1
                return store_session(db)

            def close(self):
                pass

        return _PerUnit()
    return StoreLease(db)


def bench_check(db: Path, analyses: list, batch_size: int) -> float:
    from detente.report import RunReport
    from detente.run._local import new_articles

    lease = _lease_or_session(db)
    kwargs = {"lease": lease} if hasattr(lease, "is_open") else {}
    articles = [a.article for a in analyses]

    def check():
        out = list(new_articles(iter(articles), db, RunReport(), chunk=4 * batch_size, in_flight=3 * batch_size,
                                **kwargs))
        lease.close()
        return out

    seconds, _ = _cpu(check)
    return seconds / len(articles)


def bench_write(db: Path, analyses: list, batch_size: int, spacing: float) -> tuple[float, int]:
    """CPU per article of the runner's batch writes, the final close included; sleeps use no CPU, and
    a close made by the lease's timer thread while sleeping counts (process_time covers every thread)."""
    from detente.report import RunReport

    lease = _lease_or_session(db)
    report = RunReport()
    t = time.process_time()
    for i in range(0, len(analyses), batch_size):
        with lease.use() as store:
            store.write(analyses[i : i + batch_size], report=report)
        if spacing:
            time.sleep(spacing)  # the driver waiting for the next parse
    lease.close()
    return (time.process_time() - t) / len(analyses), lease.opens


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=256)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--corpus", default=None, help="JSONL corpus (default: generated into the work folder)")
    p.add_argument("--work", default=None, help="folder for the corpus, the analyses cache and databases")
    p.add_argument("--out", default="benchmarks/results")
    p.add_argument("--label", default="", help="a name for this code version in the JSON")
    p.add_argument("--baseline", default=None,
                   help="a JSON this script wrote for another code version: its figures are copied in for comparison")
    args = p.parse_args(argv)

    work = Path(args.work or Path(tempfile.gettempdir()) / "detente-bench-driver")
    work.mkdir(parents=True, exist_ok=True)
    corpus_path = corpus(Path(args.corpus) if args.corpus else work / f"corpus{args.articles}.jsonl", args.articles)
    analyses = analyses_for(corpus_path, args.articles, work / f"analyses{args.articles}.pkl")
    n = len(analyses)

    runs: dict[str, list[float]] = {}
    opens: dict[str, int] = {}

    def add(name: str, seconds: float) -> None:
        runs.setdefault(name, []).append(seconds * 1000)

    for _ in range(args.repeat):
        for key, value in bench_clean(corpus_path, n).items():
            add(key, value)
        dbdir = Path(tempfile.mkdtemp(dir=work))
        try:
            from detente.store import open_store

            db = dbdir / "bench.duckdb"
            open_store(db).close()
            add("check_empty", bench_check(db, analyses, args.batch_size))
            seconds, opens["write_back_to_back"] = bench_write(db, analyses, args.batch_size, 0.0)
            add("write_back_to_back", seconds)
            add("check_stored", bench_check(db, analyses, args.batch_size))
            db2 = dbdir / "spaced.duckdb"
            open_store(db2).close()
            seconds, opens["write_spaced"] = bench_write(db2, analyses, args.batch_size, 0.2)
            add("write_spaced", seconds)
        finally:
            shutil.rmtree(dbdir, ignore_errors=True)

    best = {k: round(min(v), 3) for k, v in runs.items()}
    result = {
        "what": "driver-side CPU milliseconds per article (best of repeats; process_time, all threads)",
        "label": args.label,
        "articles": n,
        "batch_size": args.batch_size,
        "repeat": args.repeat,
        "ms_per_article": {k: v for k, v in best.items() if k != "clean_first"},
        "clean_first_record_ms_cold": round(runs["clean_first"][0], 3),  # loads the data files
        "all_runs_ms": {k: [round(x, 3) for x in v] for k, v in runs.items()},
        "store_openings_per_run": opens,
        "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg(), "python": platform.python_version()},
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    if args.baseline:
        base = json.loads(Path(args.baseline).read_text())
        result["baseline"] = {k: base[k] for k in ("label", "ms_per_article", "store_openings_per_run", "when")}
    for key, value in result["ms_per_article"].items():
        before = result.get("baseline", {}).get("ms_per_article", {}).get(key)
        print(f"{key:20s} {value:8.3f} ms/article" + (f"   (baseline {before:.3f})" if before is not None else ""))
    print(f"store openings: {opens}; load average {os.getloadavg()[0]:.1f}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    name = f"driver{'-' + args.label if args.label else ''}.json"
    (out / name).write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
