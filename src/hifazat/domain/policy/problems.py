"""Problems found in a guideline, rule or controls file: located, explained, with a hint. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    line: int
    column: int
    message: str
    hint: str = ""
    file: str = "<input>"

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
        }


def at(node: yaml.Node | None, file: str, message: str, hint: str = "") -> Problem:
    """A problem located at a YAML node (1-based line and column)."""
    if node is None:
        return Problem(1, 1, message, hint, file)
    mark = node.start_mark
    return Problem(mark.line + 1, mark.column + 1, message, hint, file)


def compose(text: str, file: str) -> tuple[yaml.Node | None, list[Problem]]:
    """Parse YAML into nodes (which keep their positions); a syntax error becomes a problem."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [
            Problem(
                line,
                col,
                f"not valid YAML: {exc.problem}",
                "check indentation and quoting",
                file,
            )
        ]


def mapping_items(node: yaml.Node) -> list[tuple[str, yaml.Node, yaml.Node]]:
    """(key, key node, value node) for a mapping node."""
    assert isinstance(node, yaml.MappingNode)
    return [(str(k.value), k, v) for k, v in node.value]


def value(node: yaml.Node) -> Any:
    """The Python value of a node (scalars, lists, mappings), as ``yaml.safe_load`` gives it."""
    return yaml.SafeLoader("").construct_object(node, deep=True)


def closest(word: str, options: list[str]) -> str:
    """A 'did you mean' suffix, or a list of what is allowed."""
    import difflib

    near = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if near:
        return f"did you mean '{near[0]}'?"
    shown = ", ".join(options[:12])
    return f"expected one of: {shown}" + (", ..." if len(options) > 12 else "")
