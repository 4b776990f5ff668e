"""One comment's decision in-process: detect + creator controls + 500 platform rules.

Builds 500 varied rules (every field of the rule language), a creator with every control set,
then decides on demo comments one at a time and prints latency percentiles for detection,
the decision (guidelines + rules + controls) and both together."""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import corpus, machine, percentile

from hifazat.domain.controls import Controls, FilterLevel
from hifazat.domain.detection.engine import default_detector
from hifazat.domain.policy.categories import DEFAULT_THRESHOLDS, Category
from hifazat.domain.policy.context import Context
from hifazat.domain.policy.decide import decide
from hifazat.domain.policy.guidelines import shipped_guidelines
from hifazat.domain.policy.rules.ruleset import load_rules

TEMPLATES = [
    "score.{c} >= {x} and author.account_age_days < {d}",
    "score.{c} >= {x} and not author.follows_creator",
    'language in ["ur", "ur-Latn", "mixed"] and score.{c} >= {x}',
    '"{c}" in labels and region == "PK" and hour >= {h}',
    "author.prior_strikes >= {s} and score.max >= {x}",
    "creator.safety_mode and text.has_link and score.{c} >= {x}",
    "evidence.count >= {s} and text.length > {n} and weekday < 5",
    '(score.{c} >= {x} or score.threat >= {x}) and region != "GB"',
]
ACTIONS = ["hold", "hide", "remove", "escalate", "allow", "nudge"]


def rules_text(n: int, seed: int = 5) -> str:
    rng = random.Random(seed)
    cats = [c.value for c in Category]
    lines = ["rules:"]
    for i in range(n):
        when = rng.choice(TEMPLATES).format(
            c=rng.choice(cats),
            x=round(rng.uniform(0.2, 0.95), 2),
            d=rng.randint(1, 60),
            h=rng.randint(0, 23),
            s=rng.randint(1, 4),
            n=rng.randint(10, 200),
        )
        lines.append(
            f"  - id: rule-{i}\n    when: '{when}'\n    action: {rng.choice(ACTIONS)}\n"
            f"    priority: {rng.randint(-50, 100)}"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=3000)
    parser.add_argument("--rules", type=int, default=500)
    args = parser.parse_args()
    detector = default_detector()
    t0 = time.perf_counter()
    rules = load_rules(rules_text(args.rules))
    load_s = time.perf_counter() - t0
    guidelines = shipped_guidelines()
    controls = Controls(
        filter_levels={
            Category.HARASSMENT: FilterLevel.STRICT,
            Category.PROFANITY: FilterLevel.HIGH,
        },
        keywords=("moti", "bhains", "گدھا", "kaali", "churail", "do takay ki", "besharam"),
        allow_list=frozenset({"bestie"}),
        block_list=frozenset({"stalker"}),
        who_may_comment="everyone",
        hold_links=True,
        hold_new_accounts_days=7,
    )
    texts = corpus(args.comments)
    for t in texts[:50]:  # warm up
        decide(
            detector.detect(t),
            DEFAULT_THRESHOLDS,
            text=t,
            guidelines=guidelines,
            rules=rules,
            controls=controls,
        )
    det, dec, total, cpu = [], [], [], []
    at = datetime(2026, 11, 2, 19, tzinfo=UTC)
    for i, text in enumerate(texts):
        ctx = Context(
            at=at,
            author_id=f"u{i % 97}",
            account_age_days=float(i % 90),
            prior_strikes=i % 4,
            follows_creator=i % 3 == 0,
            region="PK",
        )
        ca = time.thread_time()
        a = time.perf_counter()
        signal = detector.detect(text)
        b = time.perf_counter()
        decide(
            signal,
            DEFAULT_THRESHOLDS,
            text=text,
            context=ctx,
            guidelines=guidelines,
            rules=rules,
            controls=controls,
        )
        c = time.perf_counter()
        cpu.append((time.thread_time() - ca) * 1000)
        det.append((b - a) * 1000)
        dec.append((c - b) * 1000)
        total.append((c - a) * 1000)
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f}")
    print(
        f"{args.rules} rules parsed and compiled in {load_s * 1000:.0f} ms; {len(texts)} comments\n"
    )
    print("| step | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|")
    for name, xs in (
        ("detect", det),
        ("decide (guidelines + 500 rules + controls)", dec),
        ("detect + decide", total),
        ("detect + decide, CPU time of the thread", cpu),
    ):
        print(
            f"| {name} | {percentile(xs, 50):.2f} | {percentile(xs, 95):.2f} | "
            f"{percentile(xs, 99):.2f} | {max(xs):.2f} |"
        )


if __name__ == "__main__":
    main()
