"""Reproduce the tune/heldout split of tests/corpus (run from anywhere; prints file,format,split).

Rule, fixed before anyone read the project's rules: group the articles by format, sort each group by
file name, shuffle each group with random.Random(SEED), concatenate the groups in format-name order and
assign tune/heldout alternately, starting with tune.
"""

import random
from pathlib import Path

SEED = 20251126
FORMATS = {
    "bbc-russia-fears-another-loss-in-middle-east.md": "markdown-yaml",
    "bbc-trump-route-caucasus-russian-guards-iranian-trucks.md": "markdown-yaml",
    "nytimes-winners-losers-fall-of-assad.md": "markdown-yaml",
    "covertshores-guide-russian-shahed-geran-drones.md": "markdown-yaml",
    "tmpnews-russia-mass-produces-jiran-drone.md": "markdown-yaml",
    "sisihagen-siege-iran-sco-eurasian-integration.md": "markdown-yaml",
    "groong-ep357-russia-iran-armenia-relations.md": "markdown-toml",
    "groong-ep447-lukyanov-israel-attacks-iran.md": "markdown-toml",
    "socialistworker-is-iran-the-next-target.html": "html",
    "tass-pezeshkian-putin-call-eaeu-sco-brics-rasht-astara.txt": "text-wire",
    "bgnes-russia-iran-to-sign-partnership-treaty-jan-17.txt": "text-wire",
    "ap-eflip-presidents-of-russia-and-iran-meet-in-kremlin.txt": "text-wire",
    "globalsecurity-irna-itartass-bushehr-first-reactor-2005.txt": "text-hardwrapped",
    "theindiansubcontinent-duma-ratifies-treaty-hardwrapped.txt": "text-hardwrapped",
    "tehrantimes-russia-duma-ratifies-strategic-partnership-treaty.txt": "text",
    "clubplanet-forum-russia-and-iran-nuclear-power-reactor.txt": "text",
}


def split() -> dict[str, str]:
    rng = random.Random(SEED)
    order: list[str] = []
    for fmt in sorted(set(FORMATS.values())):
        group = sorted(f for f, g in FORMATS.items() if g == fmt)
        rng.shuffle(group)
        order += group
    return {f: ("tune" if i % 2 == 0 else "heldout") for i, f in enumerate(order)}


if __name__ == "__main__":
    here = Path(__file__).parent / "articles"
    assert sorted(p.name for p in here.iterdir()) == sorted(FORMATS), "articles/ and FORMATS disagree"
    for f, s in split().items():
        print(f"{f},{FORMATS[f]},{s}")
