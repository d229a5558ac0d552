"""``python -m detente.interop``: export layouts and write the codebook.

    python -m detente.interop export --layout gdelt-events --out events.tsv [--db detente.duckdb] [--header]
    python -m detente.interop export --layout all --out exports/
    python -m detente.interop codebook --out codebook.md

A thin layer over :func:`export_layout` and :func:`write_codebook` until ``detente export --layout``
joins the main CLI. Exit codes as the main CLI: 0 success, 1 an error, 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import DetenteError
from . import LAYOUTS, export_layout, export_layouts, write_codebook


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m detente.interop", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    sp = sub.add_parser("export", help="write the store in a GDELT, POLECAT, PLOVER or Parquet layout")
    sp.add_argument("--layout", choices=[*LAYOUTS, "all"], required=True,
                    help="one layout, or all of them into the --out folder")
    sp.add_argument("--out", type=Path, required=True, help="output file (a folder for parquet and all)")
    sp.add_argument("--db", type=Path, help="the DuckDB file (default: the configured store, detente.duckdb)")
    sp.add_argument("--config", type=Path, help="a TOML file overriding the defaults")
    head = sp.add_mutually_exclusive_group()
    head.add_argument("--header", dest="header", action="store_true", default=None, help="write a header row")
    head.add_argument("--no-header", dest="header", action="store_false", help="write no header row")
    sp.add_argument("--include-flagged", action="store_true",
                    help="keep negated and hypothetical events in the GDELT and POLECAT layouts")
    sp.add_argument("--no-text", action="store_true", help="PLOVER layout: leave the evidence sentence out")
    sp = sub.add_parser("codebook", help="write the Markdown codebook")
    sp.add_argument("--out", type=Path, required=True)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "codebook":
            print(f"wrote {write_codebook(args.out)}")
            return 0
        from ..config import load_settings
        from ..store import open_store

        settings = load_settings(args.config, store={"path": str(args.db)} if args.db else None)
        with open_store(settings.store.path, read_only=True) as store:
            options = dict(header=args.header, include_flagged=args.include_flagged, include_text=not args.no_text)
            if args.layout == "all":
                paths = list(export_layouts(store, args.out, **options).values())
            else:
                paths = [export_layout(store, args.layout, args.out, **options)]
        for path in paths:
            print(f"wrote {path}")
        return 0
    except DetenteError as exc:
        print(str(exc), file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
