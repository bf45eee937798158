"""Subject access documents: the redacted response, its redaction log, and an agency's own part.

The response sets out, contact by contact, what the hub holds about the
person, with every redacted phrase shown as "[redacted: third party]". The
log lists each redaction (where, what kind, why, decided by whom) and so
holds the redacted words itself: it is marked for the information-governance
file only. An agency's part sets out that agency's own panels about the
person, redacted the same way.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from ..domain import subject_access as sar
from ..domain.codes import DocumentKind
from ..domain.csv_cells import neutralise
from .content import Banner, Block, DocumentContent, Fields, Grid, Heading, Production, Text
from .wording import both, production_fields

IG_ONLY = ("FOR THE INFORMATION-GOVERNANCE FILE ONLY: this log holds the words that were redacted. "
           "Never send it to the requester or anyone else.")
ALTERED = "ALTERED OUTSIDE THE HUB: this record's signature does not hold; do not rely on it."
LOG_HEADER = ("Phrase", "Kind", "Whose", "Decision", "Why", "Decided by", "Where found")


@dataclass
class Redactor:
    """Redacts text with the phrases given, remembering where each was found."""

    phrases: list[str]
    aliases: dict[str, str] = field(default_factory=dict)  # another form's key -> the phrase's key
    found: dict[str, dict[str, int]] = field(default_factory=dict)  # phrase key -> {where: count}

    def __call__(self, text: str | None, where: str) -> str:
        if not text:
            return text or ""
        out, counts = sar.redact(text, self.phrases)
        for key, n in counts.items():
            key = self.aliases.get(key, key)
            places = self.found.setdefault(key, {})
            places[where] = places.get(where, 0) + n
        return out

    def where(self, key: str) -> str:
        places = self.found.get(key, {})
        return "; ".join(f"{w} ({n}×)" if n > 1 else w for w, n in places.items()) or "Not found in the text"


def _day(day) -> str:
    return f"{day:%d %b %Y}" if day else "not known"


def _contact_blocks(c, r: Redactor) -> list[Block]:
    ref = c.reference
    blocks: list[Block] = [Heading(f"Contact {ref}", 2)]
    if not c.verified:
        blocks.append(Text(ALTERED, "lead"))
    referrer = ", ".join(x for x in (c.referrer.name, c.referrer.role, c.referrer.organisation,
                                     c.referrer.phone, c.referrer.email) if x)
    blocks.append(Fields((
        ("Received", both(c.received_at)),
        ("Source", c.source),
        ("Referred by", r(referrer, f"{ref} referrer") or "Not recorded"),
        ("Status", c.status),
        ("Closed", both(c.closed_at) if c.closed_at else "Open"),
        ("Concerns", ", ".join(c.concerns) or "None recorded"),
    )))
    blocks += [Text("The concerns as recorded:", "muted"), Text(r(c.concern_details, f"{ref} concerns"), "quote")]
    rows = tuple((r(p.name, f"{ref} people named"), p.relationship, r(_day(p.date_of_birth), f"{ref} people named"),
                  r(p.address or "Not recorded", f"{ref} people named")) for p in c.people)
    blocks += [Text("People named:", "muted"),
               Grid(("Name", "Relationship", "Born", "Address"), rows, (0.27, 0.18, 0.15, 0.4))]
    if c.decision is not None:
        d = c.decision
        blocks += [Text("Decision:", "muted"), Fields((
            ("Outcome", f"{d.outcome} (level {d.level})"),
            ("Decided", both(d.decided_at)),
            ("Rationale", r(d.rationale, f"{ref} decision")),
            ("Next steps", r(d.next_steps, f"{ref} decision") or "—"),
            ("Service", r(d.named_service, f"{ref} decision") or "—"),
        ))]
        if not d.verified:
            blocks.append(Text(ALTERED, "lead"))
    events = tuple((f"{e.at:%d %b %Y %H:%M}", e.what, r(e.reason, f"{ref} events") or "")
                   for e in c.events)
    blocks += [Text("What happened:", "muted"),
               Grid(("When (UTC)", "What", "Reason given"), events, (0.2, 0.35, 0.45), "No events recorded.")]
    return blocks


def build_response(hub_name: str, request, part, redactor: Redactor, production: Production,
                   reference: str) -> DocumentContent:
    """The redacted response to ``request`` (a RequestView) from the hub's part ``part``."""
    blocks: list[Block] = [
        Fields((
            ("Hub", hub_name),
            ("Request", f"Subject access request {request.id}"),
            ("About", f"{part.person} (born {_day(part.date_of_birth)})"),
            ("Asked by", request.requester.label + (f" ({request.authority})" if request.authority else "")),
            ("Received", _day(request.received_on)),
            ("Contacts", ", ".join(part.references) or "None"),
        )),
        Text(f"This document sets out what {hub_name} holds about {part.person} across every contact about "
             "them: for each contact its reference, dates, status, the concerns and what was said about them, "
             "the people named, the decision and its rationale, and what happened. Other people's personal "
             f"data is shown as {sar.MARKER}. Each partner agency answers for its own records separately.",
             "muted"),
        Heading(f"Contacts ({len(part.contacts)})"),
    ]
    if not part.contacts:
        blocks.append(Text("The hub holds no contact about this person."))
    for c in part.contacts:
        blocks += _contact_blocks(c, redactor)
    blocks += [Heading("About this document"), production_fields(production),
               Text("Handle as OFFICIAL-SENSITIVE until it is released to the requester. A copy can be checked "
                    "against the hub's record with 'mash-admin report verify FILE.pdf'.", "muted")]
    return DocumentContent(DocumentKind.SUBJECT_ACCESS, "Subject access response", hub_name, reference, production,
                           tuple(blocks))


@dataclass(frozen=True)
class LogLine:
    phrase: str
    kind: str
    whose: str
    decision: str
    why: str
    by: str
    where: str

    def row(self) -> tuple[str, ...]:
        return (self.phrase, self.kind, self.whose, self.decision, self.why, self.by, self.where)


def log_lines(review, redactor: Redactor) -> list[LogLine]:
    lines = []
    for s in review.suggested:
        g = s.suggestion
        d = review.decided.get(g.key)
        decision = d.decision.label if d else "Not yet decided"
        why = d.reason if d and d.reason else g.kind.label
        lifted = d is not None and d.decision is sar.RedactionDecision.LIFTED
        lines.append(LogLine(g.phrase, g.kind.label, g.whose, decision, why, d.by if d else "—",
                             "Left in the text" if lifted else redactor.where(g.key)))
    for key, (phrase, d) in review.added.items():
        lifted = d.decision is sar.RedactionDecision.LIFTED
        lines.append(LogLine(phrase, sar.RedactionKind.PHRASE.label, "—", d.decision.label, d.reason or "—", d.by,
                             "Left in the text" if lifted else redactor.where(key)))
    return lines


def build_log(hub_name: str, request, lines: list[LogLine], production: Production, reference: str,
              response_token: str) -> DocumentContent:
    redacted = sum(1 for line in lines if line.decision != sar.RedactionDecision.LIFTED.label)
    blocks: list[Block] = [
        Banner(IG_ONLY, "red"),
        Fields((
            ("Hub", hub_name),
            ("Request", f"Subject access request {request.id}"),
            ("Response", f"Document {response_token}"),
            ("Redactions", f"{redacted} redacted, {len(lines) - redacted} lifted"),
        )),
        Heading("Redactions"),
        Grid(("Phrase", "What and whose", "Decision and why", "By", "Where found"),
             tuple((ln.phrase, f"{ln.kind}\n{ln.whose}", f"{ln.decision}\n{ln.why}", ln.by, ln.where) for ln in lines),
             (0.18, 0.24, 0.26, 0.1, 0.22), "No redactions."),
        Heading("About this log"),
        production_fields(production),
        Text(IG_ONLY, "lead"),
    ]
    return DocumentContent(DocumentKind.SUBJECT_ACCESS_LOG, "Subject access redaction log", hub_name, reference,
                           production, tuple(blocks))


def log_csv(lines: list[LogLine]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("# " + IG_ONLY,))
    writer.writerow(LOG_HEADER)
    for line in lines:
        writer.writerow(tuple(neutralise(v) for v in line.row()))
    return out.getvalue().encode("utf-8-sig")


def build_agency(hub_name: str, request, part, redactor: Redactor, production: Production,
                 reference: str) -> DocumentContent:
    """An agency's own panels about the person, redacted."""
    blocks: list[Block] = [
        Fields((
            ("Hub", hub_name),
            ("Request", f"Subject access request {request.id}"),
            ("About", part.person),
            ("Agency", f"{part.agency_name} ({part.agency_code})"),
            ("Contacts", ", ".join(p.reference for p in part.panels) or "None"),
        )),
        Text(f"This part sets out what {part.agency_name} recorded in its own panels on the hub's contacts about "
             f"{part.person}. Other people's personal data is shown as {sar.MARKER}. The hub's own records and "
             "each other agency's are answered for separately.", "muted"),
        Heading(f"Panels ({len(part.panels)})"),
    ]
    if not part.panels:
        blocks.append(Text(f"{part.agency_name} recorded nothing on these contacts."))
    for p in part.panels:
        if p.state == "empty":
            text = "No panel written."
        elif p.state == "unreadable":
            text = "The panel could not be opened with the agency's keys; ask the agency lead."
        else:
            text = redactor(p.text, f"{p.reference} {part.agency_code} panel")
        if p.nothing_known:
            text = f"Nothing known to the agency.\n{text}"
        blocks += [Heading(f"Contact {p.reference}", 2), Text(text, "quote")]
    blocks += [Heading("About this document"), production_fields(production),
               Text("Handle as OFFICIAL-SENSITIVE until it is released to the requester. A copy can be checked "
                    "against the hub's record with 'mash-admin report verify FILE.pdf'.", "muted")]
    return DocumentContent(DocumentKind.SUBJECT_ACCESS_PANELS, f"Subject access: {part.agency_name}", hub_name,
                           reference, production, tuple(blocks))
