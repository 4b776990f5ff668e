"""The pure core stays pure: nothing in domain/ imports storage, HTTP, web, services or streams."""

from __future__ import annotations

import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[1] / "src" / "hifazat" / "domain"
FORBIDDEN_PROJECT = (
    "hifazat.db",
    "hifazat.api",
    "hifazat.web",
    "hifazat.services",
    "hifazat.stream",
    "hifazat.cli",
    "hifazat.settings",
)
FORBIDDEN_LIBS = (
    "sqlalchemy",
    "fastapi",
    "starlette",
    "httpx",
    "nats",
    "alembic",
    "uvicorn",
    "psycopg",
    "requests",
    "socket",
    "urllib.request",
    "random",
    "os",
    "time",
)


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_domain_has_modules() -> None:
    assert len(list(DOMAIN.rglob("*.py"))) > 5


def test_domain_imports_nothing_impure() -> None:
    offences = []
    for path in DOMAIN.rglob("*.py"):
        for name in _imports(path):
            bad = FORBIDDEN_PROJECT + FORBIDDEN_LIBS
            if any(name == b or name.startswith(b + ".") for b in bad):
                offences.append(f"{path.relative_to(DOMAIN)} imports {name}")
    assert offences == []
