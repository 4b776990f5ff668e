"""The helpline directory: validation that collects every problem, and selection for display.

Values in, values out: the caller reads the YAML file and passes the parsed mapping."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

#: Statuses shown as current. ``active_unverified`` and ``unknown`` carry an "unverified" label.
CURRENT = frozenset({"active", "active_unverified", "unknown"})
#: Statuses kept only so old numbers can be recognised and redirected.
OLD = frozenset({"superseded", "legacy"})
CONFIDENCE_RANK = {"high": 0, "medium": 1, "low": 2}
STATUS_RANK = {"active": 0, "active_unverified": 1, "unknown": 2}
REQUIRED = (
    "id",
    "name",
    "country",
    "operator",
    "operator_type",
    "channels",
    "hours",
    "languages",
    "cost",
    "issues",
    "audience",
    "status",
    "confidence",
    "verified_from",
    "sources",
    "caveats",
)
_ID = re.compile(r"^[a-z0-9_]+$")
_COUNTRY = re.compile(r"^([A-Z]{2}|INT)$")
_DATE = re.compile(r"^(\d{4}(-\d{2}(-\d{2})?)?|undated)$")
_LOOSE_DATE = re.compile(r"(^undated\b|\b\d{4}\b)")
_CHECK_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: International dialling codes for the countries in the directory (WhatsApp links need them).
DIAL_CODES = {"PK": "92", "IN": "91", "BD": "880", "GB": "44", "US": "1", "AE": "971", "SA": "966"}
#: Language codes of the UI and detection mapped to the names the directory uses.
LANGUAGE_NAMES = {"en": "english", "ur": "urdu", "ur-Latn": "urdu", "ar": "arabic"}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one entry: which entry, which field, why."""

    entry: str
    field: str
    reason: str
    #: ``error``: the entry cannot be shown and is listed as broken; ``warning``: reported,
    #: the entry is still shown (e.g. a source date written as "c. 2011").
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.entry}: {self.field}: {self.reason}" + (
            " (warning)" if self.severity == "warning" else ""
        )


@dataclass(frozen=True, slots=True)
class Channel:
    type: str
    value: str
    note: str | None = None

    @property
    def link(self) -> str | None:
        return channel_link(self, "")


@dataclass(frozen=True, slots=True)
class Source:
    url: str
    title: str
    date: str
    kind: str


@dataclass(frozen=True, slots=True)
class Helpline:
    id: str
    name: str
    country: str
    region: str | None
    operator: str
    operator_type: str
    channels: tuple[Channel, ...]
    hours: str
    languages: tuple[str, ...]
    cost: str
    issues: tuple[str, ...]
    audience: str
    status: str
    confidence: str
    verified_from: str
    sources: tuple[Source, ...]
    caveats: tuple[str, ...]
    last_human_check: str | None

    @property
    def current(self) -> bool:
        return self.status in CURRENT

    @property
    def verified(self) -> bool:
        return self.status == "active"

    @property
    def emergency(self) -> bool:
        """Crisis lines go first: suicide prevention, or a line its source calls an emergency."""
        if "suicide_prevention" in self.issues or "emergency" in self.name.lower():
            return True
        return any("emergency" in (c.note or "").lower() for c in self.channels)

    def links(self) -> list[tuple[Channel, str | None]]:
        return [(c, channel_link(c, self.country)) for c in self.channels]


@dataclass(frozen=True)
class Directory:
    schema_version: int
    vocab: Mapping[str, tuple[str, ...]]
    entries: tuple[Helpline, ...]
    problems: tuple[Problem, ...]
    #: Ids of entries with at least one problem (listed as broken, not shown as current).
    broken: frozenset[str] = field(default_factory=frozenset)
    leads: int = 0

    @property
    def countries(self) -> list[str]:
        return sorted({h.country for h in self.entries})


def _digits(value: str) -> str:
    return re.sub(r"[^0-9+]", "", value)


def channel_link(channel: Channel, country: str) -> str | None:
    """``tel:``, ``sms:``, WhatsApp, ``mailto:`` or web link for a channel, when one makes sense."""
    kind, value = channel.type, channel.value.strip()
    if kind in {"phone", "toll_free_phone", "tty"}:
        number = _digits(value)
        return f"tel:{number}" if number.strip("+") else None
    if kind == "sms_text":
        number = _digits(value)
        return f"sms:{number}" if number.strip("+") else None
    if kind == "whatsapp":
        number = _digits(value)
        if number.startswith("+"):
            number = number[1:]
        elif number.startswith("0") and country in DIAL_CODES:
            number = DIAL_CODES[country] + number[1:]
        return f"https://wa.me/{number}" if number.isdigit() else None
    if kind == "email" and "@" in value and " " not in value:
        return f"mailto:{value}"
    if value.startswith(("https://", "http://")):
        return value
    return None


def _str(raw: Mapping[str, Any], key: str, eid: str, problems: list[Problem]) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(eid, key, "must be a non-empty text"))
        return ""
    return value.strip()


def _enum(
    raw: Mapping[str, Any], key: str, allowed: Sequence[str], eid: str, problems: list[Problem]
) -> str:
    value = raw.get(key)
    if value not in allowed:
        problems.append(Problem(eid, key, f"{value!r} is not one of {', '.join(allowed)}"))
        return ""
    return str(value)


def _list(raw: Mapping[str, Any], key: str, eid: str, problems: list[Problem]) -> list[Any]:
    value = raw.get(key)
    if not isinstance(value, list):
        problems.append(Problem(eid, key, "must be a list"))
        return []
    return value


def _channels(
    raw: Mapping[str, Any], vocab: Mapping[str, tuple[str, ...]], eid: str, out: list[Problem]
) -> tuple[Channel, ...]:
    items = _list(raw, "channels", eid, out)
    if not items and isinstance(raw.get("channels"), list):
        out.append(Problem(eid, "channels", "at least one channel is needed"))
    channels = []
    for i, c in enumerate(items):
        where = f"channels[{i}]"
        if not isinstance(c, Mapping):
            out.append(Problem(eid, where, "must be a mapping with type and value"))
            continue
        if c.get("type") not in vocab.get("channel_type", ()):
            out.append(Problem(eid, f"{where}.type", f"{c.get('type')!r} is not a channel type"))
            continue
        value = c.get("value")
        if not isinstance(value, str | int) or not str(value).strip():
            out.append(Problem(eid, f"{where}.value", "is empty"))
            continue
        note = c.get("note")
        channels.append(Channel(str(c["type"]), str(value).strip(), str(note) if note else None))
    return tuple(channels)


def _sources(
    raw: Mapping[str, Any], vocab: Mapping[str, tuple[str, ...]], eid: str, out: list[Problem]
) -> tuple[Source, ...]:
    items = _list(raw, "sources", eid, out)
    if not items and isinstance(raw.get("sources"), list):
        out.append(Problem(eid, "sources", "every entry needs at least one source"))
    sources = []
    for i, s in enumerate(items):
        where = f"sources[{i}]"
        if not isinstance(s, Mapping):
            out.append(Problem(eid, where, "must be a mapping with url, title, date, kind"))
            continue
        ok = True
        for key in ("url", "title"):
            if not isinstance(s.get(key), str) or not s[key].strip():
                out.append(Problem(eid, f"{where}.{key}", "must be a non-empty text"))
                ok = False
        date = str(s.get("date", ""))
        if not _DATE.match(date):
            loose = bool(_LOOSE_DATE.search(date))
            out.append(
                Problem(
                    eid,
                    f"{where}.date",
                    f"{date!r} is not YYYY, YYYY-MM, YYYY-MM-DD or undated",
                    "warning" if loose else "error",
                )
            )
            ok = ok and loose
        if s.get("kind") not in vocab.get("source_kind", ()):
            out.append(Problem(eid, f"{where}.kind", f"{s.get('kind')!r} is not a source kind"))
            ok = False
        if ok:
            sources.append(Source(s["url"], s["title"], str(s["date"]), s["kind"]))
    return tuple(sources)


def parse_entry(
    raw: Any, vocab: Mapping[str, tuple[str, ...]], index: int
) -> tuple[Helpline | None, list[Problem]]:
    """One entry and every problem found in it (the entry is None when it is unusable)."""
    if not isinstance(raw, Mapping):
        return None, [Problem(f"entries[{index}]", "entry", "must be a mapping")]
    eid = str(raw.get("id") or f"entries[{index}]")
    problems: list[Problem] = []
    for key in REQUIRED:
        if key not in raw:
            problems.append(Problem(eid, key, "is missing"))
    if "id" in raw and not _ID.match(str(raw["id"])):
        problems.append(Problem(eid, "id", "must be lowercase letters, digits and _"))
    country = raw.get("country")
    if "country" in raw and not (isinstance(country, str) and _COUNTRY.match(country)):
        problems.append(Problem(eid, "country", f"{country!r} is not ISO 3166-1 alpha-2 or INT"))
    name = _str(raw, "name", eid, problems) if "name" in raw else ""
    operator = _str(raw, "operator", eid, problems) if "operator" in raw else ""
    verified_from = _str(raw, "verified_from", eid, problems) if "verified_from" in raw else ""
    enums = {}
    for key, vocab_key in (
        ("operator_type", "operator_type"),
        ("cost", "cost"),
        ("status", "status"),
        ("confidence", "confidence"),
    ):
        if key in raw:
            enums[key] = _enum(raw, key, vocab.get(vocab_key, ()), eid, problems)
    issues = _list(raw, "issues", eid, problems) if "issues" in raw else []
    for issue in issues:
        if issue not in vocab.get("issue", ()):
            problems.append(Problem(eid, "issues", f"{issue!r} is not an issue in the vocabulary"))
    channels = _channels(raw, vocab, eid, problems) if "channels" in raw else ()
    sources = _sources(raw, vocab, eid, problems) if "sources" in raw else ()
    languages = _list(raw, "languages", eid, problems) if "languages" in raw else []
    caveats = _list(raw, "caveats", eid, problems) if "caveats" in raw else []
    check = raw.get("last_human_check")
    if check is not None and not _CHECK_DATE.match(str(check)):
        problems.append(Problem(eid, "last_human_check", "must be YYYY-MM-DD or null"))
    if any(p.severity == "error" for p in problems):
        return None, problems
    return (
        Helpline(
            id=str(raw["id"]),
            name=name,
            country=str(country),
            region=str(raw["region"]) if raw.get("region") else None,
            operator=operator,
            operator_type=enums["operator_type"],
            channels=channels,
            hours=str(raw.get("hours") or "unknown"),
            languages=tuple(str(x) for x in languages),
            cost=enums["cost"],
            issues=tuple(str(x) for x in issues),
            audience=str(raw.get("audience") or ""),
            status=enums["status"],
            confidence=enums["confidence"],
            verified_from=verified_from,
            sources=sources,
            caveats=tuple(str(x) for x in caveats),
            last_human_check=str(check) if check is not None else None,
        ),
        problems,
    )


def parse_directory(raw: Any) -> Directory:
    """Validate the whole file, collecting every problem; broken entries are reported by id."""
    problems: list[Problem] = []
    if not isinstance(raw, Mapping):
        return Directory(0, {}, (), (Problem("(file)", "(root)", "must be a mapping"),))
    version = raw.get("schema_version")
    if version != 1:
        problems.append(Problem("(file)", "schema_version", f"expected 1, found {version!r}"))
    raw_vocab = raw.get("vocab")
    vocab: dict[str, tuple[str, ...]] = {}
    if not isinstance(raw_vocab, Mapping):
        problems.append(Problem("(file)", "vocab", "is missing"))
    else:
        vocab = {str(k): tuple(str(x) for x in v or ()) for k, v in raw_vocab.items()}
    raw_entries = raw.get("entries")
    if not isinstance(raw_entries, list):
        problems.append(Problem("(file)", "entries", "must be a list"))
        raw_entries = []
    entries: list[Helpline] = []
    broken: set[str] = set()
    seen: set[str] = set()
    for i, item in enumerate(raw_entries):
        entry, found = parse_entry(item, vocab, i)
        eid = entry.id if entry else (found[0].entry if found else f"entries[{i}]")
        if eid in seen:
            found.append(Problem(eid, "id", "is used by an earlier entry"))
            entry = None
        seen.add(eid)
        problems.extend(found)
        if entry is None:
            broken.add(eid)
        else:
            entries.append(entry)
    leads = raw.get("unverified_leads")
    return Directory(
        schema_version=int(version) if isinstance(version, int) else 0,
        vocab=vocab,
        entries=tuple(entries),
        problems=tuple(problems),
        broken=frozenset(broken),
        leads=len(leads) if isinstance(leads, list) else 0,
    )


@dataclass(frozen=True)
class Selection:
    """What to show: current lines ranked, and old numbers that must not be used."""

    country: str
    issue: str | None
    language: str | None
    current: tuple[Helpline, ...]
    old_numbers: tuple[Helpline, ...]


def _speaks(h: Helpline, language: str | None) -> int:
    """0: states the language; 1: languages not stated; 2: states others only."""
    if not language:
        return 1
    wanted = LANGUAGE_NAMES.get(language, language).lower()
    if not h.languages:
        return 1
    stated = " ".join(h.languages).lower()
    if wanted in stated:
        return 0
    return 1 if "multiple" in stated else 2


def rank_key(h: Helpline, issue: str | None, language: str | None) -> tuple[Any, ...]:
    return (
        0 if h.emergency else 1,
        0 if h.country != "INT" else 1,
        STATUS_RANK.get(h.status, 9),
        _speaks(h, language),
        0 if issue and h.issues[:3].count(issue) else 1,
        CONFIDENCE_RANK.get(h.confidence, 9),
        0 if h.region is None else 1,
        h.name.lower(),
    )


def select(
    directory: Directory,
    country: str,
    issue: str | None = None,
    language: str | None = None,
    include_international: bool = True,
) -> Selection:
    """Current lines for a country (and international ones), emergency lines first.

    Raises ``ValueError`` with a reason for an unknown country or issue: the caller turns it
    into a typed error."""
    country = country.strip().upper()
    if country not in directory.countries:
        raise ValueError(
            f"no helplines listed for country {country!r}; listed: {', '.join(directory.countries)}"
        )
    if issue is not None and issue not in directory.vocab.get("issue", ()):
        raise ValueError(
            f"unknown issue {issue!r}; one of {', '.join(directory.vocab.get('issue', ()))}"
        )
    countries = {country} | ({"INT"} if include_international else set())
    pool = [
        h
        for h in directory.entries
        if h.country in countries and (issue is None or issue in h.issues)
    ]
    # Language only ranks: a line that states other languages may still be the only one there.
    current = [h for h in pool if h.current]
    current.sort(key=lambda h: rank_key(h, issue, language))
    old = sorted((h for h in pool if h.status in OLD), key=lambda h: h.name.lower())
    return Selection(country, issue, language, tuple(current), tuple(old))
