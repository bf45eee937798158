"""Warnings on people: signed, sealed records, only ever added.

Adding, changing and ending a warning each add one row. A row says in the
clear only which agency wrote it, under which data key, who wrote it and
their signature; the person (a keyed tag), the kind, the reason, the dates
and what was done are ciphertext (security/warning_sealing.py).
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base
from .types import intpk


class PersonWarningRecord(Base):
    __tablename__ = "person_warnings"
    id: Mapped[intpk]
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    data_key_id: Mapped[int] = mapped_column(ForeignKey("data_keys.id"))
    person_tag: Mapped[bytes] = mapped_column(LargeBinary(32), index=True)
    nonce: Mapped[bytes] = mapped_column(LargeBinary)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    signature: Mapped[bytes] = mapped_column(LargeBinary)
