"""Community Guidelines as versioned, bilingual data: load and validate. Pure.

A guidelines file (YAML) lists one policy per harm category with its English and Urdu text,
sub-policies, severity levels (score, action, strikes and their expiry), default enforcement
and DSA statement-of-reasons category. :func:`parse_guidelines` collects *every* problem, each
located at ``file:line:column`` with a hint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

import yaml

from hifazat.domain.policy.actions import ACTION_NAMES, Action
from hifazat.domain.policy.categories import DSA_CATEGORY, Category
from hifazat.domain.policy.problems import Problem, at, closest, compose, mapping_items, value

CATEGORY_NAMES = [c.value for c in Category]
DSA_NAMES = sorted({v for v in DSA_CATEGORY.values() if v})
SHIPPED = "2026.11.yaml"


class GuidelineError(ValueError):
    """A guidelines text that does not validate; carries every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Severity:
    level: int
    min_score: float
    action: Action
    strikes: int
    strike_expiry_days: int


@dataclass(frozen=True, slots=True)
class SubPolicy:
    id: str
    title: dict[str, str]
    text: dict[str, str]


@dataclass(frozen=True, slots=True)
class Policy:
    id: str
    category: Category
    title: dict[str, str]
    text: dict[str, str]
    dsa_category: str | None
    default_action: Action
    severities: tuple[Severity, ...]
    sub_policies: tuple[SubPolicy, ...] = ()
    lane: str | None = None
    borderline_action: Action | None = None

    def severity_for(self, score: float) -> Severity | None:
        """The highest level whose ``min_score`` the score reaches (the first level at least)."""
        chosen = None
        for level in self.severities:
            if score >= level.min_score or chosen is None:
                chosen = level
        return chosen


@dataclass(frozen=True, slots=True)
class Guidelines:
    version: str
    title: dict[str, str]
    policies: tuple[Policy, ...]
    by_category: dict[Category, Policy] = field(default_factory=dict, compare=False)

    def policy_for(self, category: Category) -> Policy | None:
        return self.by_category.get(category)

    def policy(self, policy_id: str) -> Policy | None:
        return next((p for p in self.policies if p.id == policy_id), None)


class _Reader:
    """Walks YAML nodes, recording a problem for each thing wrong and carrying on."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def err(self, node: yaml.Node | None, message: str, hint: str = "") -> None:
        self.problems.append(at(node, self.file, message, hint))

    def mapping(
        self, node: yaml.Node, where: str, required: set[str], optional: set[str]
    ) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            self.err(node, f"{where} must be a mapping", f"write 'key: value' lines for {where}")
            return {}
        out: dict[str, yaml.Node] = {}
        allowed = sorted(required | optional)
        for key, knode, vnode in mapping_items(node):
            if key in out:
                self.err(knode, f"duplicate key '{key}' in {where}", "keep one of them")
            elif key not in required | optional:
                self.err(knode, f"unknown key '{key}' in {where}", closest(key, allowed))
            out[key] = vnode
        for key in sorted(required - set(out)):
            self.err(node, f"{where} is missing '{key}'", f"add '{key}:'")
        return out

    def seq(self, node: yaml.Node, where: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            self.err(node, f"{where} must be a list", "start each item with '- '")
            return []
        return list(node.value)

    def text(self, node: yaml.Node | None, where: str) -> str:
        if node is None:
            return ""
        v = value(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(v, str) or not v.strip():
            self.err(node, f"{where} must be non-empty text", "quote it if it looks like a number")
            return ""
        return v

    def bilingual(self, node: yaml.Node | None, where: str) -> dict[str, str]:
        if node is None:
            return {}
        m = self.mapping(node, where, {"en", "ur"}, set())
        return {lang: self.text(n, f"{where}.{lang}") for lang, n in m.items()}

    def number(self, node: yaml.Node | None, where: str, lo: float, hi: float) -> float:
        if node is None:
            return lo
        v = value(node) if isinstance(node, yaml.ScalarNode) else None
        if isinstance(v, bool) or not isinstance(v, int | float) or not lo <= v <= hi:
            self.err(node, f"{where} must be a number from {lo:g} to {hi:g}", f"got {v!r}")
            return lo
        return float(v)

    def integer(self, node: yaml.Node | None, where: str, lo: int, hi: int) -> int:
        if node is None:
            return lo
        v = value(node) if isinstance(node, yaml.ScalarNode) else None
        if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
            self.err(node, f"{where} must be a whole number from {lo} to {hi}", f"got {v!r}")
            return lo
        return int(v)

    def choice(self, node: yaml.Node | None, where: str, options: list[str]) -> str | None:
        if node is None:
            return None
        v = value(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(v, str) or v not in options:
            self.err(node, f"{where} '{v}' is not known", closest(str(v), options))
            return None
        return v


def _severity(r: _Reader, node: yaml.Node, where: str) -> Severity | None:
    m = r.mapping(node, where, {"level", "min_score", "action"}, {"strikes", "strike_expiry_days"})
    if not m:
        return None
    action = r.choice(m.get("action"), f"{where}.action", ACTION_NAMES)
    return Severity(
        level=r.integer(m.get("level"), f"{where}.level", 1, 9),
        min_score=r.number(m.get("min_score"), f"{where}.min_score", 0.0, 1.0),
        action=Action(action or "hold"),
        strikes=r.integer(m.get("strikes"), f"{where}.strikes", 0, 10),
        strike_expiry_days=r.integer(
            m.get("strike_expiry_days", None), f"{where}.strike_expiry_days", 0, 3650
        ),
    )


def _policy(r: _Reader, node: yaml.Node, seen: dict[str, yaml.Node]) -> Policy | None:
    m = r.mapping(
        node,
        "a policy",
        {"id", "category", "title", "text", "default_action", "severity"},
        {"dsa_category", "sub_policies", "lane", "borderline_action"},
    )
    if not m:
        return None
    pid = r.text(m.get("id"), "policy id")
    if pid in seen:
        r.err(m["id"], f"policy id '{pid}' is used twice", "every policy needs its own id")
    seen[pid] = m.get("id") or node
    where = f"policy '{pid}'"
    category = r.choice(m.get("category"), f"{where} category", CATEGORY_NAMES)
    default = r.choice(m.get("default_action"), f"{where} default_action", ACTION_NAMES)
    borderline = r.choice(m.get("borderline_action"), f"{where} borderline_action", ACTION_NAMES)
    dsa = None
    if "dsa_category" in m and value(m["dsa_category"]) is not None:
        dsa = r.choice(m["dsa_category"], f"{where} dsa_category", DSA_NAMES)
    levels: list[Severity] = []
    for i, item in enumerate(r.seq(m["severity"], f"{where} severity") if "severity" in m else []):
        level = _severity(r, item, f"{where} severity[{i}]")
        if level is None:
            continue
        if levels and level.min_score < levels[-1].min_score:
            r.err(item, f"{where}: severity levels must rise in min_score", "order levels 1, 2, 3")
        if levels and level.level != levels[-1].level + 1:
            r.err(item, f"{where}: severity level {level.level} is out of order", "number 1, 2, 3")
        levels.append(level)
    if "severity" in m and not levels and isinstance(m["severity"], yaml.SequenceNode):
        r.err(m["severity"], f"{where} needs at least one severity level", "add '- level: 1 ...'")
    subs: list[SubPolicy] = []
    for item in r.seq(m["sub_policies"], f"{where} sub_policies") if "sub_policies" in m else []:
        sm = r.mapping(item, f"a sub-policy of '{pid}'", {"id", "title", "text"}, set())
        if sm:
            sid = r.text(sm.get("id"), "sub-policy id")
            if sid in seen:
                r.err(sm["id"], f"policy id '{sid}' is used twice", "ids must be unique")
            seen[sid] = sm.get("id") or item
            subs.append(
                SubPolicy(
                    sid,
                    r.bilingual(sm.get("title"), f"'{sid}' title"),
                    r.bilingual(sm.get("text"), f"'{sid}' text"),
                )
            )
    lane = r.text(m["lane"], f"{where} lane") if "lane" in m else None
    title = r.bilingual(m.get("title"), f"{where} title")
    text = r.bilingual(m.get("text"), f"{where} text")
    if category is None or default is None:
        return None
    return Policy(
        id=pid,
        category=Category(category),
        title=title,
        text=text,
        dsa_category=dsa,
        default_action=Action(default),
        severities=tuple(levels),
        sub_policies=tuple(subs),
        lane=lane or None,
        borderline_action=Action(borderline) if borderline else None,
    )


def _raw_category(node: yaml.Node) -> Category | None:
    """The category a policy names, even if the rest of it is wrong (so it counts as covered)."""
    if not isinstance(node, yaml.MappingNode):
        return None
    for key, _k, v in mapping_items(node):
        if key == "category" and isinstance(v, yaml.ScalarNode) and v.value in CATEGORY_NAMES:
            return Category(v.value)
    return None


def parse_guidelines(
    text: str, file: str = "<guidelines>"
) -> tuple[Guidelines | None, list[Problem]]:
    """Guidelines from YAML text, and every problem found (sorted by position)."""
    root, problems = compose(text, file)
    if problems:
        return None, problems
    r = _Reader(file)
    if root is None:
        r.err(None, "the file is empty", "start with 'version:' and 'policies:'")
        return None, r.problems
    m = r.mapping(root, "the guidelines", {"version", "title", "policies"}, set())
    version = r.text(m.get("version"), "version") if "version" in m else ""
    title = r.bilingual(m.get("title"), "title")
    policies: list[Policy] = []
    seen: dict[str, yaml.Node] = {}
    covered: dict[Category, yaml.Node] = {}
    for item in r.seq(m["policies"], "policies") if "policies" in m else []:
        policy = _policy(r, item, seen)
        raw = _raw_category(item)
        if raw in covered and raw is not None:
            r.err(item, f"category '{raw.value}' has two policies", "merge them")
        if raw is not None:
            covered[raw] = item
        if policy is not None:
            policies.append(policy)
    if "policies" in m and isinstance(m["policies"], yaml.SequenceNode):
        missing = [c.value for c in Category if c not in covered]
        if missing:
            r.err(
                m["policies"],
                f"no policy for categories: {', '.join(missing)}",
                "every harm category needs a policy (use default_action: allow to ignore it)",
            )
    if r.problems:
        return None, sorted(r.problems)
    by_category = {p.category: p for p in policies}
    return Guidelines(version, title, tuple(policies), by_category), []


def load_guidelines(text: str, file: str = "<guidelines>") -> Guidelines:
    guidelines, problems = parse_guidelines(text, file)
    if guidelines is None:
        raise GuidelineError(problems)
    return guidelines


def shipped_text() -> str:
    """The guidelines shipped with the package (the starting version)."""
    return (files("hifazat.domain.policy") / "guidelines" / SHIPPED).read_text(encoding="utf-8")


_SHIPPED: list[Guidelines] = []


def shipped_guidelines() -> Guidelines:
    if not _SHIPPED:
        _SHIPPED.append(load_guidelines(shipped_text(), SHIPPED))
    return _SHIPPED[0]


def summary(g: Guidelines, lang: str = "en") -> list[dict[str, Any]]:
    """A plain listing for pages and the API."""
    return [
        {
            "id": p.id,
            "category": p.category.value,
            "title": p.title.get(lang, p.title.get("en", p.id)),
            "text": p.text.get(lang, p.text.get("en", "")),
            "dsa_category": p.dsa_category,
            "default_action": p.default_action.value,
            "severity": [
                {
                    "level": s.level,
                    "min_score": s.min_score,
                    "action": s.action.value,
                    "strikes": s.strikes,
                    "strike_expiry_days": s.strike_expiry_days,
                }
                for s in p.severities
            ],
            "sub_policies": [{"id": s.id, "title": s.title.get(lang, "")} for s in p.sub_policies],
        }
        for p in g.policies
    ]
