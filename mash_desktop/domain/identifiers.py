"""A person's NHS number and unique pupil number (UPN), checked and compared.

Both are optional. The check-digit algorithms are python-stdnum's
(``stdnum.gb.nhs``: ten digits, the last a modulus 11 check digit;
``stdnum.gb.upn``: thirteen characters, a check letter, a known local
authority number, the school's number, the year and a serial). An NHS number
may be typed with spaces or hyphens ("943 476 5919", "943-476-5919") and is
kept as its ten digits; a UPN is kept in capitals without spaces. Each
refusal is one line that names the number and what is wrong with it
("NHS number 943 476 5918 fails its check digit").

:func:`same_identifier` and :func:`conflicting_identifiers` compare two
records of a person: one NHS number (or UPN) the same is strong evidence that
they are one person; one known on both records and different is evidence
that they are not, whatever their names and dates of birth say.
"""

from __future__ import annotations

from dataclasses import dataclass

from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength, ValidationError
from stdnum.gb import nhs, upn

from ._fields import Problems, kind

NHS_DIGITS = 10
UPN_LENGTH = 13
_SHOWN_MAX = 20  # longer input is not repeated back in a refusal


class IdentifierError(ValueError):
    """A number that is not a valid NHS number or UPN; the message is one line."""


@dataclass(frozen=True, slots=True)
class Identifiers:
    """The identifiers known for one record of a person (None when not known)."""

    nhs_number: str | None = None  # ten digits
    upn: str | None = None  # thirteen characters, capitals


def _shown(text: str) -> str:
    """The typed number as a refusal repeats it: one line, controls and
    unassigned characters escaped, cut short."""
    text = " ".join(text.split())
    cut = text if len(text) <= _SHOWN_MAX else text[:_SHOWN_MAX] + "…"
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in cut)


def show_nhs_number(digits: str | None) -> str:
    """``"9434765919"`` -> ``"943 476 5919"``, as the NHS writes it; "" for None."""
    if not digits:
        return ""
    return nhs.format(digits) if len(digits) == NHS_DIGITS and digits.isdigit() else digits


def clean_nhs_number(text: str) -> str:
    """The ten digits of a valid NHS number typed with or without spaces or
    hyphens; otherwise :class:`IdentifierError` saying what is wrong."""
    shown = _shown(text)
    digits = nhs.compact(text)
    if not digits.isascii() or not digits.isdigit():
        raise IdentifierError(f"NHS number {shown} must be 10 digits, like 943 476 5919")
    try:
        return nhs.validate(digits)
    except InvalidLength:
        raise IdentifierError(f"NHS number {shown} has {len(digits)} digits, not 10") from None
    except InvalidChecksum:
        raise IdentifierError(f"NHS number {shown} fails its check digit") from None
    except ValidationError:
        raise IdentifierError(f"NHS number {shown} is not a valid NHS number") from None


def clean_upn(text: str) -> str:
    """A valid unique pupil number in capitals without spaces; otherwise
    :class:`IdentifierError` saying what is wrong."""
    shown = _shown(text)
    number = upn.compact(text)
    if not number.isascii():
        raise IdentifierError(f"UPN {shown} must be 13 letters and digits, like B801200005001")
    try:
        return upn.validate(number)
    except InvalidLength:
        raise IdentifierError(f"UPN {shown} has {len(number)} characters, not 13") from None
    except InvalidChecksum:
        raise IdentifierError(f"UPN {shown} fails its check letter") from None
    except InvalidComponent:
        raise IdentifierError(f"UPN {shown} does not start with a known local authority number") from None
    except ValidationError:
        raise IdentifierError(f"UPN {shown} must be a letter, 11 digits and a letter or digit, "
                              "like B801200005001") from None


def _read(value: object, field: str, problems: Problems, clean) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        problems.add(field, f"must be text, not {kind(value)}")
        return None
    try:
        return clean(value)
    except IdentifierError as refused:
        problems.add(field, str(refused))
        return None


def read_nhs_number(value: object, field: str, problems: Problems) -> str | None:
    """A reader for ``Obj.read``: an optional NHS number as text."""
    return _read(value, field, problems, clean_nhs_number)


def read_upn(value: object, field: str, problems: Problems) -> str | None:
    """A reader for ``Obj.read``: an optional unique pupil number as text."""
    return _read(value, field, problems, clean_upn)


def same_identifier(a: Identifiers, b: Identifiers) -> str | None:
    """Which identifier two records share ("NHS number" or "UPN"), if one."""
    if a.nhs_number and a.nhs_number == b.nhs_number:
        return "NHS number"
    if a.upn and a.upn == b.upn:
        return "UPN"
    return None


def conflicting_identifiers(a: Identifiers, b: Identifiers) -> tuple[str, ...]:
    """The identifiers known on both records and different."""
    found = []
    if a.nhs_number and b.nhs_number and a.nhs_number != b.nhs_number:
        found.append("NHS number")
    if a.upn and b.upn and a.upn != b.upn:
        found.append("UPN")
    return tuple(found)
