"""What every service needs, built once at start-up and passed down."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from hifazat.db.engine import READ_ONLY, make_engine, make_session_factory
from hifazat.domain.detection.signal import Detector
from hifazat.settings import Settings


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    detector: Detector
    clock: Callable[[], datetime] = field(default=utcnow)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any exception."""
        with self.sessions.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading: on SQLite it does not wait for writers (deferred BEGIN)."""
        with self.sessions() as session:
            session.connection(execution_options={READ_ONLY: True})
            yield session

    def now(self) -> datetime:
        return self.clock()


def default_detector() -> Detector:
    from hifazat.domain.detection.engine import default_detector as load

    return load()


def build_runtime(
    settings: Settings,
    *,
    detector: Detector | None = None,
    clock: Callable[[], datetime] = utcnow,
    engine: Engine | None = None,
) -> Runtime:
    engine = engine or make_engine(settings.effective_database_url)
    return Runtime(
        settings=settings,
        engine=engine,
        sessions=make_session_factory(engine),
        detector=detector or default_detector(),
        clock=clock,
    )
