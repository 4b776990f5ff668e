"""Surveys and focus groups: saving a response, building the report as responses grow, and
suggesting clusters as ideas grow. SQLite file database; prints a table."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine

from hifazat.db import migrate
from hifazat.domain.access import SYSTEM
from hifazat.domain.focus_groups import suggest_clusters
from hifazat.services import feedback_report, surveys
from hifazat.services import focus_groups as fgs
from hifazat.services.feedback_demo import _answers, _data
from hifazat.services.runtime import build_runtime
from hifazat.settings import Settings


def main() -> None:
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        migrate.upgrade(url)
        rt = build_runtime(Settings(environment="test", database_url=url, secret_key="b" * 20))
        surveys.install_builtins(rt, SYSTEM)
        data = _data()
        rng = np.random.default_rng(1)
        session = fgs.create_session(
            rt, SYSTEM, fgs.NewSession("bench", "Lahore", "PK", "2026-11-20", "b", "q?")
        )
        camp = {
            w: surveys.create_campaign(
                rt,
                SYSTEM,
                surveys.NewCampaign(w, "csm", "PK", "2026-11", wave=w, session_id=session.id),
            )
            for w in ("pre", "post")
        }
        feedback_report.build_report(rt, SYSTEM, session.id)  # warm-up: imports, caches
        total = 0
        for target in (100, 500, 2000):
            times = []
            while total < target:
                for w in ("pre", "post"):
                    a = _answers(rng, data, w, "cook")
                    t = time.perf_counter()
                    token = camp[w].open_token
                    assert token is not None
                    surveys.save_response(rt, token, a, submit=True)
                    times.append(time.perf_counter() - t)
                    total += 1
            if target == 100:
                rows.append(
                    (
                        "save and submit one response, p50",
                        f"{statistics.median(times) * 1000:.1f} ms",
                    )
                )
                rows.append(
                    (
                        "save and submit one response, p95",
                        f"{np.percentile(times, 95) * 1000:.1f} ms",
                    )
                )
            t = time.perf_counter()
            feedback_report.build_report(rt, SYSTEM, session.id)
            rows.append(
                (
                    f"build the report, {total} responses",
                    f"{(time.perf_counter() - t) * 1000:.0f} ms",
                )
            )
    texts = list(data["free_text"]) + [i["text"] for i in data["ideas"]]
    for n in (50, 200, 500):
        ideas = [f"{texts[i % len(texts)]} {i // len(texts)}" for i in range(n)]
        t = time.perf_counter()
        suggest_clusters(ideas)
        rows.append((f"suggest clusters, {n} ideas", f"{(time.perf_counter() - t) * 1000:.0f} ms"))
    print(f"Machine: {machine()}\n")
    print("| measure | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
