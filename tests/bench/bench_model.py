"""Benchmark of the shipped model alone (not a test): throughput, single-comment latency, memory.

    uv run python tests/bench/bench_model.py [N]

Uses synthetic comments (no shared data needed); prints a markdown table.
"""

from __future__ import annotations

import random
import resource
import sys
import time

import numpy as np

from hifazat.domain.detection.model import load_model
from hifazat.domain.text.normalize import normalize

WORDS = [
    "acha",
    "video",
    "hai",
    "bhai",
    "shukriya",
    "kya",
    "baat",
    "nice",
    "work",
    "love",
    "this",
    "yaar",
    "tum",
    "bohat",
    "ganda",
    "kutta",
    "harami",
    "you",
    "are",
    "so",
    "stupid",
    "thanks",
    "for",
    "sharing",
    "آپ",
    "کی",
    "ویڈیو",
    "بہت",
    "اچھی",
    "ہے",
    "تم",
    "کتے",
]


def comments(n: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 25))) for _ in range(n)]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    model = load_model()
    assert model is not None
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    texts = [normalize(t).text for t in comments(n)]
    mean_len = sum(map(len, texts)) / len(texts)
    t0 = time.perf_counter()
    for lo in range(0, n, 2000):
        model.score_batch(texts[lo : lo + 2000])
    rate = n / (time.perf_counter() - t0)
    lat = []
    for t in texts[:3000]:
        t0 = time.perf_counter()
        model.score(t)
        lat.append(time.perf_counter() - t0)
    p50, p99 = np.percentile(lat, [50, 99]) * 1000
    rss2 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("| what | result |\n|---|---|")
    print(f"| comments (mean {mean_len:.0f} chars, normalised), batches of 2000 | {rate:,.0f} /s |")
    print(f"| one comment at a time | p50 {p50:.2f} ms, p99 {p99:.2f} ms |")
    print(
        f"| resident memory: interpreter+numpy / +model loaded / peak | "
        f"{rss0:.0f} / {rss1:.0f} / {rss2:.0f} MB |"
    )


if __name__ == "__main__":
    main()
