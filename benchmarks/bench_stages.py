"""CPU cost of each worker-side stage, of the worker's transport, and the full/bare ratio, in one process.

For the same clean texts, alternating in the same process (so that the machine's load hits both alike):

* **bare**: ``nlp.pipe`` alone over the texts (the physical limit);
* **worker**: what a pool or cluster worker does for each batch, :func:`detente.run._workers.analyze_batch`
  (parse, then every stage), ``pickle.dumps`` of its result (the worker's side of the transport), then
  ``pickle.loads`` and re-attaching the articles (the driver's side).

CPU seconds (``time.process_time``), not wall clock: on a shared machine CPU time is what stays
comparable. Per stage, each stage object is wrapped in a CPU timer; "parse" is the rest of the worker's
batch loop. The ratio is bare CPU / worker CPU per article (1.0 = the stages and transport cost nothing).
Results are merged into ``--out`` under ``--label``, so a run of an older tree (``PYTHONPATH=old/src``)
and of this one sit side by side.

    python benchmarks/bench_stages.py --articles 200 --rounds 3 --label after --out benchmarks/results/stages.json
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_corpus import generate  # noqa: E402


class _Timed:
    """A stage with the same contract, adding its CPU seconds to ``spent``."""

    def __init__(self, stage, spent: Counter):
        self.stage, self.spent = stage, spent
        self.name, self.requires, self.assigns = stage.name, stage.requires, stage.assigns

    def __call__(self, analysis):
        c0 = time.process_time()
        try:
            return self.stage(analysis)
        finally:
            self.spent[self.name] += time.process_time() - c0


def clean_texts(n: int, settings) -> list:
    from detente.ingest import read_sources
    from detente.report import RunReport
    from detente.run import Pipeline

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        path.write_text("".join(json.dumps(row) + "\n" for row in generate(n)), encoding="utf-8")
        report = RunReport()
        pipeline = Pipeline(settings, stages=[])
        return list(pipeline.clean(read_sources([path], settings=settings.ingest, report=report), report))


def bare(nlp, texts: list[str], batch_size: int) -> float:
    c0 = time.process_time()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.process_time() - c0


def worker(articles: list, settings, batch_size: int, spent: Counter) -> dict:
    from detente.run._workers import analyze_batch

    cpu, sizes = Counter(), 0
    for i in range(0, len(articles), batch_size):
        batch = articles[i : i + batch_size]
        c0 = time.process_time()
        result = analyze_batch(batch, settings)
        c1 = time.process_time()
        blob = pickle.dumps(result)
        c2 = time.process_time()
        back = pickle.loads(blob)
        if hasattr(back, "attach"):  # trees before the compact transport sent the articles back
            back.attach(batch)
        c3 = time.process_time()
        assert len(back.analyses) == len(result.analyses)
        cpu["analyze"] += c1 - c0
        cpu["pickle_dumps"] += c2 - c1
        cpu["pickle_loads"] += c3 - c2
        sizes += len(blob)
    stages = sum(spent.values())
    return {"cpu": dict(cpu), "stages": dict(spent), "parse": cpu["analyze"] - stages, "bytes": sizes}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=200)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--label", default="current")
    p.add_argument("--out", default=str(Path(__file__).resolve().parent / "results" / "stages.json"))
    args = p.parse_args(argv)

    import detente
    from detente.config import load_settings
    from detente.nlp import load_model
    from detente.run._workers import _pipeline_for, analyze_batch

    settings = load_settings()
    batch_size = settings.nlp.batch_size
    articles = clean_texts(args.articles, settings)
    texts = [a.text for a in articles]
    nlp = load_model(settings.nlp.model)
    analyze_batch(articles[:4], settings)  # load the model and every stage's data, as a worker does first
    spent: Counter = Counter()
    pipeline = _pipeline_for(settings)
    pipeline.stages = [_Timed(s, spent) for s in pipeline.stages]

    rounds = []
    for r in range(args.rounds):
        load = os.getloadavg()[0]
        b = bare(nlp, texts, batch_size)
        spent.clear()
        w = worker(articles, settings, batch_size, spent)
        full = w["cpu"]["analyze"] + w["cpu"]["pickle_dumps"] + w["cpu"]["pickle_loads"]
        rounds.append({"load": round(load, 2), "bare": b, "full": full, **w})
        print(f"round {r}: bare {1000 * b / len(texts):.1f} ms/article, worker+transport "
              f"{1000 * full / len(texts):.1f} ms/article, ratio {b / full:.3f}", flush=True)

    n = len(articles)

    def ms(values) -> float:  # median over rounds, in CPU ms per article
        return round(1000 * statistics.median(values) / n, 2)

    stage_names = list(rounds[0]["stages"])
    result = {
        "detente": getattr(detente, "__version__", None),
        "source": str(Path(detente.__file__).resolve().parent),
        "machine": f"{platform.machine()} {os.cpu_count()} cores",
        "python": platform.python_version(),
        "load_average": [r["load"] for r in rounds],
        "articles": n,
        "words_per_article": round(sum(len(t.split()) for t in texts) / n, 1),
        "batch_size": batch_size,
        "rounds": args.rounds,
        "cpu_ms_per_article": {
            "bare_nlp_pipe": ms([r["bare"] for r in rounds]),
            "parse": ms([r["parse"] for r in rounds]),
            **{s: ms([r["stages"][s] for r in rounds]) for s in stage_names},
            "pickle_dumps_worker": ms([r["cpu"]["pickle_dumps"] for r in rounds]),
            "pickle_loads_driver": ms([r["cpu"]["pickle_loads"] for r in rounds]),
            "worker_total_with_transport": ms([r["full"] for r in rounds]),
        },
        "transport_bytes_per_article": round(statistics.median(r["bytes"] for r in rounds) / n),
        "ratio_bare_over_full_per_round": [round(r["bare"] / r["full"], 3) for r in rounds],
        "ratio_bare_over_full": round(statistics.median(r["bare"] / r["full"] for r in rounds), 3),
    }
    out = Path(args.out)
    data = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    data.setdefault("runs", {})[args.label] = result
    data["how"] = ("benchmarks/bench_stages.py: CPU ms per article (time.process_time), median over rounds; "
                   "bare nlp.pipe and the worker (analyze_batch + pickle both ways) alternate in one process")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result["cpu_ms_per_article"], indent=1), "ratio", result["ratio_bare_over_full"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
