"""Evidence packs: any change to any item or to the custody log is detected."""

from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hifazat.domain.support.evidence import (
    assemble,
    canonical,
    next_custody,
    verify_bundle,
    verify_custody,
)

texts = st.text(min_size=1, max_size=40)
items = st.lists(
    st.fixed_dictionaries({"comment_id": st.integers(1, 10**6), "text": texts}),
    min_size=1,
    max_size=6,
)


@given(items, st.data())
def test_any_edit_is_detected(rows: list[dict[str, object]], data: st.DataObject) -> None:
    bundle = assemble({"pack_id": 1}, rows).as_dict()
    assert verify_bundle(bundle) == []
    i = data.draw(st.integers(0, len(rows) - 1))
    new_text = data.draw(texts.filter(lambda t: t != rows[i]["text"]))
    edited = json.loads(json.dumps(bundle))
    edited["items"][i]["text"] = new_text
    assert verify_bundle(edited)
    reordered = json.loads(json.dumps(bundle))
    reordered["items"].reverse()
    order = [r["sha256"] for r in bundle["items"]]
    if order != order[::-1]:
        assert verify_bundle(reordered)


def test_hashes_are_recomputable_by_anyone() -> None:
    bundle = assemble({"pack_id": 7}, [{"comment_id": 1, "text": "تم کتی ہو"}])
    item = bundle.items[0]
    body = {k: v for k, v in item.items() if k != "sha256"}
    expected = hashlib.sha256(
        json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    ).hexdigest()
    assert item["sha256"] == expected
    assert canonical({"b": 1, "a": "ک"}) == '{"a":"ک","b":1}'.encode()


def test_empty_pack_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one item"):
        assemble({}, [])


def test_custody_chain_detects_edits() -> None:
    a = next_custody(None, "2026-01-01T00:00:00Z", "creator:x", "created", "2 items")
    b = next_custody(a, "2026-01-02T00:00:00Z", "partner:drf", "viewed", "")
    assert verify_custody([a, b]) is None
    forged = b.__class__(**{**b.as_dict(), "actor": "admin:y"})
    assert verify_custody([a, forged]) == 2
    assert verify_custody([b]) == 1
