"""Benchmark `python -m helpers build` on synthetic corpora of 100 and 1,000 articles.

Reports wall time of a first build (nothing cached), articles per second and the peak resident memory
of the whole process tree (the build and its worker processes), sampled every 20 ms, and whether each
target is met; then the time and peak memory of a rebuild after adding one article, the rest read from the build's cache.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import write_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SIZES = (100, 1000)
MAX_SECONDS = 30.0  # 1,000 articles on 2 cores
MAX_RSS_MB = 1000  # peak resident memory of the process tree, MB
MAX_RATIO = 11.0  # linear growth: 10x the articles in at most 11x the time
TARGETS = (
    f"1,000 articles <= {MAX_SECONDS:.0f} s; peak RSS <= {MAX_RSS_MB:,} MB; "
    f"time(1,000) / time(100) <= {MAX_RATIO:.0f} (linear)"
)


def _build(data: Path) -> tuple[float, int]:
    """Wall seconds of `python -m helpers build` on `data`, and the peak resident memory of its process tree."""
    start = time.perf_counter()
    proc = psutil.Popen([sys.executable, "-m", "helpers", "build", "--quiet", "--data", str(data)], cwd=ROOT)
    peak = 0
    while proc.poll() is None:
        try:
            tree = [proc] + proc.children(recursive=True)
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.02)
    if proc.returncode != 0:
        raise SystemExit(f"build of {data} failed with status {proc.returncode}")
    return time.perf_counter() - start, peak


def measure(n: int, workdir: Path) -> dict:
    data = workdir / f"data-{n}"
    (data / "processed").mkdir(parents=True)
    for name in ("taxonomy.yml", "cleaning.yml"):
        shutil.copy(ROOT / "data" / name, data / name)
    size = write_corpus(data / "sources", n)
    load = os.getloadavg()[0]  # other work on the machine inflates wall time: shown beside each row
    seconds, peak = _build(data)
    with open(data / "processed" / "claims.csv", encoding="utf-8") as handle:
        claims = sum(1 for _ in handle) - 1
    # What an analyst waits for next: one article added to the same base, the others read from the cache.
    write_corpus(workdir / f"added-{n}", 1, seed=99)
    for path in (workdir / f"added-{n}").iterdir():
        path.rename(data / "sources" / f"added-{path.name}")
    one_added, added_peak = _build(data)
    return {
        "articles": n,
        "megabytes": round(size / 1e6, 1),
        "seconds": round(seconds, 2),
        "articles_per_s": round(n / seconds, 1),
        "peak_rss_mb": round(peak / 1e6),
        "claims": claims,
        "one_added_seconds": round(one_added, 2),
        "one_added_peak_rss_mb": round(added_peak / 1e6),
        "load_before": round(load, 2),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        rows = [measure(n, Path(tmp)) for n in SIZES]
    ratio = rows[1]["seconds"] / rows[0]["seconds"]
    machine = (
        f"{platform.processor() or platform.machine()}, {psutil.cpu_count()} cores, "
        f"{round(psutil.virtual_memory().total / 2**30)} GiB, Python {platform.python_version()}"
    )
    print(f"Pipeline benchmark on {machine}")
    print(f"targets: {TARGETS}\n")
    print(
        "| articles | MB of text | seconds | articles/s | peak RSS (MB) | claims | one article added, rebuilt (s) "
        "| its peak RSS (MB) | load average before |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['articles']:,} | {r['megabytes']} | {r['seconds']} | {r['articles_per_s']} | {r['peak_rss_mb']} "
            f"| {r['claims']:,} | {r['one_added_seconds']} | {r['one_added_peak_rss_mb']} | {r['load_before']} |"
        )
    print(f"\ntime ratio 1,000 / 100 articles: {ratio:.2f} (10x the input)")
    big = rows[-1]
    checks = {
        f"1,000 articles in {big['seconds']} s (<= {MAX_SECONDS:.0f} s)": big["seconds"] <= MAX_SECONDS,
        f"peak RSS {max(max(r['peak_rss_mb'], r['one_added_peak_rss_mb']) for r in rows):,} MB, "
        f"first build or one added (<= {MAX_RSS_MB:,} MB)": all(
            max(r["peak_rss_mb"], r["one_added_peak_rss_mb"]) <= MAX_RSS_MB for r in rows
        ),
        f"growth ratio {ratio:.2f} (<= {MAX_RATIO:.0f})": ratio <= MAX_RATIO,
    }
    for what, met in checks.items():
        print(f"{'met' if met else 'MISSED':>6}: {what}")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "pipeline.json").write_text(
        json.dumps({"machine": machine, "rows": rows, "ratio": ratio, "targets_met": checks}, indent=2)
    )


if __name__ == "__main__":
    main()
