"""Benchmark the whole path on a template-heavy corpus: 300 copies of one seed article plus the other seeds.

Copies are the worst case for cross-checks (every sentence is corroborated and contradicted
300 times) and for the report (every table and menu grows with the sources). Reports the build
and briefing times, the size of briefing.html and the number of contradiction and dispute rows
(both must stay bounded: copies of one sentence add no new pair and no new question).

    python bench/scale.py [--copies N] [--build-only]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPIES = 300
SEED = "decoding-a-shifting-alliance.txt"
TARGETS = "briefing of 300 near-identical articles <= 60 s; briefing.html <= 10 MB; contradictions and disputes bounded"


def _timed(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "helpers", *args], cwd=ROOT, check=True, capture_output=True, text=True)
    return time.perf_counter() - start


def _rows(path: Path) -> int:
    with open(path, encoding="utf-8") as handle:
        return sum(1 for _ in handle) - 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=COPIES, help="copies of the seed article (default 300)")
    parser.add_argument("--build-only", action="store_true", help="time the build alone, without the briefing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns(".lock", "processed"))
        for i in range(1, args.copies):
            shutil.copy(data / "sources" / SEED, data / "sources" / f"copy-{i:03d}.txt")
        build = _timed("build", "--quiet", "--data", str(data))
        briefing = size = float("nan")
        if not args.build_only:
            briefing = _timed("briefing", "--data", str(data), "--out", str(Path(tmp) / "reports"))
            size = (Path(tmp) / "reports" / "briefing.html").stat().st_size / 1e6
        pairs, disputes = _rows(data / "processed" / "contradictions.csv"), _rows(data / "processed" / "disputes.csv")
        claims = _rows(data / "processed" / "claims.csv")
    print(f"Scale benchmark: {args.copies} copies of {SEED} plus the other seeds ({claims:,} claims)")
    print(f"targets: {TARGETS}\n")
    print(
        "| build (s) | briefing (s) | build + briefing (s) | briefing.html (MB) | contradiction rows | dispute rows |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    print(f"| {build:.1f} | {briefing:.1f} | {build + briefing:.1f} | {size:.1f} | {pairs:,} | {disputes:,} |")


if __name__ == "__main__":
    main()
