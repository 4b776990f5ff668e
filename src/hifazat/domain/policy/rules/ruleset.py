"""A rules file: parse, validate (every problem, located), compile and evaluate. Pure.

```yaml
rules:
  - id: new-accounts-insulting
    description: Hold insults from accounts younger than a week
    when: score.harassment >= 0.35 and author.account_age_days < 7
    action: hold
    priority: 50
    policy: harassment        # optional: the policy cited in the statement of reasons
    enabled: true             # optional
```

Every matching rule is a ground; the one with the highest priority decides (ties: the more
restrictive action). Guideline defaults sit at priority 0, so a rule with a positive priority
can overrule them either way, and a creator's controls are applied on top and only tighten.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

import yaml

from hifazat.domain.policy.actions import ACTION_NAMES, Action
from hifazat.domain.policy.categories import Category
from hifazat.domain.policy.problems import Problem, closest, compose, mapping_items, value
from hifazat.domain.policy.rules.check import check
from hifazat.domain.policy.rules.compile import Facts, Predicate, compile_condition
from hifazat.domain.policy.rules.syntax import Node, ParseError, parse

RULE_KEYS = {"id", "when", "action", "priority", "description", "policy", "enabled"}
REQUIRED = {"id", "when", "action"}
ID = re.compile(r"^[a-z0-9][a-z0-9_.\-]{0,63}$")
MAX_RULES = 5000


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    when: str
    action: Action
    priority: int
    predicate: Predicate = field(compare=False, repr=False)
    description: str = ""
    policy: Category | None = None
    enabled: bool = True
    #: A necessary condition ``field >= threshold`` found in the rule's top-level ``and``s,
    #: used to skip the rule quickly (most comments score low on most categories).
    guard: tuple[str, float] | None = None
    fields: frozenset[str] = frozenset()


def fields_of(node: Node) -> frozenset[str]:
    """Every field a condition reads."""
    own = {str(node.value)} if node.kind == "field" else set()
    return frozenset(own).union(*(fields_of(c) for c in node.children))


def guard_of(node: Node) -> tuple[str, float] | None:
    if node.kind == "and":
        found = [g for g in (guard_of(c) for c in node.children) if g is not None]
        return max(found, key=lambda g: g[1]) if found else None
    if node.kind == "compare" and node.value in {">=", ">"}:
        left, right = node.children
        if (
            left.kind == "field"
            and right.kind == "literal"
            and isinstance(right.value, int | float)
            and not isinstance(right.value, bool)
        ):
            return str(left.value), float(right.value)
    return None


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...] = ()
    source: str = ""
    _always: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _guarded: dict[str, tuple[list[float], list[int]]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        always: list[int] = []
        by_field: dict[str, list[tuple[float, int]]] = {}
        for i, r in enumerate(self.rules):
            if not r.enabled:
                continue
            if r.guard is None:
                always.append(i)
            else:
                by_field.setdefault(r.guard[0], []).append((r.guard[1], i))
        guarded = {}
        for name, items in by_field.items():
            items.sort()
            guarded[name] = ([t for t, _ in items], [i for _, i in items])
        object.__setattr__(self, "_always", tuple(always))
        object.__setattr__(self, "_guarded", guarded)

    @property
    def fields(self) -> frozenset[str]:
        """Every field the enabled rules read."""
        return frozenset().union(*(r.fields for r in self.rules if r.enabled))

    def matching(self, facts: Facts) -> list[Rule]:
        """Enabled rules whose condition holds, highest priority first."""
        candidates = list(self._always)
        for name, (thresholds, indices) in self._guarded.items():
            value = facts.get(name)
            if value is None:
                continue
            candidates.extend(indices[: bisect_right(thresholds, value)])
        candidates.sort()
        rules = self.rules
        return [rules[i] for i in candidates if rules[i].predicate(facts)]


EMPTY = RuleSet()


def _where(node: yaml.ScalarNode, offset: int, lines: list[str]) -> tuple[int, int]:
    """1-based line and column of ``offset`` within a scalar's text, as far as YAML allows."""
    mark = node.start_mark
    line, col = mark.line + 1, mark.column + 1
    if node.style in {"'", '"'}:
        return line, col + 1 + offset
    if node.style is None and "\n" not in node.value:
        return line, col + offset
    if node.style in {"|", ">"}:
        before = node.value[:offset]
        nl = before.count("\n")
        last = before.rsplit("\n", 1)[-1]
        index = mark.line + 1 + nl  # 0-based line of the content
        text = lines[index] if index < len(lines) else ""
        indent = len(text) - len(text.lstrip(" "))
        return index + 1, indent + 1 + len(last)
    return line, col


class _RulesReader:
    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.lines = text.splitlines()
        self.problems: list[Problem] = []

    def err(self, node: yaml.Node | None, message: str, hint: str = "") -> None:
        if node is None:
            self.problems.append(Problem(1, 1, message, hint, self.file))
        else:
            m = node.start_mark
            self.problems.append(Problem(m.line + 1, m.column + 1, message, hint, self.file))

    def at_offset(self, node: yaml.ScalarNode, offset: int, message: str, hint: str) -> None:
        line, col = _where(node, offset, self.lines)
        self.problems.append(Problem(line, col, message, hint, self.file))

    def rule(self, node: yaml.Node, seen: dict[str, int]) -> Rule | None:
        if not isinstance(node, yaml.MappingNode):
            self.err(node, "a rule must be a mapping", "start it with '- id: ...'")
            return None
        m: dict[str, yaml.Node] = {}
        for key, knode, vnode in mapping_items(node):
            if key in m:
                self.err(knode, f"duplicate key '{key}' in a rule", "keep one of them")
            elif key not in RULE_KEYS:
                self.err(knode, f"unknown key '{key}' in a rule", closest(key, sorted(RULE_KEYS)))
            m[key] = vnode
        for key in sorted(REQUIRED - set(m)):
            self.err(node, f"rule is missing '{key}'", f"add '{key}:'")
        rid = self._id(m.get("id"), seen)
        action = self._action(m.get("action"))
        priority = self._priority(m.get("priority"))
        self.guard: tuple[str, float] | None = None
        self.fields: frozenset[str] = frozenset()
        predicate, when = self._when(m.get("when"))
        policy = self._policy(m.get("policy"))
        enabled = self._bool(m.get("enabled"), "enabled")
        description = value(m["description"]) if "description" in m else ""
        if not isinstance(description, str):
            self.err(m["description"], "description must be text", "quote it")
            description = ""
        if rid is None or action is None or predicate is None:
            return None
        return Rule(
            rid,
            when,
            action,
            priority,
            predicate,
            description,
            policy,
            enabled,
            self.guard,
            self.fields,
        )

    def _id(self, node: yaml.Node | None, seen: dict[str, int]) -> str | None:
        if node is None:
            return None
        v = value(node)
        if not isinstance(v, str) or not ID.match(v):
            hint = "use lower-case letters, digits, - _ ."
            if isinstance(v, bool | int | float):
                hint = f"quote it: YAML reads '{node.value}' as {v!r}"
            self.err(node, f"rule id {node.value!r} is not valid", hint)
            return None
        if v in seen:
            self.err(node, f"rule id '{v}' is already used on line {seen[v]}", "ids must be unique")
            return None
        seen[v] = node.start_mark.line + 1
        return v

    def _action(self, node: yaml.Node | None) -> Action | None:
        if node is None:
            return None
        v = value(node)
        if v not in ACTION_NAMES:
            self.err(node, f"unknown action '{v}'", closest(str(v), ACTION_NAMES))
            return None
        return Action(v)

    def _priority(self, node: yaml.Node | None) -> int:
        if node is None:
            return 10
        v = value(node)
        if isinstance(v, bool) or not isinstance(v, int) or not -1000 <= v <= 1000:
            self.err(
                node,
                f"priority must be a whole number from -1000 to 1000, not {v!r}",
                "higher wins, e.g. priority: 50",
            )
            return 10
        return v

    def _bool(self, node: yaml.Node | None, name: str) -> bool:
        if node is None:
            return True
        v = value(node)
        if not isinstance(v, bool):
            self.err(node, f"{name} must be true or false", f"got {v!r}")
            return True
        return v

    def _policy(self, node: yaml.Node | None) -> Category | None:
        if node is None:
            return None
        v = value(node)
        names = [c.value for c in Category]
        if v not in names:
            self.err(node, f"unknown policy '{v}'", closest(str(v), names))
            return None
        return Category(v)

    def _when(self, node: yaml.Node | None) -> tuple[Predicate | None, str]:
        if node is None:
            return None, ""
        if not isinstance(node, yaml.ScalarNode) or not isinstance(value(node), str):
            self.err(
                node, "'when' must be a condition written as text", 'e.g. when: language == "ur"'
            )
            return None, ""
        source = str(node.value)
        try:
            tree = parse(source)
        except ParseError as exc:
            self.at_offset(node, exc.offset, exc.message, exc.hint)
            return None, source
        problems = check(tree)
        for p in problems:
            self.at_offset(node, p.offset, p.message, p.hint)
        if problems:
            return None, source
        self.guard = guard_of(tree)
        self.fields = fields_of(tree)
        return compile_condition(tree), source


def parse_rules(text: str, file: str = "<rules>") -> tuple[RuleSet | None, list[Problem]]:
    """A rule set from YAML text, and every problem found (sorted by position)."""
    root, problems = compose(text, file)
    if problems:
        return None, problems
    r = _RulesReader(file, text)
    if root is None:
        return RuleSet((), text), []
    if not isinstance(root, yaml.MappingNode):
        r.err(root, "a rules file is a mapping with a 'rules:' list", "start with 'rules:'")
        return None, r.problems
    items: list[yaml.Node] = []
    for key, knode, vnode in mapping_items(root):
        if key != "rules":
            r.err(knode, f"unknown key '{key}' at the top", "a rules file has only 'rules:'")
        elif isinstance(vnode, yaml.SequenceNode):
            items = list(vnode.value)
        elif value(vnode) is not None:
            r.err(vnode, "'rules' must be a list", "start each rule with '- id: ...'")
    if len(items) > MAX_RULES:
        r.err(root, f"too many rules ({len(items)}; at most {MAX_RULES})", "split or merge rules")
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    for item in items:
        rule = r.rule(item, seen)
        if rule is not None:
            rules.append(rule)
    if r.problems:
        return None, sorted(r.problems)
    ordered = sorted(rules, key=lambda x: -x.priority)
    return RuleSet(tuple(ordered), text), []


class RulesError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def load_rules(text: str, file: str = "<rules>") -> RuleSet:
    rules, problems = parse_rules(text, file)
    if rules is None:
        raise RulesError(problems)
    return rules
