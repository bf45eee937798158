"""The possible matches offered at intake and at screening carry the badges of the warnings the reader may
see on each known person: their own agency's, worker safety, and those shared with them; never another
agency's unshared warning."""

from __future__ import annotations

import copy
import datetime as dt

from sqlalchemy import select

from mash_desktop.domain.intake import parse_referral
from mash_desktop.domain.warnings import WarningKind
from mash_desktop.services.intake import referrals, screening_matches
from mash_desktop.services.intake.duplicates import find_matches
from mash_desktop.services.people import warnings
from mash_desktop.store.models import Referral, ReferralPerson
from tests.hub_factory import EXAMPLE
from tests.supervision_hub import REF, sup_hub, supervision_templates  # noqa: F401 (fixtures)

START = dt.date(2026, 5, 2)
REASON = "Police only marker xyzzy"


def subject_of(hub, reference: str = REF) -> int:
    with hub.db.read() as s:
        return s.scalar(select(ReferralPerson.person_id).join(Referral)
                        .where(Referral.reference == reference, ReferralPerson.is_subject.is_(True))
                        .order_by(ReferralPerson.position))


def later_payload() -> dict:
    payload = copy.deepcopy(EXAMPLE) | {"household": []}
    payload["referrer"]["agency"] = None
    payload["subjects"][0]["given_name"] = "Rubi"  # not exact: offered as a possible match
    return payload


def warn(hub) -> int:
    subject = subject_of(hub)
    officer = hub.sign_in("pol.officer")
    warnings.add_warning(hub.db, officer, subject, WarningKind.MARAC, REASON, START)
    warnings.add_warning(hub.db, officer, subject, WarningKind.WORKER_SAFETY, "Dog at the door.", START)
    return subject


def _badges(matches, person_id: int) -> tuple[str, ...]:
    return next(m.warnings for m in matches if m.person_id == person_id)


def test_the_intake_check_shows_each_reader_only_what_they_may_see(sup_hub):
    subject = warn(sup_hub)
    wanted = parse_referral(later_payload(), today=dt.date(2027, 1, 1)).subjects[0]
    assert set(_badges(find_matches(sup_hub.db, wanted, reader=sup_hub.sign_in("pol.officer")), subject)) == {
        "MARAC", "Worker safety"}
    seen = find_matches(sup_hub.db, wanted, reader=sup_hub.sign_in("csc.officer"))
    assert _badges(seen, subject) == ("Worker safety",)
    assert REASON not in repr(seen)
    assert _badges(find_matches(sup_hub.db, wanted), subject) == ()  # no reader: no badges


def test_the_screening_checks_show_the_supervisor_only_what_they_may_see(sup_hub):
    subject = warn(sup_hub)
    later = referrals.add_referral(sup_hub.db, sup_hub.sign_in("csc.officer").actor, later_payload())
    found = screening_matches.subjects_to_check(sup_hub.db, sup_hub.sign_in("csc.lead"), later)
    matches = [m for s in found for m in s.matches]
    assert _badges(matches, subject) == ("Worker safety",)
    assert "MARAC" not in repr(found) and REASON not in repr(found)
