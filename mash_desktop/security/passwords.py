"""Password policy: length, the common-passwords list, the username."""

from __future__ import annotations

import functools
import string

from ..domain.errors import FieldError
from ..paths import resource

MIN_LENGTH = 12
MAX_LENGTH = 256
_EDGE = string.digits + string.punctuation + " "


@functools.cache
def common_passwords() -> frozenset[str]:
    lines = resource("common-passwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def check_password(password: str, username: str, field: str = "password") -> None:
    """Refuse a short, common or username-based password, saying why."""
    if len(password) < MIN_LENGTH:
        raise FieldError(field, f"use at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise FieldError(field, f"use at most {MAX_LENGTH} characters")
    lowered = password.lower()
    core = lowered.strip(_EDGE)
    common = common_passwords()
    if lowered in common or (len(core) >= 4 and core in common) or len(set(lowered)) < 4:
        raise FieldError(field, "this password is too common or too easy to guess; choose another")
    if username.lower() in lowered:
        raise FieldError(field, "the password must not contain the username")
