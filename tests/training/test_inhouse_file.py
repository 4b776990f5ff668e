"""The in-house labelled file that ships with the project: well-formed and consistent."""

from __future__ import annotations

import csv
import unicodedata

from hifazat.training.datasets import INHOUSE_FILE, load_inhouse
from hifazat.training.labels import Label

KINDS = {"threat", "sexual", "hard_negative", "creator_comment", "word_sense"}
LANGUAGES = {"en", "ur", "ur-Latn", "mixed"}


def _rows() -> list[dict[str, str]]:
    with INHOUSE_FILE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_every_row_has_a_known_kind_language_and_labels() -> None:
    rows = _rows()
    assert rows
    for line, r in enumerate(rows, start=2):
        assert r["text"].strip(), line
        assert r["kind"] in KINDS, (line, r["kind"])
        assert r["language"] in LANGUAGES, (line, r["language"])
        labels = r["labels"].split("|")
        assert all(lab in {m.value for m in Label} for lab in labels), (line, labels)
        harmless = labels == ["none"]
        # negatives are the kinds that say so; threats and sexual rows carry their label
        assert harmless == (r["kind"] in {"hard_negative", "creator_comment", "word_sense"}), line
        if r["kind"] == "threat":
            assert "threat" in labels, line
        if r["kind"] == "sexual":
            assert "sexual" in labels, line


def test_no_text_is_in_the_file_twice() -> None:
    keys = [unicodedata.normalize("NFKC", r["text"]).casefold().strip() for r in _rows()]
    repeated = {k for k in keys if keys.count(k) > 1}
    assert repeated == set()


def test_the_loader_reads_every_row() -> None:
    examples = load_inhouse()
    assert len(examples) == len(_rows())
    assert {e.dataset for e in examples} == {"inhouse"}
    assert sum(1 for e in examples if not e.offensive) == sum(
        1 for r in _rows() if r["labels"] == "none"
    )
