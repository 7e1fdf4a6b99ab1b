"""Element ids from content, so two builds of the same data write the same page.

A chart's div or a table's id is a hash of what it shows. Showing the same content twice in one
process (one kernel, one slides build) adds `-1`, `-2`, … in the order shown, which a batch run
repeats exactly; the report builder renames any clash left when notebooks are merged.
"""

from __future__ import annotations

import hashlib
from collections import Counter

import pandas as pd

_shown: Counter[str] = Counter()


def element_id(prefix: str, content: str | bytes) -> str:
    """`<prefix>-<12 hex of sha1(content)>`, with `-n` for the n-th repeat of the same content."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    base = f"{prefix}-{hashlib.sha1(data).hexdigest()[:12]}"
    n = _shown[base]
    _shown[base] += 1
    return f"{base}-{n}" if n else base


def frame_content(frame: pd.DataFrame) -> str:
    """What a table shows, as text to hash: headers, index and cells."""
    return frame.to_csv()
