"""The helpline directory as shipped in the package (or ``HIFAZAT_HELPLINES_FILE``)."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import yaml

from hifazat.domain.support.helplines import Directory, Problem, Selection, parse_directory, select
from hifazat.errors import UnknownCountry, UnknownIssue
from hifazat.settings import Settings


@lru_cache(maxsize=4)
def _load(path: str | None, mtime: float) -> Directory:
    if path is None:
        text = (files("hifazat.support") / "data" / "helplines.yaml").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    try:
        raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        return Directory(0, {}, (), (Problem("(file)", "(yaml)", str(exc).replace("\n", " ")),))
    return parse_directory(raw)


def load_directory(settings: Settings) -> Directory:
    """Parsed and validated once per file version; problems travel with the directory."""
    path = settings.helplines_file
    if path is None:
        return _load(None, 0.0)
    return _load(str(path), path.stat().st_mtime)


def find_helplines(
    settings: Settings,
    country: str,
    issue: str | None = None,
    language: str | None = None,
    include_international: bool = True,
) -> tuple[Selection, Directory]:
    """Current lines for a country, emergency lines first, and old numbers not to use."""
    directory = load_directory(settings)
    wanted_issue = issue or None
    if wanted_issue is not None and wanted_issue not in directory.vocab.get("issue", ()):
        raise UnknownIssue(
            f"unknown issue {wanted_issue!r}",
            issues=list(directory.vocab.get("issue", ())),
        )
    code = country.strip().upper()
    if code not in directory.countries:
        raise UnknownCountry(
            f"no helplines are listed for {code or '(empty)'}; listed countries: "
            f"{', '.join(c for c in directory.countries if c != 'INT')} and INT (international)",
            countries=directory.countries,
        )
    selection = select(directory, code, wanted_issue, language or None, include_international)
    return selection, directory
