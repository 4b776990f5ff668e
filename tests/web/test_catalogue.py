"""Every UI string used in templates has an Urdu translation."""

from __future__ import annotations

import re
from pathlib import Path

from hifazat.web.i18n import catalogue

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "hifazat" / "web" / "templates"
MSGID = re.compile(r"""_\(\s*(["'])(.+?)\1\s*[,)]""")


def test_every_template_msgid_is_translated() -> None:
    ur = catalogue("ur")
    used = {
        m.group(2) for path in TEMPLATES.rglob("*.html") for m in MSGID.finditer(path.read_text())
    }
    assert len(used) > 20
    missing = sorted(used - set(ur))
    assert missing == []


def test_translations_are_urdu_script() -> None:
    arabic_block = re.compile(r"[\u0600-\u06FF]")
    ur = catalogue("ur")
    assert catalogue("en")["ur-Latn"] == "Roman Urdu"
    not_urdu = [k for k, v in ur.items() if not arabic_block.search(v)]
    assert not_urdu == []
