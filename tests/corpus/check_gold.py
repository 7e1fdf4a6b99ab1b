"""Check tests/corpus/gold/*.yml against the raw articles: every quoted string must occur in the article.

Matching is exact after folding runs of white space to one space (hard-wrapped text breaks sentences over
lines); markdown is also matched as rendered (images dropped, links reduced to their text, emphasis marks
removed) and HTML with tags removed and entities decoded. Prints one line per problem and a summary; exits 1
on any problem. Uses only PyYAML and the standard library.
"""

import html
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).parent
THEMES = {"history", "economy", "military", "nuclear", "regional", "divergences", "outlook", "none"}
STANCES = {"cooperation", "divergence", "context"}
MODALITIES = {"asserted", "reported", "hedged", "forecast"}
PRECISIONS = {"day", "week", "month", "quarter", "year", "decade", "range"}
QUOTED_LISTS = ("must_keep", "not_claims", "not_dates", "debris")


def fold(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def texts(path: Path) -> list[str]:
    raw = path.read_text(encoding="utf-8")
    out = [fold(raw)]
    if path.suffix == ".md":
        md = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", raw)  # images
        md = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", md)  # links keep their text
        md = re.sub(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)", "", md)  # emphasis marks
        out.append(fold(md))
    if path.suffix == ".html":
        out.append(fold(html.unescape(re.sub(r"<[^>]+>", " ", raw))))
        out.append(fold(html.unescape(re.sub(r"<[^>]+>", "", raw))))
    return out


def check(gold_path: Path, gold: dict) -> list[str]:
    problems: list[str] = []
    art = HERE / "articles" / gold["file"]
    if art.stem != gold_path.stem:
        problems.append(f"file {gold['file']} does not match the gold's name")
    hay = texts(art)

    def need(s: str, where: str) -> None:
        if not any(fold(s) in h for h in hay):
            problems.append(f"{where} not found: {s[:90]!r}")

    for e in gold.get("events") or []:
        need(e["quote"], "event quote")
        if e["precision"] not in PRECISIONS:
            problems.append(f"bad precision {e['precision']!r}")
    claims = gold.get("claims") or []
    for c in claims:
        need(c["text"], "claim")
        for key, allowed in (("theme", THEMES), ("stance", STANCES), ("modality", MODALITIES)):
            if c[key] not in allowed:
                problems.append(f"bad {key} {c[key]!r}")
    for key in QUOTED_LISTS:
        for s in gold.get(key) or []:
            need(s, key)
    kept = [fold(c["text"]) for c in claims] + [fold(m) for m in gold.get("must_keep") or []]
    for s in gold.get("debris") or []:
        if any(fold(s) in k for k in kept):
            problems.append(f"debris {s[:40]!r} sits inside a claim")
    return problems


def main() -> int:
    n_problems = 0
    totals = dict(files=0, events=0, actors=0, claims=0, must_keep=0, debris=0)
    for gold_path in sorted((HERE / "gold").glob("*.yml")):
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        if "file" not in gold:  # pairs.yml (claim pairs across articles) is not a per-article gold file
            continue
        for p in check(gold_path, gold):
            print(f"{gold_path.name}: {p}")
            n_problems += 1
        totals["files"] += 1
        totals["events"] += len(gold.get("events") or [])
        totals["actors"] += sum(len(v or []) for v in (gold.get("actors") or {}).values())
        for key in ("claims", "must_keep", "debris"):
            totals[key] += len(gold.get(key) or [])
    print(", ".join(f"{k} {v}" for k, v in totals.items()), f"| problems {n_problems}")
    return 1 if n_problems else 0


if __name__ == "__main__":
    sys.exit(main())
