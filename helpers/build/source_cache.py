"""What reading one source gave, kept between builds, so adding an article to a large base re-reads that article only.

An entry is keyed by everything its result depends on: the file's name and bytes, the analyst's publication
date for it, the tagging rules (taxonomy.yml, cleaning.yml) and the code and installed packages that read
it. Change any of them and the key changes, so a stale entry is never used; it is simply not found. An
entry that cannot be read is read again from the source. Entries are JSON (the rows are plain strings,
numbers and booleans), written atomically; after a build only the entries it used are kept.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from importlib import metadata
from pathlib import Path

from helpers import paths
from helpers.files import write_atomically

# The code that reads a source: any change to it may change what reading gives.
_CODE = ("helpers/build/extract.py", "helpers/build/sources.py", "helpers/text", "helpers/config", "helpers/schema.py")


def rules_key(*rule_files: Path) -> str:
    """One digest of the rule files, the reading code and the installed packages' versions."""
    digest = hashlib.sha1()
    for path in rule_files:
        digest.update(path.read_bytes() if path.exists() else b"-")
    for name in _CODE:
        where = paths.PROJ_ROOT / name
        for path in sorted(where.rglob("*.py")) if where.is_dir() else [where]:
            digest.update(path.relative_to(paths.PROJ_ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    versions = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    digest.update("\n".join(versions).encode())
    return digest.hexdigest()


def entry_key(rules: str, path: Path, published: date | None) -> str:
    digest = hashlib.sha1(f"{rules}\0{path.name}\0{published or ''}\0".encode())
    digest.update(path.read_bytes())
    return digest.hexdigest()


_UNIQUE = frozenset({"claim_id", "text"})  # values no two claims share: nothing to gain from looking them up


class SourceCache:
    """Per-source results in one folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: set[str] = set()
        self._shared: dict[str, str] = {}

    def get(self, key: str) -> tuple[dict, list[dict]] | None:
        try:
            source, claims = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            claims = [self._sharing(row) for row in claims]
        except (OSError, ValueError, TypeError, AttributeError):
            return None  # absent, or unreadable: read the source again
        self.used.add(key)
        return source, claims

    def _sharing(self, row: dict) -> dict:
        """The row with one string object per value that repeats ("cooperation", a source id, a section).

        JSON gives every claim its own copy of each, where a freshly read source shares them; on 1,000 sources
        the copies come to some 60 MB, which the second process of the cross-checks then counts again.
        """
        shared = self._shared
        return {k: shared.setdefault(v, v) if type(v) is str and k not in _UNIQUE else v for k, v in row.items()}

    def put(self, key: str, result: tuple[dict, list[dict]]) -> None:
        write_atomically({self.folder / f"{key}.json": json.dumps(result, ensure_ascii=False)})
        self.used.add(key)

    def prune(self) -> None:
        """Drop the entries this build did not use: sources removed, edited, or read under older rules."""
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("*.json"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)
