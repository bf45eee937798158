"""Strategy discussions held on a case, who took part, and the actions agreed.

What was shared and the reasons are case text, stored as decisions' rationale
is (plain in the hub's tables, read by casework staff through the case); they
never reach the audit trail. The discussion is signed by whoever recorded it
(its attendees and actions as agreed included), an action marked done by
whoever marked it, and the date the initial child protection conference was
held by whoever recorded it (services/strategy/signing.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import Boolean, Date, ForeignKey, Integer, LargeBinary, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.strategy import S47Decision
from .models import Base, coded
from .types import intpk, name, utc, utcnow


class StrategyDiscussion(Base):
    __tablename__ = "strategy_discussions"
    id: Mapped[intpk]
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    convened_at: Mapped[utc]
    recorded_at: Mapped[utc] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    shared: Mapped[str] = mapped_column(Text)
    decision: Mapped[S47Decision] = mapped_column(coded(S47Decision))
    reasons: Mapped[str] = mapped_column(Text)
    icpc_due_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    signature: Mapped[Optional[bytes]] = mapped_column(LargeBinary)  # the recorder's
    #: When the initial child protection conference was held, recorded once, signed by who recorded it.
    icpc_held_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    icpc_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    icpc_signature: Mapped[Optional[bytes]] = mapped_column(LargeBinary)

    attendees: Mapped[list["StrategyAttendee"]] = relationship(order_by="StrategyAttendee.position")
    actions: Mapped[list["StrategyAction"]] = relationship(order_by="StrategyAction.position")


class StrategyAttendee(Base):
    __tablename__ = "strategy_attendees"
    id: Mapped[intpk]
    discussion_id: Mapped[int] = mapped_column(ForeignKey("strategy_discussions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[name]
    agency_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agencies.id"))
    role: Mapped[name]
    present: Mapped[bool] = mapped_column(Boolean)
    added_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class StrategyAction(Base):
    __tablename__ = "strategy_actions"
    id: Mapped[intpk]
    discussion_id: Mapped[int] = mapped_column(ForeignKey("strategy_discussions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    owner_user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    owner_agency_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agencies.id"))
    due_on: Mapped[dt.date] = mapped_column(Date, index=True)
    added_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    done_at: Mapped[Optional[utc]]
    done_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    done_signature: Mapped[Optional[bytes]] = mapped_column(LargeBinary)  # whoever marked it done
