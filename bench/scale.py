"""Benchmark the whole path on a template-heavy corpus: 300 copies of one seed article plus the other seeds.

Copies are the worst case for cross-checks (every sentence is corroborated and contradicted
300 times) and for the report (every table and menu grows with the sources). Reports the build
and briefing times, the size of briefing.html and the number of contradiction rows.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPIES = 300
SEED = "decoding-a-shifting-alliance.txt"
TARGETS = "briefing of 300 near-identical articles <= 60 s; briefing.html <= 10 MB; contradictions bounded"


def _timed(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "helpers", *args], cwd=ROOT, check=True, capture_output=True, text=True)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns(".lock", "processed"))
        for i in range(1, COPIES):
            shutil.copy(data / "sources" / SEED, data / "sources" / f"copy-{i:03d}.txt")
        build = _timed("build", "--quiet", "--data", str(data))
        briefing = _timed("briefing", "--data", str(data), "--out", str(Path(tmp) / "reports"))
        size = (Path(tmp) / "reports" / "briefing.html").stat().st_size / 1e6
        with open(data / "processed" / "contradictions.csv", encoding="utf-8") as handle:
            pairs = sum(1 for _ in handle) - 1
        with open(data / "processed" / "claims.csv", encoding="utf-8") as handle:
            claims = sum(1 for _ in handle) - 1
    print(f"Scale benchmark: {COPIES} copies of {SEED} plus the other seeds ({claims:,} claims)")
    print(f"targets: {TARGETS}\n")
    print("| build (s) | briefing (s) | build + briefing (s) | briefing.html (MB) | contradiction rows |")
    print("|---:|---:|---:|---:|---:|")
    print(f"| {build:.1f} | {briefing:.1f} | {build + briefing:.1f} | {size:.1f} | {pairs:,} |")


if __name__ == "__main__":
    main()
