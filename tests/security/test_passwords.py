"""The password policy: length, the common-passwords list, the username."""

import pytest

from mash_desktop.domain.errors import FieldError
from mash_desktop.security import passwords
from mash_desktop.security.passwords import MAX_LENGTH, MIN_LENGTH, check_password


def _problem(password: str, username: str = "csc.officer", field: str = "password") -> FieldError:
    with pytest.raises(FieldError) as caught:
        check_password(password, username, field)
    return caught.value


def test_a_long_uncommon_password_is_accepted():
    check_password("Larch-Close-Kettle-42", "csc.officer")
    check_password("x" * (MAX_LENGTH - 4) + "Ab1!", "csc.officer")


def test_the_length_bounds_are_exact():
    check_password("Larch-Close4", "csc.officer")  # exactly MIN_LENGTH
    assert len("Larch-Close4") == MIN_LENGTH
    assert "at least 12" in _problem("Larch-Close").problem
    assert "at most 256" in _problem("Larch-Close-" + "k" * MAX_LENGTH).problem


def test_the_list_is_loaded_once_lower_cased_and_without_its_header():
    common = passwords.common_passwords()
    assert common is passwords.common_passwords()
    assert len(common) > 20_000
    assert "password" in common and "qwerty" in common
    assert all(word == word.lower() for word in common)
    assert not any(word.startswith("#") for word in common)


@pytest.mark.parametrize("password", [
    "password1234",        # on the list as it is
    "PASSWORD1234",        # any case
    "!!!qwertyuiop2024",   # a listed word dressed in digits and punctuation at the edges
    "   superman 12345",
    "aaaaaaaaaaaaaaa",     # too few different characters
    "abababababab",
    "abcabcabcabc",
])
def test_common_and_trivial_passwords_are_refused(password):
    assert "too common" in _problem(password).problem


def test_a_listed_word_inside_a_longer_phrase_is_not_refused_for_that():
    check_password("my dragon likes kettles", "csc.officer")


def test_the_username_may_not_be_in_the_password_in_any_case():
    problem = _problem("Xx-CSC.Officer-Strong-9", "csc.officer", field="new password")
    assert problem.field == "new password" and "username" in problem.problem


def test_the_refusal_never_repeats_the_password():
    for bad in ("short", "password1234", "csc.officer-strong-99"):
        assert bad not in str(_problem(bad))
