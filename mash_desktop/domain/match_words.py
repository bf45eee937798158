"""A possible match in words: why it may be the same person, and what differs.

:func:`why` turns the evidence :func:`~.person_match.compare` found into one
phrase a worker reads at a glance ("Same name and date of birth", "Names sound
alike, day and month of birth swapped"); :func:`differences` lists what this
contact says that the record does not (names, date of birth, address,
postcode, school, GP, NHS number, UPN), each as "this contact: …; on record: …".
"""

from __future__ import annotations

import datetime as dt

from .identifiers import show_nhs_number
from .names import fold
from .person_match import Identity

_DOB = {"same date of birth": "date of birth", "date of birth with day and month swapped":
        "day and month of birth swapped", "date of birth one digit different": "date of birth one digit different"}


def _names(reasons: tuple[str, ...]) -> list[str]:
    given = next((r[len("given name "):] for r in reasons if r.startswith("given name ")), None)
    family = next((r[len("family name "):] for r in reasons if r.startswith("family name ")), None)
    same_given, same_family = "same given name" in reasons, "same family name" in reasons
    if "given and family names swapped" in reasons:
        return ["given and family names swapped"]
    if same_given and same_family:
        return ["same name"]
    if given is not None and given == family:
        return [f"names {given.replace('sounds', 'sound')}"]
    words = []
    if same_family or family is not None:
        words.append("same family name" if same_family else f"family name {family}")
    if same_given or given is not None:
        words.append("same given name" if same_given else f"given name {given}")
    return words


def why(reasons: tuple[str, ...]) -> str:
    """``("same date of birth", "same family name", "same given name")`` ->
    ``"Same name and date of birth"``."""
    words = _names(reasons)
    dob = next((_DOB[r] for r in reasons if r in _DOB), None)
    if dob == "date of birth" and words == ["same name"]:
        words = ["same name and date of birth"]
    elif dob == "date of birth":
        words.append("same date of birth")
    elif dob is not None:
        words.append(dob)
    if "same address" in reasons:
        words.append("same address")
    elif "same postcode" in reasons:
        words.append("same postcode")
    words = [r for r in ("same NHS number", "same UPN") if r in reasons] + words
    text = ", ".join(words) or "some details alike"
    return text[0].upper() + text[1:]


def _day(day: dt.date | None) -> str | None:
    return None if day is None else f"{day.day} {day:%b %Y}"


def _postcode(text: str | None) -> str:
    return (text or "").replace(" ", "").upper()


def _differs(what: str, here: str | None, known: str | None, same) -> str | None:
    here, known = (here or "").strip() or None, (known or "").strip() or None
    if here is None and known is None:
        return None
    if here is not None and known is not None and same(here, known):
        return None
    label = f"{what} differs" if here and known else what
    return f"{label} — this contact: {here or 'not given'}; on record: {known or 'not recorded'}"


def differences(wanted: Identity, known: Identity) -> tuple[str, ...]:
    """What the contact (``wanted``) says differently from the record (``known``)."""
    folded = lambda a, b: fold(a) == fold(b)  # noqa: E731
    found = (
        _differs("Given name", wanted.given_name, known.given_name, folded),
        _differs("Family name", wanted.family_name, known.family_name, folded),
        _differs("Date of birth", _day(wanted.date_of_birth), _day(known.date_of_birth), str.__eq__),
        _differs("Address", wanted.address_line1, known.address_line1, folded),
        _differs("Postcode", wanted.postcode, known.postcode, lambda a, b: _postcode(a) == _postcode(b)),
        _differs("School", wanted.school, known.school, folded),
        _differs("GP", wanted.gp, known.gp, folded),
        _differs("NHS number", show_nhs_number(wanted.nhs_number), show_nhs_number(known.nhs_number), str.__eq__),
        _differs("UPN", wanted.upn, known.upn, str.__eq__),
    )
    return tuple(text for text in found if text is not None)
