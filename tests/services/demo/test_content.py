"""The demo referral generator: deterministic, well-formed and varied."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from mash_desktop.domain.codes import Channel, ConcernCategory, ContactSource
from mash_desktop.services.demo.content import referral_payload, staff_name

TODAY = date(2025, 3, 14)
RECEIVED = datetime(2025, 3, 14, 9, 30, tzinfo=timezone.utc)
COUNT = 2_000

# The stricter form of the standard UK postcode pattern (outward code, one
# space, inward code without C, I, K, M, O or V in its last two letters).
UK_POSTCODE = re.compile(
    r"GIR 0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPS-UW]"
    r"|[A-HK-Y][0-9][ABEHMNPRV-Y]) [0-9][ABD-HJLNP-UW-Z]{2}"
)
# Ofcom's drama ranges: never allocated to a real line.
DRAMA_PHONE = re.compile(r"07700 900[0-9]{3}|0115 496 0[0-9]{3}|01632 960[0-9]{3}")
EXAMPLE_EMAIL = re.compile(r"[a-z0-9.]+@([a-z]+\.)?example\.(org|com|net)")

TOP_KEYS = {
    "received_at", "source", "channel", "referrer", "subjects", "household",
    "concerns", "parents_aware", "parents_not_aware_reason", "consent",
}  # fmt: skip
REFERRER_KEYS = {"name", "role", "organisation", "agency", "phone", "email", "member_of_public"}
SUBJECT_KEYS = {
    "given_name", "family_name", "date_of_birth", "expected_due_date", "gender",
    "ethnicity", "first_language", "interpreter_needed", "address", "school", "gp",
    "care_and_support_needs", "has_capacity",
}  # fmt: skip
HOUSEHOLD_KEYS = {"given_name", "family_name", "date_of_birth", "relationship", "address"}
ADDRESS_KEYS = {"line1", "line2", "town", "postcode"}
CONSENT_KEYS = {"obtained", "from_whom", "covering", "reason_not_obtained"}
AGENCY_CODES = {"POL", "CSC", "ASC", "HLT", "PRB", "EDU", "EH"}
GENDERS = {"female", "male", "other", "unknown"}


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _months_ahead(day: date, months: int) -> date:
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month0 + 1, min(day.day, 28))


@pytest.fixture(scope="module")
def payloads() -> list[dict]:
    rng = random.Random(20250314)
    return [referral_payload(rng, today=TODAY, received_at=RECEIVED) for _ in range(COUNT)]


def _people(payload: dict) -> list[dict]:
    return payload["subjects"] + payload["household"]


# Determinism


def test_same_seed_gives_the_same_referrals() -> None:
    first = [referral_payload(random.Random(7), today=TODAY, received_at=RECEIVED)]
    second = [referral_payload(random.Random(7), today=TODAY, received_at=RECEIVED)]
    rng_a, rng_b = random.Random(99), random.Random(99)
    first += [referral_payload(rng_a, today=TODAY, received_at=RECEIVED) for _ in range(200)]
    second += [referral_payload(rng_b, today=TODAY, received_at=RECEIVED) for _ in range(200)]
    assert first == second


def test_different_seeds_give_different_referrals() -> None:
    one = referral_payload(random.Random(1), today=TODAY, received_at=RECEIVED)
    two = referral_payload(random.Random(2), today=TODAY, received_at=RECEIVED)
    assert one != two


def test_output_does_not_depend_on_string_hashing() -> None:
    """The same seed gives the same text in processes with different hash seeds."""
    script = (
        "import json, random\n"
        "from datetime import date, datetime, timezone\n"
        "from mash_desktop.services.demo.content import referral_payload, staff_name\n"
        "rng = random.Random(5)\n"
        "out = [referral_payload(rng, today=date(2025, 3, 14),"
        " received_at=datetime(2025, 3, 14, 9, 30, tzinfo=timezone.utc)) for _ in range(150)]\n"
        "out.append(staff_name(rng))\n"
        "print(json.dumps(out, sort_keys=True))\n"
    )
    root = Path(__file__).resolve().parents[3]
    outputs = []
    for hash_seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed, PYTHONPATH=str(root))
        result = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env,
            cwd=root, check=True,
        )  # fmt: skip
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]


def test_staff_names_are_deterministic_and_non_empty() -> None:
    names = [staff_name(random.Random(3)) for _ in range(2)]
    assert names[0] == names[1]
    rng = random.Random(11)
    for _ in range(300):
        given, family = staff_name(rng)
        assert given.strip() and family.strip()
        assert given == given.strip() and family == family.strip()


# Shape


def test_payloads_serialise_to_json(payloads: list[dict]) -> None:
    for payload in payloads:
        text = json.dumps(payload, ensure_ascii=False)
        assert json.loads(text) == payload


def test_every_payload_has_exactly_the_portal_keys(payloads: list[dict]) -> None:
    for payload in payloads:
        assert set(payload) == TOP_KEYS
        assert set(payload["referrer"]) == REFERRER_KEYS
        assert set(payload["concerns"]) == {"categories", "details"}
        assert set(payload["consent"]) == CONSENT_KEYS
        assert 1 <= len(payload["subjects"]) <= 2
        assert 1 <= len(payload["household"]) <= 4
        for subject in payload["subjects"]:
            assert set(subject) == SUBJECT_KEYS
            assert set(subject["address"]) == ADDRESS_KEYS
        for member in payload["household"]:
            assert set(member) == HOUSEHOLD_KEYS
            assert member["address"] is None or set(member["address"]) == ADDRESS_KEYS


def test_received_at_is_utc_iso_8601(payloads: list[dict]) -> None:
    assert {p["received_at"] for p in payloads} == {"2025-03-14T09:30:00+00:00"}
    naive = referral_payload(
        random.Random(4), today=TODAY, received_at=datetime(2025, 3, 14, 8, 0)
    )
    assert naive["received_at"] == "2025-03-14T08:00:00+00:00"
    london = timezone(timedelta(hours=1))
    summer = referral_payload(
        random.Random(4), today=TODAY, received_at=datetime(2025, 3, 14, 9, 0, tzinfo=london)
    )
    assert summer["received_at"] == "2025-03-14T08:00:00+00:00"


def test_codes_are_valid(payloads: list[dict]) -> None:
    sources = {s.value for s in ContactSource}
    channels = {c.value for c in Channel}
    categories = {c.value for c in ConcernCategory}
    for payload in payloads:
        assert payload["source"] in sources
        assert payload["channel"] in channels
        chosen = payload["concerns"]["categories"]
        assert 1 <= len(chosen) <= 3
        assert len(set(chosen)) == len(chosen)
        assert set(chosen) <= categories
        agency = payload["referrer"]["agency"]
        assert agency is None or agency in AGENCY_CODES


def test_each_subject_has_exactly_one_of_birth_or_due_date(payloads: list[dict]) -> None:
    latest_due = _months_ahead(TODAY, 8)
    for payload in payloads:
        for subject in payload["subjects"]:
            born, due = subject["date_of_birth"], subject["expected_due_date"]
            assert (born is None) != (due is None)
            if born is not None:
                assert date.fromisoformat(born) <= TODAY
            else:
                assert TODAY < date.fromisoformat(due) <= latest_due


def test_subject_details_are_consistent(payloads: list[dict]) -> None:
    for payload in payloads:
        for subject in payload["subjects"]:
            assert subject["gender"] in GENDERS
            assert subject["given_name"].strip() and subject["family_name"].strip()
            assert subject["ethnicity"] and subject["first_language"]
            if subject["interpreter_needed"]:
                assert subject["first_language"] != "English"
            if subject["date_of_birth"] is None:
                assert subject["school"] is None
                continue
            age = _age(date.fromisoformat(subject["date_of_birth"]), TODAY)
            if age >= 18:
                assert age <= 90
                assert subject["school"] is None
                assert isinstance(subject["care_and_support_needs"], str)
                assert isinstance(subject["has_capacity"], bool)
            else:
                assert subject["care_and_support_needs"] is None
                assert subject["has_capacity"] is None


def test_addresses_have_valid_uk_postcodes(payloads: list[dict]) -> None:
    for payload in payloads:
        for person in _people(payload):
            address = person["address"]
            if address is None:
                continue
            assert UK_POSTCODE.fullmatch(address["postcode"]), address["postcode"]
            assert address["line1"] and address["town"]
            assert address["line2"] is None


def test_household_members_are_plausible(payloads: list[dict]) -> None:
    for payload in payloads:
        home = payload["subjects"][0]["address"]
        for member in payload["household"]:
            assert member["given_name"].strip() and member["family_name"].strip()
            assert member["relationship"].strip()
            assert member["address"] in (None, home)
            if member["date_of_birth"] is not None:
                born = date.fromisoformat(member["date_of_birth"])
                assert 0 <= _age(born, TODAY) <= 90
                if member["relationship"] in ("mother", "father", "grandmother"):
                    assert _age(born, TODAY) >= 16


def test_parents_are_older_than_their_children(payloads: list[dict]) -> None:
    for payload in payloads:
        child = payload["subjects"][0]
        if child["date_of_birth"] is None or child["care_and_support_needs"] is not None:
            continue
        child_born = date.fromisoformat(child["date_of_birth"])
        for member in payload["household"]:
            if member["relationship"] in ("mother", "father") and member["date_of_birth"]:
                assert (child_born - date.fromisoformat(member["date_of_birth"])).days > 16 * 365


def test_siblings_share_a_family_name_and_home(payloads: list[dict]) -> None:
    pairs = [p["subjects"] for p in payloads if len(p["subjects"]) == 2]
    assert pairs
    for first, second in pairs:
        assert first["address"] == second["address"]
        # Polish family names differ only in the ending (Kowalski / Kowalska).
        assert first["family_name"][:-1] == second["family_name"][:-1]
        ages = [_age(date.fromisoformat(s["date_of_birth"]), TODAY) for s in (first, second)]
        assert ages[0] != ages[1] and max(ages) < 18


def test_referrers(payloads: list[dict]) -> None:
    for payload in payloads:
        referrer = payload["referrer"]
        if payload["source"] == "anonymous":
            assert referrer["name"] is None
            assert referrer["phone"] is None and referrer["email"] is None
            continue
        assert referrer["name"].strip()
        assert referrer["role"].strip()
        assert referrer["phone"] or referrer["email"]
        if referrer["phone"] is not None:
            assert DRAMA_PHONE.fullmatch(referrer["phone"]), referrer["phone"]
        if referrer["email"] is not None:
            assert EXAMPLE_EMAIL.fullmatch(referrer["email"]), referrer["email"]
        assert referrer["member_of_public"] == (payload["source"] == "public")
        if payload["source"] == "police":
            assert referrer["agency"] == "POL"
            assert re.search(r"\b[0-9]{4}\b", referrer["role"])
        if payload["source"] == "school":
            assert referrer["agency"] == "EDU"
            assert referrer["email"].endswith("@school.example.org")
        if payload["source"] in ("public", "housing", "voluntary", "other"):
            assert referrer["agency"] is None


def test_concern_text_is_complete(payloads: list[dict]) -> None:
    for payload in payloads:
        details = payload["concerns"]["details"]
        assert len(details) >= 80
        assert "{" not in details and "}" not in details
        assert details.count("\n\n") == len(payload["concerns"]["categories"]) - 1


def test_awareness_and_consent_are_explained(payloads: list[dict]) -> None:
    for payload in payloads:
        consent = payload["consent"]
        if payload["parents_aware"]:
            assert payload["parents_not_aware_reason"] is None
        else:
            assert payload["parents_not_aware_reason"].strip()
        if consent["obtained"]:
            assert consent["from_whom"] and consent["covering"]
            assert consent["reason_not_obtained"] is None
        else:
            assert consent["reason_not_obtained"].strip()
            assert consent["from_whom"] is None


# The mix


def test_the_mix_is_realistic(payloads: list[dict]) -> None:
    sources = Counter(p["source"] for p in payloads)
    share = {source: count / COUNT for source, count in sources.items()}
    assert 0.29 <= share["police"] <= 0.41
    assert 0.13 <= share["school"] <= 0.23
    assert 0.11 <= share["health"] <= 0.20
    assert 0.05 <= share["public"] <= 0.11
    assert 0.03 <= share["social_care"] <= 0.10
    assert 0.01 <= share["anonymous"] <= 0.06
    categories = Counter(c for p in payloads for c in p["concerns"]["categories"])
    top_two = {c for c, _ in categories.most_common(2)}
    assert top_two == {"domestic_abuse", "neglect"}
    obtained = sum(p["consent"]["obtained"] for p in payloads) / COUNT
    assert 0.5 <= obtained <= 0.7
    aware = sum(p["parents_aware"] for p in payloads) / COUNT
    assert aware >= 0.75


def test_the_mix_includes_adults_unborn_and_siblings(payloads: list[dict]) -> None:
    adults = unborn = siblings = 0
    for payload in payloads:
        first = payload["subjects"][0]
        if first["expected_due_date"] is not None:
            unborn += 1
        elif first["care_and_support_needs"] is not None:
            adults += 1
        siblings += len(payload["subjects"]) == 2
    assert 0.05 <= adults / COUNT <= 0.11
    assert 0.005 <= unborn / COUNT <= 0.04
    assert 0.08 <= siblings / COUNT <= 0.2


def test_names_are_diverse(payloads: list[dict]) -> None:
    names = [f"{p['given_name']} {p['family_name']}" for pl in payloads for p in _people(pl)]
    assert len(set(names)) > COUNT
    assert sum(not n.isascii() for n in names) > 0.05 * len(names)
    text = " ".join(names)
    assert re.search("[\u0600-\u06ff]", text), "no names in Arabic script"
    assert re.search("[ąćęłńśźżĄĆĘŁŃŚŹŻ]", text), "no Polish diacritics"
    assert re.search("[ạảấầẩẫậắằẳẵặẹẻẽếềểễệịỉọỏốồổỗộớờởỡợụủứừửữựỳỷỹđĐ]", text)
    assert re.search("[âêîôûŵŷ]", text), "no Welsh circumflexes"
    assert re.search("[ÁÉÍÓÚáéíóú]", text), "no Irish fadas"
    subjects = [s for p in payloads for s in p["subjects"]]
    arabic = [s for s in subjects if re.search("[\u0600-\u06ff]", s["given_name"])]
    assert arabic and all(s["first_language"] == "Arabic" for s in arabic)


def test_leap_day_and_other_dates() -> None:
    rng = random.Random(29)
    for today in (date(2024, 2, 29), date(2025, 12, 31), date(2026, 1, 1)):
        received = datetime(today.year, today.month, today.day, 12, tzinfo=timezone.utc)
        for _ in range(200):
            payload = referral_payload(rng, today=today, received_at=received)
            for person in _people(payload):
                if person["date_of_birth"] is not None:
                    assert date.fromisoformat(person["date_of_birth"]) <= today


def test_every_payload_passes_the_intake_validator(payloads: list[dict]) -> None:
    intake = pytest.importorskip("mash_desktop.domain.intake")
    for index, payload in enumerate(payloads):
        try:
            intake.parse_referral(payload, today=TODAY)
        except Exception as error:  # pragma: no cover - the message names the payload
            pytest.fail(f"payload {index} rejected: {error!r}\n{json.dumps(payload)}")
