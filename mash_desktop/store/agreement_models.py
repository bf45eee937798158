"""The register of partner agencies' information-sharing agreements.

The table only grows: a review is a new row with the agency's next
``version``. Every row is signed by whoever recorded it, a member of hub
management (services/admin/agreements.py), and checked whenever it is read;
on PostgreSQL only the hub's own role inserts one, and none is ever changed
or deleted.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, LargeBinary, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base
from .types import intpk, name, utc, utcnow


class SharingAgreement(Base):
    """One version of a partner's information-sharing agreement."""

    __tablename__ = "sharing_agreements"
    __table_args__ = (UniqueConstraint("agency_id", "version"),)
    id: Mapped[intpk]
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    version: Mapped[int]
    signed_on: Mapped[dt.date] = mapped_column(Date)
    review_due: Mapped[dt.date] = mapped_column(Date)
    scope: Mapped[str] = mapped_column(Text)
    document_reference: Mapped[name]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[utc] = mapped_column(default=utcnow)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
