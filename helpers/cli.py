"""The one command line: `python -m helpers build | check | briefing [--pdf] | slides` (what the Makefile runs).

Every command prints bad input as one `error: <path>: <problem>` line and exits with status 2;
an interrupt exits with 130 and leaves finished files whole.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from helpers import paths
from helpers.errors import InputError
from helpers.files import locked


def _build(args: argparse.Namespace) -> int:
    from helpers.build.pipeline import Settings, run

    settings = Settings.for_data_dir(Path(args.data)) if args.data else Settings()
    if args.sources:
        settings = replace(settings, sources_dir=Path(args.sources).resolve())
    if args.out:
        settings = replace(settings, processed_dir=Path(args.out).resolve())
    if args.no_cache:
        settings = replace(settings, cache_dir=None)
    result = run(settings, progress=not args.quiet)
    if not args.quiet:
        print(result.summary(), file=sys.stderr)
    return 0


def _check(args: argparse.Namespace) -> int:
    """Rebuild into a temporary folder and compare: committed data must match the sources."""
    from helpers.build.pipeline import Settings, stale_tables

    settings = Settings.for_data_dir(Path(args.data)) if args.data else Settings()
    stale = stale_tables(settings)
    if stale:
        print(
            f"error: {settings.processed_dir.name}/{stale[0]}: is stale; run `make data` and commit the result",
            file=sys.stderr,
        )
        return 1
    print(f"{settings.processed_dir} is up to date", file=sys.stderr)
    return 0


def _briefing(args: argparse.Namespace) -> int:
    sys.modules.setdefault("rfc3987_syntax", None)  # as in the kernels (report.KERNEL_START): 1-2 s of imports
    from helpers.publish.report import build_briefing

    with locked(paths.data_dir(args.data).root, shared=True, doing="`make briefing`"):  # no build meanwhile
        return build_briefing(args)


def _slides(args: argparse.Namespace) -> int:
    from helpers.publish.slides import build_slides

    with locked(paths.data_dir(args.data).root, shared=True, doing="`make slides`"):
        return build_slides(args)


def _report_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--themes", help="comma-separated themes (a scoped briefing keeps their chapters)")
    parser.add_argument("--sources", help="comma-separated source ids")
    parser.add_argument("--since", help="claims dated on or after YYYY-MM-DD")
    parser.add_argument("--out", default=str(paths.REPORTS_DIR), help="folder to write to (default reports/)")
    parser.add_argument("--data", help="a folder laid out like data/ (default data/): tables, taxonomy, judgments")
    parser.add_argument("--jobs", type=int, help="notebooks executed at once (default: one per core)")


def parser() -> argparse.ArgumentParser:
    """The command line, one sub-command per Makefile target."""
    top = argparse.ArgumentParser(prog="python -m helpers", description=__doc__.splitlines()[0])
    sub = top.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="turn data/sources into data/processed (make data)")
    build.add_argument("--data", help="use this folder, laid out like data/, for every input and output")
    build.add_argument("--sources", help="read articles from this folder instead of data/sources")
    build.add_argument("--out", help="write the tables to this folder instead of data/processed")
    build.add_argument("-q", "--quiet", action="store_true", help="no progress, no summary")
    build.add_argument(
        "--no-cache", action="store_true", help="read every source again, ignoring what earlier builds kept in .cache/"
    )
    build.set_defaults(func=_build)
    check = sub.add_parser("check", help="fail when data/processed is stale (make check-data)")
    check.add_argument("--data", help="a folder laid out like data/ (default data/)")
    check.set_defaults(func=_check)
    briefing = sub.add_parser(
        "briefing", help="run the notebooks whose inputs changed and write offline HTML to reports/ (make briefing)"
    )
    _report_options(briefing)
    briefing.add_argument(
        "--pdf", action="store_true", help="also print the briefing to reports/briefing.pdf with headless Chromium"
    )
    briefing.add_argument(
        "--no-cache", action="store_true", help="execute every notebook, even those whose inputs have not changed"
    )
    briefing.set_defaults(func=_briefing)
    slides = sub.add_parser("slides", help="write a reveal.js deck that runs offline (make slides)")
    _report_options(slides)
    slides.set_defaults(func=_slides)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted; finished files were replaced whole, others left as they were", file=sys.stderr)
        return 130
