"""Information-sharing agreements: what one records, and when one is current.

Each partner agency shares under a written information-sharing agreement
with the hub: signed on a date, reviewed by a date, covering a scope, kept
as a document with a reference. The hub's own agency needs none.

An agreement is *current* from its recording until its review date (the
review date itself included) and only while its record verifies. A partner
whose latest agreement is past its review date, altered, or missing is given
no new users and makes no disclosures until an agreement is recorded or
reviewed: "current" means in force, and a review date that has passed means
the partners have not confirmed the agreement still fits what they share.
:data:`NOTICE_DAYS` before the review date the dashboard starts saying so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: How many days before its review date an agreement is shown as due for review.
NOTICE_DAYS = 60
SCOPE_LIMIT = 2000
REFERENCE_LIMIT = 200
#: The longest a review date may lie after the signing (a typing slip of a century is refused).
LONGEST_TERM_DAYS = 5 * 366


class Standing:
    """An agreement's standing, as a code."""

    CURRENT = "current"
    REVIEW_SOON = "review_soon"
    PAST_REVIEW = "past_review"
    NONE = "none"
    ALTERED = "altered"


#: Standings that let the partner be given users and make disclosures.
IN_FORCE = frozenset({Standing.CURRENT, Standing.REVIEW_SOON})

#: What is missing, in words, for a standing not in force (the end of a refusal's line).
MISSING = {
    Standing.NONE: "no information-sharing agreement is recorded",
    Standing.PAST_REVIEW: "its information-sharing agreement is past its review date",
    Standing.ALTERED: "its information-sharing agreement record was altered outside the hub",
}


@dataclass(frozen=True)
class AgreementTerms:
    """What an information-governance officer records of one agreement."""

    signed_on: dt.date
    review_due: dt.date
    scope: str
    reference: str


def check_terms(terms: AgreementTerms, today: dt.date) -> AgreementTerms:
    """The terms tidied, or a :class:`ValueError` naming the field and the problem in one line."""
    scope, reference = terms.scope.strip(), " ".join(terms.reference.split())
    if not scope:
        raise ValueError("scope|say what the agreement covers: which information, shared for what")
    if len(scope) > SCOPE_LIMIT:
        raise ValueError(f"scope|keep the scope to {SCOPE_LIMIT} characters; the document holds the detail")
    if not reference:
        raise ValueError("reference|give the agreement document's reference, so it can be found")
    if len(reference) > REFERENCE_LIMIT:
        raise ValueError(f"reference|keep the reference to {REFERENCE_LIMIT} characters")
    if terms.signed_on > today:
        raise ValueError("signed on|an agreement is recorded once signed, not before")
    if terms.review_due <= terms.signed_on:
        raise ValueError("review due|the review date comes after the signing")
    if terms.review_due < today:
        raise ValueError("review due|that date has passed: record the agreement as reviewed, with its next "
                         "review date")
    if (terms.review_due - terms.signed_on).days > LONGEST_TERM_DAYS:
        raise ValueError("review due|review an agreement at least every five years")
    return AgreementTerms(terms.signed_on, terms.review_due, scope, reference)


def standing(review_due: dt.date | None, verified: bool, today: dt.date) -> str:
    """The standing of a partner's latest agreement (``review_due`` None: none recorded)."""
    if review_due is None:
        return Standing.NONE
    if not verified:
        return Standing.ALTERED
    if review_due < today:
        return Standing.PAST_REVIEW
    if (review_due - today).days <= NOTICE_DAYS:
        return Standing.REVIEW_SOON
    return Standing.CURRENT


def standing_words(code: str, review_due: dt.date | None, today: dt.date) -> str:
    """The standing as the register and the dashboard say it."""
    if code == Standing.REVIEW_SOON and review_due is not None:
        days = (review_due - today).days
        return "Review due today" if days == 0 else f"Review due in {days} day{'s' if days != 1 else ''}"
    return {Standing.CURRENT: "Current", Standing.PAST_REVIEW: "Past review", Standing.NONE: "None",
            Standing.ALTERED: "Altered"}.get(code, code)
