"""The document hub with an information-governance officer and more contacts about Ruby."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from mash_desktop.domain.codes import Role
from mash_desktop.security.crypto import ASVS_MINIMUM
from mash_desktop.services.admin import users
from mash_desktop.services.intake.referrals import add_referral
from mash_desktop.store.database import Database

from ... import document_hub, hub_factory
from ...conftest import BuiltTemplates, _fresh_url
from ...document_hub import DocumentHub

#: A second contact about Ruby (linked to her at intake), naming a neighbour and a new teacher.
SECOND_DETAILS = ("Ruby told Mrs Aoife Ní Bhriain that Dean's brother Craig Whitlock shouted at her. "
                  "Neighbour Siobhán Pike of 16 Larch Close heard it; Kerry said Craig left.")
#: A contact about someone else entirely.
OTHER_DETAILS = "Tommy Vance was seen alone at the park after dark."


def _second(db: Database, officer) -> str:
    payload = copy.deepcopy(hub_factory.EXAMPLE)
    payload["referrer"] = payload["referrer"] | {"agency": None, "name": "Aoife Ní Bhriain", "phone": "0115 496 0999",
                                                 "email": "a.nibhriain@hillside-primary.example.org"}
    payload["received_at"] = "2026-11-25T09:00:00+00:00"
    payload["household"] = payload["household"] + [
        {"given_name": "Siobhán", "family_name": "Pike", "date_of_birth": "1975-05-04", "relationship": "neighbour",
         "address": {"line1": "16 Larch Close", "line2": "Bestwood", "town": "Nottingham", "postcode": "NG5 9QU"}},
        {"given_name": "Craig", "family_name": "Whitlock", "date_of_birth": None, "relationship": "uncle",
         "address": None}]
    payload["concerns"] = {"categories": ["emotional"], "details": SECOND_DETAILS}
    return add_referral(db, officer.actor, payload)


def _other(db: Database, officer) -> str:
    payload = copy.deepcopy(hub_factory.EXAMPLE)
    payload["referrer"] = payload["referrer"] | {"agency": None}
    payload["subjects"] = [payload["subjects"][0] | {"given_name": "Tommy", "family_name": "Vance",
                                                     "date_of_birth": "2015-03-02"}]
    payload["household"] = []
    payload["concerns"] = {"categories": ["neglect"], "details": OTHER_DETAILS}
    return add_referral(db, officer.actor, payload)


def build(db: Database) -> tuple[DocumentHub, dict[str, str]]:
    h = document_hub.build(db)
    users.add_account(db, h["hub.admin"], "hub.ig", "Imogen Grant", [Role.IG_OFFICER], hub_factory.PASSWORD,
                      ASVS_MINIMUM)
    refs = {"first": document_hub.REF, "second": _second(db, h["csc.officer"]), "other": _other(db, h["csc.officer"])}
    return h, refs


@pytest.fixture(scope="session")
def sar_hub_templates(tmp_path_factory, request, templates):
    def made(db: Database):
        h, refs = build(db)
        return h.hub.kits, h.disclosure_ids, refs

    built = BuiltTemplates(request, tmp_path_factory, templates, "sar_hub", made)
    yield built.get
    built.drop()


@pytest.fixture
def sar_hub(backend, request, tmp_path, sar_hub_templates):
    template, (kits, ids, refs) = sar_hub_templates(backend)
    db = Database(_fresh_url(backend, request, tmp_path, template))
    h = DocumentHub(db, hub_factory.Hub(db, dict(kits)), disclosure_ids=dict(ids))
    h.refs = refs  # type: ignore[attr-defined]
    yield h
    db.dispose()


TODAY = dt.date(2026, 12, 1)
