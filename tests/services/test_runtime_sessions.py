"""SQLite sessions: writers take the lock up front, readers never wait for a writer."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import text

from hifazat.db.engine import make_engine, make_session_factory
from hifazat.services.runtime import Runtime
from hifazat.settings import Settings


def _runtime(tmp_path: Path) -> Runtime:
    url = f"sqlite:///{tmp_path / 'sessions.sqlite3'}"
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        conn.exec_driver_sql("INSERT INTO t VALUES (1)")
    return Runtime(Settings(database_url=url), engine, make_session_factory(engine), detector=None)  # type: ignore[arg-type]


def test_a_read_sees_the_last_commit_while_a_writer_holds_the_lock(tmp_path: Path) -> None:
    rt = _runtime(tmp_path)
    holding, release = threading.Event(), threading.Event()

    def writer() -> None:
        with rt.transaction() as session:
            session.execute(text("INSERT INTO t VALUES (2)"))
            holding.set()
            release.wait(timeout=30)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert holding.wait(timeout=30)
        with rt.read() as session:  # would block (busy timeout 30 s) with BEGIN IMMEDIATE
            seen = session.execute(text("SELECT count(*) FROM t")).scalar_one()
        assert seen == 1  # the writer has not committed yet
        assert thread.is_alive()  # ... and still holds the write lock
    finally:
        release.set()
        thread.join()
    with rt.read() as session:
        assert session.execute(text("SELECT count(*) FROM t")).scalar_one() == 2


def test_two_writers_take_turns(tmp_path: Path) -> None:
    rt = _runtime(tmp_path)
    errors: list[BaseException] = []

    def write(value: int) -> None:
        try:
            for _ in range(20):
                with rt.transaction() as session:
                    n = session.execute(text("SELECT count(*) FROM t")).scalar_one()
                    session.execute(text("INSERT INTO t VALUES (:v)"), {"v": value + n})
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(k * 1000,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with rt.read() as session:
        assert session.execute(text("SELECT count(*) FROM t")).scalar_one() == 41
