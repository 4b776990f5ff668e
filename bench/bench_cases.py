"""Review queue and report filing on PostgreSQL with one API worker.

Creates a throwaway PostgreSQL database, migrates it, bulk-loads N open cases (COPY) spread over
two lanes, languages and regions, and a few thousand comments to report. Then starts
`hifazat serve` (1 uvicorn worker) and measures, sequentially over loopback:

- GET /v1/queue?lane=… (first page, 50 cases) and pages further on (keyset cursor), and with a
  language filter;
- POST /v1/reports: new subjects and pile-ons folding into an existing case.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_comments import _wait
from common import machine, percentile

from hifazat.cli.common import _NoDetector
from hifazat.db import migrate
from hifazat.domain.access import Principal, Role
from hifazat.domain.cases import base_priority, rank_key, reason_for, sla_due
from hifazat.services.queue import QueueFilter, list_queue
from hifazat.services.reports import NewReport, file_report
from hifazat.services.runtime import build_runtime
from hifazat.settings import Settings

ADMIN_URL = os.environ.get("HIFAZAT_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
REASONS = ["harassment", "hate", "spam_scam", "threat", "doxxing", "self_harm", "sexual_extortion"]
LANGS = ["ur-Latn", "ur", "en", "mixed"]
REGIONS = ["PK", "PK", "PK", "IN", "GB", "AE"]


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def load(url: str, n_cases: int, n_comments: int) -> None:
    rng = random.Random(5)
    now = datetime.now(UTC)
    with psycopg.connect(_plain(url), autocommit=True) as conn:
        conn.execute(
            "INSERT INTO creators (handle, display_name, region, languages, audience_size, bio, "
            "created_at) VALUES ('bench.creator', 'Bench', 'PK', '[]', 250000, '{}', now())"
        )
        creator_id = conn.execute("SELECT id FROM creators").fetchone()[0]  # type: ignore[index]
        with conn.cursor().copy(
            "COPY comments (event_id, request_hash, creator_id, text, language, region, status, "
            "created_at, received_at) FROM STDIN"
        ) as copy:
            for i in range(n_comments):
                copy.write_row(
                    (
                        f"bench-{i}",
                        "0" * 64,
                        creator_id,
                        f"comment {i}",
                        "ur-Latn",
                        "PK",
                        "visible",
                        now,
                        now,
                    )
                )
        buf = io.StringIO()
        sla = {"priority": 1, "standard": 24, "appeal": 72}
        for i in range(n_cases):
            reason = reason_for(rng.choice(REASONS))
            opened = now - timedelta(minutes=rng.randint(0, 60 * 24 * 14))
            reach = int(rng.paretovariate(1.2) * 50)
            risk = rng.randint(0, 3)
            rank = rank_key(base_priority(reason.severity, reach, risk), opened)
            key = f"account:b{i}"
            row = [
                "account",
                f"b{i}",
                key,
                "report",
                reason.category.value,
                reason.code,
                str(reason.severity),
                reason.lane.value,
                "open",
                rng.choice(LANGS),
                rng.choice(REGIONS),
                str(reach),
                str(risk),
                repr(rank),
                "1",
                "f",
                f"reported text {i}",
                opened.isoformat(),
                sla_due(reason.lane.value, opened, sla).isoformat(),
                "f",
                opened.isoformat(),
            ]
            buf.write("\t".join(row) + "\n")
        buf.seek(0)
        with conn.cursor().copy(
            "COPY cases (subject_type, subject_ref, open_key, source, category, reason, severity, "
            "lane, status, language, region, reach, risk, rank, report_count, trusted_flagger, "
            "excerpt, opened_at, due_at, partner_consent, updated_at) FROM STDIN"
        ) as copy:
            while chunk := buf.read(1 << 20):
                copy.write(chunk)
        conn.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--comments", type=int, default=3000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    name = f"hifazat_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_plain(ADMIN_URL), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = _plain(ADMIN_URL).rsplit("/", 1)[0] + "/" + name
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "HIFAZAT_DATABASE_URL": url, "HIFAZAT_LOG_LEVEL": "WARNING"}
    proc = None
    try:
        migrate.upgrade(url)
        t0 = time.perf_counter()
        load(url, args.cases, args.comments)
        load_s = time.perf_counter() - t0

        def key(role: str) -> str:
            done = subprocess.run(
                [bin_dir / "hifazat", "keys", "create", "--role", role, "--name", f"b-{role}"],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            return done.stdout.strip().splitlines()[-1]

        rows: list[tuple[str, list[float]]] = []
        rt = build_runtime(
            Settings(database_url=url, environment="test", secret_key="bench-secret-key-0123"),
            detector=_NoDetector(),
        )
        who = Principal(Role.MODERATOR, "bench")
        for label, filters in (
            ("service call list_queue, priority lane", QueueFilter(lane="priority")),
            ("service call list_queue, standard lane", QueueFilter(lane="standard")),
        ):
            lat = []
            for _ in range(args.requests):
                t = time.perf_counter()
                page = list_queue(rt, who, filters, limit=50)
                lat.append((time.perf_counter() - t) * 1000)
                assert len(page.items) == 50
            rows.append((label, lat))
        with psycopg.connect(url) as conn:
            spare = [r[0] for r in conn.execute("SELECT id FROM comments ORDER BY id DESC")]
        integrator = Principal(Role.INTEGRATOR, "bench")
        lat = []
        for i in range(min(args.requests, len(spare))):
            t = time.perf_counter()
            file_report(
                rt,
                integrator,
                NewReport("comment", str(spare[i]), "harassment", reporter=f"svc-{i}"),
            )
            lat.append((time.perf_counter() - t) * 1000)
        rows.append(("service call file_report, new case", lat))
        rt.engine.dispose()
        mod, integ = key("moderator"), key("integrator")
        proc = subprocess.Popen(
            [bin_dir / "hifazat", "serve", "--port", str(args.port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{args.port}"
        _wait(base, proc)
        with httpx.Client(
            base_url=base, timeout=30, headers={"Authorization": f"Bearer {mod}"}
        ) as c:
            lat = []
            for _ in range(args.requests):
                t = time.perf_counter()
                c.get("/v1/report-reasons")
                lat.append((time.perf_counter() - t) * 1000)
            rows.append(("baseline: GET /v1/report-reasons (key check only)", lat))
            for label, query in (
                ("queue, priority lane, first page", "lane=priority"),
                ("queue, standard lane, first page", "lane=standard"),
                ("queue, priority lane + language filter", "lane=priority&language=ur"),
            ):
                lat = []
                for _ in range(args.requests):
                    t = time.perf_counter()
                    r = c.get(f"/v1/queue?{query}&limit=50")
                    lat.append((time.perf_counter() - t) * 1000)
                    assert r.status_code == 200, r.text
                    assert len(r.json()["items"]) == 50
                rows.append((label, lat))
            lat, cursor = [], None
            for _ in range(args.requests):
                t = time.perf_counter()
                r = c.get(
                    "/v1/queue?lane=standard&limit=50" + (f"&cursor={cursor}" if cursor else "")
                )
                lat.append((time.perf_counter() - t) * 1000)
                cursor = r.json()["next_cursor"]
            rows.append(("queue, standard lane, pages 1..N by cursor", lat))
        with httpx.Client(
            base_url=base, timeout=30, headers={"Authorization": f"Bearer {integ}"}
        ) as c:
            with psycopg.connect(url) as conn:
                ids = [r[0] for r in conn.execute("SELECT id FROM comments ORDER BY id")]
            new_lat, fold_lat = [], []
            for i in range(min(args.requests, len(ids))):
                for j in range(3):  # one new case, then two reports folding into it
                    t = time.perf_counter()
                    r = c.post(
                        "/v1/reports",
                        json={
                            "subject": {"type": "comment", "id": str(ids[i])},
                            "reason": "harassment",
                            "reporter": f"acct-{i}-{j}",
                        },
                    )
                    (new_lat if j == 0 else fold_lat).append((time.perf_counter() - t) * 1000)
                    assert r.status_code == 201, r.text
            rows.append(("POST /v1/reports, new case", new_lat))
            rows.append(("POST /v1/reports, folded into open case", fold_lat))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(10)
        with psycopg.connect(_plain(ADMIN_URL), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"Review queue and reports, PostgreSQL, 1 server worker — {machine()}")
    print(f"{args.cases:,} open cases (COPY in {load_s:.0f} s); sequential requests over loopback")
    print("| measure | n | p50 | p95 | p99 |")
    print("|---|---|---|---|---|")
    for label, lat in rows:
        print(
            f"| {label} | {len(lat)} | {percentile(lat, 50):.1f} ms | "
            f"{percentile(lat, 95):.1f} ms | {percentile(lat, 99):.1f} ms |"
        )


if __name__ == "__main__":
    main()
