"""Writing that an interrupt cannot break: files replaced whole, a folder of tables replaced as one set, a lock.

A file is replaced whole or not at all; the processed tables are replaced together, so a reader
never sees two builds mixed; a lock keeps a build and a report build off one data folder at once.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from helpers.errors import InputError


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
                _one_line_break(payload).to_csv(fh, index=False, lineterminator="\n")
            else:
                fh.write(payload)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; the result gets the user's usual mode
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _one_line_break(frame: pd.DataFrame) -> pd.DataFrame:
    """Carriage returns inside cells as line feeds: the csv writer quotes a cell holding "\\n" but not a lone "\\r"."""
    text = [
        c
        for c in frame.columns
        if (frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])) and _has_carriage_return(frame[c])
    ]
    if not text:
        return frame
    return frame.assign(**{c: frame[c].str.replace("\r\n", "\n").str.replace("\r", "\n") for c in text})


def _has_carriage_return(column: pd.Series) -> bool:
    """Whether any cell holds "\r": one search of the cells joined when all are text (a few times faster)."""
    if isinstance(column.dtype, pd.StringDtype) and not column.hasnans:
        return "\r" in "".join(column.tolist())
    return bool(column.astype(str).str.contains("\r", regex=False).any())


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


@contextmanager
def _signals_deferred():
    """Hold SIGINT and SIGTERM until the block ends, so a swap of two names is never cut in half."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {
        sig: signal.signal(sig, lambda signum, _frame: caught.append(signum)) for sig in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if caught:
            signal.raise_signal(caught[0])


def replace_folder(files: Mapping[str, str | bytes | pd.DataFrame], folder: Path) -> None:
    """Replace every file in `folder` with `files` as one set: readers see the old set or the new one.

    The new set is written to a hidden folder beside it; then two renames swap the folders with
    interrupts held back. An interrupted earlier swap (the old set left under its hidden name and
    no folder) is put back first.
    """
    folder = Path(folder)
    staging = folder.with_name(f".{folder.name}-new")
    old = folder.with_name(f".{folder.name}-old")
    recover_folder(folder)
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir(parents=True)
        write_atomically({staging / name: payload for name, payload in files.items()})
        kept = [p for p in folder.iterdir() if p.name not in files] if folder.is_dir() else []
        for extra in kept:  # anything else in the folder (a .gitkeep, a README) moves along
            shutil.copy2(extra, staging / extra.name) if extra.is_file() else None
        with _signals_deferred():
            if folder.exists():
                os.rename(folder, old)
            os.rename(staging, folder)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def recover_folder(folder: Path) -> None:
    """Put back a set that an interrupted swap left under its hidden name."""
    old = Path(folder).with_name(f".{Path(folder).name}-old")
    if old.is_dir():
        if Path(folder).exists():
            shutil.rmtree(old)
        else:
            os.rename(old, folder)


@contextmanager
def locked(folder: Path, shared: bool, doing: str):
    """Hold a lock on a data folder: builds take it alone, report builds share it.

    Raises InputError at once (never waits) when the other kind holds it, so `make data` and
    `make briefing` cannot overlap on one evidence base.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ".lock"
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "a report build"
            raise InputError(
                folder, f"{holder} is using this folder; wait for it to finish, then run {doing} again"
            ) from None
        if not shared:
            handle.seek(0)
            handle.truncate()
            handle.write(f"a build (pid {os.getpid()})")
            handle.flush()
        try:
            yield
        finally:
            if not shared:
                handle.seek(0)
                handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
