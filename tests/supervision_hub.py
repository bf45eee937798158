"""A hub for supervision tests: CSC and POL from hub_factory, plus a second CSC
supervisor (csc.deputy) and a CSC decision maker (csc.decision), both confirmed.

Built once per run and backend, then copied for each test (``sup_hub``).
"""

from __future__ import annotations


import pytest

from mash_desktop.domain.codes import Role
from mash_desktop.security.crypto import ASVS_MINIMUM
from mash_desktop.services.admin import users
from mash_desktop.store.database import Database

from . import hub_factory
from .conftest import BuiltTemplates, _fresh_url
from .hub_factory import PASSWORD, Hub

REF = "MASH-2026-000001"


def build(db: Database) -> Hub:
    hub = hub_factory.build(db, agencies=("CSC", "POL"))
    lead = hub.sign_in("csc.lead")
    for username, name, role in (("csc.deputy", "CSC Deputy", Role.SUPERVISOR),
                                 ("csc.decision", "CSC Decision Maker", Role.DECISION_MAKER)):
        users.add_account(db, lead, username, name, [role], PASSWORD, ASVS_MINIMUM)
        users.confirm_member(db, lead, username)
    return hub


@pytest.fixture(scope="session")
def supervision_templates(tmp_path_factory, request, templates):
    """(template, workstation kits) of :func:`build`, once per run and backend."""
    built = BuiltTemplates(request, tmp_path_factory, templates, "supervision_hub", lambda db: build(db).kits)
    yield built.get
    built.drop()


@pytest.fixture
def sup_hub(backend, request, tmp_path, supervision_templates):
    """A fresh copy of the hub of :func:`build` on the backend under test."""
    template, kits = supervision_templates(backend)
    db = Database(_fresh_url(backend, request, tmp_path, template))
    yield Hub(db, dict(kits))
    db.dispose()


@pytest.fixture
def sup_url(sup_hub) -> str:
    """The URL of ``sup_hub``'s database, for a second connection to it."""
    return sup_hub.db.url
