"""Sign-ins at one agency's workstations while its staff save: nobody is refused for a deadlock.

PostgreSQL only, real processes. A sign-in locks its user's row; it must not
lock the agency's row too, nor block rows that only refer to the user
(audit events, key seals), or it deadlocks with a save holding the audit head.
"""

from __future__ import annotations

import multiprocessing

import pytest

from mash_desktop.domain.codes import Role
from mash_desktop.security.crypto import ASVS_MINIMUM
from mash_desktop.services.admin import users
from mash_desktop.store.database import Database
from tests import hub_factory
from tests.conftest import _fresh_url

from .signin_workers import worker

pytestmark = pytest.mark.slow
SIGNING_IN, ROUNDS = 6, 30


@pytest.fixture
def busy_hub(pg_server, templates, request, tmp_path):
    db = Database(_fresh_url("postgresql", request, tmp_path, templates("postgresql")))
    hub = hub_factory.build(db, agencies=("CSC",))
    lead = hub.sign_in("csc.lead")
    for n in range(SIGNING_IN):
        users.add_account(db, lead, f"csc.desk{n}", f"CSC Desk {n}", [Role.OFFICER], hub_factory.PASSWORD,
                          ASVS_MINIMUM)
    yield hub
    db.dispose()


def test_sign_ins_and_saves_at_once_never_deadlock(busy_hub):
    ctx = multiprocessing.get_context("spawn")
    people = [(f"csc.desk{n}", False) for n in range(SIGNING_IN)] + [("csc.officer", True), ("csc.lead", True)]
    barrier = ctx.Barrier(len(people), timeout=120)
    url = busy_hub.db.engine.url.render_as_string(hide_password=False)
    pipes, procs = [], []
    for username, writes in people:
        mine, theirs = ctx.Pipe()
        proc = ctx.Process(target=worker, args=(url, busy_hub.creds("CSC"), username, writes, ROUNDS, barrier,
                                                theirs))
        proc.start()
        pipes.append(mine)
        procs.append(proc)
    failures = [f for pipe in pipes for f in pipe.recv()]
    for proc in procs:
        proc.join(60)
    assert failures == []
