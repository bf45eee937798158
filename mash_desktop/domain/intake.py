"""A contact as a referral portal posts it: checked and turned into values.

The portal sends one JSON object (the shape is in docs/referral-json.md and
resources/examples/referral.json). :func:`validation_errors` lists every
problem, for a form that checks as the referrer types; :func:`parse_referral`
raises the first one or returns a :class:`ReferralIntake`. Each problem is a
:class:`FieldError` whose field is a path such as ``subjects[0].date_of_birth``.

:meth:`ReferralIntake.to_json_dict` writes the same shape back, so
``parse_referral(intake.to_json_dict(), today=...) == intake``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

from ._fields import LINE_MAX, Obj, Problems, read_code, read_whole
from .codes import Channel, ConcernCategory, ContactSource, _Coded
from .errors import FieldError
from .identifiers import read_nhs_number, read_upn

MAX_SUBJECTS = 20
MAX_HOUSEHOLD = 30
NAME_MAX = 100  # given and family names, referrer name
NOTE_MAX = 5_000  # multi-line reasons and needs
DETAILS_MAX = 20_000  # concern details
EARLIEST_BIRTH = date(1900, 1, 1)

_AGENCY = re.compile(r"[A-Za-z0-9]{2,10}")
_PHONE = re.compile(r"[0-9 +()\-]{7,20}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_POSTCODE = re.compile(r"GIR0AA|[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][ABD-HJLNP-UW-Z]{2}")

_TOP_KEYS = (
    "received_at", "source", "channel", "referrer", "subjects", "household",
    "concerns", "parents_aware", "parents_not_aware_reason", "consent",
)  # fmt: skip
_IGNORED_KEYS = ("written_confirmation_due",)
_REFERRER_KEYS = (
    "name", "role", "organisation", "agency", "phone", "email", "member_of_public", "identity_withheld",
)  # fmt: skip
_ADDRESS_KEYS = ("line1", "line2", "town", "postcode")
_SUBJECT_KEYS = (
    "given_name", "family_name", "date_of_birth", "expected_due_date", "gender",
    "ethnicity", "first_language", "interpreter_needed", "address", "school", "gp",
    "care_and_support_needs", "has_capacity", "person_id", "nhs_number", "upn",
)  # fmt: skip
_HOUSEHOLD_KEYS = ("given_name", "family_name", "date_of_birth", "relationship", "address", "nhs_number", "upn")
_CONCERN_KEYS = ("categories", "details")
_CONSENT_KEYS = ("obtained", "from_whom", "covering", "reason_not_obtained")


class Gender(_Coded):
    """A person's gender as the referrer gives it."""

    FEMALE = ("female", "Female")
    MALE = ("male", "Male")
    OTHER = ("other", "Other")
    UNKNOWN = ("unknown", "Not known")


@dataclass(frozen=True, slots=True, kw_only=True)
class Address:
    line1: str
    line2: str | None = None
    town: str | None = None
    postcode: str  # upper case, one space before the inward code

    def to_json_dict(self) -> dict[str, object]:
        return _plain(self)


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonDetails:
    """A subject of the contact, or (with ``relationship``) a household member."""

    given_name: str
    family_name: str
    date_of_birth: date | None = None
    expected_due_date: date | None = None  # an unborn child
    gender: Gender = Gender.UNKNOWN
    ethnicity: str | None = None
    first_language: str | None = None
    interpreter_needed: bool = False
    address: Address | None = None
    school: str | None = None
    gp: str | None = None
    care_and_support_needs: str | None = None
    has_capacity: bool | None = None
    relationship: str | None = None  # household members only
    person_id: int | None = None  # subjects only: a person already known to the hub (1 to LARGEST_ID)
    nhs_number: str | None = None  # ten digits, check digit valid (domain/identifiers.py)
    upn: str | None = None  # unique pupil number: thirteen characters, check letter valid

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_due_date is not None

    def age_on(self, day: date) -> int | None:
        """Age in whole years on ``day``; None if unborn or not known then."""
        born = self.date_of_birth
        if born is None or day < born:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def to_json_dict(self) -> dict[str, object]:
        common = {
            "given_name": self.given_name,
            "family_name": self.family_name,
            "date_of_birth": _iso(self.date_of_birth),
        } | {key: value for key, value in (("nhs_number", self.nhs_number), ("upn", self.upn)) if value}
        address = None if self.address is None else self.address.to_json_dict()
        if self.relationship is not None:
            return common | {"relationship": self.relationship, "address": address}
        linked = {} if self.person_id is None else {"person_id": self.person_id}
        return common | linked | {
            "expected_due_date": _iso(self.expected_due_date),
            "gender": self.gender.value,
            "ethnicity": self.ethnicity,
            "first_language": self.first_language,
            "interpreter_needed": self.interpreter_needed,
            "address": address,
            "school": self.school,
            "gp": self.gp,
            "care_and_support_needs": self.care_and_support_needs,
            "has_capacity": self.has_capacity,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Referrer:
    name: str | None = None  # None only for an anonymous contact
    role: str | None = None
    organisation: str | None = None
    agency: str | None = None  # an agency code, not yet checked to exist
    phone: str | None = None
    email: str | None = None
    member_of_public: bool = False
    #: The referrer asks not to be identified to the family.
    identity_withheld: bool = False

    def to_json_dict(self) -> dict[str, object]:
        return _plain(self)


@dataclass(frozen=True, slots=True, kw_only=True)
class Concerns:
    categories: tuple[ConcernCategory, ...]
    details: str

    def to_json_dict(self) -> dict[str, object]:
        return {"categories": [c.value for c in self.categories], "details": self.details}


@dataclass(frozen=True, slots=True, kw_only=True)
class Consent:
    obtained: bool
    from_whom: str | None = None
    covering: str | None = None
    reason_not_obtained: str | None = None

    def to_json_dict(self) -> dict[str, object]:
        return _plain(self)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReferralIntake:
    received_at: datetime | None  # UTC; None means the caller stamps "now"
    source: ContactSource
    channel: Channel = Channel.PORTAL
    referrer: Referrer
    subjects: tuple[PersonDetails, ...]
    household: tuple[PersonDetails, ...] = ()
    concerns: Concerns
    parents_aware: bool
    parents_not_aware_reason: str | None = None
    consent: Consent

    def to_json_dict(self) -> dict[str, object]:
        """The portal's JSON shape, with every field present."""
        received = self.received_at
        return {
            "received_at": None if received is None else received.isoformat(),
            "source": self.source.value,
            "channel": self.channel.value,
            "referrer": self.referrer.to_json_dict(),
            "subjects": [s.to_json_dict() for s in self.subjects],
            "household": [m.to_json_dict() for m in self.household],
            "concerns": self.concerns.to_json_dict(),
            "parents_aware": self.parents_aware,
            "parents_not_aware_reason": self.parents_not_aware_reason,
            "consent": self.consent.to_json_dict(),
        }


def parse_referral(data: object, *, today: date) -> ReferralIntake:
    """Check a posted referral; raise the first :class:`FieldError` found."""
    problems = Problems()
    intake = _read_referral(data, today, problems)
    if problems.errors or intake is None:
        raise problems.errors[0]
    return intake


def validation_errors(data: object, *, today: date) -> list[FieldError]:
    """Every problem with a posted referral, in field order; [] when it is fine."""
    problems = Problems()
    _read_referral(data, today, problems)
    return problems.errors


def normalise_postcode(text: str) -> str | None:
    """``"ng15ab"`` -> ``"NG1 5AB"``; None if it is not a UK postcode."""
    compact = "".join(text.split()).upper()
    if not compact.isascii() or not _POSTCODE.fullmatch(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


def _plain(value: Address | Referrer | Consent) -> dict[str, object]:
    """A dataclass whose fields are all text, true/false or null, as JSON."""
    return {field.name: getattr(value, field.name) for field in fields(value)}


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the month's end."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    last_day = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last_day))


def _read_referral(data: object, today: date, problems: Problems) -> ReferralIntake | None:
    top = Obj.of(data, "", problems, _TOP_KEYS, ignored=_IGNORED_KEYS)
    if top is None:
        return None
    received_at = top.moment("received_at")
    if received_at is not None and received_at.date() > today + timedelta(days=1):
        top.fail("received_at", "is in the future")
    source = top.code("source", ContactSource, required=True)
    channel = top.code("channel", Channel) or Channel.PORTAL
    anonymous = source is ContactSource.ANONYMOUS
    referrer = _read_referrer(top, anonymous=anonymous)
    subjects = tuple(
        _read_person(value, path, problems, today, household=False)
        for path, value in top.items("subjects", least=1, most=MAX_SUBJECTS)
    )
    household = tuple(
        _read_person(value, path, problems, today, household=True)
        for path, value in top.items("household", most=MAX_HOUSEHOLD)
    )
    concerns = _read_concerns(top)
    parents_aware = top.flag("parents_aware", required=True)
    reason = top.text("parents_not_aware_reason", max_len=NOTE_MAX, multiline=True)
    if parents_aware is False and reason is None and top.ok("parents_not_aware_reason"):
        top.fail("parents_not_aware_reason", "required when parents or carers are not aware")
    consent = _read_consent(top)
    return ReferralIntake(
        received_at=received_at,
        source=source or ContactSource.OTHER,
        channel=channel,
        referrer=referrer,
        subjects=subjects,
        household=household,
        concerns=concerns,
        parents_aware=bool(parents_aware),
        parents_not_aware_reason=reason,
        consent=consent,
    )


def read_contact(o: Obj) -> tuple[str | None, str | None, str | None]:
    """The ``agency``, ``phone`` and ``email`` of a referrer or caller, each checked."""
    agency = o.text("agency")
    if agency is not None and not _AGENCY.fullmatch(agency):
        o.fail("agency", "must be an agency code of 2 to 10 letters or digits")
    phone = o.text("phone")
    if phone is not None and not _PHONE.fullmatch(phone):
        o.fail("phone", "must be 7 to 20 digits, spaces, +, ( ) or -")
    email = o.text("email", max_len=254)
    if email is not None and not _EMAIL.fullmatch(email):
        o.fail("email", "must be an email address like name@example.org")
    return agency, phone, email


def _read_referrer(top: Obj, *, anonymous: bool) -> Referrer:
    r = top.obj("referrer", _REFERRER_KEYS, required=not anonymous)
    if r is None:
        return Referrer()
    name = r.text("name", required=not anonymous, max_len=NAME_MAX)
    role = r.text("role")
    organisation = r.text("organisation")
    agency, phone, email = read_contact(r)
    if not anonymous and phone is None and email is None and r.ok("phone") and r.ok("email"):
        r.fail("phone", "give a phone number or an email address")
    return Referrer(
        name=name,
        role=role,
        organisation=organisation,
        agency=None if agency is None else agency.upper(),
        phone=phone,
        email=email,
        member_of_public=bool(r.flag("member_of_public")),
        identity_withheld=bool(r.flag("identity_withheld")),
    )


def _read_person(
    value: object, path: str, problems: Problems, today: date, *, household: bool
) -> PersonDetails:
    keys = _HOUSEHOLD_KEYS if household else _SUBJECT_KEYS
    p = Obj.of(value, path, problems, keys)
    if p is None:
        return PersonDetails(given_name="", family_name="")
    given_name = p.required_text("given_name", max_len=NAME_MAX)
    family_name = p.required_text("family_name", max_len=NAME_MAX)
    born = p.date("date_of_birth")
    if born is not None and born > today:
        p.fail("date_of_birth", "is in the future")
    elif born is not None and born < EARLIEST_BIRTH:
        p.fail("date_of_birth", "is before 1900")
    if household:
        return PersonDetails(
            given_name=given_name,
            family_name=family_name,
            date_of_birth=born,
            relationship=p.required_text("relationship", max_len=LINE_MAX),
            address=_read_address(p),
            nhs_number=p.read("nhs_number", read_nhs_number),
            upn=p.read("upn", read_upn),
        )
    due = p.date("expected_due_date")
    if due is not None and not _add_months(today, -1) <= due <= _add_months(today, 10):
        p.fail("expected_due_date", "must be between a month ago and ten months ahead")
    if p.ok("date_of_birth") and p.ok("expected_due_date"):
        if born is None and due is None:
            p.fail("date_of_birth", "give a date of birth, or an expected due date if unborn")
        elif born is not None and due is not None:
            p.fail("expected_due_date", "give a date of birth or an expected due date, not both")
    return PersonDetails(
        given_name=given_name,
        family_name=family_name,
        date_of_birth=born,
        expected_due_date=due,
        gender=p.code("gender", Gender) or Gender.UNKNOWN,
        ethnicity=p.text("ethnicity"),
        first_language=p.text("first_language"),
        interpreter_needed=bool(p.flag("interpreter_needed")),
        address=_read_address(p),
        school=p.text("school"),
        gp=p.text("gp"),
        care_and_support_needs=p.text(
            "care_and_support_needs", max_len=NOTE_MAX, multiline=True
        ),
        has_capacity=p.flag("has_capacity"),
        person_id=p.read("person_id", read_whole, what="the id of a person already known to the hub,"),
        nhs_number=p.read("nhs_number", read_nhs_number),
        upn=p.read("upn", read_upn),
    )


def _read_address(owner: Obj) -> Address | None:
    a = owner.obj("address", _ADDRESS_KEYS)
    if a is None:
        return None
    line1 = a.required_text("line1")
    line2 = a.text("line2")
    town = a.text("town")
    postcode = a.required_text("postcode")
    if postcode:
        postcode = normalise_postcode(postcode) or ""
        if not postcode:
            a.fail("postcode", "must be a UK postcode like NG1 5AB")
    return Address(line1=line1, line2=line2, town=town, postcode=postcode)


def _read_concerns(top: Obj) -> Concerns:
    c = top.obj("concerns", _CONCERN_KEYS, required=True)
    if c is None:
        return Concerns(categories=(), details="")
    categories: list[ConcernCategory] = []
    for path, value in c.items("categories", least=1):
        category = read_code(value, path, c.problems, ConcernCategory, required=True)
        if category in categories:
            c.problems.add(path, f"repeats {category}")
        elif category is not None:
            categories.append(category)
    details = c.required_text("details", max_len=DETAILS_MAX, multiline=True)
    return Concerns(categories=tuple(categories), details=details)


def _read_consent(top: Obj) -> Consent:
    k = top.obj("consent", _CONSENT_KEYS, required=True)
    if k is None:
        return Consent(obtained=False)
    obtained = k.flag("obtained", required=True)
    from_whom = k.text("from_whom")
    covering = k.text("covering")
    reason = k.text("reason_not_obtained", max_len=NOTE_MAX, multiline=True)
    if obtained is True and from_whom is None and k.ok("from_whom"):
        k.fail("from_whom", "required when consent was obtained")
    if obtained is False and reason is None and k.ok("reason_not_obtained"):
        k.fail("reason_not_obtained", "required when consent was not obtained")
    return Consent(
        obtained=bool(obtained),
        from_whom=from_whom,
        covering=covering,
        reason_not_obtained=reason,
    )
