"""How documents put dates, lawful bases, consent and outcomes into words."""

from __future__ import annotations

import datetime as dt

from ..domain.case_record import DisclosureEntry, PersonEntry
from ..domain.codes import ConsentPosition, Outcome, ThresholdLevel
from ..domain.lawful_basis import DataKind, LawfulGround, from_legacy
from ..domain.zone import HUB_ZONE
from .content import Fields, Production

NOT_RECORDED = "None recorded"


def local(moment: dt.datetime | None) -> str:
    """A moment in hub time, e.g. "12 Nov 2024, 10:30 GMT"."""
    if moment is None:
        return "—"
    here = moment.astimezone(HUB_ZONE)
    return f"{here:%d %b %Y}, {here:%H:%M} {here.tzname()}"


def both(moment: dt.datetime | None) -> str:
    """UTC and hub time, e.g. "14 Jun 2024 13:05 UTC (14:05 BST)"."""
    if moment is None:
        return "—"
    utc = moment.astimezone(dt.timezone.utc)
    here = moment.astimezone(HUB_ZONE)
    return f"{utc:%d %b %Y %H:%M} UTC ({here:%d %b %Y %H:%M} {here.tzname()})"


def day(date: dt.date | None) -> str:
    return f"{date.day} {date:%B %Y}" if date else "—"


def born(person: PersonEntry) -> str:
    if person.date_of_birth:
        return f"{person.date_of_birth:%d %b %Y}"
    if person.expected_due_date:
        return f"unborn, due {person.expected_due_date:%d %b %Y}"
    return "not known"


def basis_rows(item: DisclosureEntry) -> list[tuple[str, str]]:
    """The lawful basis as recorded, set out by the law it comes from: what
    kind of data, Article 6, Article 9 and Article 10 with their Schedule 1
    conditions, or Part 3 with its Schedule 8 condition, and the gateway. A
    one-code basis recorded before bases were recorded in parts is read into
    the parts it names, and also given as first recorded."""
    ground = item.ground if item.ground is not None else from_legacy(item.basis) if item.basis else None
    if ground is None:
        rows = [("Lawful basis", NOT_RECORDED)]
    else:
        rows = [("Data shared", "; ".join(k.label for k in DataKind if k in ground.kinds) or NOT_RECORDED),
                *_ground_rows(ground)]
    if item.basis is not None:
        rows.append(("Basis as first recorded", item.basis.label))
    return [*rows, ("Statutory gateway", item.gateway.label if item.gateway else NOT_RECORDED)]


def _ground_rows(g: LawfulGround) -> list[tuple[str, str]]:
    if g.part3:
        outside = "Not applicable: law-enforcement processing under DPA 2018 Part 3"
        sensitive = g.schedule8.label if g.schedule8 else (
            NOT_RECORDED if g.special else "Not needed: no sensitive processing")
        return [("UK GDPR Article 6 basis", outside), ("Article 9 condition / DPA 2018 Sch 1", outside),
                ("Article 10 condition / DPA 2018 Sch 1", outside),
                ("Law enforcement (DPA 2018 Part 3)", f"s35; sensitive processing: {sensitive}")]
    return [("UK GDPR Article 6 basis", g.article6.label if g.article6 else NOT_RECORDED),
            ("Article 9 condition / DPA 2018 Sch 1", g.article9.label if g.article9 else (
                NOT_RECORDED if g.special else "Not applicable: no special-category data")),
            ("Article 10 condition / DPA 2018 Sch 1", g.article10.label if g.article10 else (
                NOT_RECORDED if g.criminal else "Not applicable: no criminal-offence data")),
            ("Law enforcement (DPA 2018 Part 3)", "Not applicable")]


def consent(item: DisclosureEntry) -> str:
    if item.consent is ConsentPosition.GIVEN:
        if not (item.consent_from or item.consent_covering):
            return item.consent.label
        return (f"{item.consent.label} by {item.consent_from or NOT_RECORDED.lower()}, covering "
                f"{item.consent_covering or NOT_RECORDED.lower()}")
    if not item.consent_reason:
        return item.consent.label
    return f"{item.consent.label}. Reason: {item.consent_reason}"


def authorisation(item: DisclosureEntry) -> str:
    if item.authorised_by:
        return f"{item.authorised_by}, {both(item.authorised_at)}"
    if item.consent is ConsentPosition.GIVEN:
        return "Not needed: shared with consent"
    return "—"


def disclosure_fields(item: DisclosureEntry) -> Fields:
    """Everything that says what was shared, by whom, with whom, why and how."""
    return Fields((
        ("From", f"{item.from_agency_name} ({item.from_agency})"),
        ("To", recipient_name(item.to, item.to_name)),
        *basis_rows(item),
        ("Consent", consent(item)),
        ("Handling code", item.handling.label),
        ("Why it was shared", item.justification),
        ("Disclosed by", item.disclosed_by),
        ("Disclosed at", both(item.disclosed_at)),
        ("Authorised by", authorisation(item)),
    ))


def level(value: int) -> str:
    try:
        return ThresholdLevel(value).label
    except ValueError:
        return str(value)


def production_fields(p: Production) -> Fields:
    """The closing block; the fingerprint of it all is added when rendered."""
    return Fields((
        ("Produced by", f"{p.producer} ({p.producer_username}), {p.agency_name}"),
        ("Produced at", both(p.produced_at)),
        ("Produced for", p.recipient),
        ("Document ID", p.token),
    ))


def recipient_name(to: str, to_name: str) -> str:
    return "The whole hub (every partner agency)" if to == "hub" else f"{to_name} ({to}) only"


#: What each outcome means, in words for someone outside the hub.
PLAIN_OUTCOMES = {
    Outcome.STRATEGY_S47: "Children's social care will make enquiries to find out whether the child is at risk "
                          "of significant harm (section 47 of the Children Act 1989), starting with a strategy "
                          "discussion between the agencies involved.",
    Outcome.CHILD_IN_NEED_S17: "Children's social care will carry out an assessment of the child's needs "
                               "(section 17 of the Children Act 1989).",
    Outcome.EARLY_HELP: "The family will be offered early help from {service}.",
    Outcome.REFER_ON: "The information has been passed to {service}, who will decide how to help.",
    Outcome.INFORMATION_ADVICE: "The hub has given information and advice; no further assessment is planned "
                                "at present.",
    Outcome.NO_FURTHER_ACTION: "The hub has decided that no further action by the hub is needed at present.",
    Outcome.CARE_ACT_S42: "Adult social care will make safeguarding enquiries (section 42 of the Care Act 2014).",
    Outcome.NEEDS_ASSESSMENT: "Adult social care will assess the person's care and support needs.",
    Outcome.IMMEDIATE_PROTECTION: "Action has been taken to keep the person safe straight away, and the agencies "
                                  "involved are following this up.",
}


def plain_outcome(outcome: Outcome, named_service: str | None) -> str:
    return PLAIN_OUTCOMES[outcome].format(service=named_service or "the service named to the family")
