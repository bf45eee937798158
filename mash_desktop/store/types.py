"""Column types shared by the models."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from sqlalchemy import DateTime, String, TypeDecorator
from sqlalchemy.orm import mapped_column


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC datetime on every backend.

    SQLite keeps no zone, so values are normalised to UTC on the way in and
    given the UTC zone on the way out; a naive value is a bug and refused.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        value = value.astimezone(dt.timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


intpk = Annotated[int, mapped_column(primary_key=True)]
code = Annotated[str, mapped_column(String(32))]
name = Annotated[str, mapped_column(String(200))]
short_text = Annotated[str, mapped_column(String(500))]
utc = Annotated[dt.datetime, mapped_column(UTCDateTime())]
