"""`make bench`: run every benchmark and print its table (copy them into docs/benchmarks.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    "bench_decide.py",
    "bench_backtest.py",
    "bench_detect.py",
    "bench_comments.py",
    "bench_cases.py",
    "bench_feedback.py",
    "bench_metrics.py",
    "bench_support.py",
    "bench_stream.py",
]

for script in SCRIPTS:
    print(f"\n## {script}\n", flush=True)
    subprocess.run([sys.executable, str(HERE / script)], check=True)
