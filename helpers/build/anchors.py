"""Citations that follow their claims when a change to cleaning or splitting gives the claims new ids.

The analyst's files cite claims by id and keep each claim's source and quote beside the id. When an
id is not in this build, the claim of that source whose words best match the quote takes its place
(rapidfuzz `ratio` on lower-cased words and digits, at least MIN_SCORE, and a clear winner): the file's
text changes only in that id, everywhere it appears, and the build says so in one `note:` line. The
stored quote stays what the analyst cited, so each later change is measured against those words and
a citation cannot drift away from them one small step at a time. Nothing matches: one error line.

The moved files are written with the tables, and only by a build that writes the folder's own tables
(`make data`); a check or a build written elsewhere says what it would move and leaves the files alone.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TypeVar

import pandas as pd
from rapidfuzz import fuzz, process, utils

from helpers.config.reader import load
from helpers.config.references import Citation
from helpers.errors import InputError
from helpers.files import write_atomically

MIN_SCORE = 90  # a changed word or number in a sentence scores about 95; a neighbouring sentence far less
FIX = "cite its new id from processed/claims.csv, or delete the entry"

Model = TypeVar("Model")


class Moves:
    """The citations one build moves: each file's new text, kept until the tables are written, and a note each."""

    def __init__(self, claims: pd.DataFrame):
        self.claims = claims
        self.known = set(claims["claim_id"])
        self.texts: dict[Path, str] = {}
        self.notes: list[tuple[Path, str, str, float]] = []  # (file, old id, new id, score)
        self.absent: dict[Path, list[str]] = {}  # references.yml: sources of quotes this folder does not hold

    def follow(self, model: Model, path: Path, sources_may_be_absent: bool = False) -> Model:
        """`model` (read from `path`) with every vanished claim id moved to its claim; InputError if one has none.

        With `sources_may_be_absent` a citation of a source the folder does not hold is left as it is
        (the notebooks' quotes: a folder of fewer sources leaves them out, as a scope does).
        """
        if model is None:
            return model
        moved: dict[str, tuple[str, float]] = {}
        sources = set(self.claims["source_id"])
        for cid, quoted, where in _one_per_id(model.cited()):
            if cid in self.known:
                continue
            if sources_may_be_absent and quoted.source is not None and quoted.source not in sources:
                self.absent.setdefault(path, []).append(quoted.source)
                continue
            moved[cid] = self._best(Citation(cid, quoted, where), path)
        if not moved:
            return model
        text = path.read_text(encoding="utf-8")
        for old, (new, _) in moved.items():
            text = re.sub(rf"\b{old}\b", new, text)
        try:
            model = load(type(model), path, text)  # what the file will say, checked before it is written
        except InputError as exc:  # two entries of one mapping now cite the same claim
            raise InputError(path, f"re-anchoring makes two entries cite one claim: {exc.problem}") from None
        self.texts[path] = text
        self.notes += [(path, old, new, score) for old, (new, score) in moved.items()]
        return model

    def _best(self, cited: Citation, path: Path) -> tuple[str, float]:
        """The one claim whose words match the citation's quote, and the score; InputError if there is none."""
        gone = f"{cited.where}claim '{cited.claim_id}' does not exist in this build"
        quoted = cited.quoted
        if quoted.quote is None:
            raise InputError(path, f"{gone} and the entry gives no quote to find it by; {FIX}")
        pool = self.claims if quoted.source is None else self.claims[self.claims["source_id"] == quoted.source]
        if pool.empty:
            raise InputError(path, f"{gone} and its source '{quoted.source}' is not in it either; {FIX}")
        ids = pool["claim_id"].tolist()
        found = process.extract(
            quoted.quote, pool["text"].tolist(), scorer=fuzz.ratio, processor=utils.default_process, limit=2
        )
        (_, score, i), *rest = found
        if score < MIN_SCORE:
            raise InputError(
                path,
                f"{gone} and no claim matches its quote (closest: {ids[i]}, score {score:.0f} < {MIN_SCORE}); {FIX}",
            )
        if rest and rest[0][1] == score:
            raise InputError(
                path, f"{gone} and its quote matches {ids[i]} and {ids[rest[0][2]]} equally (score {score:.0f}); {FIX}"
            )
        return ids[i], score

    def save(self, write: bool) -> None:
        """Write the moved files (when this build writes the folder's own tables), then say what moved."""
        if write and self.texts:
            write_atomically(self.texts)
        for path, old, new, score in self.notes:
            said = "re-anchored to" if write else "would be re-anchored to"
            _note(path, f"claim {old} {said} {new} (score {score:.0f})")
        for path, absent in self.absent.items():
            _note(
                path,
                f"{len(absent)} quote{'s are' if len(absent) > 1 else ' is'} from sources this folder does not "
                f"hold ({', '.join(sorted(set(absent)))}); the notebooks leave {'them' if len(absent) > 1 else 'it'} out",
            )


def _one_per_id(cited: list[Citation]) -> list[Citation]:
    """One citation per claim id, the first that gives a quote: one id moves to one claim in a file."""
    best: dict[str, Citation] = {}
    for c in cited:
        if c.claim_id not in best or (best[c.claim_id].quoted.quote is None and c.quoted.quote is not None):
            best[c.claim_id] = c
    return list(best.values())


def _note(path: Path, what: str) -> None:
    print(f"note: {InputError(path, what)}", file=sys.stderr, flush=True)
