"""The acknowledgement and Operation Encompass clocks in words, one wording
for the case workspace and the documents (never colour alone)."""

from __future__ import annotations

import datetime as dt

from ..domain.case_record import CaseRecord
from .wording import local

ALTERED = " (altered outside the hub: do not rely on it)"


def acknowledgement_text(case: CaseRecord, now: dt.datetime) -> str | None:
    """"Acknowledgement due …", "… sent …" or "… overdue …"; None when none is expected."""
    ack = case.acknowledgement
    if ack is None:
        return None
    if ack.sent_at is not None:
        late = "" if ack.in_time() else f", after it was due {local(ack.due_at)}"
        how = f" by {ack.how.label.lower()}" if ack.how else ""
        return f"Acknowledgement sent{how} {local(ack.sent_at)}{late}{'' if ack.verified else ALTERED}"
    if ack.overdue(now):
        return f"Acknowledgement overdue: it was due {local(ack.due_at)}"
    return f"Acknowledgement due {local(ack.due_at)}"


def encompass_text(case: CaseRecord, now: dt.datetime) -> str | None:
    """The Encompass clock in words; None for a contact that is not a notification."""
    notice = case.encompass
    if notice is None:
        return None
    school = notice.school or "the school (none recorded)"
    if notice.informed_at is not None:
        late = "" if notice.in_time() else f", after the school day began {local(notice.due_at)}"
        return (f"Operation Encompass: {school} told {local(notice.informed_at)}{late}"
                f"{'' if notice.verified else ALTERED}")
    if notice.overdue(now):
        return f"Operation Encompass overdue: {school} was to be told by {local(notice.due_at)}"
    return f"Operation Encompass: tell {school} by {local(notice.due_at)}"
