"""Backtest of a rule change over 1,000,000 stored comments on PostgreSQL.

Creates a throwaway database, bulk-loads comments and their decisions with COPY (not through
the API), publishes a rule set, then times `services.backtest.backtest` for a proposed change
over the last 30 days. Needs PostgreSQL (HIFAZAT_TEST_PG_URL, default postgres@127.0.0.1)."""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine

from hifazat.db import migrate
from hifazat.domain.access import SYSTEM
from hifazat.domain.policy.categories import Category
from hifazat.services import backtest, rules
from hifazat.services.runtime import build_runtime
from hifazat.settings import Settings

ADMIN = os.environ.get("HIFAZAT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
NAME = "hifazat_bench_backtest"
NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
CATS = [c.value for c in Category]
IN_FORCE = """
rules:
  - id: young-harass
    when: score.harassment >= 0.4 and author.account_age_days < 7
    action: hold
    priority: 50
  - id: strikes
    when: author.prior_strikes >= 3 and score.max >= 0.5
    action: remove
    priority: 60
  - id: threat-lane
    when: score.threat >= 0.3 and language in ['ur', 'ur-Latn']
    action: escalate
    priority: 70
"""
PROPOSED = (
    IN_FORCE
    + """
  - id: links-strangers
    when: text.has_link and not author.follows_creator
    action: hold
    priority: 40
  - id: night-hate
    when: score.hate >= 0.35 and hour >= 22
    action: hide
    priority: 30
  - id: pk-profanity
    when: region == 'PK' and 'profanity' in labels
    action: hide
    priority: 20
  - id: mild-exempt
    when: score.max < 0.55 and author.follows_creator
    action: allow
    priority: 80
"""
)
COMMENT_COLS = (
    "id, event_id, request_hash, creator_id, text, language, region, status, created_at,"
    " received_at"
)
DECISION_COLS = (
    "id, comment_id, action, automated, decided_by, category, score, reasons, signal,"
    " guideline_version, created_at"
)
CREATOR_COLS = "id, handle, display_name, region, languages, audience_size, bio, created_at"


def rows(n: int, creators: int, seed: int = 3):  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    texts = ["great video", "tu kutta hai", "see www.win.pk now", "shabash beta", "jahil", "nice"]
    for i in range(1, n + 1):
        at = NOW - timedelta(seconds=rng.uniform(0, 30 * 86400))
        scores = {c: round(rng.random() ** 4, 3) for c in CATS}
        labels = [c for c, v in scores.items() if v >= 0.5]
        signal = {
            "language": rng.choice(["en", "ur", "ur-Latn", "mixed"]),
            "abusive": bool(labels),
            "score": max(scores.values()),
            "categories": scores,
            "labels": labels,
            "evidence": [
                {"category": c, "start": 0, "end": 4, "match": "x", "source": "model"}
                for c in labels
            ],
        }
        inputs = {
            "author_known": True,
            "account_age_days": rng.choice([None, round(rng.uniform(0, 400), 1)]),
            "prior_strikes": rng.randrange(5),
            "follows_creator": rng.choice([None, True, False]),
            "region": rng.choice(["PK", "PK", "PK", "GB", "AE"]),
            "safety_mode": False,
        }
        action = "remove" if labels else "allow"
        yield (
            (
                i,
                f"bench-{i}",
                "x",
                rng.randrange(1, creators + 1),
                rng.choice(texts),
                signal["language"],
                inputs["region"],
                "visible" if action == "allow" else "removed",
                at,
                at,
            ),
            (
                i,
                i,
                action,
                True,
                "hifazat:auto",
                labels[0] if labels else None,
                signal["score"],
                json.dumps({"action": action, "inputs": inputs}),
                json.dumps(signal),
                "2026.11.1",
                at,
            ),
        )


def load(url: str, n: int, creators: int) -> float:
    start = time.perf_counter()
    with (
        psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn,
        conn.cursor() as cur,
        cur.copy(f"COPY creators ({CREATOR_COLS}) FROM STDIN") as cp,
    ):
        for c in range(1, creators + 1):
            cp.write_row((c, f"creator{c}", f"Creator {c}", "PK", "[]", 0, "{}", NOW))
    # two passes: COPY streams must not interleave on one connection
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn:
        with (
            conn.cursor() as cur,
            cur.copy(f"COPY comments ({COMMENT_COLS}) FROM STDIN") as cp,
        ):
            for c, _ in rows(n, creators):
                cp.write_row(c)
        with (
            conn.cursor() as cur,
            cur.copy(f"COPY decisions ({DECISION_COLS}) FROM STDIN") as cp,
        ):
            for _, d in rows(n, creators):
                cp.write_row(d)
        conn.execute("ANALYZE comments")
        conn.execute("ANALYZE decisions")
        conn.commit()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--creators", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    admin = create_engine(ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{NAME}"'))
    url = ADMIN.rsplit("/", 1)[0] + "/" + NAME
    migrate.upgrade(url)
    loaded = load(url, args.comments, args.creators)
    settings = Settings(
        environment="test", database_url=url, secret_key="bench-secret-key-0123456789"
    )
    rt = build_runtime(settings, detector=object(), clock=lambda: NOW)  # type: ignore[arg-type]
    rules.publish(rt, SYSTEM, IN_FORCE, "bench")
    start, cpu = time.perf_counter(), time.process_time()
    result = backtest.backtest(rt, SYSTEM, PROPOSED, days=30, samples=5)
    took, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f}; PostgreSQL")
    print(f"loaded {args.comments:,} comments + decisions with COPY in {loaded:.0f} s\n")
    print(
        "| comments | rules in force | proposed rules | changed | backtest s | client CPU s "
        "| comments/s |"
    )
    print("|---|---|---|---|---|---|---|")
    rate = result["comments"] / took
    print(
        f"| {result['comments']:,} | 3 | 7 | {result['changed']:,} | {took:.1f} | {cpu:.1f} "
        f"| {rate:,.0f} |"
    )
    print(
        "\nper action (in force → proposed):",
        {
            a: (result["before"].get(a, 0), result["after"].get(a, 0))
            for a in sorted(set(result["before"]) | set(result["after"]))
        },
    )
    rt.engine.dispose()
    if not args.keep:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
