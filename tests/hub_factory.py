"""A small hub with accounts and keys, built through the real services."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from mash_desktop.domain.agreements import AgreementTerms
from mash_desktop.domain.codes import AgencyKind, Role
from mash_desktop.security.accounts import SignedIn, sign_in
from mash_desktop.security.crypto import ASVS_MINIMUM
from mash_desktop.services.admin import users
from mash_desktop.services.admin.agreements import hub_today
from mash_desktop.services.enrolment.hub_setup import AgencyKit, create_partner, init_hub
from mash_desktop.services.intake.referrals import add_referral
from mash_desktop.store.database import Database

PASSWORD = "Larch-Close-Kettle-42"
EXAMPLE = json.loads((Path(__file__).parents[1] / "resources" / "examples" / "referral.json").read_text())


def agreement(code: str = "EDU", today: dt.date | None = None) -> AgreementTerms:
    """A partner's current information-sharing agreement: signed a month ago, reviewed in a year."""
    today = today or hub_today()
    return AgreementTerms(today - dt.timedelta(days=30), today + dt.timedelta(days=365),
                          "Safeguarding information about children and adults at risk, shared through the hub",
                          f"ISA-{code}-1")


@dataclass(frozen=True)
class Creds:
    agency_code: str
    workstation_name: str
    secret: bytes
    roots: object = None


@dataclass
class Hub:
    db: Database
    kits: dict[str, AgencyKit] = field(default_factory=dict)

    def creds(self, agency: str) -> Creds:
        kit = self.kits[agency]
        return Creds(agency, f"ws-{agency.lower()}", kit.workstation_secret, kit.roots)

    def sign_in(self, username: str, password: str = PASSWORD) -> SignedIn:
        agency = users.list_users(self.db)
        code = next(u.agency for u in agency if u.username == username)
        return sign_in(self.db, self.creds(code), username, password)


def build(db: Database, agencies=("CSC", "POL", "HLT")) -> Hub:
    """Hub admin; per agency a lead, an officer (confirmed) and a newcomer
    (not confirmed); one referral MASH-2026-000001."""
    hub = Hub(db)
    hub.kits["HUB"] = init_hub(db, "hub.admin", "Hub Admin", PASSWORD, workstation="ws-hub", params=ASVS_MINIMUM)
    admin = hub.sign_in("hub.admin")
    kinds = {"CSC": AgencyKind.CHILDRENS_SOCIAL_CARE, "POL": AgencyKind.POLICE, "HLT": AgencyKind.HEALTH}
    for code in agencies:
        low = code.lower()
        hub.kits[code] = create_partner(db, admin, code, f"{code} agency", kinds.get(code, AgencyKind.OTHER), 5,
                                        lead=f"{low}.lead", lead_name=f"{code} Lead", lead_password=PASSWORD,
                                        agreement=agreement(code), params=ASVS_MINIMUM)
        lead = hub.sign_in(f"{low}.lead")
        users.add_account(db, lead, f"{low}.officer", f"{code} Officer", [Role.OFFICER], PASSWORD, ASVS_MINIMUM)
        users.add_account(db, lead, f"{low}.new", f"{code} Newcomer", [Role.OFFICER], PASSWORD, ASVS_MINIMUM)
        users.confirm_member(db, lead, f"{low}.officer")
    add_referral(db, hub.sign_in("csc.officer").actor, EXAMPLE | {"referrer": EXAMPLE["referrer"] | {"agency": None}})
    return hub
