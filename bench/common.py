"""Shared by the benchmark scripts: the machine description and demo texts to replay."""

from __future__ import annotations

import os
import platform
import random
from importlib.resources import files

import yaml


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def demo_texts() -> list[str]:
    raw = (files("hifazat.demo") / "data" / "comments.yaml").read_text(encoding="utf-8")
    return [c["text"] for c in yaml.safe_load(raw)]


def corpus(n: int, seed: int = 7) -> list[str]:
    """``n`` comments built from the demo texts, each made unique by a small random suffix."""
    rng = random.Random(seed)
    base = demo_texts()
    tails = ["", " 🙂", " !!", " yaar", " bhai", " please", " 👍", " ...", " sach mein", " واقعی"]
    return [f"{rng.choice(base)}{rng.choice(tails)} #{i}" for i in range(n)]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]
