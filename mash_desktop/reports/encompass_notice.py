"""Operation Encompass: the notification to the key adult at the child's school.

It says only what the key adult needs to give the child support on the next
school day: who the child is, that the police attended a domestic-abuse
incident on that date and time which the child was present at or which was
reported by a member of the household. It holds nothing of the incident's
narrative, of what partner agencies know, or of the hub's rating or
decision, as the Operation Encompass guidance asks.
"""

from __future__ import annotations

from ..domain.case_record import CaseRecord
from ..domain.codes import DocumentKind
from ..domain.errors import Conflict
from .content import Block, DocumentContent, Fields, Heading, Production, Text
from .wording import born, day, local

TITLE = "Operation Encompass notification"
SUPPORT = ("Please use this information to make sure the child is supported in school today, in the quiet, "
           "watchful way the Operation Encompass guidance describes. Keep it confidential to the key adult "
           "and those who need to know; do not discuss it with the child's family unless the hub advises it.")


def build(case: CaseRecord, production: Production) -> DocumentContent:
    notice = case.encompass
    if notice is None:
        raise Conflict(f"{case.reference} is not an Operation Encompass notification.")
    children = case.subjects
    rows: list[tuple[str, str]] = []
    for child in children:
        rows += [("Child", child.name), ("Date of birth", born(child)),
                 ("School", child.school or notice.school or "Not recorded")]
    rows += [("Incident", local(notice.incident_at)),
             ("Police attended", "Yes: a domestic abuse incident the child was present at or that a member "
                                 "of the household reported"),
             ("Hub reference", case.reference)]
    blocks: list[Block] = [
        Text(f"{production.agency_name}\n{case.hub}\n\n{day(production.produced_at.date())}", "right"),
        Text(f"To the key adult\n{notice.school or 'The child’s school'}"),
        Heading("About a child at your school", 2),
        Text("The police attended a domestic abuse incident that involved the child named below. The hub is "
             "telling you before the start of the school day so that the child can be supported."),
        Fields(tuple(rows)),
        Heading("What we ask of you", 2),
        Text(SUPPORT),
        Text(f"If you have concerns about the child, contact the hub and quote {case.reference}. If you "
             "think a child is in immediate danger, call 999."),
        Text(f"{production.producer}\n{production.agency_name}"),
        Text(f"This notification holds no details of the incident. Document {production.token}, produced for "
             f"{production.recipient}.", "note"),
    ]
    return DocumentContent(DocumentKind.ENCOMPASS_NOTICE, TITLE, case.hub, case.reference, production,
                           tuple(blocks))
