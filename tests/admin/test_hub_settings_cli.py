"""mash-admin hub settings / hub set: bounds, tampering, and only the hub's own administrator."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from mash_desktop.domain.errors import FieldError, NotPermitted
from mash_desktop.services.settings import CONFIRMATION_HOURS, SCREENING_HOURS, hub_settings, set_setting
from mash_desktop.store.database import Database
from mash_desktop.store.models import AuditEvent, HubSetting
from tests import hub_factory

from .conftest import PASSWORD


def _listed(mash) -> dict[str, list[str]]:
    run = mash("hub", "settings")
    assert run.rc == 0, run.err
    lines = run.out.splitlines()
    assert lines[0].split()[:5] == ["NAME", "VALUE", "UNIT", "DEFAULT", "SOURCE"]
    return {line.split()[0]: line.split() for line in lines[1:]}


def test_settings_are_listed_with_value_unit_default_and_source(mash):
    listed = _listed(mash)
    assert listed["screening_hours"][:5] == ["screening_hours", "8", "working", "hours", "8"]
    assert listed["confirmation_hours"][:4] == ["confirmation_hours", "48", "hours", "48"]
    assert "Working Together 2023" in mash("hub", "settings").out


def test_the_hub_administrator_sets_a_setting_and_it_is_audited(mash):
    run = mash("hub", "set", "screening-hours", "16", "--as", "hub.admin", stdin=[PASSWORD], at="HUB")
    assert run.rc == 0, run.err
    assert "16 working hours" in run.out
    assert _listed(mash)["screening_hours"][1] == "16"
    db = Database(mash.url)
    try:
        with db.read() as session:
            event = session.scalars(select(AuditEvent).where(AuditEvent.action == "hub.setting")).one()
        assert (event.object_ref, json.loads(event.detail)) == ("screening_hours", {"from": None, "to": "16"})
    finally:
        db.dispose()


def test_out_of_bounds_and_unknown_values_are_refused(mash):
    for name, value, words in (("screening_hours", "0", "between 1 and 80"),
                               ("confirmation_hours", "1e9", "between 1 and 240"),
                               ("confirmation_hours", "nan", "between 1 and 240"),
                               ("screening_hours", "soon", "must be a number"),
                               ("bedtime", "8", "no hub setting")):
        run = mash("hub", "set", name, value, "--as", "hub.admin", stdin=[PASSWORD], at="HUB")
        assert run.rc != 0 and words in run.err, (name, value, run.err)
    assert _listed(mash)["screening_hours"][1] == "8"


def test_an_agency_administrator_is_refused(mash):
    run = mash("hub", "set", "screening_hours", "4", "--as", "csc.lead", stdin=[PASSWORD], at="CSC")
    assert run.rc != 0 and "administrator of the hub itself" in run.err
    run = mash("hub", "set", "screening_hours", "4", "--as", "csc.officer", stdin=[PASSWORD], at="CSC")
    assert run.rc != 0
    run = mash("hub", "set", "screening_hours", "4")  # accounts exist: nobody acts unsigned
    assert run.rc != 0 and "--as USERNAME" in run.err
    assert _listed(mash)["screening_hours"][1] == "8"


def test_a_tampered_stored_value_is_ignored(mash):
    db = Database(mash.url)
    try:
        with db.write() as session:
            session.add(HubSetting(name=SCREENING_HOURS.name, value="0"))
            session.add(HubSetting(name=CONFIRMATION_HOURS.name, value="forever"))
        assert hub_settings(db).items() >= {"screening_hours": 8, "confirmation_hours": 48}.items()
    finally:
        db.dispose()
    listed = _listed(mash)
    assert listed["screening_hours"][1] == "8" and listed["confirmation_hours"][1] == "48"


def test_the_service_refuses_an_agency_administrator(db):
    hub = hub_factory.build(db, agencies=("CSC",))
    with pytest.raises(NotPermitted):
        set_setting(db, hub.sign_in("csc.lead").actor, "screening_hours", 4)
    with pytest.raises(FieldError):
        set_setting(db, hub.sign_in("hub.admin").actor, "screening_hours", 81)
    assert set_setting(db, hub.sign_in("hub.admin").actor, "screening_hours", 12) == 12
    assert hub_settings(db)["screening_hours"] == 12
