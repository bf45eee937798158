"""Grounds recorded in parts are signed over every part; a one-code basis
recorded before stays signed as it was; either changed by hand shows as
altered. Incoherent grounds are refused with one line."""

import importlib

import pytest
from sqlalchemy import update

from mash_desktop.domain.codes import ConsentPosition, HandlingCode, LawfulBasis
from mash_desktop.domain.errors import FieldError
from mash_desktop.domain.lawful_basis import (Article6, Article9, Article10, DataKind, LawfulGround, Schedule8,
                                              from_legacy, kinds_code)
from mash_desktop.reports.wording import basis_rows, consent
from mash_desktop.services.case import disclosures, panels, signed_state
from mash_desktop.services.case.disclosures import DisclosureRequest
from mash_desktop.store.models import Disclosure
from tests.services.case.test_signed_state import REF, SECRET, _as_recipient, hub  # noqa: F401 (fixture)

MIGRATION = importlib.import_module("mash_desktop.store.migrations.versions.0013_lawful_bases")
HEALTH = LawfulGround(frozenset({DataKind.HEALTH, DataKind.CRIMINAL}), Article6.E, Article9.G_SCH1_18,
                      Article10.SCH1_18)


def _disclose(hub, ground=HEALTH, consent=ConsentPosition.GIVEN, given_by="Mother", covering="Mother and Ruby",
              basis=None):
    pol = hub.sign_in("pol.officer")
    panels.write_panel(hub.db, pol, REF, SECRET)
    reason = None if consent is ConsentPosition.GIVEN else "Asking would raise the risk"
    return pol, disclosures.disclose(hub.db, pol, REF, DisclosureRequest(
        "hub", basis, consent, reason, HandlingCode.C, "Needed to assess risk", SECRET, ground=ground,
        consent_from=given_by, consent_covering=covering))


def _entry(hub, disclosure_id):
    return _as_recipient(hub, "csc.lead", disclosure_id)


def _insider(hub, disclosure_id, **values):
    with hub.db.write() as s:
        s.execute(update(Disclosure).where(Disclosure.id == disclosure_id).values(**values))


def test_grounds_in_parts_are_recorded_signed_and_shown(hub):
    _, made = _disclose(hub)
    entry = _entry(hub, made)
    assert not entry.altered and entry.text == SECRET and entry.basis is None
    assert (entry.ground, entry.consent_from, entry.consent_covering) == (HEALTH, "Mother", "Mother and Ruby")
    rows = dict(basis_rows(entry))
    assert rows["UK GDPR Article 6 basis"] == Article6.E.label
    assert rows["Article 9 condition / DPA 2018 Sch 1"] == Article9.G_SCH1_18.label
    assert rows["Article 10 condition / DPA 2018 Sch 1"] == Article10.SCH1_18.label
    assert rows["Law enforcement (DPA 2018 Part 3)"] == "Not applicable"
    assert consent(entry) == "Consent given by Mother, covering Mother and Ruby"


@pytest.mark.parametrize("column, value", [
    ("article6", Article6.C.value), ("article9", Article9.H_SCH1_2.value), ("article10", None),
    ("data_kinds", "health"), ("schedule8", Schedule8.PARA_4.value), ("consent_from", "Father"),
    ("consent_covering", "Ruby only"), ("lawful_basis", LawfulBasis.ART6_1E.value)])
def test_a_part_changed_by_hand_shows_as_altered(hub, column, value):
    _, made = _disclose(hub)
    _insider(hub, made, **{column: value})
    assert _entry(hub, made).altered


def _as_first_recorded(hub, pol, disclosure_id, basis: LawfulBasis):
    """What a disclosure made before bases were recorded in parts looks like after the migration."""
    old = MIGRATION._LEGACY[basis.value]
    _insider(hub, disclosure_id, lawful_basis=basis.value, data_kinds=old[0], article6=old[1], article9=old[2],
             article10=None, schedule8=old[3], consent_from=None, consent_covering=None)
    with hub.db.write() as s:
        d = s.get(Disclosure, disclosure_id)
        message = signed_state.disclosure_message(s, d, REF)
        assert message.startswith(b'["mash disclosure v1"')
        signed_state.sign_disclosure(s, d, REF, pol.keychain.keys.signing)


def test_a_health_disclosure_recorded_as_one_code_keeps_its_condition_and_invents_no_article_6(hub):
    pol, made = _disclose(hub, consent=ConsentPosition.REFUSED, given_by=None, covering=None)
    _as_first_recorded(hub, pol, made, LawfulBasis.ART9_2G_SCH1_18)
    entry = _entry(hub, made)
    assert not entry.altered and entry.basis is LawfulBasis.ART9_2G_SCH1_18
    rows = dict(basis_rows(entry))
    assert rows["UK GDPR Article 6 basis"] == "None recorded"
    assert rows["Article 9 condition / DPA 2018 Sch 1"] == Article9.G_SCH1_18.label
    assert rows["Basis as first recorded"] == LawfulBasis.ART9_2G_SCH1_18.label
    # Its parts are not covered by the old signature, so they must be what the code names.
    _insider(hub, made, article6=Article6.E.value)
    assert _entry(hub, made).altered


def test_a_law_enforcement_disclosure_recorded_as_one_code(hub):
    pol, made = _disclose(hub, ground=LawfulGround(frozenset({DataKind.LAW_ENFORCEMENT})),
                          consent=ConsentPosition.REFUSED, given_by=None, covering=None)
    _as_first_recorded(hub, pol, made, LawfulBasis.DPA_PART3_S35_SCH8_4)
    entry = _entry(hub, made)
    assert not entry.altered and entry.ground == from_legacy(LawfulBasis.DPA_PART3_S35_SCH8_4)
    rows = dict(basis_rows(entry))
    assert rows["UK GDPR Article 6 basis"].startswith("Not applicable: law-enforcement processing")
    assert rows["Law enforcement (DPA 2018 Part 3)"] == f"s35; sensitive processing: {Schedule8.PARA_4.label}"
    _insider(hub, made, consent_from="Mother")
    assert _entry(hub, made).altered


@pytest.mark.parametrize("basis", list(LawfulBasis))
def test_the_migration_maps_each_code_as_the_domain_does(basis):
    kinds, article6, article9, schedule8 = MIGRATION._LEGACY[basis.value]
    ground = from_legacy(basis)
    assert (kinds, article6, article9, schedule8) == (
        kinds_code(ground.kinds), ground.article6 and ground.article6.value,
        ground.article9 and ground.article9.value, ground.schedule8 and ground.schedule8.value)


@pytest.mark.parametrize("ground, consent, given_by, reason", [
    (LawfulGround(frozenset({DataKind.HEALTH}), Article6.E), ConsentPosition.REFUSED, None,
     "special-category data needs an Article 9 condition"),
    (LawfulGround(frozenset({DataKind.LAW_ENFORCEMENT}), Article6.E), ConsentPosition.REFUSED, None,
     "law-enforcement processing is under DPA 2018 Part 3 (s35), not a UK GDPR Article 6 basis"),
    (LawfulGround(frozenset({DataKind.PERSONAL}), Article6.E), ConsentPosition.GIVEN, None,
     "say from whom consent was given"),
])
def test_the_service_refuses_incoherent_grounds_in_one_line(hub, ground, consent, given_by, reason):
    with pytest.raises(FieldError) as refused:
        _disclose(hub, ground=ground, consent=consent, given_by=given_by, covering=None)
    assert refused.value.problem == reason
    with hub.db.read() as s:
        assert s.query(Disclosure).count() == 0


def test_a_one_code_basis_still_works_for_older_callers_and_is_recorded_in_parts(hub):
    _, made = _disclose(hub, ground=None, basis=LawfulBasis.ART6_1E, given_by=None, covering=None)
    with hub.db.read() as s:
        d = s.get(Disclosure, made)
        assert (d.lawful_basis, d.data_kinds, d.article6) == ("in_parts", "personal", "6_1_e")
    assert not _entry(hub, made).altered
