"""``hifazat stream setup|publish|info``, ``hifazat webhooks add|list``, and ``hifazat worker``
refusing to start without NATS."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hifazat.cli import _register, app
from hifazat.services.runtime import Runtime


def test_worker_needs_a_nats_url(sqlite_rt: Runtime) -> None:
    _register()
    env = {"HIFAZAT_DATABASE_URL": sqlite_rt.settings.database_url, "HIFAZAT_NATS_URL": ""}
    done = CliRunner().invoke(app, ["worker"], env=env)
    assert done.exit_code == 1
    assert "HIFAZAT_NATS_URL is not set" in done.output


def test_webhooks_add_and_list(sqlite_rt: Runtime) -> None:
    _register()
    env = {"HIFAZAT_DATABASE_URL": sqlite_rt.settings.database_url, "HIFAZAT_LOG_LEVEL": "WARNING"}
    runner = CliRunner()
    added = runner.invoke(app, ["webhooks", "add", "--url", "https://example.org/h"], env=env)
    assert added.exit_code == 0, added.output
    hook_id, secret = added.output.split()
    assert len(secret) >= 32
    listed = runner.invoke(app, ["webhooks", "list"], env=env)
    assert f"{hook_id}\thttps://example.org/h\tactive" in listed.output
    bad = runner.invoke(app, ["webhooks", "add", "--url", "ftp://x"], env=env)
    assert bad.exit_code == 1
    assert "invalid_input" in bad.output


@pytest.mark.nats
def test_stream_setup_publish_info(shared_nats_url: str, tmp_path: Path) -> None:
    _register()
    tag = uuid.uuid4().hex[:8]
    env = {
        "HIFAZAT_NATS_URL": shared_nats_url,
        "HIFAZAT_NATS_STREAM": f"C{tag.upper()}",
        "HIFAZAT_NATS_SUBJECT_PREFIX": f"c{tag}",
        "HIFAZAT_NATS_MAX_AGE_DAYS": "0.01",
        "HIFAZAT_LOG_LEVEL": "WARNING",
    }
    runner = CliRunner()
    setup = runner.invoke(app, ["stream", "setup"], env=env)
    assert setup.exit_code == 0, setup.output
    assert f"C{tag.upper()}_EVENTS" in setup.output
    lines = [
        json.dumps(
            {"id": f"e{i}", "type": "comment_created", "data": {"creator": "x", "text": "hi"}}
        )
        for i in range(3)
    ]
    src = tmp_path / "events.jsonl"
    src.write_text("\n".join([*lines, lines[0], '{"id": "bad"}']) + "\n", encoding="utf-8")
    pub = runner.invoke(app, ["stream", "publish", "--input", str(src)], env=env)
    assert pub.exit_code == 1  # one bad line
    assert "published 4 events (3 new, 1 duplicates)" in pub.output
    assert f"{src}:5:" in pub.output
    info = runner.invoke(app, ["stream", "info"], env=env)
    assert info.exit_code == 0, info.output
    state = json.loads(info.output.strip().splitlines()[-1])
    assert state["events"] == 3
    assert state["pending"] == 3

    import asyncio

    from hifazat.stream.jetstream import connect

    async def clean() -> None:
        nc = await connect(shared_nats_url)
        js = nc.jetstream()
        for suffix in ("EVENTS", "DECISIONS", "DEAD"):
            await js.delete_stream(f"C{tag.upper()}_{suffix}")
        await nc.close()

    asyncio.run(clean())
