"""The plain-language account of a disclosure, read before it is confirmed.

It says how much is shared, from whose panel, with whom, on what basis,
what the consent position is and why, and when the recipient can read it;
and of a disclosure returned to the discloser, who returned it and why,
read before it is withdrawn.
"""

from __future__ import annotations

from ...domain.case_record import DisclosureEntry
from ...domain import lawful_basis
from ...domain.codes import ConsentPosition
from ...domain.lawful_basis import LawfulGround
from ...domain.zone import HUB_ZONE
from ...services.case.disclosures import HUB, DisclosureRequest

_CONSENT = {
    ConsentPosition.GIVEN: "Consent was given",
    ConsentPosition.REFUSED: "Consent was refused",
    ConsentPosition.NOT_SOUGHT: "Consent was not sought",
}


def sentence(text: str) -> str:
    """``text`` ending with a full stop (unless it already ends a sentence)."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def recipient_words(to: str, name: str | None = None) -> str:
    """"the whole hub (every member of every agency)" or "CSC (Children's Social Care) only"."""
    if to == HUB:
        return "the whole hub (every member of every agency)"
    return f"{to} ({name}) only" if name else f"{to} only"


def kinds_words(ground: LawfulGround | None) -> str:
    """The kinds of data, e.g. "health, including mental health (special category)"."""
    kinds = ground.kinds if ground else ()
    return "; ".join(k.label[0].lower() + k.label[1:] for k in kinds) or "not said"


def basis_words(ground: LawfulGround | None) -> str:
    """Every ground recorded, in one line."""
    return lawful_basis.summary(ground) if ground else "none recorded"


def entry_basis_words(entry: DisclosureEntry) -> str:
    """A recorded disclosure's grounds in one line (a one-code basis read into its parts)."""
    ground = entry.ground if entry.ground is not None else (
        lawful_basis.from_legacy(entry.basis) if entry.basis else None)
    return basis_words(ground)


def summary(req: DisclosureRequest, reference: str, from_code: str, recipient: str,
            discloser_is_supervisor: bool, authorisers: tuple[str, ...] | None = None) -> list[str]:
    """Paragraphs describing ``req``; ``recipient`` as :func:`recipient_words` gives it; ``authorisers``
    names who else in the agency may authorise it (None: not known)."""
    count = len(req.text.strip())
    ground = req.lawful_ground()
    paragraphs = [
        f"You are about to share {count:,} character{'s' if count != 1 else ''} from {from_code}'s panel "
        f"on {reference} with {recipient}.",
        f"Data shared: {kinds_words(ground)}. Lawful basis: {basis_words(ground)}."
        + (f" Statutory gateway: {req.gateway.label}." if req.gateway else " No statutory gateway is named."),
    ]
    reason = (req.consent_reason or "").strip()
    consent = _CONSENT[req.consent]
    if req.consent is ConsentPosition.GIVEN and (req.consent_from or req.consent_covering):
        consent = f"{consent} by {req.consent_from or 'someone not named'}, covering " \
                  f"{req.consent_covering or 'people not named'}"
    paragraphs.append(f"{consent}. The reason recorded: {sentence(reason)}" if reason else f"{consent}.")
    paragraphs.append(f"Handling code {req.handling.label}.")
    paragraphs.append(f"Why it is necessary: {sentence(req.justification)}")
    if req.consent is ConsentPosition.GIVEN:
        who = "Every member of the hub" if req.to == HUB else req.to
        paragraphs.append(f"{who} can read it as soon as you confirm.")
    elif authorisers == ():
        paragraphs.append(f"Because it is shared without consent, it needs authorisation, and nobody at {from_code} "
                          f"but you may give it: ask {from_code}'s administrator to appoint a deputy authoriser (or "
                          "a second supervisor). Until then nobody outside " f"{from_code} can read it.")
    else:
        authoriser = f"another {from_code} supervisor (not you)" if discloser_is_supervisor \
            else f"a {from_code} supervisor"
        if authorisers:
            authoriser = f"{authoriser} or deputy authoriser ({', '.join(authorisers)})"
        paragraphs.append(f"Because it is shared without consent, it will wait for authorisation by {authoriser}: "
                          f"until then nobody outside {from_code} can read it.")
    return paragraphs


def returned_words(entry: DisclosureEntry) -> list[str]:
    """Paragraphs describing a disclosure returned to the discloser: what it
    was, who returned it, when and why, and what withdrawing it does."""
    to = recipient_words(entry.to, None if entry.to == HUB else entry.to_name)
    when = entry.outcome_at.astimezone(HUB_ZONE) if entry.outcome_at else None
    paragraphs = [
        f"{entry.disclosed_by} proposed sharing findings from {entry.from_agency}'s panel with {to} on "
        f"{entry.disclosed_at.astimezone(HUB_ZONE):%d %b %Y at %H:%M}. {_CONSENT[entry.consent]}; lawful basis: "
        f"{entry_basis_words(entry)}.",
        f"{entry.outcome_by or 'A supervisor'} returned it"
        + (f" on {when:%d %b %Y at %H:%M}" if when else "") + ", unshared. "
        + (f"Why: {sentence(entry.outcome_reason)}" if entry.outcome_reason else "No reason can be shown."),
        "Withdrawing it takes it back for good: it is never shared and waits for nobody. Say why; your agency "
        "sees the reason, the audit trail records only that it was withdrawn. To share something else, make a "
        "new disclosure.",
    ]
    return paragraphs
