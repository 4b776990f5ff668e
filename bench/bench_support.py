"""Support features: directory validation and selection, guide search, evidence sealing,
digest and pile-on detection (pure), and plan/pack creation on SQLite through the services."""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from importlib.resources import files
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import corpus, machine

from hifazat.db import migrate
from hifazat.domain.access import SYSTEM, Principal, Role
from hifazat.domain.support.digest import HeldComment, build_digest
from hifazat.domain.support.evidence import assemble, verify_bundle
from hifazat.domain.support.helplines import parse_directory, select
from hifazat.domain.support.pileon import Abusive, find_pileons
from hifazat.services import creators, evidence, safety_plans
from hifazat.services.comments import NewComment, ingest_comment
from hifazat.services.guides import all_guides, search_guides
from hifazat.services.runtime import build_runtime
from hifazat.settings import Settings


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Best of three runs of ``repeat`` calls, milliseconds per call."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(repeat):
            fn()
        best = min(best, (time.perf_counter() - start) / repeat)
    return best * 1000


def make_plan(rt: object, me: Principal) -> object:
    return safety_plans.create_plan(rt, me, "bench", safety_plans.Declared())  # type: ignore[arg-type]


def main() -> None:
    rows: list[tuple[str, str]] = []
    text = (files("hifazat.support") / "data" / "helplines.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    rows.append(
        (
            "YAML load of helplines.yaml (43 entries, libyaml)",
            f"{timed(lambda: yaml.load(text, Loader=yaml.CSafeLoader), 5):.1f} ms",
        )
    )
    rows.append(
        (
            "validate the directory (collect every problem)",
            f"{timed(lambda: parse_directory(raw), 50):.2f} ms",
        )
    )
    d = parse_directory(raw)
    rows.append(
        (
            "select PK + sextortion + ur, ranked",
            f"{timed(lambda: select(d, 'PK', 'sextortion', 'ur'), 500):.3f} ms",
        )
    )
    all_guides()
    rows.append(
        (
            "guide search, 16 guides (en+ur)",
            f"{timed(lambda: search_guides('evidence cybercrime'), 200):.3f} ms",
        )
    )

    texts = corpus(10_000)
    items = [
        {"comment_id": i, "text": t, "author": {"id": f"u{i % 700}"}}
        for i, t in enumerate(texts[:500])
    ]
    rows.append(
        (
            "seal an evidence pack of 500 items (SHA-256 each + bundle)",
            f"{timed(lambda: assemble({'pack_id': 1}, items), 10):.1f} ms",
        )
    )
    bundle = assemble({"pack_id": 1}, items).as_dict()
    rows.append(
        (
            "verify an exported pack of 500 items",
            f"{timed(lambda: verify_bundle(bundle), 10):.1f} ms",
        )
    )
    held = [HeldComment("harassment", "ur-Latn", "hold", 0.8, t) for t in texts]
    rows.append(
        ("abuse digest over 10,000 held comments", f"{timed(lambda: build_digest(held), 1):.0f} ms")
    )
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    ab = [Abusive(i, t0 + timedelta(seconds=37 * i), f"u{i % 300}") for i in range(10_000)]
    rows.append(
        (
            "pile-on detection over 10,000 flagged comments",
            f"{timed(lambda: find_pileons(ab), 3):.1f} ms",
        )
    )

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        migrate.upgrade(url)
        rt = build_runtime(Settings(environment="test", database_url=url, secret_key="x" * 32))
        creators.register_creator(
            rt, SYSTEM, creators.NewCreator("bench", "Bench", "PK", "activist")
        )
        abusive = [t for t in corpus(3000) if rt.detector.detect(t).abusive()][:500]
        for i, t in enumerate(abusive):
            ingest_comment(rt, SYSTEM, NewComment(f"b{i}", "bench", t, author_id=f"u{i % 50}"))
        me = Principal(Role.CREATOR, "bench", frozenset({"bench"}))
        ids = [f.comment.id for f in evidence.flagged_for(rt, me, "bench")[0]][:200]
        n = len(ids)
        rows.append(
            (
                f"safety plan on SQLite ({len(abusive)} flagged comments in 30 days)",
                f"{timed(lambda: make_plan(rt, me), 3):.0f} ms",
            )
        )
        rows.append(
            (
                f"evidence pack of {n} comments on SQLite (seal, custody, audit)",
                f"{timed(lambda: evidence.create_pack(rt, me, 'bench', ids), 3):.0f} ms",
            )
        )

    print(f"machine: {machine()}\n")
    print("| operation | time |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
