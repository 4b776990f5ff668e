"""Survey instruments as data: model, skip logic, answer validation, scoring (incl. SUS). Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ITEM_TYPES = frozenset({"likert", "single", "multi", "numeric", "text", "matrix"})
#: Answer accepted for any item marked ``prefer_not`` (trauma-informed: never forced).
PREFER_NOT = "prefer_not"
MAX_TEXT = 2000


@dataclass(frozen=True)
class Option:
    value: Any
    en: str
    ur: str

    def label(self, lang: str) -> str:
        return self.ur if lang == "ur" and self.ur else self.en


@dataclass(frozen=True)
class Condition:
    """Show when ``any_of`` items (or matrix rows) hold a value above ``gt`` or inside ``in_``."""

    any_of: tuple[str, ...]
    gt: float | None = None
    in_: tuple[Any, ...] = ()

    def holds(self, answers: Mapping[str, Any]) -> bool:
        for key in self.any_of:
            values = answers.get(key)
            flat = list(values.values()) if isinstance(values, dict) else [values]
            if isinstance(values, list):
                flat = list(values)
            for v in flat:
                if v is None or v == PREFER_NOT:
                    continue
                if self.gt is not None and isinstance(v, int | float) and v > self.gt:
                    return True
                if self.in_ and v in self.in_:
                    return True
        return False


@dataclass(frozen=True)
class Item:
    id: str
    type: str
    text: Mapping[str, str]
    options: tuple[Option, ...] = ()
    rows: tuple[Option, ...] = ()
    required: bool = True
    prefer_not: bool = False
    minimum: float | None = None
    maximum: float | None = None
    show_if: Condition | None = None
    tags: frozenset[str] = frozenset()

    def label(self, lang: str) -> str:
        return self.text.get(lang) or self.text.get("en", self.id)

    def values(self) -> list[Any]:
        return [o.value for o in self.options]


@dataclass(frozen=True)
class Section:
    id: str
    title: Mapping[str, str]
    items: tuple[Item, ...]
    show_if: Condition | None = None

    def label(self, lang: str) -> str:
        return self.title.get(lang) or self.title.get("en", self.id)


@dataclass(frozen=True)
class Instrument:
    key: str
    version: int
    title: Mapping[str, str]
    sections: tuple[Section, ...]
    sources: tuple[str, ...] = ()

    def items(self) -> list[Item]:
        return [i for s in self.sections for i in s.items]

    def item(self, item_id: str) -> Item:
        for i in self.items():
            if i.id == item_id:
                return i
        raise KeyError(item_id)

    def label(self, lang: str) -> str:
        return self.title.get(lang) or self.title.get("en", self.key)


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class InstrumentInvalid(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


# ---- parsing --------------------------------------------------------------------------------


def _options(raw: Any, where: str, problems: list[Problem]) -> tuple[Option, ...]:
    if not isinstance(raw, list):
        problems.append(Problem(where, "options must be a list"))
        return ()
    out = []
    for n, o in enumerate(raw):
        if not isinstance(o, dict) or "value" not in o or "en" not in o:
            problems.append(Problem(f"{where}[{n}]", "needs value and en (and ur)"))
            continue
        if not o.get("ur"):
            problems.append(Problem(f"{where}[{n}]", "missing Urdu wording (ur)"))
        out.append(Option(o["value"], str(o["en"]), str(o.get("ur", ""))))
    return tuple(out)


def _condition(raw: Any) -> Condition | None:
    if not raw:
        return None
    any_of = raw.get("any_of") or [raw.get("item")]
    gt = raw.get("gt")
    return Condition(
        tuple(str(a) for a in any_of),
        float(gt) if gt is not None else None,
        tuple(raw.get("in", ())),
    )


def parse_instrument(raw: Mapping[str, Any]) -> Instrument:
    """Build an instrument from its file's data, collecting every problem before failing."""
    problems: list[Problem] = []
    scales = raw.get("scales", {}) or {}
    sections = []
    seen: set[str] = set()
    for s_raw in raw.get("sections", []):
        sid = str(s_raw.get("id", "?"))
        items = []
        for i_raw in s_raw.get("items", []):
            iid = str(i_raw.get("id", "?"))
            where = f"{sid}.{iid}"
            if iid in seen:
                problems.append(Problem(where, "duplicate item id"))
            seen.add(iid)
            kind = i_raw.get("type")
            if kind not in ITEM_TYPES:
                problems.append(Problem(where, f"type must be one of {sorted(ITEM_TYPES)}"))
                continue
            text = i_raw.get("text") or {}
            if not text.get("en") or not text.get("ur"):
                problems.append(Problem(where, "text needs en and ur"))
            opts_raw = i_raw.get("options")
            if isinstance(i_raw.get("scale"), str):
                if i_raw["scale"] not in scales:
                    problems.append(Problem(where, f"unknown scale {i_raw['scale']!r}"))
                    opts_raw = []
                else:
                    opts_raw = scales[i_raw["scale"]]
            options = (
                _options(opts_raw, where, problems)
                if kind in {"likert", "single", "multi", "matrix"}
                else ()
            )
            rows = (
                _options(i_raw.get("rows"), f"{where}.rows", problems) if kind == "matrix" else ()
            )
            items.append(
                Item(
                    id=iid,
                    type=kind,
                    text=dict(text),
                    options=options,
                    rows=rows,
                    required=bool(i_raw.get("required", kind != "text")),
                    prefer_not=bool(i_raw.get("prefer_not", False)),
                    minimum=i_raw.get("min"),
                    maximum=i_raw.get("max"),
                    show_if=_condition(i_raw.get("show_if")),
                    tags=frozenset(i_raw.get("tags", [])),
                )
            )
        sections.append(
            Section(
                sid, dict(s_raw.get("title", {})), tuple(items), _condition(s_raw.get("show_if"))
            )
        )
    known = {i.id for s in sections for i in s.items}
    for s in sections:
        conds = [(s.id, s.show_if)] + [(f"{s.id}.{i.id}", i.show_if) for i in s.items]
        for where, cond in conds:
            for ref in cond.any_of if cond else ():
                if ref not in known:
                    problems.append(Problem(where, f"show_if refers to unknown item {ref!r}"))
    if not raw.get("key") or not isinstance(raw.get("version"), int):
        problems.append(Problem("instrument", "needs key and an integer version"))
    if problems:
        raise InstrumentInvalid(problems)
    return Instrument(
        key=str(raw["key"]),
        version=int(raw["version"]),
        title=dict(raw.get("title", {})),
        sections=tuple(sections),
        sources=tuple(raw.get("sources", [])),
    )


# ---- skip logic and validation -------------------------------------------------------------


def visible_items(instrument: Instrument, answers: Mapping[str, Any]) -> list[Item]:
    """Items a respondent sees given the answers so far (section and item ``show_if``)."""
    out: list[Item] = []
    for s in instrument.sections:
        if s.show_if and not s.show_if.holds(answers):
            continue
        out.extend(i for i in s.items if not i.show_if or i.show_if.holds(answers))
    return out


def _check_value(item: Item, value: Any) -> tuple[Any, str | None]:
    if item.prefer_not and value == PREFER_NOT:
        return value, None
    if item.type in {"likert", "single"}:
        allowed = item.values()
        for a in allowed:
            if value == a or (isinstance(a, int) and str(value) == str(a)):
                return a, None
        return None, f"must be one of {allowed}"
    if item.type == "multi":
        values = value if isinstance(value, list) else [value]
        allowed = item.values()
        bad = [v for v in values if v not in allowed]
        if bad:
            return None, f"{bad} not among {allowed}"
        return [a for a in allowed if a in values], None
    if item.type == "numeric":
        try:
            number = float(value)
        except (TypeError, ValueError):
            return None, "must be a number"
        if item.minimum is not None and number < item.minimum:
            return None, f"must be at least {item.minimum:g}"
        if item.maximum is not None and number > item.maximum:
            return None, f"must be at most {item.maximum:g}"
        return (int(number) if number.is_integer() else number), None
    if item.type == "text":
        if not isinstance(value, str):
            return None, "must be text"
        if len(value) > MAX_TEXT or "\x00" in value:
            return None, f"must be text of at most {MAX_TEXT} characters"
        return value.strip(), None
    # matrix: {row_id: option value}
    if not isinstance(value, dict):
        return None, "must map each row to an answer"
    rows = {r.value for r in item.rows}
    clean: dict[str, Any] = {}
    for row, v in value.items():
        if row not in rows:
            return None, f"unknown row {row!r}"
        one, problem = _check_value(
            Item(item.id, "single", item.text, item.options, prefer_not=item.prefer_not), v
        )
        if problem:
            return None, f"row {row}: {problem}"
        clean[row] = one
    return clean, None


@dataclass(frozen=True)
class Validated:
    answers: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.problems and not self.missing


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def validate_answers(instrument: Instrument, answers: Mapping[str, Any]) -> Validated:
    """Keep every valid answer, report each bad one, list required visible items still missing.

    Answers to items hidden by skip logic are dropped (they were never asked)."""
    known = {i.id: i for i in instrument.items()}
    clean: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, value in answers.items():
        item = known.get(key)
        if item is None:
            problems.append(Problem(key, "no such item in this survey"))
            continue
        if _blank(value):
            continue
        one, problem = _check_value(item, value)
        if problem:
            problems.append(Problem(key, problem))
        else:
            clean[key] = one
    # Drop hidden answers until stable (hiding one can hide another).
    while True:
        shown = {i.id for i in visible_items(instrument, clean)}
        hidden = [k for k in clean if k not in shown]
        if not hidden:
            break
        for k in hidden:
            del clean[k]
    missing = []
    for item in visible_items(instrument, clean):
        if not item.required:
            continue
        v: Any = clean.get(item.id)
        if _blank(v) or (item.type == "matrix" and v != PREFER_NOT and len(v) < len(item.rows)):
            missing.append(item.id)
    return Validated(clean, problems, missing)


# ---- scoring -------------------------------------------------------------------------------


def sus_score(responses: Mapping[int, int]) -> float:
    """System Usability Scale (Brooke 1986): items 1..10 answered 1..5 → 0..100.

    Odd items contribute (r − 1), even items (5 − r); the sum times 2.5."""
    if sorted(responses) != list(range(1, 11)):
        raise ValueError("SUS needs answers to items 1..10")
    total = 0
    for n, r in responses.items():
        if not 1 <= r <= 5:
            raise ValueError("SUS answers are 1..5")
        total += (r - 1) if n % 2 == 1 else (5 - r)
    return total * 2.5


def sus_from_answers(instrument: Instrument, answers: Mapping[str, Any]) -> float | None:
    """SUS for a response if every item tagged ``sus`` (in order) has a numeric answer."""
    sus_items = [i for i in instrument.items() if "sus" in i.tags]
    if len(sus_items) != 10:
        return None
    values = [answers.get(i.id) for i in sus_items]
    if not all(isinstance(v, int) for v in values):
        return None
    return sus_score({n + 1: int(v) for n, v in enumerate(values)})  # type: ignore[arg-type]


def derived_indicators(instrument: Instrument, answers: Mapping[str, Any]) -> dict[str, Any]:
    """CSM-0 derived indicators: any / severe harassment, frequency index, identity-based,
    and the mean perceived-safety score (items tagged ``safety``; negative items reversed)."""
    exposure = [i for i in instrument.items() if "exposure" in i.tags]
    codes = {i.id: answers.get(i.id) for i in exposure}
    numeric = {k: v for k, v in codes.items() if isinstance(v, int)}
    out: dict[str, Any] = {
        "any_harassment": any(v > 1 for v in numeric.values()) if numeric else None,
        "severe_harassment": any(numeric.get(i.id, 0) > 1 for i in exposure if "severe" in i.tags)
        if numeric
        else None,
        "frequency_index": sum(numeric.values()) if numeric else None,
    }
    identity = [i for i in instrument.items() if "identity" in i.tags]
    out["identity_based"] = (
        any(isinstance(answers.get(i.id), int) and answers[i.id] > 1 for i in identity)
        if identity
        else None
    )
    out["perceived_safety"] = perceived_safety(instrument, answers)
    out["sus"] = sus_from_answers(instrument, answers)
    return out


def perceived_safety(instrument: Instrument, answers: Mapping[str, Any]) -> float | None:
    """Mean of items tagged ``safety`` on 1..5, items also tagged ``reverse`` flipped (6 − r)."""
    values = []
    for item in instrument.items():
        if "safety" not in item.tags:
            continue
        v = answers.get(item.id)
        if isinstance(v, int):
            values.append(6 - v if "reverse" in item.tags else v)
    return sum(values) / len(values) if values else None
