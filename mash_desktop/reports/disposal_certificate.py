"""The disposal certificate: what one disposal run removed, when, approved and carried out by whom.

It names cases by reference and record class only, with the rows removed
from each table: never a name or anything a case said. Marked, numbered and
fingerprinted like the hub's other documents; its reference is the
certificate number.
"""

from __future__ import annotations

from ..domain.codes import DocumentKind
from .content import Block, DocumentContent, Fields, Grid, Heading, Production, Text
from .wording import both, production_fields

TITLE = "Disposal certificate"
ALTERED = " (ALTERED OUTSIDE THE HUB: its signature does not hold)"
LIMITS = ("Disposal removes the case's personal data from the hub database: its people (unless on another case "
          "the hub keeps), the concerns, panels, disclosures, decisions, documents' records, strategy "
          "discussions, chronology entries and person links. The case's reference, codes and dates stay, so the "
          "hub's counts and this certificate hold. It cannot reach copies made before it: backups of the "
          "database and documents already produced or exported keep what they held until they are themselves "
          "destroyed under the backup schedule. Panels and disclosures are encrypted under each agency's key, "
          "which is not destroyed per case. Warnings on people are kept sealed under their agency's key and "
          "are not removed by a case's disposal. The audit trail keeps its events (ids, references and codes, "
          "no personal data), so it still verifies.")


def _rows(stones) -> tuple[tuple[str, ...], ...]:
    out = []
    for s in stones:
        approved = f"{s.approved_by}, {both(s.approved_at)}" if s.approved_at else s.approved_by
        removed = ", ".join(f"{table} {count}" for table, count in sorted(s.counts.items()) if count)
        out.append((s.reference + ("" if s.verified else ALTERED), s.record_class.label, approved,
                    f"{s.disposed_by}, {both(s.disposed_at)}", removed or "nothing"))
    return tuple(out)


def build(certificate: str, hub: str, stones, production: Production) -> DocumentContent:
    total = sum(sum(s.counts.values()) for s in stones)
    blocks: list[Block] = [
        Fields((
            ("Hub", hub),
            ("Certificate", certificate),
            ("Cases disposed of", str(len(stones))),
            ("Rows removed", str(total)),
            ("Carried out", "; ".join(sorted({f"{s.disposed_by}, {both(s.disposed_at)}" for s in stones})) or "—"),
        )),
        Text("Each case below was due for disposal under the hub's retention schedule, was approved by the "
             "information-governance officer named, waited out its cancel window without being cancelled and was "
             "covered by no legal hold when it was disposed of. Each disposal is logged in the audit trail as an "
             "erasure under the Data Protection Act 2018 s62.", "muted"),
        Heading(f"Cases ({len(stones)})"),
        Grid(("Reference", "Record class", "Approved by", "Disposed of by", "Rows removed"), _rows(stones),
             (0.21, 0.16, 0.19, 0.19, 0.25), "No case was disposed of under this certificate."),
        Heading("What disposal does not reach"),
        Text(LIMITS, "small"),
        Heading("About this certificate"),
        production_fields(production),
        Text("Handle as OFFICIAL-SENSITIVE. A copy can be checked against the hub's record with "
             "'mash-admin disposal certificate --verify FILE.pdf'.", "muted"),
    ]
    return DocumentContent(DocumentKind.DISPOSAL_CERTIFICATE, TITLE, hub, certificate, production, tuple(blocks))
