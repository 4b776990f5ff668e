"""`hifazat detect` on N comments (default 100,000), timed as a whole process."""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import corpus, machine, percentile


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        out = Path(tmp) / "out.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for i, text in enumerate(corpus(args.rows)):
                fh.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
        load = os.getloadavg()[0]
        t0 = time.perf_counter()
        subprocess.run(
            ["taskset", "-c", "0", bin_dir / "hifazat", "detect", "--input", src, "--output", out],
            check=True,
            capture_output=True,
        )
        elapsed = time.perf_counter() - t0
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        rss_mb = usage.ru_maxrss / 1024
        cpu = usage.ru_utime + usage.ru_stime
        written = sum(1 for _ in out.open(encoding="utf-8"))
    assert written == args.rows
    print(f"hifazat detect, {args.rows:,} comments, one core (taskset) — {machine()}")
    print("| measure | value |")
    print("|---|---|")
    print(f"| whole process | {elapsed:.2f} s |")
    print(f"| throughput | {args.rows / elapsed:,.0f} comments/s |")
    per_cpu = args.rows / cpu
    print(f"| CPU time (user + system) | {cpu:.2f} s: {per_cpu:,.0f} comments per CPU-second |")
    print(f"| load average before the run | {load:.2f} |")
    print(f"| peak resident memory | {rss_mb:.0f} MB |")
    single_comment(5000)


def single_comment(n: int) -> None:
    """One comment at a time in this process: ``detect`` + ``as_dict``, as an API call does."""
    from hifazat.domain.detection.engine import default_detector

    detector = default_detector()
    texts = corpus(n, seed=11)
    detector.detect(texts[0]).as_dict()  # loaded and warm
    wall: list[float] = []
    cpu: list[float] = []
    for text in texts:
        w0, c0 = time.perf_counter(), time.thread_time()
        detector.detect(text).as_dict()
        cpu.append(time.thread_time() - c0)
        wall.append(time.perf_counter() - w0)
    print(f"\nOne comment at a time, in process, {n:,} comments (load {os.getloadavg()[0]:.2f})")
    print("| measure | p50 | p99 |")
    print("|---|---|---|")
    for name, values in (("wall clock", wall), ("CPU of the thread", cpu)):
        p50, p99 = percentile(values, 50) * 1e3, percentile(values, 99) * 1e3
        print(f"| {name} | {p50:.2f} ms | {p99:.2f} ms |")


if __name__ == "__main__":
    main()
