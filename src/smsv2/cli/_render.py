"""Printing results: a rich table for people, JSON with stable snake_case keys for scripts."""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone
from decimal import Decimal
from typing import cast

from pydantic import BaseModel
from rich.table import Table

from smsv2.cli._settings import SETTINGS

#: A column: its header and the attribute (or mapping key) it shows.
Column = tuple[str, str]


def as_json_value(row: BaseModel | Mapping[str, object]) -> object:
    """A row as plain JSON data: a model's snake_case fields, unset ones left out."""
    if isinstance(row, BaseModel):
        return row.model_dump(mode="json", by_alias=False, exclude_none=True)
    return {key: _plain(value) for key, value in row.items()}


def iso_time(value: datetime) -> str:
    """ISO 8601 with the zone, in UTC (a time without a zone is taken as local time)."""
    return value.astimezone(timezone.utc).isoformat(timespec="seconds")


def _plain(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return iso_time(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, BaseModel):
        return as_json_value(value)
    return value


def _cell(value: object) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(_plain(v)) for v in cast("list[object]", value))
    return str(value)


def _get(row: BaseModel | Mapping[str, object], name: str) -> object:
    if isinstance(row, Mapping):
        return row.get(name)
    return getattr(row, name, None)


def print_json(data: object) -> None:
    """Print JSON data (keys sorted), through the `--query` expression when one was given."""
    if SETTINGS.query is not None:
        data = SETTINGS.query.search(data)
    print(json.dumps(data, indent=2, sort_keys=True))


def show_rows(
    rows: Iterable[BaseModel | Mapping[str, object]],
    columns: Sequence[Column],
    *,
    title: str | None = None,
) -> int:
    """Print `rows` in the chosen output format; return how many there were."""
    listed = list(rows)
    if SETTINGS.wants_json:
        print_json([as_json_value(r) for r in listed])
        return len(listed)
    table = Table(title=title)
    for header, _ in columns:
        table.add_column(header, overflow="fold")
    for row in listed:
        table.add_row(*(_cell(_get(row, name)) for _, name in columns))
    SETTINGS.console.print(table)
    return len(listed)


def show_one(row: BaseModel | Mapping[str, object], columns: Sequence[Column]) -> None:
    """Print one result: a two-column table, or one JSON object."""
    if SETTINGS.wants_json:
        print_json(as_json_value(row))
        return
    table = Table(show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value")
    for header, name in columns:
        table.add_row(header, _cell(_get(row, name)))
    SETTINGS.console.print(table)
