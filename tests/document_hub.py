"""A decided case with panels and disclosures of every kind, for document tests.

Each piece of text carries a marker, so a test can say exactly which reader
may find it in a document and which may not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from mash_desktop.domain.codes import (ConsentPosition, HandlingCode, LawfulBasis, Outcome, Rag, ResearchStatus,
                                       Role, StatutoryGateway)
from mash_desktop.domain.lawful_basis import Article6, Article9, DataKind, LawfulGround
from mash_desktop.security.accounts import SignedIn
from mash_desktop.security.crypto import ASVS_MINIMUM
from mash_desktop.services.case import allocation, casework, disclosures, panels
from mash_desktop.services.admin import users
from mash_desktop.services.case.disclosures import DisclosureRequest
from mash_desktop.store.database import Database

from . import hub_factory
from .conftest import BuiltTemplates, _fresh_url

REF = "MASH-2026-000001"
SERVICE = "Family Support Team (Early Help)"
#: marker -> (text, who may read it)
TEXTS = {
    "POL-PANEL": "POL-PANEL-SECRET: intelligence graded B2, not for sharing.",
    "HLT-PANEL": "HLT-PANEL-SECRET: GP notes on the mother's health.",
    "CSC-PANEL": "CSC-PANEL-TEXT: known to CSC 2019, child in need plan closed 2020.",
    "POL-TO-HUB": "POL-TO-HUB: officers attended 14 Larch Close on 3 June after shouting was reported.",
    "POL-TO-HLT": "POL-TO-HLT-ONLY: the partner is on licence; health visitor to take care on visits.",
    "POL-PENDING": "POL-PENDING: unauthorised, must not be read by anyone outside POL.",
    "POL-AUTHORISED": "POL-AUTHORISED: two callouts in May, both domestic, no charges.",
    "HLT-TO-CSC": "HLT-TO-CSC: Ruby missed two dental appointments and her immunisations.",
    "RATIONALE": "RATIONALE-PRIVATE: needs met at level 2 with a family support worker.",
}


@dataclass
class DocumentHub:
    db: Database
    hub: hub_factory.Hub
    staff: dict[str, SignedIn] = field(default_factory=dict)
    disclosure_ids: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, username: str) -> SignedIn:
        if username not in self.staff:
            self.staff[username] = self.hub.sign_in(username)
        return self.staff[username]


#: Health shares a missed-appointments history: Art 6(1)(e) with Art 9(2)(g) and Sch 1 para 18.
HEALTH_GROUND = LawfulGround(frozenset({DataKind.HEALTH}), Article6.E, Article9.G_SCH1_18)
CONSENT_FROM, CONSENT_COVERING = "Mother (Kerry)", "Mother and the unborn child"


def _disclose(h: DocumentHub, who: str, marker: str, to: str, basis: LawfulBasis | LawfulGround,
              consent: ConsentPosition, gateway: StatutoryGateway | None = None, reference: str = REF,
              text: str | None = None) -> int:
    reason = None if consent is ConsentPosition.GIVEN else "Asking would alert the partner and raise the risk."
    parts = isinstance(basis, LawfulGround)
    request = DisclosureRequest(to=to, basis=None if parts else basis, consent=consent, consent_reason=reason,
                                handling=HandlingCode.C, justification=f"Needed to assess risk ({marker}).",
                                text=text or TEXTS[marker], gateway=gateway, ground=basis if parts else None,
                                consent_from=CONSENT_FROM if parts else None,
                                consent_covering=CONSENT_COVERING if parts else None)
    return disclosures.disclose(h.db, h[who], reference, request)


def build(db: Database) -> DocumentHub:
    h = DocumentHub(db, hub_factory.build(db))
    users.add_account(db, h["csc.lead"], "csc.decision", "Dana Okafor", [Role.DECISION_MAKER],
                      hub_factory.PASSWORD, ASVS_MINIMUM)
    users.confirm_member(db, h["csc.lead"], "csc.decision")
    lead = h["csc.lead"].actor
    casework.run_step(db, lead, REF, casework.set_rag, Rag.AMBER, "Bruising seen; domestic abuse reported.")
    allocation.allocate_case(db, h["csc.lead"], REF, "csc.officer", allocation.allocation_state(db, REF).version)
    casework.run_step(db, lead, REF, casework.request_research, ["POL", "HLT"])
    panels.write_panel(db, h["pol.officer"], REF, TEXTS["POL-PANEL"], research=ResearchStatus.RETURNED)
    panels.write_panel(db, h["hlt.officer"], REF, TEXTS["HLT-PANEL"], research=ResearchStatus.RETURNED)
    panels.write_panel(db, h["csc.officer"], REF, TEXTS["CSC-PANEL"])
    given, refused = ConsentPosition.GIVEN, ConsentPosition.REFUSED
    h.disclosure_ids = {
        "POL-TO-HUB": _disclose(h, "pol.officer", "POL-TO-HUB", "hub", LawfulBasis.DPA_PART3_S35_SCH8_4, given,
                                StatutoryGateway.CDA1998_S115),
        "POL-TO-HLT": _disclose(h, "pol.officer", "POL-TO-HLT", "HLT", LawfulBasis.ART6_1E, given),
        "POL-PENDING": _disclose(h, "pol.officer", "POL-PENDING", "hub", LawfulBasis.ART6_1E,
                                 ConsentPosition.NOT_SOUGHT),
        "POL-AUTHORISED": _disclose(h, "pol.officer", "POL-AUTHORISED", "hub", LawfulBasis.ART6_1E, refused,
                                    StatutoryGateway.CA1989_S47),
        "HLT-TO-CSC": _disclose(h, "hlt.officer", "HLT-TO-CSC", "CSC", HEALTH_GROUND, given,
                                StatutoryGateway.CA2004_S11),
    }
    disclosures.authorise(db, h["pol.lead"], h.disclosure_ids["POL-AUTHORISED"])
    casework.run_step(db, lead, REF, casework.submit_for_decision)
    casework.run_step(db, h["csc.decision"].actor, REF, casework.decide, outcome=Outcome.EARLY_HELP, level=2,
                      rationale=TEXTS["RATIONALE"], next_steps="Allocate a family support worker.",
                      named_service=SERVICE)
    return h


def add_disclosures(h: DocumentHub, count: int, words: int, reference: str = REF) -> None:
    """Many long disclosures from POL to the hub, as a busy case collects."""
    sentence = "Officers attended after a neighbour reported shouting and a child crying at the address. "
    for n in range(count):
        _disclose(h, "pol.officer", f"BULK-{n:02d}", "hub", LawfulBasis.DPA_PART3_S35_SCH8_4,
                  ConsentPosition.GIVEN, StatutoryGateway.CDA1998_S115, reference,
                  text=f"BULK-{n:02d} " + sentence * (words // 14))


@pytest.fixture(scope="session")
def document_hub_templates(tmp_path_factory, request, templates):
    """The hub of :func:`build`, built once per run and backend: (template, (kits, disclosure ids))."""

    def made(db: Database) -> tuple[dict, dict[str, int]]:
        h = build(db)
        return h.hub.kits, h.disclosure_ids

    built = BuiltTemplates(request, tmp_path_factory, templates, "document_hub", made)
    yield built.get
    built.drop()


@pytest.fixture
def doc_hub(backend, request, tmp_path, document_hub_templates):
    """A fresh copy of the decided case of :func:`build` on the backend under test."""
    template, (kits, ids) = document_hub_templates(backend)
    db = Database(_fresh_url(backend, request, tmp_path, template))
    yield DocumentHub(db, hub_factory.Hub(db, dict(kits)), disclosure_ids=dict(ids))
    db.dispose()
