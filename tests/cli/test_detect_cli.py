"""``hifazat detect`` as DESIGN.md specifies: CSV or JSONL in, one JSON line per good row out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

KEYS = {"id", "language", "abusive", "score", "categories", "labels", "evidence"}


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "hifazat", *args],
        input=stdin,
        capture_output=True,
        timeout=120,
        check=False,
    )


def test_csv_in_jsonl_out(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text(
        'id,text\n1,"Lovely video, thanks!"\n2,tu kutta hai\n3,"line one\nline two"\n', "utf-8"
    )
    out = tmp_path / "out.jsonl"
    done = run("detect", "--input", str(src), "--output", str(out))
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["1", "2", "3"]
    assert all(set(r) == KEYS for r in rows)
    assert rows[0]["abusive"] is False
    assert rows[1]["abusive"] is True
    assert rows[1]["evidence"], "a positive carries evidence"


def test_jsonl_stdin_stdout_with_bad_rows(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": "shukriya"}),
        "{not json",
        json.dumps({"id": "b"}),
        json.dumps({"id": "c", "text": 5}),
        json.dumps({"id": "d", "text": "a\u0000b"}),
        "",
        json.dumps({"id": "e", "text": "تم کتے ہو"}),
    ]
    done = run("detect", "--input", "-", "--output", "-", stdin="\n".join(lines).encode())
    assert done.returncode == 1
    out = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [r["id"] for r in out] == ["a", "e"]
    err = done.stderr.decode()
    for line_no in (2, 3, 4, 5):
        assert f"-:{line_no}:" in err
    assert "2 rows written, 4 rows failed" in err


def test_csv_without_text_column_fails_clearly(tmp_path: Path) -> None:
    src = tmp_path / "bad.csv"
    src.write_text("id,body\n1,hello\n", "utf-8")
    done = run("detect", "--input", str(src), "--output", str(tmp_path / "o.jsonl"))
    assert done.returncode == 1
    assert "'text' column" in done.stderr.decode()
    assert "Traceback" not in done.stderr.decode()


def test_invalid_utf8_row_is_reported_not_fatal(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(
        b'{"id": 1, "text": "ok"}\n{"id": 2, "text": "\xff\xfe"}\n{"id": 3, "text": "fine"}\n'
    )
    done = run("detect", "--input", str(src), "--output", "-")
    assert done.returncode == 1
    assert [json.loads(x)["id"] for x in done.stdout.decode().splitlines()] == [1, 3]
    assert ":2:" in done.stderr.decode()


@pytest.mark.parametrize("name", ["missing.csv"])
def test_missing_input_file(tmp_path: Path, name: str) -> None:
    done = run("detect", "--input", str(tmp_path / name))
    assert done.returncode == 2
    assert "no such file" in done.stderr.decode()
