"""The full enforcement report over 10,000,000 stored events, on SQLite and PostgreSQL.

Builds (once, cached under var/bench/) a database with ``--events`` fact rows: 1,000,000 rows
from the demo history generator (a year, six regions), then copied in SQL until the target is
reached (same distribution, new ids). Then times, median of ``--runs``:

- the full report (every metric, all regions, one quarter: by region, policy, language, month)
  with plain SQL on the main database (the engine Hifazat uses);
- the same numbers from DuckDB over a Parquet export of the table (export time reported
  separately; DuckDB cannot read SQLite or PostgreSQL here without downloading extensions);
- the dashboard page for one region and one year (HTTP, in-process client).

Usage: python bench/bench_metrics.py [--events N] [--only sqlite|postgresql] [--runs R]
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from common import machine
from sqlalchemy import create_engine, func, insert, select, text

from hifazat.db import migrate
from hifazat.db.metrics_tables import EnforcementFact
from hifazat.db.schema import metadata
from hifazat.domain.access import SYSTEM, Role
from hifazat.services import access, demo_history
from hifazat.services import metrics as svc
from hifazat.services.metrics_rollup import rebuild
from hifazat.services.runtime import build_runtime
from hifazat.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
END = date(2026, 11, 1)
QUARTER = (date(2026, 7, 1), date(2026, 9, 30))
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BASE = 1_000_000
COLS = [c.name for c in EnforcementFact.__table__.columns if c.name != "id"]


class _NoDetector:
    def detect(self, text: str) -> Any:  # pragma: no cover
        raise RuntimeError


def _url(kind: str, events: int) -> str:
    if kind == "sqlite":
        path = ROOT / "var" / "bench" / f"metrics-{events}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    name = f"hifazat_bench_metrics_{events}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname=:n"), {"n": name}
        ).first():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name


def build(kind: str, events: int) -> tuple[str, float]:
    url = _url(kind, events)
    migrate.upgrade(url)
    rt = build_runtime(Settings(database_url=url), detector=_NoDetector())
    metadata.create_all(rt.engine)  # a cached database from an older schema: add new tables
    with rt.read() as s:
        have = s.scalar(select(func.count()).select_from(EnforcementFact)) or 0
    if have >= events:
        return url, 0.0
    t0 = time.perf_counter()
    creators = demo_history._region_creators(rt, SYSTEM)
    base = min(BASE, events)
    cols = demo_history.generate(365, base, 2026, END, creators)
    if kind == "postgresql":
        _copy_pg(rt, cols)
    else:
        batch: list[dict[str, Any]] = []
        with rt.transaction() as s:
            for row in demo_history.rows(cols, source="bench"):
                batch.append(row)
                if len(batch) >= 50_000:
                    s.execute(insert(EnforcementFact), batch)
                    batch = []
            if batch:
                s.execute(insert(EnforcementFact), batch)
    names = ", ".join(COLS)
    copied = base
    while copied < events:
        n = min(base, events - copied)
        with rt.engine.begin() as conn:
            conn.execute(
                text(
                    f"INSERT INTO enforcement_facts ({names}) SELECT {names} "
                    f"FROM enforcement_facts WHERE id <= :n AND comment_id IS NULL"
                ).bindparams(n=n)
            )
        copied += n
        print(f"  {kind}: {copied:,} rows", file=sys.stderr, flush=True)
    with rt.transaction() as s:
        rebuild(s, END - timedelta(days=364), END)
    with rt.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.execute(text("ANALYZE" if kind == "sqlite" else "VACUUM ANALYZE enforcement_facts"))
    return url, time.perf_counter() - t0


def _copy_pg(rt: Any, cols: dict[str, Any]) -> None:
    """PostgreSQL: COPY the generated rows (much faster than INSERTs)."""
    raw = rt.engine.raw_connection()
    try:
        cur = raw.cursor()
        names = ", ".join(COLS)
        with cur.copy(f"COPY enforcement_facts ({names}) FROM STDIN") as copy:
            for row in demo_history.rows(cols, source="bench"):
                copy.write_row([row[c] for c in COLS])
        raw.commit()
    finally:
        raw.close()


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    fn()  # warm the cache
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def duckdb_parquet(url: str, kind: str, runs: int) -> tuple[float, float]:
    """Export the table to Parquet (timed once), then time the same aggregation in DuckDB."""
    import duckdb

    tmp = Path(tempfile.mkdtemp())
    csv_path, parquet = tmp / "facts.csv", tmp / "facts.parquet"
    engine = create_engine(url)
    t0 = time.perf_counter()
    with engine.connect() as conn, open(csv_path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLS)
        result = conn.execution_options(stream_results=True).exec_driver_sql(
            f"SELECT {', '.join(COLS)} FROM enforcement_facts"
        )
        for chunk in iter(lambda: result.fetchmany(100_000), []):
            w.writerows(chunk)
    con = duckdb.connect()
    con.execute(f"COPY (SELECT * FROM read_csv_auto('{csv_path}')) TO '{parquet}' (FORMAT parquet)")
    export = time.perf_counter() - t0
    sql = f"""
        SELECT region, category, language, date_trunc('month', CAST(day AS DATE)) AS month,
               count(*), sum(CAST(actioned AS INT)), sum(CAST(proactive AS INT)),
               sum(CAST(before_view AS INT)), sum(CAST(within_24h AS INT)), sum(reports),
               sum(reports_resolved), sum(CAST(appealed AS INT)), sum(CAST(overturned AS INT)),
               sum(CAST(strike AS INT)),
               median(seconds_report_to_action), quantile_disc(seconds_report_to_action, 0.9)
        FROM '{parquet}'
        WHERE CAST(day AS DATE) BETWEEN DATE '{QUARTER[0]}' AND DATE '{QUARTER[1]}'
        GROUP BY ALL
    """
    q, _ = timed(lambda: con.execute(sql).fetchall(), runs)
    return export, q


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=10_000_000)
    ap.add_argument("--only", choices=["sqlite", "postgresql"])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--duckdb", action="store_true", help="also time DuckDB over Parquet")
    args = ap.parse_args()
    print(f"Machine: {machine()}\n")
    rows = []
    for kind in [args.only] if args.only else ["sqlite", "postgresql"]:
        url, built = build(kind, args.events)
        rt = build_runtime(Settings(database_url=url), detector=_NoDetector())
        with rt.read() as s:
            n = s.scalar(select(func.count()).select_from(EnforcementFact)) or 0
        report_s, reports = timed(
            lambda rt=rt: svc.enforcement_report(rt, SYSTEM, *QUARTER), args.runs
        )
        in_quarter = reports["region"].total.processed
        one_region_s, _ = timed(
            lambda rt=rt: svc.report(rt, SYSTEM, svc.Query(*QUARTER, ("PK",), "policy")),
            args.runs,
        )
        page_s = _dashboard(rt, args.runs)
        rows.append((kind, n, in_quarter, built, report_s, one_region_s, page_s))
        if args.duckdb:
            export, dq = duckdb_parquet(url, kind, args.runs)
            print(f"{kind}: DuckDB over Parquet: export {export:.1f} s, query {dq * 1000:.0f} ms")
    print(
        "| database | stored events | events in the quarter | full report (all metrics, all "
        "regions, one quarter) | one region by policy | dashboard page (PK, a year) |"
    )
    print("|---|---|---|---|---|---|")
    for kind, n, in_q, _built, rep, one, page in rows:
        print(
            f"| {kind} | {n:,} | {in_q:,} | {rep * 1000:.0f} ms | {one * 1000:.0f} ms | "
            f"{page * 1000:.0f} ms |"
        )


def _dashboard(rt: Any, runs: int) -> float:
    from fastapi.testclient import TestClient

    from hifazat.api.app import create_app

    if not access.principal_for_user(rt, "bench-analyst"):
        access.create_user(rt, SYSTEM, "bench-analyst", "bench-password-1", Role.ANALYST, "B", [])
    with TestClient(create_app(rt)) as client:
        page = client.get("/signin")
        token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        client.post(
            "/signin",
            data={"username": "bench-analyst", "password": "bench-password-1", "csrf_token": token},
        )
        path = "/safety-metrics?region=PK&from=2025-11-02&to=2026-11-01&period=week"
        took, resp = timed(lambda: client.get(path), runs)
        assert resp.status_code == 200, resp.text[:500]
        return float(took)


if __name__ == "__main__":
    _ = datetime.now(UTC)
    main()
