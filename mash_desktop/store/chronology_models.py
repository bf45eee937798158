"""Curated chronology entries and the finishing of a person's chronology.

Both tables only grow: an edit of an entry is a new row with the same
``first_id`` and the next ``version``; reopening a finished chronology is a
new row too. Every row carries its writer's signature
(services/people/chronology.py), checked whenever it is read. Entries are
hub-level case text, read by casework staff who may open a case about the
person, as a contact's concerns are.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import Date, ForeignKey, LargeBinary, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base
from .types import code, intpk, name, utc, utcnow


class ChronologyEntry(Base):
    """One version of a curated entry in a person's chronology."""

    __tablename__ = "chronology_entries"
    __table_args__ = (UniqueConstraint("first_id", "version"),)
    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    #: The entry's first version (None: this is it); every later version names it.
    first_id: Mapped[Optional[int]] = mapped_column(ForeignKey("chronology_entries.id"), index=True)
    version: Mapped[int] = mapped_column(default=1)
    happened_on: Mapped[dt.date] = mapped_column(Date)
    category: Mapped[code]
    source: Mapped[name]
    significance: Mapped[code]
    analysis: Mapped[str] = mapped_column(Text)
    written_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    written_at: Mapped[utc] = mapped_column(default=utcnow)
    signature: Mapped[Optional[bytes]] = mapped_column(LargeBinary)


class ChronologyFinish(Base):
    """A person's chronology marked finished, or reopened with the reason."""

    __tablename__ = "chronology_finishes"
    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    finished: Mapped[bool]
    reason: Mapped[Optional[str]] = mapped_column(Text)
    by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[utc] = mapped_column(default=utcnow)
    signature: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
