"""The command line: a thin layer over library functions.

Each command parses its arguments and calls one function a Python user could call. Exit codes:
0 success; 1 an error stopped the command; 2 bad usage; 3 finished, but some input was skipped
(each skip was reported with its file, line and reason).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from ..errors import DetenteError

__all__ = ["main", "build_parser"]

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_SKIPPED = 0, 1, 2, 3


def _settings(args):
    from ..config import load_settings

    overrides = {}
    if getattr(args, "db", None):
        overrides["store"] = {"path": str(args.db)}
    if getattr(args, "batch_size", None):
        overrides["nlp"] = {"batch_size": args.batch_size}
    return load_settings(getattr(args, "config", None), **overrides)


def _err(msg: str) -> None:
    print(msg, file=sys.stderr)


def cmd_run(args) -> int:
    from ..report import RunReport
    from ..run import Progress, run

    settings = _settings(args)
    report = RunReport(echo=None if args.quiet else _err)
    progress = Progress(enabled=not args.no_progress and not args.quiet, count_total=not args.no_count)
    if args.cluster:
        from ..run import run_cluster

        address = None if args.cluster == "local" else args.cluster
        run_cluster(args.paths or None, settings=settings, report=report, progress=progress, address=address,
                    workers=args.workers, stories=not args.no_stories)
    else:
        run(args.paths or None, settings=settings, report=report, progress=progress, stories=not args.no_stories,
            workers=args.workers)
    if not args.quiet:
        print(report.summary())
        print(f"database: {settings.store.path}")
    return EXIT_SKIPPED if report.skipped else EXIT_OK


def cmd_code(args) -> int:
    from ..report import RunReport
    from ..run import code_file

    report = RunReport(echo=_err)
    src = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8", errors="strict")
    dst = sys.stdout if args.output in (None, "-") else open(args.output, "w", encoding="utf-8")
    try:
        code_file(src, dst, report=report, origin=args.input)
    except UnicodeDecodeError as exc:
        _err(f"{args.input}: D103 not valid UTF-8 at byte {exc.start}")
        return EXIT_ERROR
    finally:
        if src is not sys.stdin:
            src.close()
        if dst is not sys.stdout:
            dst.close()
    if args.output not in (None, "-"):
        print(report.summary(), file=sys.stderr)
    return EXIT_SKIPPED if report.skipped else EXIT_OK


def cmd_export(args) -> int:
    from ..store import open_store

    settings = _settings(args)
    out = Path(args.out)
    with open_store(settings.store.path, read_only=True) as store:
        if args.layout:
            from ..interop import export_layout, export_layouts

            options = {"header": args.header, "include_flagged": args.include_flagged, "include_text": not args.no_text}
            if args.layout == "all":
                for path in export_layouts(store, out, **options).values():
                    print(f"wrote {path}")
            else:
                print(f"wrote {export_layout(store, args.layout, out, **options)}")
        elif args.table:
            out.parent.mkdir(parents=True, exist_ok=True)
            store.export(args.table, out, fmt=args.format)
            print(f"wrote {out}")
        else:
            for path in store.export_all(out, fmt=args.format):
                print(f"wrote {path}")
    return EXIT_OK


def cmd_codebook(args) -> int:
    from ..interop import write_codebook

    print(f"wrote {write_codebook(args.out)}")
    return EXIT_OK


def cmd_show(args) -> int:
    from ..store import open_store
    from ._show import render_analysis

    settings = _settings(args)
    with open_store(settings.store.path, read_only=True) as store:
        analysis = store.analysis(args.article_id)
    if analysis is None:
        _err(f"D601 no article with id {args.article_id!r} in {settings.store.path}")
        return EXIT_ERROR
    print(render_analysis(analysis, color=sys.stdout.isatty() and not args.no_color))
    return EXIT_OK


def cmd_actors(args) -> int:
    from ..query import actor_counts
    from ..store import open_store

    settings = _settings(args)
    with open_store(settings.store.path, read_only=True) as store:
        rows = actor_counts(store, limit=args.limit)
    print(f"{'mentions':>8}  {'code':<4} {'sector':<6} {'kind':<12} name")
    for r in rows:
        print(f"{r['mentions']:>8}  {r['code'] or '-':<4} {r['sector'] or '-':<6} {r['kind'] or '-':<12} {r['name']}")
    return EXIT_OK


def cmd_stories(args) -> int:
    from ..store import open_store

    settings = _settings(args)
    if args.rebuild or args.update:
        from ..run import rebuild_stories

        with open_store(settings.store.path) as store:
            written = rebuild_stories(store, full=args.rebuild)
        print(f"stories {'rebuilt' if args.rebuild else 'updated'}: "
              + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(written.items())), file=sys.stderr)
    with open_store(settings.store.path, read_only=True) as store:
        stories = store.stories()
    for s in stories[: args.limit]:
        span = f"{s.start_date or '?'}..{s.end_date or '?'}"
        print(f"{s.id}  {len(s.members):>3} articles  {span:<23} {s.label}")
    return EXIT_OK


def cmd_events(args) -> int:
    from ..query import list_events, merged_events
    from ..store import open_store

    settings = _settings(args)
    dyad = tuple(args.dyad) if args.dyad else None
    with open_store(settings.store.path, read_only=True) as store:
        if args.merged:
            page = merged_events(store, dyad=dyad, event_type=args.type, since=args.since, until=args.until,
                                 limit=args.limit)
        else:
            page = list_events(store, dyad=dyad, event_type=args.type, since=args.since, until=args.until,
                               include_flagged=args.flagged, limit=args.limit)
    if args.json:
        print(json.dumps(page, ensure_ascii=False, indent=2, default=str))
        return EXIT_OK
    print(f"{page['total']} {'merged events' if args.merged else 'events'}")
    for e in page["items"]:
        who = f"{'+'.join(e['actor_codes']) or '-'} -> {'+'.join(e['recipient_codes']) or '-'}"
        if args.merged:
            print(f"{e['date'] or '?':<11} {e['event']:<10} {who:<16} {e['num_mentions']} reports, "
                  f"{e['num_articles']} articles, {e['num_sources']} sources  {e['place_name'] or ''}")
            for r in e["reports"]:
                print(f"    {r['source'] or '-'}: {(r['evidence'] or '').strip()}")
        else:
            print(f"{e['date'] or '?':<11} {e['event']:<10} {who:<16} {(e['evidence'] or '').strip()}")
    return EXIT_OK


def cmd_dyad(args) -> int:
    from ..query import dyad_chart, dyad_series
    from ..store import open_store

    settings = _settings(args)
    with open_store(settings.store.path, read_only=True) as store:
        rows = dyad_series(store, args.a, args.b, by=args.by, directed=args.directed, since=args.since,
                           until=args.until)
    print(f"{'period':<12}{'events':>7}{'reports':>8}{'goldstein':>10}{'intensity':>10}  by type")
    for r in rows:
        types = ", ".join(f"{k} {v}" for k, v in sorted(r["by_type"].items()))
        g = "-" if r["mean_goldstein"] is None else f"{r['mean_goldstein']:.2f}"
        i = "-" if r["mean_intensity"] is None else f"{r['mean_intensity']:.2f}"
        print(f"{r['period']:<12}{r['events']:>7}{r['reports']:>8}{g:>10}{i:>10}  {types}")
    if args.png:
        dyad_chart(rows, args.png, title=f"{args.a.upper()}–{args.b.upper()} by {args.by}")
        print(f"wrote {args.png}")
    return EXIT_OK


def cmd_serve(args) -> int:
    from ..server import serve

    settings = _settings(args)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        _err(f"warning: serving on {args.host}, reachable from other machines")
    serve(settings.store.path, host=args.host, port=args.port, token=args.token)
    return EXIT_OK


def cmd_eval(args) -> int:
    from ..eval.runner import evaluate

    text = evaluate(args.kind, args.gold, split=args.split)
    print(text)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="detente", description="Political event data from news, offline.")
    p.add_argument("--version", action="version", version=f"detente {__import__('detente').__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp, db=True):
        sp.add_argument("--config", type=Path, help="a TOML file overriding the defaults")
        if db:
            sp.add_argument("--db", type=Path, help="the DuckDB file (default: detente.duckdb)")

    sp = sub.add_parser("run", help="ingest, clean, code and store articles (the demo corpus when no path)")
    sp.add_argument("paths", nargs="*", help="files, folders, globs, or - for stdin")
    common(sp)
    sp.add_argument("--batch-size", type=int, help="articles per spaCy batch and per transaction")
    sp.add_argument("--workers", type=int, default=1, help="processes that parse and code (default 1)")
    sp.add_argument("--cluster", metavar="ADDRESS",
                    help="code on a Dask cluster (scheduler address, or 'local' for --workers local workers); "
                         "the database stays here (pip install detente[cluster])")
    sp.add_argument("--no-count", action="store_true", help="do not count the input first (no ETA)")
    sp.add_argument("--no-progress", action="store_true", help="no progress line")
    sp.add_argument("--no-stories", action="store_true", help="skip story clustering and event merging")
    sp.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    sp.set_defaults(func=cmd_run)

    sp = sub.add_parser("code", help="code a JSONL file of texts: one output line per input line")
    sp.add_argument("input", help="input JSONL ({id, text, date?, title?, url?, source?} per line) or -")
    sp.add_argument("-o", "--output", help="output JSONL (default: stdout)")
    common(sp, db=False)
    sp.set_defaults(func=cmd_code)

    sp = sub.add_parser("export", help="export tables (JSONL, CSV, Parquet) or analyst layouts (GDELT, POLECAT, PLOVER)")
    common(sp)
    sp.add_argument("--format", choices=["jsonl", "csv", "parquet"], default="jsonl")
    sp.add_argument("--table", help="one table (default: all, into the --out folder)")
    sp.add_argument("--layout", choices=["gdelt-events", "gdelt-mentions", "polecat", "plover", "parquet", "all"],
                    help="an analyst layout instead of plain tables (see the codebook)")
    sp.add_argument("--header", action=argparse.BooleanOptionalAction, default=None,
                    help="write a header line (GDELT files have none by default)")
    sp.add_argument("--include-flagged", action="store_true", help="keep negated and hypothetical events")
    sp.add_argument("--no-text", action="store_true", help="leave evidence text out of the export")
    sp.add_argument("--out", required=True, help="output folder, or file with --table/--layout")
    sp.set_defaults(func=cmd_export)

    sp = sub.add_parser("codebook", help="write the codebook (Markdown) generated from the data files")
    sp.add_argument("--out", type=Path, required=True)
    sp.set_defaults(func=cmd_codebook)

    sp = sub.add_parser("show", help="print an article's clean text with its spans marked")
    sp.add_argument("article_id")
    common(sp)
    sp.add_argument("--no-color", action="store_true")
    sp.set_defaults(func=cmd_show)

    sp = sub.add_parser("actors", help="list actors with their mention counts")
    common(sp)
    sp.add_argument("--limit", type=int, default=50)
    sp.set_defaults(func=cmd_actors)

    sp = sub.add_parser("stories", help="list story clusters")
    common(sp)
    sp.add_argument("--limit", type=int, default=50)
    how = sp.add_mutually_exclusive_group()
    how.add_argument("--rebuild", action="store_true",
                     help="first re-cluster every stored article (a full rebuild, as one run over everything)")
    how.add_argument("--update", action="store_true",
                     help="first cluster the stored articles in no story yet (the incremental step of a run)")
    sp.set_defaults(func=cmd_stories)

    sp = sub.add_parser("events", help="list events (or merged events with their sources)")
    common(sp)
    sp.add_argument("--dyad", nargs=2, metavar=("A", "B"), help="events between two actor codes")
    sp.add_argument("--type", help="PLOVER type, e.g. ACCUSE")
    sp.add_argument("--since", help="YYYY-MM-DD")
    sp.add_argument("--until", help="YYYY-MM-DD")
    sp.add_argument("--merged", action="store_true", help="one row per real-world event, with its reports")
    sp.add_argument("--flagged", action="store_true", help="include negated and hypothetical events")
    sp.add_argument("--limit", type=int, default=50)
    sp.add_argument("--json", action="store_true", help="print JSON")
    sp.set_defaults(func=cmd_events)

    sp = sub.add_parser("dyad", help="a dyad's events per period: counts, mean Goldstein and intensity")
    sp.add_argument("a", help="first actor code, e.g. CHN")
    sp.add_argument("b", help="second actor code, e.g. USA")
    common(sp)
    sp.add_argument("--by", choices=["day", "week", "month", "quarter", "year"], default="month")
    sp.add_argument("--directed", action="store_true", help="only events with A as actor and B as recipient")
    sp.add_argument("--since", help="YYYY-MM-DD")
    sp.add_argument("--until", help="YYYY-MM-DD")
    sp.add_argument("--png", type=Path, help="also write a chart to this PNG file")
    sp.set_defaults(func=cmd_dyad)

    sp = sub.add_parser("serve", help="serve the REST API and the dashboard")
    common(sp)
    sp.add_argument("--host", default="127.0.0.1", help="interface to bind (default: loopback only)")
    sp.add_argument("--port", type=int, default=8765)
    sp.add_argument("--token", default=os.environ.get("DETENTE_TOKEN"),
                    help="enable POST /api/articles, guarded by this bearer token (default: $DETENTE_TOKEN)")
    sp.set_defaults(func=cmd_serve)

    sp = sub.add_parser("eval", help="score the system against a gold file")
    sp.add_argument("kind", choices=["events", "actors", "quotes", "dates", "places", "stories"])
    sp.add_argument("gold", type=Path)
    sp.add_argument("--split", choices=["dev", "test", "all"], default="all")
    sp.set_defaults(func=cmd_eval)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except DetenteError as exc:
        _err(str(exc))
        return EXIT_ERROR
    except BrokenPipeError:  # `detente show ID | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        _err("interrupted; re-run the same command to resume (stored articles are skipped)")
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
