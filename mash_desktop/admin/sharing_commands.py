"""mash-admin panel, disclose, disclosure: an agency's findings and what it shares.

A panel is sealed to its agency: only that agency's confirmed members read
it. A disclosure shares text from it with the hub or one agency, recording
what kind of data is shared and its lawful basis in parts (Article 6,
Article 9 and Article 10 with Schedule 1, or Part 3 with Schedule 8; an
incoherent combination is refused in one line), the consent position (from
whom and covering whom when given) and why; one made without consent is
readable by its recipient only once another supervisor of the disclosing
agency authorises it; such a supervisor may instead refuse it or return it
to the person who made it, saying why. A returned disclosure may then be
withdrawn by its discloser or a supervisor of their agency, saying why.
"""

from __future__ import annotations

import argparse
import sys

from ..domain.codes import (
    ConsentPosition, DisclosureOutcome, HandlingCode, LawfulBasis, ResearchStatus, StatutoryGateway,
)
from ..domain.errors import FieldError, Refused
from ..domain.lawful_basis import (Article6, Article9, Article10, DataKind, LawfulGround, Schedule8, incoherent,
                                   parse_kinds)
from ..services.case import disclosures, panels
from . import signin
from .inputs import add_case_text, given, read_case_texts, read_text
from .output import parse_code, whole

MAX_TEXT_BYTES = 4 * panels.MAX_PANEL_CHARS  # UTF-8 takes at most 4 bytes a character


def _codes(enum_cls) -> str:
    return ", ".join(m.value for m in enum_cls)


def register(sub) -> None:
    """Add the ``panel``, ``disclose`` and ``disclosure`` commands."""
    group = sub.add_parser("panel", help="your agency's sealed findings on a referral")
    actions = group.add_subparsers(dest="panel_command", metavar="ACTION", required=True,
                                   parser_class=type(group))
    write = actions.add_parser("write", help="save your agency's panel on a referral (replacing it)")
    write.add_argument("reference")
    write.add_argument("--text-file", required=True, metavar="FILE",
                       help="UTF-8 text file, or - for the rest of stdin after the password line")
    write.add_argument("--research", help="also mark your agency's research: in_progress, returned, nothing_known")
    signin.add_as(write, "a confirmed officer or supervisor")
    write.set_defaults(run=panel_write)
    show = actions.add_parser("show", help="print an agency's panel (only your own agency's opens)")
    show.add_argument("reference")
    show.add_argument("--agency", metavar="CODE", help="the panel's agency (default: your own)")
    signin.add_as(show, "a confirmed member of that agency")
    show.set_defaults(run=panel_show)

    disclose = sub.add_parser(
        "disclose", help="share text from your agency's panel with the hub or one agency; prints its id",
        description="Consent refused or not sought: the recipient reads the disclosure only after another "
                    "supervisor of your agency authorises it ('disclosure authorise ID').")
    disclose.add_argument("reference")
    disclose.add_argument("--to", required=True, metavar="CODE|hub", help="an agency code, or hub for the whole hub")
    disclose.add_argument("--data", metavar="KINDS",
                          help=f"what kind of data is shared, comma-separated: {_codes(DataKind)}")
    disclose.add_argument("--article6", help=f"UK GDPR Article 6 basis: {_codes(Article6)}")
    disclose.add_argument("--article9", help=f"special-category data: Article 9(2) condition with its DPA 2018 "
                                             f"Schedule 1 condition: {_codes(Article9)}")
    disclose.add_argument("--article10", help=f"criminal-offence data: Article 10 condition through DPA 2018 "
                                              f"Schedule 1: {_codes(Article10)}")
    disclose.add_argument("--schedule8", help=f"law-enforcement sensitive processing (DPA 2018 Part 3): Schedule 8 "
                                              f"condition: {_codes(Schedule8)}")
    add_case_text(disclose, "--consent-from", "consent given: from whom")
    add_case_text(disclose, "--consent-covering", "consent given: whom it covers")
    disclose.add_argument("--basis", help=f"instead of --data and the articles, one older code: "
                                          f"{_codes(LawfulBasis)}")
    disclose.add_argument("--gateway", help=f"statutory gateway: {_codes(StatutoryGateway)}")
    disclose.add_argument("--consent", required=True, help="given, refused or not-sought")
    add_case_text(disclose, "--reason", "why sharing this is necessary and proportionate (audited as the "
                                        "justification)", required=True)
    add_case_text(disclose, "--consent-reason", "why share without consent: needed when consent is refused or "
                                                "not sought")
    disclose.add_argument("--handling", default="P", help="P lawful to share (default), C share with conditions")
    disclose.add_argument("--text-file", required=True, metavar="FILE",
                          help="what is disclosed: UTF-8 text file, or - for the rest of stdin")
    signin.add_as(disclose, "a confirmed officer or supervisor")
    disclose.set_defaults(run=disclose_text)

    group = sub.add_parser("disclosure", help="disclosures already made")
    actions = group.add_subparsers(dest="disclosure_command", metavar="ACTION", required=True,
                                   parser_class=type(group))
    authorise = actions.add_parser("authorise", help="let a disclosure made without consent reach its recipient")
    authorise.add_argument("id", type=whole(), metavar="ID", help="the disclosure id that 'disclose' printed")
    signin.add_as(authorise, "another supervisor of the disclosing agency")
    authorise.set_defaults(run=disclosure_authorise)
    for name, helptext, run in (
            ("refuse", "refuse a disclosure waiting for authorisation: it is never shared", disclosure_refuse),
            ("return", "return a disclosure waiting for authorisation to the person who made it", disclosure_return)):
        decide = actions.add_parser(name, help=helptext)
        decide.add_argument("id", type=whole(), metavar="ID", help="the disclosure id that 'disclose' printed")
        add_case_text(decide, "--reason", "why (shown to the disclosing agency, not audited)", required=True)
        signin.add_as(decide, "another supervisor of the disclosing agency")
        decide.set_defaults(run=run)
    withdraw = actions.add_parser("withdraw", help="withdraw a disclosure that was returned to its discloser")
    withdraw.add_argument("id", type=whole(), metavar="ID", help="the disclosure id that 'disclose' printed")
    add_case_text(withdraw, "--reason", "why it is withdrawn (shown to the disclosing agency, not audited)",
                  required=True)
    signin.add_as(withdraw, "the person who made it, or a supervisor of the disclosing agency")
    withdraw.set_defaults(run=disclosure_withdraw)


def panel_write(args: argparse.Namespace) -> None:
    research = parse_code(ResearchStatus, args.research, "--research") if args.research else None
    db, signed = signin.signed_in(args)
    text = read_text(args.text_file, MAX_TEXT_BYTES, "a panel")
    version = panels.write_panel(db, signed, args.reference, text, research=research)
    print(f"Saved the {signed.actor.agency_code} panel on {args.reference.strip().upper()} "
          f"(sealed under key version {version}).")


def panel_show(args: argparse.Namespace) -> None:
    db, signed = signin.signed_in(args)
    view = panels.read_panel(db, signed, args.reference, args.agency or signed.actor.agency_code)
    where = f"{view.agency} panel on {args.reference.strip().upper()}"
    if view.state == "unreadable":
        raise Refused(f"The {where} does not open with your keys: it was sealed under a key you do not hold, "
                      "or it is damaged.")
    if view.state == "empty":
        print(f"No {where} yet.")
        return
    sys.stdout.write(view.text if view.text.endswith("\n") or not view.text else view.text + "\n")


def _ground(args: argparse.Namespace, consent: ConsentPosition) -> tuple[LawfulBasis | None, LawfulGround | None]:
    """The one older code, or the grounds in parts; refused in one line if incoherent."""
    parts = {"--article6": (Article6, args.article6), "--article9": (Article9, args.article9),
             "--article10": (Article10, args.article10), "--schedule8": (Schedule8, args.schedule8)}
    if args.basis:
        if args.data or any(value for _, value in parts.values()):
            raise FieldError("--basis", "give either --basis or --data with its articles, not both")
        return parse_code(LawfulBasis, args.basis, "--basis"), None
    if not args.data:
        raise FieldError("--data", f"say what kind of data is shared: {_codes(DataKind)}")
    try:
        kinds = parse_kinds(args.data)
    except ValueError as error:
        raise FieldError("--data", str(error)) from None
    codes = {option: parse_code(cls, value, option) if value else None for option, (cls, value) in parts.items()}
    ground = LawfulGround(kinds, *codes.values())
    why = incoherent(ground, consent, "-" if given(args, "consent_from") else None,
                     "-" if given(args, "consent_covering") else None)
    if why:
        raise FieldError("--data", why)
    return None, ground


def disclose_text(args: argparse.Namespace) -> None:
    consent = parse_code(ConsentPosition, args.consent, "--consent")
    basis, ground = _ground(args, consent)
    gateway = parse_code(StatutoryGateway, args.gateway, "--gateway") if args.gateway else None
    handling = parse_code(HandlingCode, args.handling, "--handling")
    if consent is not ConsentPosition.GIVEN and not given(args, "consent_reason"):
        raise FieldError("--consent-reason", f"'{consent.label}': say why sharing without consent is justified")
    db, signed = signin.signed_in(args)
    text = read_text(args.text_file, MAX_TEXT_BYTES, "a disclosure")
    read_case_texts(args)
    request = disclosures.DisclosureRequest(
        to=args.to, basis=basis, consent=consent, consent_reason=args.consent_reason, handling=handling,
        justification=args.reason, text=text, gateway=gateway, ground=ground, consent_from=args.consent_from,
        consent_covering=args.consent_covering)
    print(disclosures.disclose(db, signed, args.reference, request))
    if consent is not ConsentPosition.GIVEN:
        print(f"{consent.label}: the recipient reads it once another supervisor of {signed.actor.agency_code} "
              "authorises it.", file=sys.stderr)


def disclosure_authorise(args: argparse.Namespace) -> None:
    db, signed = signin.signed_in(args)
    disclosures.authorise(db, signed, args.id)
    print(f"Disclosure {args.id} authorised: its recipient can read it now.")


def _decide(args: argparse.Namespace, outcome: DisclosureOutcome) -> None:
    if not given(args, "reason"):
        raise FieldError("--reason", f"say why the disclosure is {outcome.value}")
    db, signed = signin.signed_in(args)
    read_case_texts(args)
    disclosures.decide(db, signed, args.id, outcome, args.reason)


def disclosure_refuse(args: argparse.Namespace) -> None:
    _decide(args, DisclosureOutcome.REFUSED)
    print(f"Disclosure {args.id} refused: it is not shared, and the disclosing agency sees why.")


def disclosure_return(args: argparse.Namespace) -> None:
    _decide(args, DisclosureOutcome.RETURNED)
    print(f"Disclosure {args.id} returned to the person who made it: it is not shared.")


def disclosure_withdraw(args: argparse.Namespace) -> None:
    if not given(args, "reason"):
        raise FieldError("--reason", "say why the disclosure is withdrawn")
    db, signed = signin.signed_in(args)
    read_case_texts(args)
    disclosures.withdraw(db, signed, args.id, args.reason)
    print(f"Disclosure {args.id} withdrawn: it is not shared and waits for nobody.")
