"""Speed of the rule detector and the whole engine; prints a table.

Usage: ``uv run python tests/bench/bench_rules.py [DATA_DIR] [N]`` — comments come from RUHSOLD,
Davidson and Akhter (round-robin) when DATA_DIR exists, else from a small built-in sample.

Times are CPU time of this process (``time.process_time``; latencies: the thread's CPU time), so
that other jobs on a shared machine change them less than wall-clock time would. Pin the run to
one core (``taskset -c 1``) and repeat it.
"""

from __future__ import annotations

import csv
import itertools
import statistics
import sys
import time
from pathlib import Path

from hifazat.domain.detection.engine import DetectionEngine, default_detector
from hifazat.domain.detection.rules_detector import RulesDetector
from hifazat.domain.text.normalize import normalize

CLOCK = time.process_time
LATENCY_CLOCK = time.thread_time

SAMPLE = [
    "bohat acha video hai bhai, keep it up",
    "tu kutta hai kamine",
    "What a great match, loved it!",
    "یہ بہت اچھی ویڈیو ہے",
    "send JazzCash 500 to 03001234567",
    "you are a k.u.t.t.a",
]


def comments(data: Path, n: int) -> list[str]:
    if not data.exists():
        return list(itertools.islice(itertools.cycle(SAMPLE), n))
    cols = [
        ("ruhsold/ruhsold_trainval.csv", "text"),
        ("davidson/davidson_trainval.csv", "tweet"),
        ("urdu_abusive_akhter/urdu_abusive_akhter.csv", "text"),
    ]
    sets = []
    for path, col in cols:
        with (data / path).open(encoding="utf-8") as f:
            sets.append([r[col] for r in csv.DictReader(f)])
    mixed = [t for group in itertools.zip_longest(*sets) for t in group if t]
    return list(itertools.islice(itertools.cycle(mixed), n))


def main() -> None:
    args = sys.argv[1:]
    data = Path(args[0]) if args else Path(__file__).resolve().parents[3] / "shared/data"
    n = int(args[1]) if len(args) > 1 else 20000
    texts = comments(data, n)
    mean_len = statistics.mean(len(t) for t in texts)
    rules = RulesDetector()
    full = default_detector()
    rules_engine = DetectionEngine(rules, None)
    for t in texts[:2000]:  # warm caches
        rules.detect(t)
    rows = []

    t0 = CLOCK()
    for t in texts:
        normalize(t)
    rows.append(("normalize", CLOCK() - t0))

    lat = []
    for t in texts:
        a = LATENCY_CLOCK()
        rules.detect(t)
        lat.append(LATENCY_CLOCK() - a)
    rows.append(("rules detect (one by one)", sum(lat)))
    lat.sort()
    p99_rules = lat[int(0.99 * len(lat))]

    t0 = CLOCK()
    for i in range(0, n, 1000):
        rules_engine.detect_batch(texts[i : i + 1000])
    rows.append(("engine, rules only, batches of 1000", CLOCK() - t0))

    lat_full = []
    if full.model is not None:
        t0 = CLOCK()
        for i in range(0, n, 1000):
            full.detect_batch(texts[i : i + 1000])
        rows.append(("engine + model, batches of 1000", CLOCK() - t0))
        for t in texts[:3000]:
            a = LATENCY_CLOCK()
            full.detect(t)
            lat_full.append(LATENCY_CLOCK() - a)
        lat_full.sort()

    print(
        f"{n} comments, mean length {mean_len:.0f} characters, model loaded: {full.model is not None}"
    )
    print(f"{'stage (CPU time)':40} {'us/comment':>10} {'comments/s':>12}")
    for name, dt in rows:
        print(f"{name:40} {dt / n * 1e6:10.1f} {n / dt:12,.0f}")
    print(f"rules p99 latency: {p99_rules * 1e6:.0f} us")
    if lat_full:
        print(
            f"engine + model single-comment p99: {lat_full[int(0.99 * len(lat_full))] * 1e3:.2f} ms"
        )


if __name__ == "__main__":
    main()
