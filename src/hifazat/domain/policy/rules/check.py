"""Type-check a parsed condition against the vocabulary; every problem with its offset. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from hifazat.domain.policy.problems import closest
from hifazat.domain.policy.rules.fields import BOOL, FIELDS, LIST, NUMBER, STRING, VALUES
from hifazat.domain.policy.rules.syntax import Node


@dataclass(frozen=True, slots=True)
class TypeProblem:
    offset: int
    message: str
    hint: str


def _literal_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int | float):
        return NUMBER
    return STRING


class Checker:
    def __init__(self) -> None:
        self.problems: list[TypeProblem] = []

    def err(self, node: Node, message: str, hint: str = "") -> None:
        self.problems.append(TypeProblem(node.offset, message, hint))

    def type_of(self, node: Node) -> str | None:
        if node.kind == "literal":
            return _literal_type(node.value)
        if node.kind == "list":
            return LIST
        if node.kind == "field":
            name = str(node.value)
            if name not in FIELDS:
                self.err(node, f"unknown field '{name}'", closest(name, sorted(FIELDS)))
                return None
            return FIELDS[name]
        self.condition(node)
        return BOOL

    def condition(self, node: Node) -> None:
        """``node`` must be a true/false condition."""
        if node.kind in {"and", "or"}:
            for child in node.children:
                self.condition(child)
        elif node.kind == "not":
            self.condition(node.children[0])
        elif node.kind == "compare":
            self.compare(node)
        else:
            t = self.type_of(node)
            if t is not None and t != BOOL:
                what = f"'{node.value}'" if node.kind == "field" else "this value"
                self.err(
                    node,
                    f"{what} is a {t}, not a condition",
                    "compare it, e.g. score.harassment >= 0.5",
                )

    def compare(self, node: Node) -> None:
        op = str(node.value)
        left, right = node.children
        lt, rt = self.type_of(left), self.type_of(right)
        if lt is None or rt is None:
            return
        if op in {"<", "<=", ">", ">="}:
            for side, t in ((left, lt), (right, rt)):
                if t != NUMBER:
                    self.err(side, f"'{op}' compares numbers, but this is a {t}", "use == or in")
        elif op in {"in", "not in"}:
            if rt != LIST:
                self.err(right, f"'{op}' needs a list on its right", 'write ["a", "b"]')
            elif left.kind == "field" and right.kind == "list":
                self._values(str(left.value), right)
        elif op == "contains":
            if lt != LIST:
                self.err(left, "'contains' needs a list field on its left", "e.g. labels contains")
            elif right.kind == "literal" and left.kind == "field":
                self._value(str(left.value), right)
        else:  # == !=
            if "null" not in (lt, rt) and lt != rt:
                self.err(right, f"cannot compare a {lt} with a {rt}", "compare like with like")
            elif left.kind == "field" and right.kind == "literal" and lt == STRING:
                self._value(str(left.value), right)

    def _value(self, field: str, literal: Node) -> None:
        allowed = VALUES.get(field)
        if allowed and literal.value not in allowed:
            self.err(
                literal,
                f"'{literal.value}' is not a value of {field}",
                closest(str(literal.value), allowed),
            )

    def _values(self, field: str, lst: Node) -> None:
        for item in lst.children:
            self._value(field, item)


def check(node: Node) -> list[TypeProblem]:
    c = Checker()
    c.condition(node)
    return c.problems
