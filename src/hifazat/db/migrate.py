"""Run Alembic programmatically (``hifazat db upgrade``, tests, ``make run``)."""

from __future__ import annotations

from importlib.resources import files

from alembic import command
from alembic.config import Config

from hifazat.db.engine import normalise_url


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(files("hifazat.db") / "migrations"))
    cfg.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def check(url: str) -> None:
    """Raise if the tables in code differ from the migrations (``alembic check``)."""
    command.check(alembic_config(url))
