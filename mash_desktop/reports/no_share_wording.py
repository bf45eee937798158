"""The sharing record's decisions not to share, and its count of what the reader may not see.

Only the reader's own agency's decisions reach a :class:`CaseRecord`, so only
they are printed; of the disclosures the reader may not see or read, the
record says how many there are and nothing else.
"""

from __future__ import annotations

from ..domain.case_record import CaseRecord
from ..domain.no_share import HUB, NoShareEntry, unseen_words
from .content import Block, Fields, Heading, Text
from .wording import both

ALTERED = ("Altered outside the hub: this record does not carry a valid signature of the person named as making "
           "it, or could not be opened; what it says is not shown. Tell the hub administrator.")


def unseen_blocks(case: CaseRecord) -> list[Block]:
    """A line saying how many disclosures on the case are not shown to the reader (none if there are none)."""
    words = unseen_words(case.unseen_disclosures)
    return [Text(words, "muted")] if words else []


def _fields(item: NoShareEntry) -> Fields:
    if item.altered:
        return Fields((("Decided", both(item.decided_at)), ("Decided by", item.decided_by or "—"),
                       ("Record", ALTERED)))
    return Fields((
        ("Decided", both(item.decided_at)),
        ("Decided by", item.decided_by or "—"),
        ("Considered sharing with", item.with_whom),
        ("What was considered", item.considered or "—"),
        ("Why it was not shared", item.why_not or "—"),
    ))


def no_share_blocks(case: CaseRecord, agency_name: str) -> list[Block]:
    """The section "Decisions not to share": the reader's agency's, oldest first."""
    blocks: list[Block] = [
        Heading(f"Decisions not to share ({len(case.not_to_share)})"),
        Text(f"Where {agency_name} considered sharing information on this referral and decided not to, what was "
             "considered, with whom, why not, by whom and when. Other agencies' decisions are theirs to record "
             "and are not shown.", "muted"),
    ]
    if not case.not_to_share:
        blocks.append(Text(f"{agency_name} has recorded no decision not to share on this referral."))
    total = len(case.not_to_share)
    for n, item in enumerate(case.not_to_share, start=1):
        title = f"Decision {n} of {total}"
        if not item.altered:
            title += f": not shared with {'the whole hub' if item.to == HUB else item.with_whom}"
        blocks += [Heading(title, 2), _fields(item)]
    return blocks
