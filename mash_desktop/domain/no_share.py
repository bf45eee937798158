"""Decisions not to share: what the ICO's data sharing code asks to be recorded.

When an agency considers sharing something and decides not to, it records
what it considered sharing, with whom (the whole hub or one agency), why
not, who decided and when. The record is the deciding agency's own case
text: only its casework staff read it, and the sharing record lists it only
for them. Nothing here reads the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: How long each of the two texts may be.
TEXT_LIMIT = 4000
#: "Considered sharing with" the whole hub.
HUB = "hub"


@dataclass(frozen=True)
class NoShareEntry:
    """One decision not to share, as its own agency reads it."""

    id: int
    agency: str  # the deciding agency's code
    to: str | None  # "hub" or an agency code; None: the record did not open
    to_name: str | None
    considered: str | None  # None: altered outside the hub (never shown as fact)
    why_not: str | None
    decided_by: str | None
    decided_at: dt.datetime
    #: It did not open, or its signature does not hold: changed outside the hub.
    altered: bool = False

    @property
    def with_whom(self) -> str:
        """"The whole hub", "Police (POL)", or a dash when the record did not open."""
        if self.to is None:
            return "—"
        return "The whole hub" if self.to == HUB else f"{self.to_name or self.to} ({self.to})"


def unseen_words(count: int) -> str:
    """What the sharing record says of the disclosures on the case the reader may not see ("" for none)."""
    if count <= 0:
        return ""
    one = count == 1
    return (f"{count} further disclosure{'' if one else 's'} on this referral {'is' if one else 'are'} not shown "
            "to you: addressed to another agency, still waiting for a supervisor to authorise, or refused, "
            "returned or withdrawn.")
