"""A stored contact read back through the case reader, in the referral JSON's shape.

The case reader shows an address as one line, so both sides write it that
way; everything else is compared as the referral JSON has it.
"""

from __future__ import annotations

import datetime as dt

from mash_desktop.domain.case_record import CaseRecord, PersonEntry
from mash_desktop.domain.intake import parse_referral
from mash_desktop.domain.zone import HUB_ZONE
from mash_desktop.services.case.reader import WORKSPACE, open_case

SUBJECT_KEYS = ("given_name", "family_name", "date_of_birth", "expected_due_date", "gender", "ethnicity",
                "first_language", "interpreter_needed", "address", "school", "gp", "care_and_support_needs",
                "has_capacity")
MEMBER_KEYS = ("given_name", "family_name", "date_of_birth", "relationship", "address")


def _one_line(address: object) -> str | None:
    if not isinstance(address, dict):
        return None
    return ", ".join(address[k] for k in ("line1", "line2", "town", "postcode") if address[k]) or None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _person(p: PersonEntry, keys: tuple[str, ...]) -> dict[str, object]:
    data = {"given_name": p.given_name, "family_name": p.name[len(p.given_name) + 1:],
            "date_of_birth": _iso(p.date_of_birth), "expected_due_date": _iso(p.expected_due_date),
            "gender": getattr(p.gender, "value", p.gender), "ethnicity": p.ethnicity,
            "first_language": p.first_language,
            "interpreter_needed": p.interpreter_needed, "address": p.address, "school": p.school, "gp": p.gp,
            "care_and_support_needs": p.care_and_support_needs, "has_capacity": p.has_capacity,
            "relationship": p.relationship}
    return {key: data[key] for key in keys}


def expected(payload: dict[str, object]) -> dict[str, object]:
    """What the hub should hold for ``payload``: the domain's reading of it, addresses on one line."""
    data = parse_referral(payload, today=dt.datetime.now(HUB_ZONE).date()).to_json_dict()
    for group, keys in (("subjects", SUBJECT_KEYS), ("household", MEMBER_KEYS)):
        data[group] = [{key: (_one_line(p[key]) if key == "address" else p[key]) for key in keys}
                       for p in data[group]]  # type: ignore[union-attr]
    data["concerns"]["categories"] = sorted(data["concerns"]["categories"])  # type: ignore[index]
    return data


def stored(db, signed, reference: str) -> dict[str, object]:
    """The contact ``reference`` as the hub holds it, in the referral JSON's shape."""
    case: CaseRecord = open_case(db, signed, reference, WORKSPACE, "checking the contact")
    r = case.referrer
    return {
        "received_at": case.received_at.astimezone(dt.timezone.utc).isoformat(),
        "source": case.source.value, "channel": case.channel.value,
        "referrer": {"name": r.name, "role": r.role, "organisation": r.organisation, "agency": r.agency,
                     "phone": r.phone, "email": r.email, "member_of_public": r.member_of_public,
                     "identity_withheld": r.withheld},
        "subjects": [_person(p, SUBJECT_KEYS) for p in case.subjects],
        "household": [_person(p, MEMBER_KEYS) for p in case.household],
        "concerns": {"categories": sorted(c.value for c in case.concern_categories),
                     "details": case.concern_details},
        "parents_aware": case.parents_aware, "parents_not_aware_reason": case.parents_not_aware_reason,
        "consent": {"obtained": case.consent_obtained, "from_whom": case.consent_from,
                    "covering": case.consent_covering, "reason_not_obtained": case.consent_reason_not_obtained},
    }


def differences(want: dict[str, object], got: dict[str, object], path: str = "") -> list[str]:
    """Every field, by path, where ``got`` differs from ``want``."""
    if isinstance(want, dict) and isinstance(got, dict):
        keys = list(dict.fromkeys([*want, *got]))
        return [d for key in keys for d in differences(want.get(key), got.get(key), f"{path}.{key}".lstrip("."))]
    if isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        return [d for i, (w, g) in enumerate(zip(want, got)) for d in differences(w, g, f"{path}[{i}]")]
    return [] if want == got else [f"{path}: expected {want!r}, stored {got!r}"]
