"""Compile a checked condition tree into a closure over a facts mapping. Pure, no ``eval``.

A comparison whose field is unknown for this comment (``None``) is false, so a rule about
account age never matches a comment whose author's age the platform did not tell us.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

from hifazat.domain.policy.rules.syntax import Node

Facts = Mapping[str, Any]
Predicate = Callable[[Facts], bool]
Getter = Callable[[Facts], Any]

_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _getter(node: Node) -> Getter:
    if node.kind == "field":
        name = str(node.value)
        return lambda f: f.get(name)
    if node.kind == "list":
        items = frozenset(node.value)
        return lambda f: items
    if node.kind == "literal":
        v = node.value
        return lambda f: v
    inner = compile_condition(node)
    return inner


def compile_condition(node: Node) -> Predicate:
    if node.kind == "and":
        a, b = (compile_condition(c) for c in node.children)
        return lambda f: a(f) and b(f)
    if node.kind == "or":
        a, b = (compile_condition(c) for c in node.children)
        return lambda f: a(f) or b(f)
    if node.kind == "not":
        a = compile_condition(node.children[0])
        return lambda f: not a(f)
    if node.kind == "compare":
        return _compare(str(node.value), *node.children)
    if node.kind == "field":
        name = str(node.value)
        return lambda f: f.get(name) is True
    get = _getter(node)
    return lambda f: get(f) is True


def _field_vs_literal(op: str, name: str, lit: Any) -> Predicate | None:
    """Fast paths for the common shape ``field OP literal`` (most conditions)."""
    if op in _ORDER and lit is not None:
        fn = _ORDER[op]
        return lambda f: (a := f.get(name)) is not None and fn(a, lit)
    if op == "==":
        return lambda f: f.get(name) == lit
    if op == "!=":
        return lambda f: (a := f.get(name)) is not None and a != lit
    if op == "contains":
        return lambda f: (a := f.get(name)) is not None and lit in a
    return None


def _compare(op: str, left: Node, right: Node) -> Predicate:
    if left.kind == "field" and right.kind == "literal":
        fast = _field_vs_literal(op, str(left.value), right.value)
        if fast is not None:
            return fast
    if left.kind == "field" and right.kind == "list" and op in {"in", "not in"}:
        name, items = str(left.value), frozenset(right.value)
        if op == "in":
            return lambda f: f.get(name) in items
        return lambda f: (a := f.get(name)) is not None and a not in items
    lget, rget = _getter(left), _getter(right)
    if op in _ORDER:
        fn = _ORDER[op]

        def ordered(f: Facts) -> bool:
            a, b = lget(f), rget(f)
            return a is not None and b is not None and fn(a, b)

        return ordered
    if op == "==":
        return lambda f: lget(f) == rget(f)
    if op == "!=":
        return lambda f: (a := lget(f)) is not None and a != rget(f)
    if op == "in":
        return lambda f: (b := rget(f)) is not None and lget(f) in b
    if op == "not in":
        return lambda f: (a := lget(f)) is not None and (b := rget(f)) is not None and a not in b
    # contains
    return lambda f: (a := lget(f)) is not None and rget(f) in a
