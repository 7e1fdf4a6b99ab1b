"""Benchmark `python -m helpers build` on synthetic corpora of 100 and 1,000 articles.

Reports wall time, articles per second and the peak resident memory of the whole process
tree (the build and its worker processes), sampled every 20 ms.
"""

from __future__ import annotations

import json
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
TARGETS = "1,000 articles <= 60 s; peak RSS <= 1.5 GB; time(1,000) / time(100) <= 11"


def measure(n: int, workdir: Path) -> dict:
    data = workdir / f"data-{n}"
    (data / "processed").mkdir(parents=True)
    for name in ("taxonomy.yml", "cleaning.yml"):
        shutil.copy(ROOT / "data" / name, data / name)
    size = write_corpus(data / "sources", n)
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
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build of {n} articles failed with status {proc.returncode}")
    with open(data / "processed" / "claims.csv", encoding="utf-8") as handle:
        claims = sum(1 for _ in handle) - 1
    return {
        "articles": n,
        "megabytes": round(size / 1e6, 1),
        "seconds": round(seconds, 2),
        "articles_per_s": round(n / seconds, 1),
        "peak_rss_mb": round(peak / 1e6),
        "claims": claims,
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
    print("| articles | MB of text | seconds | articles/s | peak RSS (MB) | claims |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['articles']:,} | {r['megabytes']} | {r['seconds']} | {r['articles_per_s']} | {r['peak_rss_mb']} | {r['claims']:,} |"
        )
    print(f"\ntime ratio 1,000 / 100 articles: {ratio:.2f} (10x the input)")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "pipeline.json").write_text(json.dumps({"machine": machine, "rows": rows, "ratio": ratio}, indent=2))


if __name__ == "__main__":
    main()
