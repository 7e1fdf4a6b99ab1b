"""Generate a synthetic corpus of news-like articles with web-page debris, for benchmarks only.

The articles are assembled at random from sentence templates; they are never committed.
"""

from __future__ import annotations

import random
from pathlib import Path

ACTORS = [
    "Russia",
    "Iran",
    "Moscow",
    "Tehran",
    "the Kremlin",
    "China",
    "Israel",
    "the United States",
    "Sergei Lavrov",
    "Masoud Pezeshkian",
    "Gulf states",
    "Ukraine",
]
THINGS = [
    "drones",
    "air defence systems",
    "a transport corridor",
    "a payment link",
    "oil and gas projects",
    "a nuclear power plant",
    "joint naval drills",
    "a free trade zone",
    "fighter jets",
    "radar stations",
]
WHEN = [
    "in 2019",
    "in March 2021",
    "on June 13",
    "last year",
    "later this year",
    "in the early 2000s",
    "on Wednesday",
    "in the 19th century",
    "in 2023",
    "since 1991",
    "in late 2024",
    "two years ago",
]
VERBS = [
    "signed a deal on",
    "agreed to expand",
    "delivered",
    "refused to supply",
    "discussed",
    "is likely to expand",
    "competes over",
    "reportedly received",
    "may limit",
    "announced",
]
SAYERS = [
    "officials said",
    "analysts said",
    "according to the foreign ministry",
    "the report said",
    "a spokesman told reporters",
]
FILLER = [
    "Understanding this relationship is crucial for grasping the wider region.",
    "This article delves into the many layers of the partnership.",
    "The question is not whether they cooperate but how.",
]


def article(rng: random.Random, i: int) -> str:
    lines = [
        f"Synthetic Briefing {i}: {rng.choice(ACTORS)} and {rng.choice(ACTORS)}",
        f"Published on: Jun {rng.randint(1, 28)}, 2025",
        "",
    ]
    for section in range(rng.randint(10, 13)):
        lines.append(f"Section {section}: {rng.choice(THINGS).title()}")
        for _ in range(rng.randint(2, 3)):
            sentences = []
            for _ in range(rng.randint(4, 6)):
                sentences.append(
                    f"{rng.choice(ACTORS)} {rng.choice(VERBS)} {rng.choice(THINGS)} "
                    f"with {rng.choice(ACTORS)} {rng.choice(WHEN)}, {rng.choice(SAYERS)}."
                )
            if rng.random() < 0.3:
                sentences.append(rng.choice(FILLER))
            lines.append(" ".join(sentences))
            lines.append("")
    caption = f"Photo {i} of a summit in {rng.choice(['Kazan', 'Tehran', 'Moscow'])}"
    lines += [caption] * 4
    lines += [
        "What are your thoughts? Share your insights in the comments below.",
        "- Related headline one",
        "- Related headline two",
        "Detail Author:",
        f"• Name : Person {i}",
        f"• Email : person{i}@example.test",
        f"• Phone : 1-555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
        "• Address : 1 Test Street",
        "Socials",
        "instagram:",
        f"• url : https://instagram.example/p{i}",
        "• followers : 12",
    ]
    return "\n".join(lines) + "\n"


def write_corpus(folder: Path, n: int, seed: int = 7) -> int:
    """Write n articles into folder; return the total size in bytes."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        text = article(rng, i)
        (folder / f"synthetic-{i:05d}.txt").write_text(text, encoding="utf-8")
        total += len(text.encode())
    return total
