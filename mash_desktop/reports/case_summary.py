"""The case summary, printed at the desk.

Subjects and household, concerns, the RAG rating and its history, the
chronology, research status per agency, the reader's own agency panel, the
disclosures they may read and the decision. Other agencies' panels appear
only as a state: written, nothing known, or not written.
"""

from __future__ import annotations

from ..domain.case_record import CaseRecord, PersonEntry
from ..domain.codes import DocumentKind
from .content import Banner, Block, DocumentContent, Fields, Grid, Heading, Production, Text
from .notice_wording import acknowledgement_text, encompass_text
from .wording import both, born, disclosure_fields, level, local, production_fields
from ..domain.identifiers import show_nhs_number

TITLE = DocumentKind.CASE_SUMMARY.label


def _yes_no(value: bool | None) -> str:
    return "—" if value is None else ("Yes" if value else "No")


def _identifiers(case: CaseRecord) -> list[Block]:
    """Each person's NHS number and UPN where recorded, one person a row."""
    rows = tuple((p.name, ", ".join(x for x in (p.nhs_number and f"NHS number {show_nhs_number(p.nhs_number)}",
                                                 p.upn and f"UPN {p.upn}") if x))
                 for p in (*case.subjects, *case.household) if p.nhs_number or p.upn)
    return [Heading("NHS numbers and UPNs"), Fields(rows)] if rows else []


def _people(case: CaseRecord) -> list[Block]:
    def language(p: PersonEntry) -> str:
        return f"{p.first_language or '—'}{', interpreter needed' if p.interpreter_needed else ''}"

    def where(p: PersonEntry) -> str:
        return "\n".join(x for x in (f"School: {p.school}" if p.school else None,
                                      f"GP: {p.gp}" if p.gp else None) if x) or "—"

    blocks: list[Block] = [
        Heading("Subjects"),
        Grid(("Name", "Born", "Gender", "Ethnicity / language", "Address", "School / GP"),
             tuple((p.name, born(p), p.gender, f"{p.ethnicity or '—'}\n{language(p)}", p.address or "—", where(p))
                   for p in case.subjects), (0.17, 0.11, 0.1, 0.18, 0.25, 0.19)),
    ]
    for p in case.subjects:
        if p.care_and_support_needs or p.has_capacity is not None:
            blocks.append(Fields(((f"{p.name}: care and support needs", p.care_and_support_needs or "—"),
                                  ("Has capacity", _yes_no(p.has_capacity)))))
    blocks += [
        Heading("Household"),
        Grid(("Name", "Relationship", "Born", "Address"),
             tuple((p.name, p.relationship or "—", born(p), p.address or "—") for p in case.household),
             (0.27, 0.2, 0.15, 0.38), empty="No household members recorded."),
        *_identifiers(case),
    ]
    return blocks


def _concerns(case: CaseRecord) -> list[Block]:
    aware = "Yes" if case.parents_aware else f"No: {case.parents_not_aware_reason or 'no reason recorded'}"
    if case.consent_obtained:
        consent = f"Obtained from {case.consent_from or '—'}, covering {case.consent_covering or '—'}"
    else:
        consent = f"Not obtained: {case.consent_reason_not_obtained or 'no reason recorded'}"
    return [
        Heading("Concerns"),
        Fields((("Categories", ", ".join(c.label for c in case.concern_categories) or "—"),
                ("Parents or carers aware", aware), ("Consent to the referral", consent))),
        Text("As the referrer described them:", "muted"),
        Text(case.concern_details, "quote"),
    ]


def _rag_and_chronology(case: CaseRecord) -> list[Block]:
    return [
        Heading("RAG rating and its history"),
        Grid(("When", "From", "To", "Reason", "By"),
             tuple((local(r.at), r.from_rag.value.title() if r.from_rag else "Not rated", r.to_rag.value.title(),
                    r.reason or "—", r.by or "—") for r in case.rag_history),
             (0.18, 0.11, 0.09, 0.44, 0.18), empty="The case has not been rated yet."),
        Heading("Chronology"),
        Grid(("When", "Agency", "What happened", "By", "Note"),
             tuple((local(h.at), h.agency, h.what, h.by or "—", h.note or "—") for h in case.chronology),
             (0.16, 0.11, 0.31, 0.16, 0.26)),
    ]


def _research(case: CaseRecord, production: Production) -> list[Block]:
    blocks: list[Block] = [
        Heading("Research by agency"),
        Grid(("Agency", "Requested", "Due", "Status", "Returned", "Panel"),
             tuple((f"{r.agency_name} ({r.agency})", local(r.requested_at), local(r.due_at), r.status.label,
                    local(r.returned_at), r.panel) for r in case.research),
             (0.24, 0.17, 0.17, 0.12, 0.17, 0.13), empty="No agency has been asked to research yet."),
        Text("Each agency's panel is sealed to that agency: this summary shows only whether other agencies have "
             "written theirs.", "muted"),
        Heading(f"Your agency's panel: {production.agency_name}"),
    ]
    own = case.own_panel
    if own is None or own.text is None:
        note = {"empty": "Your agency has not written a panel on this case.",
                "unreadable": "Your agency's panel could not be opened with your keys."}
        blocks.append(Text(note.get(own.state if own else "", "Your agency's panel is not available to you."),
                           "muted"))
    else:
        status = "Nothing known. " if own.nothing_known else ""
        blocks += [Text(f"{status}Last written {local(own.updated_at)}.", "muted"), Text(own.text, "quote")]
    return blocks


def _disclosures(case: CaseRecord) -> list[Block]:
    blocks: list[Block] = [Heading(f"Disclosures you may read ({len(case.shared)})")]
    if not case.shared:
        blocks.append(Text("None.", "muted"))
    for n, item in enumerate(case.shared, start=1):
        blocks += [Heading(f"{n}. From {item.from_agency_name}", 2), disclosure_fields(item),
                   Text(item.text, "quote")]
    return blocks


def _decision(case: CaseRecord) -> list[Block]:
    d = case.decision
    if d is None:
        return [Heading("Decision"), Text("No decision has been recorded yet.", "muted")]
    return [Heading("Decision"), Fields((
        ("Outcome", d.outcome.label + (f": {d.named_service}" if d.named_service else "")),
        ("Threshold level", level(d.level)),
        ("Rationale", d.rationale),
        ("Next steps", d.next_steps or "—"),
        ("Decided without all research", d.override_reason or "No"),
        ("Decided by", f"{d.decided_by}, {both(d.decided_at)}"),
    ))]


def _referrer(case: CaseRecord) -> tuple[tuple[str, str], ...]:
    """Who referred, and how to reach them: withheld when they asked not to be identified."""
    r = case.referrer
    contact = ", ".join(x for x in (r.phone, r.email) if x)
    return (("Referrer", r.shown),) + ((("Referrer's contact", contact),) if contact and not r.withheld else ())


def _confirmation(case: CaseRecord, production: Production) -> tuple[tuple[str, str], ...]:
    """A phone contact's written confirmation: when due, when received, or overdue."""
    if case.confirmation_due_at is None:
        return ()
    if case.confirmation_received_at is not None:
        state = f"Received {local(case.confirmation_received_at)} (due {local(case.confirmation_due_at)})"
        if not case.confirmation_verified:
            state += " (altered outside the hub)"
    elif case.confirmation_overdue(production.produced_at):
        state = f"Overdue: was due {local(case.confirmation_due_at)}, not received"
    else:
        state = f"Due {local(case.confirmation_due_at)}, not received yet"
    return (("Written confirmation", state),)


def _notices(case: CaseRecord, production: Production) -> tuple[tuple[str, str], ...]:
    """The acknowledgement to the referrer and an Operation Encompass clock, in words."""
    rows = (("To the referrer", acknowledgement_text(case, production.produced_at)),
            ("To the school", encompass_text(case, production.produced_at)))
    return tuple((label, text) for label, text in rows if text)


def build(case: CaseRecord, production: Production) -> DocumentContent:
    rag = case.rag.label if case.rag else "Not rated yet"
    blocks: list[Block] = [
        Banner(f"RAG: {rag}", case.rag.value if case.rag else "neutral"),
        Fields((
            ("Subject", "; ".join(f"{p.name} (born {born(p)})" for p in case.subjects) or "—"),
            ("Status", case.status.label),
            ("Received", both(case.received_at)),
            (case.due_caption, local(case.decision_due_at)),
            ("Source", f"{case.source.label}, by {case.channel.label.lower()}"),
            *_referrer(case),
            *_confirmation(case, production),
            *_notices(case, production),
            ("Allocated to", case.allocated_to or "Not allocated"),
        )),
        *_people(case), *_concerns(case), *_rag_and_chronology(case), *_research(case, production),
        *_disclosures(case), *_decision(case),
        Heading("About this summary"),
        production_fields(production),
        Text("Handle as OFFICIAL-SENSITIVE. It shows only what the reader's agency may see.", "muted"),
    ]
    return DocumentContent(DocumentKind.CASE_SUMMARY, TITLE, case.hub, case.reference, production, tuple(blocks))
