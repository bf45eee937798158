"""The information-sharing record of a referral.

One section per disclosure the reader may read: from which agency, to whom,
what was shared word for word, the lawful basis split by the law it comes
from, the consent position and its reason, the handling code, who disclosed
and who authorised it, in UTC and in hub time; then who produced the record,
when and for whom.
"""

from __future__ import annotations

from ..domain.case_record import CaseRecord
from ..domain.codes import DocumentKind
from .content import Block, DocumentContent, Fields, Heading, Production, Text
from .no_share_wording import no_share_blocks, unseen_blocks
from .wording import both, born, disclosure_fields, production_fields

TITLE = DocumentKind.SHARING_RECORD.label


def build(case: CaseRecord, production: Production) -> DocumentContent:
    subjects = "; ".join(f"{p.name} (born {born(p)})" for p in case.subjects) or "(no subject recorded)"
    blocks: list[Block] = [
        Fields((
            ("Hub", case.hub),
            ("Reference", case.reference),
            ("Subject", subjects),
            ("Referral received", both(case.received_at)),
            ("Referred by", case.referrer.shown),
            ("Case status", case.status.label),
        )),
        Text(f"This record sets out each disclosure made on this referral that {production.producer} of "
             f"{production.agency_name} may read: what was shared, by which agency and by whom, with whom, why "
             "and on what lawful basis. Disclosures addressed to another agency, or still awaiting "
             "authorisation, are not part of it.", "muted"),
        Heading(f"Disclosures ({len(case.shared)})"),
    ]
    blocks += unseen_blocks(case)
    if not case.shared:
        blocks.append(Text("No disclosure that you may read has been made on this referral."))
    total = len(case.shared)
    for n, item in enumerate(case.shared, start=1):
        blocks += [
            Heading(f"Disclosure {n} of {total}: {item.from_agency_name} to "
                    f"{'the hub' if item.to == 'hub' else item.to_name}", 2),
            disclosure_fields(item),
            Text("What was shared, word for word:", "muted"),
            Text(item.text, "quote"),
        ]
    blocks += no_share_blocks(case, production.agency_name)
    blocks += [
        Heading("About this record"),
        production_fields(production),
        Text("Handle as OFFICIAL-SENSITIVE. Share it further only with a lawful basis, and record that decision "
             "and its reasons. A copy can be checked against the hub's record with "
             "'mash-admin report verify FILE.pdf'.", "muted"),
    ]
    return DocumentContent(DocumentKind.SHARING_RECORD, TITLE, case.hub, case.reference, production, tuple(blocks))
