"""Front-end files the reports inline, taken from the npm registry once and kept in build/vendor/.

Pages must open with no network, so scripts are inlined; `npm pack` fetches a package's
tarball once (the registry is reachable when building, never when reading).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
from functools import lru_cache
from pathlib import Path

from helpers import paths

VENDOR = paths.PROJ_ROOT / "build" / "vendor"
PLOTLY_PARTIAL = "plotly.js-cartesian-dist-min"  # bar, scatter, heatmap ...: every trace type the briefing draws
PLOTLY_PARTIAL_FILE = "package/plotly-cartesian.min.js"


def npm_pack(spec: str, pattern: str) -> tuple[Path | None, str]:
    """The newest tarball in build/vendor/ matching `pattern`, fetched with `npm pack spec` when missing.

    Returns (path, "") or (None, why it could not be had).
    """
    found = sorted(VENDOR.glob(pattern))
    if found:
        return found[-1], ""
    npm = shutil.which("npm")
    if not npm:
        return None, "npm not found (install Node.js and npm: apt-get install -y npm)"
    VENDOR.mkdir(parents=True, exist_ok=True)
    print(f"Fetching {spec} with npm into {VENDOR} (once) ...", file=sys.stderr)
    done = subprocess.run(
        [npm, "pack", spec, "--pack-destination", str(VENDOR), "--silent"], capture_output=True, text=True
    )
    found = sorted(VENDOR.glob(pattern))
    if done.returncode or not found:
        last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        return None, f"npm pack {spec} failed ({last[0]}); check that the npm registry is reachable"
    return found[-1], ""


def read_member(tarball: Path, member: str) -> str:
    with tarfile.open(tarball) as tar:
        return tar.extractfile(member).read().decode("utf-8")


@lru_cache(maxsize=1)
def plotly_js() -> str:
    """plotly.js for the pages: the cartesian partial bundle of the version plotly.py ships (about a
    quarter of the full bundle), or the full bundle with a warning when the partial one cannot be had."""
    from plotly.offline import get_plotlyjs, get_plotlyjs_version

    version = get_plotlyjs_version()
    tarball, why = npm_pack(f"{PLOTLY_PARTIAL}@{version}", f"{PLOTLY_PARTIAL}-{version}.tgz")
    if tarball is None:
        print(f"warning: {why}; the pages carry the full plotly.js instead (about 4.8 MB each)", file=sys.stderr)
        return get_plotlyjs()
    return read_member(tarball, PLOTLY_PARTIAL_FILE)
