"""Command line: `python -m helpers build` (what `make data` runs) and `python -m helpers check`."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from helpers.errors import InputError


def _build(args: argparse.Namespace) -> int:
    from helpers.pipeline import Settings, run

    settings = Settings.for_data_dir(Path(args.data)) if args.data else Settings()
    if args.sources:
        settings = replace(settings, sources_dir=Path(args.sources).resolve())
    if args.out:
        settings = replace(settings, processed_dir=Path(args.out).resolve())
    result = run(settings, progress=not args.quiet)
    if not args.quiet:
        print(result.summary(), file=sys.stderr)
    return 0


def _check(args: argparse.Namespace) -> int:
    """Rebuild into a temporary folder and compare: committed data must match the sources."""
    from helpers.pipeline import stale_tables

    stale = stale_tables()
    if stale:
        print(f"error: data/processed/{stale[0]}: is stale; run `make data` and commit the result", file=sys.stderr)
        return 1
    print("data/processed is up to date", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="turn data/sources into data/processed")
    build.add_argument("--data", help="use this folder, laid out like data/, for every input and output")
    build.add_argument("--sources", help="read articles from this folder instead of data/sources")
    build.add_argument("--out", help="write the tables to this folder instead of data/processed")
    build.add_argument("-q", "--quiet", action="store_true", help="no progress, no summary")
    build.set_defaults(func=_build)
    check = sub.add_parser("check", help="fail when data/processed is stale")
    check.set_defaults(func=_check)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted; data/processed was left as it was", file=sys.stderr)
        return 130
