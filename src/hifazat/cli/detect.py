"""``hifazat detect --input FILE --output FILE``: CSV or JSONL in, one JSON line per row out."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import orjson
import typer

from hifazat.cli import app
from hifazat.domain.textcheck import text_problem
from hifazat.logging_config import configure_logging
from hifazat.settings import Settings

BATCH = 2000


@dataclass(frozen=True)
class Row:
    line: int
    id: Any
    text: str


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str


def _sniff(path: str, head: str) -> str:
    lower = path.lower()
    if lower.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if lower.endswith(".csv"):
        return "csv"
    return "jsonl" if head.lstrip().startswith("{") else "csv"


def read_jsonl(stream: IO[str], max_chars: int) -> Iterator[Row | BadRow]:
    for line_no, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            yield BadRow(line_no, f"not valid JSON ({exc})")
            continue
        if not isinstance(obj, dict):
            yield BadRow(line_no, "expected a JSON object with a 'text' field")
            continue
        yield _row(line_no, obj.get("id"), obj.get("text", _MISSING), max_chars)


_MISSING = object()


def _row(line: int, row_id: Any, text: Any, max_chars: int) -> Row | BadRow:
    if text is _MISSING or text is None:
        return BadRow(line, "missing 'text'")
    if not isinstance(text, str):
        return BadRow(line, f"'text' must be a string, not {type(text).__name__}")
    if row_id is not None and not isinstance(row_id, str | int):
        return BadRow(line, "'id' must be a string or a number")
    problem = text_problem(text, max_chars)
    if problem:
        return BadRow(line, problem)
    return Row(line, row_id, text)


def read_csv(stream: IO[str], max_chars: int) -> Iterator[Row | BadRow]:
    reader = csv.DictReader(stream)
    if reader.fieldnames is None or "text" not in reader.fieldnames:
        yield BadRow(1, "the CSV header must have a 'text' column")
        return
    start = reader.line_num + 1
    for record in reader:
        if None in record:
            yield BadRow(start, "more fields than the header has")
        elif record.get("text") is None:
            yield BadRow(start, "fewer fields than the header has")
        else:
            yield _row(start, record.get("id") or None, record["text"], max_chars)
        start = reader.line_num + 1


def _open_in(path: str) -> IO[str]:
    """Invalid UTF-8 becomes lone surrogates, which the row check reports by line."""
    if path == "-":
        data = sys.stdin.buffer.read().decode("utf-8", errors="surrogateescape")
        return io.StringIO(data, newline="")
    return open(path, encoding="utf-8", errors="surrogateescape", newline="")


@app.command()
def detect(
    input: str = typer.Option(
        ..., "--input", "-i", help="CSV (header with 'text', optional 'id') or JSONL; - for stdin"
    ),
    output: str = typer.Option("-", "--output", "-o", help="JSONL file; - for stdout"),
    fmt: str = typer.Option("auto", "--format", help="auto, csv or jsonl"),
) -> None:
    """Detect abuse in every row; bad rows are reported with their line number and skipped."""
    from hifazat.domain.detection.engine import default_detector

    s = Settings()
    configure_logging(s.log_level)
    thresholds = s.threshold_map()
    if input != "-" and not Path(input).is_file():
        typer.echo(f"error: no such file: {input}", err=True)
        raise typer.Exit(2)
    detector = default_detector()
    failed = 0
    written = 0
    with _open_in(input) as src:
        kind = fmt if fmt != "auto" else _sniff(input, src.read(1))
        src.seek(0)
        if kind not in {"csv", "jsonl"}:
            typer.echo(f"error: unknown format {kind!r}", err=True)
            raise typer.Exit(2)
        rows = (
            read_csv(src, s.max_text_chars) if kind == "csv" else read_jsonl(src, s.max_text_chars)
        )
        out: IO[bytes] = sys.stdout.buffer if output == "-" else open(output, "wb")  # noqa: SIM115
        try:
            batch: list[Row] = []
            for item in rows:
                if isinstance(item, BadRow):
                    failed += 1
                    typer.echo(f"{input}:{item.line}: {item.reason}", err=True)
                    continue
                batch.append(item)
                if len(batch) >= BATCH:
                    written += _flush(batch, detector, thresholds, out)
                    batch = []
            written += _flush(batch, detector, thresholds, out)
        finally:
            if out is not sys.stdout.buffer:
                out.close()
            else:
                out.flush()
    typer.echo(f"{written} rows written, {failed} rows failed", err=True)
    if failed:
        raise typer.Exit(1)


def _flush(batch: list[Row], detector: Any, thresholds: Any, out: IO[bytes]) -> int:
    if not batch:
        return 0
    signals = detector.detect_batch([r.text for r in batch])
    lines = [
        orjson.dumps({"id": r.id, **sig.as_dict(thresholds)})
        for r, sig in zip(batch, signals, strict=True)
    ]
    out.write(b"\n".join(lines) + b"\n")
    return len(lines)
