"""Batches and the database: many rows into one table in one statement, inside the caller's
transaction (:func:`insert_rows`), and many values looked up in one (:func:`any_of`).

On PostgreSQL: ``COPY … FROM STDIN`` (new ids, when asked for, drawn from the table's sequence
in one query first), about three times less client CPU per row than a multi-row INSERT and no
giant statement for the server to parse. Elsewhere (SQLite): one Core ``INSERT`` with the
list of rows (``insertmanyvalues``, ``RETURNING`` the ids in order). Values go through each
column type's bind processor either way (JSON as its text, on PostgreSQL), so they are stored
as an ORM insert would store them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

import orjson
from sqlalchemy import ColumnElement, Dialect, Table, any_, bindparam, insert, text
from sqlalchemy import types as sqltypes
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import QueryableAttribute, Session
from sqlalchemy.types import TypeEngine


def table_of(entity: type[Any]) -> Table:
    """The Core table of an ORM class: one bulk insert per batch, whatever columns are NULL (the
    ORM bulk path splits a batch into one statement per distinct set of non-NULL columns)."""
    table: Table = entity.__table__
    return table


def any_of(
    s: Session, column: QueryableAttribute[Any] | ColumnElement[Any], values: Iterable[Any]
) -> ColumnElement[bool]:
    """``column IN (values)``; on PostgreSQL ``column = ANY(:values)``, one array parameter.

    An ``IN`` list has one placeholder per value, so the SQL is rendered again for every batch
    (a new text for each length) and parsed again by the driver and the server: with a batch's
    200 event ids that is about three quarters of the client CPU of the query. ``ANY`` keeps
    one text for every batch, which the driver also prepares on the server once it recurs."""
    wanted = list(values)
    if s.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, wanted, type_=ARRAY(column.type)))
    return column.in_(wanted)


def insert_rows(
    s: Session, table: Table, rows: Sequence[dict[str, Any]], *, returning_ids: bool = False
) -> list[int]:
    """Insert ``rows`` (all with the same keys); their new ``id`` values in order when
    ``returning_ids`` (an empty list otherwise)."""
    if not rows:
        return []
    conn = s.connection()
    if conn.dialect.name != "postgresql":
        if not returning_ids:
            conn.execute(insert(table), list(rows))
            return []
        stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return [int(i) for i in conn.execute(stmt, list(rows)).scalars()]
    ids: list[int] = []
    columns = list(rows[0])
    # What a Core INSERT would add for a missing column: its (scalar) Python-side default.
    defaults = {
        c.name: cast(Any, c.default).arg
        for c in table.columns
        if c.name not in columns and c.default is not None and c.default.is_scalar
    }
    if returning_ids:
        ids = [
            int(i)
            for i in conn.execute(
                text(
                    "SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"
                ),
                {"t": table.name, "n": len(rows)},
            ).scalars()
        ]
    names = [*columns, *defaults, *(["id"] if returning_ids else [])]
    dialect = conn.dialect
    # Only the columns whose type converts its values (JSON, timestamps) are visited per row.
    converting = [
        (i, proc)
        for i, name in enumerate(names)
        if (proc := _copy_processor(table.c[name].type.dialect_impl(dialect), dialect))
    ]
    fixed = list(defaults.values())
    raw: Any = conn.connection.driver_connection
    quoted = ", ".join(f'"{name}"' for name in names)
    with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
        for n, row in enumerate(rows):
            values = [row[c] for c in columns]
            values += fixed
            if returning_ids:
                values.append(ids[n])
            for i, proc in converting:
                if values[i] is not None:
                    values[i] = proc(values[i])
            copy.write_row(values)
    return ids


def _json_text(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode("utf-8")


def _copy_processor(impl: TypeEngine[Any], dialect: Dialect) -> Callable[[Any], Any] | None:
    """How a value of this column type is written in a COPY row: JSON as its text (orjson:
    several times faster than the standard library, and JSONB stores the same value either
    way), anything else through the type's own bind processor."""
    if isinstance(impl, sqltypes.JSON):
        return _json_text
    return impl.bind_processor(dialect)
