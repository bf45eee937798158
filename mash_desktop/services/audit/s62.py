"""The DPA 2018 s62 operation an audit event records, for the s62 log.

Section 62 asks a controller processing for law-enforcement purposes to log
collection, alteration, consultation, disclosure, combination and erasure.
Each event of the trail is one of them, or none (signing in, keys, the
hub's own settings). Combination is the hub joining records about a person:
a contact linked to a person already known, at intake (an exact match) or by
the screening supervisor. Erasure is a case's disposal.
"""

from __future__ import annotations

import json

COLLECTION, ALTERATION, CONSULTATION = "collection", "alteration", "consultation"
DISCLOSURE, COMBINATION, ERASURE = "disclosure", "combination", "erasure"

_BY_ACTION: dict[str, str] = {
    "referral.add": COLLECTION, "referral.import": COLLECTION, "consultation.record": COLLECTION,
    "consultation.convert": COLLECTION, "panel.write": COLLECTION, "warning.add": COLLECTION,
    "strategy.record": COLLECTION, "sharing.decline": COLLECTION,
    "referral.screen": ALTERATION, "research.request": ALTERATION, "research.status": ALTERATION,
    "decision.record": ALTERATION, "chronology.edit": ALTERATION, "chronology.finish": ALTERATION,
    "strategy.action_done": ALTERATION, "strategy.icpc": ALTERATION, "warning.change": ALTERATION,
    "warning.end": ALTERATION, "disclosure.withdraw": ALTERATION,
    "case.view": CONSULTATION, "case.people": CONSULTATION, "chronology.view": CONSULTATION,
    "chronology.versions": CONSULTATION, "disclosure.read": CONSULTATION, "panel.read": CONSULTATION,
    "person.search": CONSULTATION, "warning.read": CONSULTATION, "warning.list": CONSULTATION,
    "sharing.decline_read": CONSULTATION, "subject_access.gather": CONSULTATION,
    "disclosure.make": DISCLOSURE, "disclosure.authorise": DISCLOSURE, "document.produce": DISCLOSURE,
    "person.link": COMBINATION,
    "disposal.erase": ERASURE,
}


def operation(action: str, detail: str | None) -> str:
    """The s62 operation of an event (empty: none); a contact taken in with a
    person already known is a collection and a combination."""
    found = _BY_ACTION.get(action, "")
    if found == COLLECTION and action == "referral.add" and detail:
        try:
            linked = bool(json.loads(detail).get("exact_people"))
        except (ValueError, AttributeError):
            linked = False
        if linked:
            return f"{COLLECTION}; {COMBINATION}"
    if not found and action.startswith(("referral.", "allocation.")):
        return ALTERATION
    return found
