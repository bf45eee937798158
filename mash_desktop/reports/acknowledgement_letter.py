"""The acknowledgement to the referrer: the contact arrived, with its reference.

It says that the hub received the contact, when, under which reference, and
what happens next. It carries no case details at all: not who the contact
is about, not what was said, not what the hub holds. It goes to the referrer
(addressed to them even when they asked not to be identified to the family,
as it is their own copy) and reminds them to quote the reference.
"""

from __future__ import annotations

from ..domain.case_record import CaseRecord
from ..domain.codes import DocumentKind
from ..domain.errors import Conflict
from .content import Block, DocumentContent, Heading, Text
from .content import Production
from .wording import day, local

TITLE = "Acknowledgement of your contact"
NEXT_STEPS = ("A practitioner in the hub will look at what you told us within one working day of receiving it "
              "and decide what needs to happen next, with information from partner agencies where that is "
              "needed. If the hub needs more from you, someone will contact you.")


def build(case: CaseRecord, production: Production) -> DocumentContent:
    if case.acknowledgement is None:
        raise Conflict(f"{case.reference} has no referrer to acknowledge (anonymous, or no way to reach them).")
    referrer = case.referrer
    address = "\n".join(x for x in (referrer.name, referrer.role, referrer.organisation, referrer.email) if x)
    dear = f"Dear {referrer.name}," if referrer.name else "Dear Sir or Madam,"
    blocks: list[Block] = [
        Text(f"{production.agency_name}\n{case.hub}\n\n{day(production.produced_at.date())}", "right"),
        Text(address or "To the referrer"),
        Heading("We have received your contact", 2),
        Text(f"Our reference: {case.reference}", "muted"),
        Text(dear),
        Text(f"Thank you for contacting the Multi-Agency Safeguarding Hub. We received your contact on "
             f"{local(case.received_at)} and it has the reference {case.reference}."),
        Heading("What happens next", 2),
        Text(NEXT_STEPS, "lead"),
        Text(f"Please quote {case.reference} whenever you contact the hub about this. If you have new "
             "concerns, tell us straight away. If you think anyone is in immediate danger, call 999."),
        *((Text("As you asked, the hub does not tell the family who made this contact."),)
          if referrer.withheld else ()),
        Text(f"Yours sincerely,\n\n{production.producer}\n{production.agency_name}"),
        Text(f"This letter acknowledges receipt only and holds no details of the contact. Document "
             f"{production.token}, produced for {production.recipient}.", "note"),
    ]
    return DocumentContent(DocumentKind.ACKNOWLEDGEMENT_LETTER, TITLE, case.hub, case.reference, production,
                           tuple(blocks))
