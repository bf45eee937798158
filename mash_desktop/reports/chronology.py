"""A person's chronology, printed: every entry the producer may see, in date order.

The heading says who it is about, which contacts it draws on and whether
the chronology was marked finished (by whom, when). One table row per entry:
the date, where it came from, what happened (a curated entry's analysis, an
automatic line with what the producer may read of it) and, for a curated
entry, its significance. An entry whose signature does not hold says so.
"""

from __future__ import annotations

from ..domain.chronology import PersonChronology
from ..domain.codes import DocumentKind
from .content import Block, DocumentContent, Fields, Grid, Heading, Production, Text
from .wording import both, production_fields

TITLE = "Person chronology"
ALTERED_NOTE = "ALTERED OUTSIDE THE HUB: this entry's signature does not hold; do not rely on it."


def _state(chron: PersonChronology) -> str:
    state = chron.state
    if state is None:
        return "In progress (never marked finished)"
    made = f"{state.by}, {both(state.at)}" + ("" if state.verified else " (signature does not hold)")
    return f"Finished by {made}" if state.finished else f"Reopened by {made}. Reason: {state.reason or '—'}"


def _row(item) -> tuple[str, ...]:
    what = item.what if not item.curated else f"{item.category.label}: {item.what}"
    if item.detail and not item.curated:
        what += f"\n{item.detail}"
    tail = [x for x in (item.reference, f"by {item.by}" if item.by else None,
                        f"version {item.version}" if item.version > 1 else None) if x]
    if tail:
        what += f"\n({'; '.join(tail)})"
    if item.altered:
        what += f"\n{ALTERED_NOTE}"
    kind = "Added by staff" if item.curated else item.category.label
    return (f"{item.day:%d %b %Y}", f"{item.source}\n{kind}", what,
            item.significance.label if item.significance else "")


def build(chron: PersonChronology, reference: str, production: Production) -> DocumentContent:
    born = f"{chron.date_of_birth:%d %b %Y}" if chron.date_of_birth else "not known"
    curated = sum(1 for i in chron.items if i.curated)
    blocks: list[Block] = [
        Fields((
            ("Hub", chron.hub),
            ("Person", f"{chron.name} (born {born})"),
            ("Contacts", ", ".join(chron.references) or "None"),
            ("Produced from", reference),
            ("Chronology", _state(chron)),
        )),
        Text(f"This chronology sets out what the hub holds about {chron.name} across every contact about them, "
             f"as {production.producer} of {production.agency_name} may see it: contacts, ratings, research "
             "returned, information shared that they may read, decisions and closures, and entries added by "
             "staff with their analysis. Information another agency has not shared with them is not part of "
             "it.", "muted"),
        Heading(f"Entries ({len(chron.items)}, {curated} added by staff)"),
        Grid(("Date", "Source", "What happened", "Significance"), tuple(_row(i) for i in chron.items),
             (0.15, 0.2, 0.52, 0.13), "No entries."),
    ]
    if chron.altered:
        blocks.append(Text(f"{len(chron.altered)} entr{'y' if len(chron.altered) == 1 else 'ies'} in this "
                           "chronology changed outside the hub: marked above.", "lead"))
    blocks += [
        Heading("About this record"),
        production_fields(production),
        Text("Handle as OFFICIAL-SENSITIVE. Share it further only with a lawful basis, and record that decision "
             "and its reasons. A copy can be checked against the hub's record with "
             "'mash-admin report verify FILE.pdf'.", "muted"),
    ]
    return DocumentContent(DocumentKind.PERSON_CHRONOLOGY, TITLE, chron.hub, reference, production, tuple(blocks))
