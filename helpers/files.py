"""The one atomic writer: a file is replaced whole or not at all, so an interrupt never leaves half a file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd


def _staged(target: Path, payload: str | bytes | pd.DataFrame) -> Path:
    """Write `payload` to a hidden temporary file beside `target` and return its path."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(
            fd,
            "wb" if isinstance(payload, bytes) else "w",
            **({} if isinstance(payload, bytes) else {"encoding": "utf-8", "newline": ""}),
        ) as fh:
            if isinstance(payload, pd.DataFrame):
                payload.to_csv(fh, index=False, lineterminator="\n")
            else:
                fh.write(payload)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; the result gets the user's usual mode
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(files: Mapping[Path, str | bytes | pd.DataFrame]) -> None:
    """Write every file to a temporary file first, then move them all into place.

    Text is written as UTF-8, frames as CSV without an index. Nothing is replaced until every
    temporary file is complete.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, payload in files.items():
            staged.append((_staged(Path(target), payload), Path(target)))
        for tmp, target in staged:
            os.replace(tmp, target)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
