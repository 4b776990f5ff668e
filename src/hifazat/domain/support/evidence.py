"""Evidence packs: canonical items with SHA-256 each, a bundle hash, and a chain of custody.

Anyone can recompute every hash from the JSON export: ``sha256(canonical(item without
"sha256"))`` per item, and ``sha256(canonical({"pack": meta, "items": [item hashes]}))`` for the
bundle. Custody entries are hash-chained the same way as the audit trail."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def sha256(value: Any) -> str:
    return hashlib.sha256(canonical(value)).hexdigest()


def seal_item(item: Mapping[str, Any]) -> dict[str, Any]:
    """The item with its own ``sha256`` added (computed over everything else)."""
    body = {k: v for k, v in item.items() if k != "sha256"}
    return {**body, "sha256": sha256(body)}


def bundle_hash(meta: Mapping[str, Any], items: Sequence[Mapping[str, Any]]) -> str:
    return sha256({"pack": dict(meta), "items": [i["sha256"] for i in items]})


@dataclass(frozen=True)
class Bundle:
    meta: dict[str, Any]
    items: list[dict[str, Any]]
    sha256: str

    def as_dict(self) -> dict[str, Any]:
        return {"pack": self.meta, "items": self.items, "bundle_sha256": self.sha256}


def assemble(meta: Mapping[str, Any], items: Sequence[Mapping[str, Any]]) -> Bundle:
    """Seal every item and the whole pack. Items keep the order given (oldest first)."""
    if not items:
        raise ValueError("an evidence pack needs at least one item")
    sealed = [seal_item(i) for i in items]
    return Bundle(dict(meta), sealed, bundle_hash(meta, sealed))


def verify_bundle(bundle: Mapping[str, Any]) -> list[str]:
    """Every mismatch found in an exported pack (empty when intact)."""
    problems = []
    items = list(bundle.get("items", []))
    for i, item in enumerate(items):
        body = {k: v for k, v in item.items() if k != "sha256"}
        if sha256(body) != item.get("sha256"):
            problems.append(f"item {i + 1} (comment {item.get('comment_id')}) was changed")
    if bundle_hash(bundle.get("pack", {}), items) != bundle.get("bundle_sha256"):
        problems.append("the bundle hash does not match its items")
    return problems


@dataclass(frozen=True, slots=True)
class Custody:
    """One chain-of-custody entry: who did what with the pack, when."""

    seq: int
    at: str  # ISO 8601 UTC
    actor: str
    action: str  # created | exported | shared | viewed | access_revoked
    detail: str
    prev_hash: str
    hash: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "detail": self.detail,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


def custody_hash(seq: int, at: str, actor: str, action: str, detail: str, prev: str) -> str:
    return sha256(
        {"seq": seq, "at": at, "actor": actor, "action": action, "detail": detail, "prev": prev}
    )


def next_custody(prev: Custody | None, at: str, actor: str, action: str, detail: str) -> Custody:
    seq = prev.seq + 1 if prev else 1
    prev_hash = prev.hash if prev else GENESIS
    return Custody(
        seq,
        at,
        actor,
        action,
        detail,
        prev_hash,
        custody_hash(seq, at, actor, action, detail, prev_hash),
    )


def verify_custody(entries: Sequence[Custody]) -> int | None:
    """The seq of the first entry that does not hold, or None when the chain is intact."""
    prev = GENESIS
    for expected, e in enumerate(entries, start=1):
        if e.seq != expected or e.prev_hash != prev:
            return expected
        if custody_hash(e.seq, e.at, e.actor, e.action, e.detail, e.prev_hash) != e.hash:
            return e.seq
        prev = e.hash
    return None
