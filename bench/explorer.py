"""Benchmark ClaimExplorer: time from setting the source control to table and figure updated.

Synthetic frames of 1k, 10k and 100k claims are drawn from the real claims, spread over 40
sources. Beside each median stands the bare `filter_claims` call with the same filter, the floor
the widget cannot beat.
"""

from __future__ import annotations

import json
import platform
import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd
import psutil

import helpers
from helpers.present.widgets import ClaimExplorer

ROOT = Path(__file__).resolve().parents[1]
SIZES = (1_000, 10_000, 100_000)
REPEATS = 15
TARGETS = "median update <= 50 ms at 10k claims, <= 300 ms at 100k"


def synthetic_claims(n: int, n_sources: int = 40, seed: int = 7) -> pd.DataFrame:
    real = helpers.load_claims(include_filler=True)
    rng = np.random.default_rng(seed)
    frame = real.iloc[rng.integers(0, len(real), n)].reset_index(drop=True)
    frame["source_id"] = [f"source-{i:02d}" for i in rng.integers(0, n_sources, n)]
    frame["claim_id"] = [f"c{i:011x}" for i in range(n)]
    return frame


def _median_ms(action, values) -> float:
    times = []
    for value in values:
        start = time.perf_counter()
        action(value)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(n: int) -> dict:
    claims = synthetic_claims(n)
    explorer = ClaimExplorer(claims)
    control = explorer.controls["sources"]
    picks = [(f"source-{i % 40:02d}", f"source-{(i + 7) % 40:02d}") for i in range(REPEATS)]

    def set_sources(value):
        control.value = value
        assert explorer.table_data()["source_id"].isin(value).all()

    widget_ms = _median_ms(set_sources, picks)
    filter_ms = _median_ms(lambda value: helpers.filter_claims(claims, sources=value), picks)
    return {"claims": n, "update_ms": round(widget_ms, 1), "filter_ms": round(filter_ms, 1)}


def main() -> None:
    rows = [measure(n) for n in SIZES]
    machine = (
        f"{platform.processor() or platform.machine()}, {psutil.cpu_count()} cores, "
        f"{round(psutil.virtual_memory().total / 2**30)} GiB, Python {platform.python_version()}"
    )
    print(f"Explorer benchmark on {machine} (median of {REPEATS} source changes)")
    print(f"targets: {TARGETS}\n")
    print("| claims | explorer update (ms) | bare filter_claims (ms) |")
    print("|---:|---:|---:|")
    for r in rows:
        print(f"| {r['claims']:,} | {r['update_ms']} | {r['filter_ms']} |")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "explorer.json").write_text(json.dumps({"machine": machine, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
