"""When an information-sharing agreement is current, and what one records, as tables."""

from __future__ import annotations

import datetime as dt

import pytest

from mash_desktop.domain.agreements import (
    IN_FORCE, NOTICE_DAYS, AgreementTerms, Standing, check_terms, standing, standing_words,
)

TODAY = dt.date(2026, 12, 3)


@pytest.mark.parametrize("due, verified, expected, words", [
    (None, False, Standing.NONE, "None"),
    (TODAY + dt.timedelta(days=200), False, Standing.ALTERED, "Altered"),
    (TODAY + dt.timedelta(days=NOTICE_DAYS + 1), True, Standing.CURRENT, "Current"),
    (TODAY + dt.timedelta(days=NOTICE_DAYS), True, Standing.REVIEW_SOON, f"Review due in {NOTICE_DAYS} days"),
    (TODAY + dt.timedelta(days=1), True, Standing.REVIEW_SOON, "Review due in 1 day"),
    (TODAY, True, Standing.REVIEW_SOON, "Review due today"),
    (TODAY - dt.timedelta(days=1), True, Standing.PAST_REVIEW, "Past review"),
])
def test_the_standing_of_a_partners_latest_agreement(due, verified, expected, words):
    assert standing(due, verified, TODAY) == expected
    assert standing_words(expected, due, TODAY) == words
    assert (expected in IN_FORCE) == (expected in (Standing.CURRENT, Standing.REVIEW_SOON))


def _terms(signed=TODAY - dt.timedelta(days=10), due=TODAY + dt.timedelta(days=365), scope="Safeguarding",
           reference="ISA-1") -> AgreementTerms:
    return AgreementTerms(signed, due, scope, reference)


@pytest.mark.parametrize("terms, field", [
    (_terms(scope="  "), "scope"),
    (_terms(scope="x" * 2001), "scope"),
    (_terms(reference=""), "reference"),
    (_terms(reference="r" * 201), "reference"),
    (_terms(signed=TODAY + dt.timedelta(days=1), due=TODAY + dt.timedelta(days=30)), "signed on"),
    (_terms(signed=TODAY - dt.timedelta(days=10), due=TODAY - dt.timedelta(days=10)), "review due"),
    (_terms(signed=TODAY - dt.timedelta(days=400), due=TODAY - dt.timedelta(days=1)), "review due"),
    (_terms(due=TODAY + dt.timedelta(days=6 * 366)), "review due"),
])
def test_terms_that_are_refused_name_their_field(terms, field):
    with pytest.raises(ValueError) as caught:
        check_terms(terms, TODAY)
    assert str(caught.value).split("|")[0] == field


def test_terms_are_tidied():
    tidy = check_terms(_terms(scope="  Safeguarding  ", reference=" ISA   2026 "), TODAY)
    assert (tidy.scope, tidy.reference) == ("Safeguarding", "ISA 2026")
    assert check_terms(_terms(signed=TODAY, due=TODAY + dt.timedelta(days=1)), TODAY).review_due > TODAY
