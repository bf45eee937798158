"""Decisions not to share: sealed, signed rows, only ever added.

A row says in the clear only on which case, which agency decided, under
which of its data keys, who and when; what was considered, with whom and
why not are ciphertext under that agency's key (security/no_share_sealing.py),
and the decider's signature covers the row (services/case/no_share.py).
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base
from .types import intpk, utc


class NoShareDecision(Base):
    __tablename__ = "no_share_decisions"
    id: Mapped[intpk]
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    data_key_id: Mapped[int] = mapped_column(ForeignKey("data_keys.id"))
    nonce: Mapped[bytes] = mapped_column(LargeBinary)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[utc]
    signature: Mapped[bytes] = mapped_column(LargeBinary)
