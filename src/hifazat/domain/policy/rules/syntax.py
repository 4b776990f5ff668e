"""Tokens and the expression tree of a ``when`` condition, with a recursive-descent parser. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<number>\d+(?:\.\d+)?)
    | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
    | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
    | (?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,)
    | (?P<bad>\S)
    )""",
    re.VERBOSE,
)
KEYWORDS = {"and", "or", "not", "in", "contains", "true", "false", "null"}
COMPARE = {"==", "!=", "<", "<=", ">", ">=", "in", "not in", "contains"}


class ParseError(Exception):
    def __init__(self, offset: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message
        self.hint = hint


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # number | string | name | op | keyword | end
    text: str
    offset: int


@dataclass(frozen=True, slots=True)
class Node:
    """``kind``: literal | field | list | not | and | or | compare."""

    kind: str
    offset: int
    value: Any = None
    children: tuple[Node, ...] = ()


def tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(source):
        m = _TOKEN.match(source, pos)
        if m is None or m.end() == pos:
            break
        pos = m.end()
        kind = m.lastgroup or "bad"
        text = m.group(kind)
        start = m.start(kind)
        if kind == "bad":
            hint = "use 'and', 'or', 'not'" if text in "&|!" else 'quote text with "..."'
            raise ParseError(start, f"unexpected character '{text}'", hint)
        if kind == "name" and text in KEYWORDS:
            kind = "keyword"
        tokens.append(Token(kind, text, start))
    tokens.append(Token("end", "", len(source.rstrip())))
    return tokens


class Parser:
    def __init__(self, source: str) -> None:
        self.tokens = tokenize(source)
        self.i = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        t = self.tokens[self.i]
        self.i += 1
        return t

    def at(self, *texts: str) -> bool:
        return self.tok.kind in {"op", "keyword"} and self.tok.text in texts

    def parse(self) -> Node:
        if self.tok.kind == "end":
            raise ParseError(0, "the condition is empty", "write e.g. score.harassment >= 0.5")
        node = self.or_()
        if self.tok.kind != "end":
            raise ParseError(
                self.tok.offset,
                f"unexpected '{self.tok.text}' after a complete condition",
                "join conditions with 'and' / 'or'",
            )
        return node

    def or_(self) -> Node:
        node = self.and_()
        while self.at("or"):
            t = self.take()
            node = Node("or", t.offset, None, (node, self.and_()))
        return node

    def and_(self) -> Node:
        node = self.not_()
        while self.at("and"):
            t = self.take()
            node = Node("and", t.offset, None, (node, self.not_()))
        return node

    def not_(self) -> Node:
        if self.at("not"):
            t = self.take()
            return Node("not", t.offset, None, (self.not_(),))
        return self.compare()

    def compare(self) -> Node:
        left = self.operand()
        op: str | None = None
        if self.at("==", "!=", "<", "<=", ">", ">=", "in", "contains"):
            op = self.take().text
        elif self.at("not") and self.tokens[self.i + 1].text == "in":
            self.take()
            self.take()
            op = "not in"
        if op is None:
            return left
        right = self.operand()
        return Node("compare", left.offset, op, (left, right))

    def operand(self) -> Node:
        t = self.tok
        if t.kind == "number":
            self.take()
            return Node("literal", t.offset, float(t.text) if "." in t.text else int(t.text))
        if t.kind == "string":
            self.take()
            return Node("literal", t.offset, _unquote(t.text))
        if t.kind == "keyword" and t.text in {"true", "false", "null"}:
            self.take()
            return Node("literal", t.offset, {"true": True, "false": False, "null": None}[t.text])
        if t.kind == "name":
            self.take()
            return Node("field", t.offset, t.text)
        if self.at("("):
            self.take()
            inner = self.or_()
            if not self.at(")"):
                raise ParseError(self.tok.offset, "missing ')'", "close every '(' you open")
            self.take()
            return inner
        if self.at("["):
            return self.list_()
        if t.kind == "end":
            raise ParseError(t.offset, "the condition ends too early", "complete the comparison")
        raise ParseError(t.offset, f"unexpected '{t.text}'", "expected a field, number or text")

    def list_(self) -> Node:
        start = self.take()
        items: list[Node] = []
        while not self.at("]"):
            item = self.operand()
            if item.kind != "literal":
                raise ParseError(item.offset, "a list may hold only numbers and text", "")
            items.append(item)
            if self.at(","):
                self.take()
            elif not self.at("]"):
                raise ParseError(self.tok.offset, "expected ',' or ']' in a list", "")
        self.take()
        return Node("list", start.offset, tuple(i.value for i in items), tuple(items))


def _unquote(text: str) -> str:
    body = text[1:-1]
    return re.sub(r"\\(.)", r"\1", body)


def parse(source: str) -> Node:
    return Parser(source).parse()
