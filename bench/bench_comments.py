"""POST /v1/comments end to end on SQLite with one server worker: latency and throughput.

Starts `hifazat serve` (1 uvicorn worker) on a fresh SQLite file on loopback, then sends
comments sequentially (latency) and from several client threads (throughput)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import corpus, machine, percentile


def _wait(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("server exited early")
        try:
            if httpx.get(url + "/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("server did not become ready")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "HIFAZAT_DATA_DIR": tmp, "HIFAZAT_LOG_LEVEL": "WARNING"}
        env.pop("HIFAZAT_DATABASE_URL", None)
        key = (
            subprocess.run(
                [bin_dir / "hifazat", "keys", "create", "--role", "integrator", "--name", "bench"],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        admin = (
            subprocess.run(
                [bin_dir / "hifazat", "keys", "create", "--role", "admin", "--name", "bench-admin"],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        proc = subprocess.Popen(
            [bin_dir / "hifazat", "serve", "--port", str(args.port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{args.port}"
        try:
            _wait(url, proc)
            headers = {"Authorization": f"Bearer {key}"}
            with httpx.Client(base_url=url, timeout=30) as c:
                c.post(
                    "/v1/creators",
                    json={"handle": "bench.creator", "display_name": "Bench", "region": "PK"},
                    headers={"Authorization": f"Bearer {admin}"},
                )
            texts = corpus(args.requests * 2)
            lat: list[float] = []
            with httpx.Client(base_url=url, timeout=30, headers=headers) as c:
                for i in range(args.requests):
                    t0 = time.perf_counter()
                    r = c.post(
                        "/v1/comments",
                        json={
                            "event_id": f"s{i}",
                            "creator": "bench.creator",
                            "text": texts[i],
                            "region": "PK",
                        },
                    )
                    lat.append((time.perf_counter() - t0) * 1000)
                    assert r.status_code == 201, r.text

            def send(i: int) -> None:
                with httpx.Client(base_url=url, timeout=30, headers=headers) as c:
                    for j in range(i, args.requests, args.threads):
                        r = c.post(
                            "/v1/comments",
                            json={
                                "event_id": f"p{j}",
                                "creator": "bench.creator",
                                "text": texts[args.requests + j],
                            },
                        )
                        assert r.status_code == 201, r.text

            t0 = time.perf_counter()
            with ThreadPoolExecutor(args.threads) as pool:
                list(pool.map(send, range(args.threads)))
            elapsed = time.perf_counter() - t0
        finally:
            proc.terminate()
            proc.wait(10)
    print(f"POST /v1/comments, SQLite, 1 server worker — {machine()}")
    print("| measure | value |")
    print("|---|---|")
    print(f"| sequential requests | {args.requests} |")
    print(f"| latency p50 | {percentile(lat, 50):.2f} ms |")
    print(f"| latency p99 | {percentile(lat, 99):.2f} ms |")
    print(f"| throughput ({args.threads} client threads) | {args.requests / elapsed:.0f} req/s |")


if __name__ == "__main__":
    main()
