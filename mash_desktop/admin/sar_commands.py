"""mash-admin sar: subject access requests (new, list, extend, gather, redact, produce, answer).

The information-governance officer records and answers requests, reviews
the redactions and produces the redacted response with its log; an agency's
supervisor produces the agency's own part (``produce ID --panels``). Phrases
and reasons are other people's personal data: give them in a file
(``--phrase-file``, ``--reason-file``) rather than inline.
"""

from __future__ import annotations

import argparse

from ..domain.errors import FieldError
from ..domain.subject_access import RedactionDecision, RedactionKind, Requester, phrase_key
from ..services.subject_access import gather, produce, redactions, requests
from . import signin
from .inputs import add_case_text, given, read_case_texts
from .output import as_json, parse_day, print_json, table, whole


def register(sub) -> None:
    """Add the ``sar`` command."""
    group = sub.add_parser("sar", help="subject access requests: new, list, extend, gather, redact, produce, answer")
    actions = group.add_subparsers(dest="sar_command", metavar="ACTION", required=True, parser_class=type(group))

    people = actions.add_parser("people", help="find the person a request is about: id, name, date of birth")
    people.add_argument("name", metavar="NAME", help="words of their name")
    people.add_argument("--born", metavar="YYYY-MM-DD", help="their date of birth")
    signin.add_as(people, "an information-governance officer")
    people.set_defaults(run=sar_people)

    new = actions.add_parser("new", help="record a request about a person (see 'sar people'); prints its number")
    new.add_argument("person", type=whole(), metavar="PERSON", help="the person's id")
    new.add_argument("--received", required=True, metavar="YYYY-MM-DD", help="the day the request came")
    new.add_argument("--id-verified", metavar="YYYY-MM-DD", help="the day proof of identity came (if later)")
    new.add_argument("--on-behalf-of", dest="requester_name", metavar="NAME",
                     help="who asked, when not the person themselves (needs --authority)")
    new.add_argument("--authority", metavar="TEXT", help="the basis of their authority to ask")
    signin.add_as(new, "an information-governance officer")
    new.set_defaults(run=sar_new)

    listing = actions.add_parser("list", help="every request with its due date and status, soonest first")
    listing.add_argument("--json", action="store_true", help="print JSON")
    signin.add_as(listing, "an information-governance officer")
    listing.set_defaults(run=sar_list)

    extend = actions.add_parser("extend", help="extend a request's time limit by one or two months, with the reason")
    extend.add_argument("id", type=whole(), metavar="ID")
    extend.add_argument("--months", type=whole(1, 2), required=True, metavar="N")
    add_case_text(extend, "--reason", "why more time is needed", required=True)
    signin.add_as(extend, "an information-governance officer")
    extend.set_defaults(run=sar_extend)

    gathered = actions.add_parser("gather", help="the contacts the hub holds about the request's person")
    gathered.add_argument("id", type=whole(), metavar="ID")
    signin.add_as(gathered, "an information-governance officer")
    gathered.set_defaults(run=sar_gather)

    redact = actions.add_parser("redact", help="list the suggested redactions, or decide one",
                                description="Without an option: list what is suggested and decided. Decide with "
                                            "--confirm-all, or one phrase with --confirm, --lift or --add.")
    redact.add_argument("id", type=whole(), metavar="ID")
    decision = redact.add_mutually_exclusive_group()
    decision.add_argument("--confirm-all", action="store_true", help="confirm every suggestion still undecided")
    decision.add_argument("--confirm", dest="decision", action="store_const", const=RedactionDecision.CONFIRMED)
    decision.add_argument("--lift", dest="decision", action="store_const", const=RedactionDecision.LIFTED,
                          help="leave the phrase in the text (needs a reason)")
    decision.add_argument("--add", dest="decision", action="store_const", const=RedactionDecision.ADDED,
                          help="redact a phrase of your own (needs a reason)")
    add_case_text(redact, "--phrase", "the phrase decided")
    add_case_text(redact, "--reason", "why")
    signin.add_as(redact, "an information-governance officer")
    redact.set_defaults(run=sar_redact)

    made = actions.add_parser("produce", help="produce the redacted response and its log, or (--panels) your "
                                              "agency's own part")
    made.add_argument("id", type=whole(), metavar="ID")
    made.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write the PDF")
    made.add_argument("--log", metavar="FILE.pdf", help="where to write the redaction log (a .csv goes beside it)")
    made.add_argument("--panels", action="store_true", help="your agency's own panels (an agency's supervisor)")
    signin.add_as(made, "an information-governance officer, or an agency's supervisor with --panels")
    made.set_defaults(run=sar_produce)

    answer = actions.add_parser("answer", help="record that a request was answered, or (--refuse) refused")
    answer.add_argument("id", type=whole(), metavar="ID")
    answer.add_argument("--on", metavar="YYYY-MM-DD", help="the day it was answered (default today)")
    answer.add_argument("--refuse", action="store_true", help="refused instead (needs a reason)")
    add_case_text(answer, "--reason", "why it was refused")
    signin.add_as(answer, "an information-governance officer")
    answer.set_defaults(run=sar_answer)


def sar_people(args: argparse.Namespace) -> None:
    born = parse_day(args.born, "--born") if args.born else None
    db, signed = signin.signed_in(args)
    found = requests.find_people(db, signed, args.name, born)
    table([(str(p.id), p.name, f"{p.date_of_birth:%d %b %Y}" if p.date_of_birth else "—", p.town or "—")
           for p in found], ("ID", "NAME", "BORN", "TOWN"))


def sar_new(args: argparse.Namespace) -> None:
    received = parse_day(args.received, "--received")
    verified = parse_day(args.id_verified, "--id-verified") if args.id_verified else None
    requester = Requester.ON_BEHALF if args.requester_name or args.authority else Requester.SELF
    db, signed = signin.signed_in(args)
    print(requests.new_request(db, signed, args.person, requester, received, requester_name=args.requester_name,
                               authority=args.authority, id_verified_on=verified))


def sar_list(args: argparse.Namespace) -> None:
    db, signed = signin.signed_in(args)
    rows = requests.list_requests(db, signed)
    if args.json:
        print_json([as_json(r) for r in rows])
        return
    table([(str(r.id), r.person, f"{r.received_on:%d %b %Y}", f"{r.due_on:%d %b %Y}", r.words) for r in rows],
          ("ID", "PERSON", "RECEIVED", "DUE", "STATUS"))


def sar_extend(args: argparse.Namespace) -> None:
    db, signed = signin.signed_in(args)
    read_case_texts(args)
    due = requests.extend(db, signed, args.id, args.months, args.reason)
    print(f"Request {args.id} now due on {due:%d %b %Y}.")


def sar_gather(args: argparse.Namespace) -> None:
    db, signed = signin.signed_in(args)
    part = gather.gather_hub(db, signed, args.id)
    table([(c.reference, f"{c.received_at:%d %b %Y}", c.status, str(len(c.people)), str(len(c.events)))
           for c in part.contacts], ("CONTACT", "RECEIVED", "STATUS", "PEOPLE", "EVENTS"))


def sar_redact(args: argparse.Namespace) -> None:
    db, signed = signin.signed_in(args)
    read_case_texts(args)
    if args.confirm_all:
        print(f"{redactions.confirm_all(db, signed, args.id)} suggestion(s) confirmed.")
        return
    if args.decision is None:
        found = redactions.review(db, signed, args.id)
        rows = []
        for s in found.suggested:
            d = found.decided.get(s.suggestion.key)
            rows.append((s.suggestion.phrase, s.suggestion.kind.value, s.suggestion.whose,
                         d.decision.value if d else "undecided"))
        rows += [(phrase, RedactionKind.PHRASE.value, "—", d.decision.value) for phrase, d in found.added.values()]
        table(rows, ("PHRASE", "KIND", "WHOSE", "DECISION"))
        return
    if not given(args, "phrase"):
        raise FieldError("--phrase", "say which phrase")
    found = {s.suggestion.key: s.suggestion.kind for s in redactions.review(db, signed, args.id).suggested}
    kind = found.get(phrase_key(args.phrase)) or RedactionKind.PHRASE
    redactions.decide(db, signed, args.id, args.phrase, args.decision, args.reason, kind=kind)
    print(f"Redaction {args.decision.label.lower().removeprefix('redaction ')}.")


def sar_produce(args: argparse.Namespace) -> None:
    db, signed = signin.signed_in(args)
    if args.panels:
        made = produce.produce_agency_part(db, signed, args.id, args.out)
        print(f"{made.path} ({made.pages} pages, document {made.token})")
        return
    if not args.log:
        raise FieldError("--log", "say where to write the redaction log")
    made = produce.produce_response(db, signed, args.id, args.out, args.log)
    print(f"{made.response.path} ({made.response.pages} pages, document {made.response.token}); "
          f"{made.redactions} redacted, {made.lifted} lifted")
    print(f"{made.log.path} and {made.csv_path}: for the information-governance file only")


def sar_answer(args: argparse.Namespace) -> None:
    on = parse_day(args.on, "--on") if args.on else None
    db, signed = signin.signed_in(args)
    read_case_texts(args)
    if args.refuse:
        requests.refuse(db, signed, args.id, args.reason or "")
        print(f"Request {args.id} recorded as refused.")
        return
    requests.answer(db, signed, args.id, on)
    print(f"Request {args.id} recorded as answered.")
