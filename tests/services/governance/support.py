"""A small hub with an information-governance officer and a case closed long ago."""

from __future__ import annotations

import copy
import datetime as dt

from mash_desktop.domain.codes import Outcome, Rag, ResearchStatus, Role
from mash_desktop.security.crypto import ASVS_MINIMUM
from mash_desktop.services.admin import users
from mash_desktop.services.case import casework, decision, panels
from mash_desktop.services.intake import referrals, screening
from tests import hub_factory

#: Names that appear nowhere else in the hub, so a search for them is exact.
SUBJECT = ("Zephyrine", "Quillfeather")
MOTHER = ("Ottoline", "Brackenbury")
CONCERN = "Bruising noticed by Wystan Pellegrino"
REFERRER = "Ignatius Fairweather"
CLOSED_AT = dt.datetime(2016, 3, 1, 12, 0, tzinfo=dt.timezone.utc)


def payload() -> dict:
    made = copy.deepcopy(hub_factory.EXAMPLE)
    made["referrer"] |= {"agency": None, "name": REFERRER, "email": "i.fairweather@school.example.org"}
    made["subjects"][0] |= {"given_name": SUBJECT[0], "family_name": SUBJECT[1]}
    made["household"] = [made["household"][0] | {"given_name": MOTHER[0], "family_name": MOTHER[1]}]
    made["concerns"]["details"] = CONCERN
    return made


def with_officer(db) -> hub_factory.Hub:
    hub = hub_factory.build(db)
    admin = hub.sign_in("hub.admin")
    users.add_account(db, admin, "hub.ig", "Hub IG Officer", [Role.IG_OFFICER], hub_factory.PASSWORD, ASVS_MINIMUM)
    users.add_account(db, admin, "hub.auditor", "Hub Auditor", [Role.AUDITOR], hub_factory.PASSWORD, ASVS_MINIMUM)
    lead = hub.sign_in("csc.lead")
    users.add_account(db, lead, "csc.decision", "CSC Decision", [Role.DECISION_MAKER], hub_factory.PASSWORD,
                      ASVS_MINIMUM)
    users.confirm_member(db, lead, "csc.decision")
    return hub


def closed_case(hub: hub_factory.Hub, outcome: Outcome = Outcome.NO_FURTHER_ACTION,
                closed_at: dt.datetime = CLOSED_AT) -> str:
    """A case with a police panel, decided and closed at ``closed_at``; its reference."""
    db = hub.db
    reference = referrals.add_referral(db, hub.sign_in("csc.officer").actor, payload())
    lead = hub.sign_in("csc.lead")
    screening.screen(db, lead, reference, rag=Rag.AMBER, reason="first look", research=["POL"])
    panels.save_panel(db, hub.sign_in("pol.officer"), reference, "Known to police: Wystan Pellegrino.",
                      research=ResearchStatus.RETURNED)
    casework.run_step(db, lead.actor, reference, casework.submit_for_decision)
    decision.record_decision(db, hub.sign_in("csc.decision"), reference,
                             decision.DecisionInput(outcome, 1, "Rationale naming Zephyrine."))
    casework.run_step(db, lead.actor, reference, casework.close, now=closed_at)
    return reference
