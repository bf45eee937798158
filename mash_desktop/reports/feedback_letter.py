"""The letter to the referrer: what was decided, in plain words.

It says only what a referrer is entitled to know: that the referral was
received and considered, when, and what happens next. Nothing partner
agencies hold, no rationale, no rating, no household detail. A member of the
public is told that action was taken, not what it was, to protect the
privacy of the family. A referrer who asked not to be identified to the
family is not named in it at all (it may be kept on a file the family sees),
and it says so.
"""

from __future__ import annotations

from ..domain.case_record import CaseRecord
from ..domain.codes import DocumentKind
from ..domain.errors import Conflict
from .content import Block, DocumentContent, Heading, Production, Text
from .wording import day, plain_outcome

TITLE = "Feedback on your referral"
#: What the letter tells a referrer who asked not to be identified to the family.
WITHHELD_NOTE = ("As you asked, your identity is withheld from the family: the hub does not tell them who made "
                 "this referral, and this letter does not name you.")


def _first_names(case: CaseRecord) -> str:
    names = [p.given_name or p.name for p in case.subjects]
    if len(names) < 2:
        return names[0] if names else "them"
    return ", ".join(names[:-1]) + " and " + names[-1]


def build(case: CaseRecord, production: Production) -> DocumentContent:
    decision = case.decision
    if decision is None:
        raise Conflict(f"{case.reference} has no decision yet: the feedback letter follows the decision.")
    referrer = case.referrer
    if not referrer.name:
        raise Conflict(f"{case.reference} was referred anonymously: there is nobody to write to.")
    about = " and ".join(p.name + (f" (born {day(p.date_of_birth)})" if p.date_of_birth else "")
                         for p in case.subjects) or "the person you referred"
    if referrer.withheld:
        address, dear = "To the referrer", "Dear Sir or Madam,"
    else:
        address = "\n".join(x for x in (referrer.name, referrer.role, referrer.organisation, referrer.email) if x)
        dear = f"Dear {referrer.name},"
    received = day(case.received_at.date())
    decided = day(decision.decided_at.date())
    if referrer.member_of_public:
        outcome = ("To protect the privacy of the people involved we cannot tell you the details of what was "
                   "decided, but we have considered what you told us carefully and taken the action we judge "
                   "necessary.")
    else:
        outcome = plain_outcome(decision.outcome, decision.named_service)
    blocks: list[Block] = [
        Text(f"{production.agency_name}\n{case.hub}\n\n{day(production.produced_at.date())}", "right"),
        Text(address),
        Heading(f"Your referral about {about}", 2),
        Text(f"Our reference: {case.reference}", "muted"),
        Text(dear),
        Text(f"Thank you for your referral, which the Multi-Agency Safeguarding Hub received on {received}. "
             "The hub has considered it, with information from partner agencies where that was needed, and "
             f"reached a decision on {decided}."),
        Heading("What happens next", 2),
        Text(outcome, "lead"),
        Text(f"If you have new concerns about {_first_names(case)}, please contact the hub again and quote our "
             f"reference {case.reference}. If you think anyone is in immediate danger, call 999."),
        *((Text(WITHHELD_NOTE),) if referrer.withheld else ()),
        Text("Thank you for telling us about your concern."),
        Text(f"Yours sincerely,\n\n{production.producer}\n{production.agency_name}"),
        Text(f"This letter tells you the outcome of your referral only; what partner agencies know about the "
             f"people involved is not shared here. Document {production.token}, produced for "
             f"{production.recipient}.", "note"),
    ]
    return DocumentContent(DocumentKind.FEEDBACK_LETTER, TITLE, case.hub, case.reference, production,
                           tuple(blocks))
