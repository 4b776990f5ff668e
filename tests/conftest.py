"""Shared fixtures: real SQLite and real PostgreSQL, an in-process HTTP client, API keys per role.

Tests needing PostgreSQL, NATS or Chromium skip with a hint when the service is missing,
except with CI=true, where a missing service fails the run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text

from helpers import missing_service, port_open
from hifazat.api.app import create_app
from hifazat.db import migrate
from hifazat.db.engine import make_engine
from hifazat.db.schema import metadata
from hifazat.domain.access import SYSTEM, Role
from hifazat.services import access, creators
from hifazat.services.runtime import Runtime, build_runtime
from hifazat.settings import Settings

PG_ADMIN_URL = os.environ.get(
    "HIFAZAT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


class FixedClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'hifazat.sqlite3'}"
    migrate.upgrade(url)
    return url


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    if not port_open("127.0.0.1", 5432):
        missing_service("postgresql", "nothing listens on 127.0.0.1:5432")
    name = f"hifazat_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    migrate.upgrade(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


_engines: dict[str, Engine] = {}


def _engine_for(url: str) -> Engine:
    if url not in _engines:
        _engines[url] = make_engine(url)
    return _engines[url]


def _wipe(engine: Engine) -> None:
    tables = [t.name for t in reversed(metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(tables) + " RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                conn.execute(text(f"DELETE FROM {name}"))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture(scope="session")
def detector():  # type: ignore[no-untyped-def]
    from hifazat.domain.detection.engine import default_detector

    return default_detector()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(environment="test", data_dir=tmp_path, secret_key="test-secret-key-0123456789")


@pytest.fixture
def rt(db_url: str, settings: Settings, clock: FixedClock, detector) -> Iterator[Runtime]:  # type: ignore[no-untyped-def]
    engine = _engine_for(db_url)
    _wipe(engine)
    settings = settings.model_copy(update={"database_url": db_url})
    return build_runtime(settings, detector=detector, clock=clock, engine=engine)


@pytest.fixture
def sqlite_rt(sqlite_url: str, settings: Settings, clock: FixedClock, detector) -> Runtime:  # type: ignore[no-untyped-def]
    engine = _engine_for(sqlite_url)
    _wipe(engine)
    settings = settings.model_copy(update={"database_url": sqlite_url})
    return build_runtime(settings, detector=detector, clock=clock, engine=engine)


@pytest.fixture
def creator(rt: Runtime) -> str:
    creators.register_creator(
        rt,
        SYSTEM,
        creators.NewCreator(
            handle="zara.lifestyle",
            display_name="Zara",
            region="PK",
            niche="lifestyle",
            languages=("en", "ur", "ur-Latn"),
        ),
    )
    return "zara.lifestyle"


@pytest.fixture
def client(rt: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(rt), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def key_for(rt: Runtime) -> Callable[..., str]:
    cache: dict[tuple[Role, tuple[str, ...]], str] = {}

    def make(role: Role, subjects: tuple[str, ...] = ()) -> str:
        if (role, subjects) not in cache:
            issued = access.create_api_key(rt, SYSTEM, role, f"test-{role.value}", list(subjects))
            cache[(role, subjects)] = issued.key
        return cache[(role, subjects)]

    return make


@pytest.fixture
def auth(key_for: Callable[..., str]) -> Callable[..., dict[str, str]]:
    def headers(role: Role = Role.INTEGRATOR, subjects: tuple[str, ...] = ()) -> dict[str, str]:
        return {"Authorization": f"Bearer {key_for(role, subjects)}"}

    return headers
