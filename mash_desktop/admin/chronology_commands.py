"""mash-admin chronology: a person's chronology across every contact about them.

``chronology show PERSON|REF`` prints it as you may see it (a referral's
reference names its first subject); ``chronology add`` adds a curated entry
(``--edits ID``: a new version of one) and ``versions ID`` lists an entry's
versions; ``finish`` and ``reopen`` mark it;
``pdf`` writes it as a recorded, verifiable document. Contacts your agency is
not involved in need a reason (``--reason-file``), kept in the audit trail.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..domain import access
from ..domain.chronology import AUTOMATIC, CURATED, CURATED_CATEGORIES, Category, EntryInput, Significance, filtered
from ..reports.content import short_fingerprint
from ..services.people import chronology
from ..services.people.chronology_document import produce_chronology
from . import signin
from .inputs import add_case_text, read_case_texts
from .output import as_json, parse_code, parse_day, print_json, table, whole

_WHO = "a person's id, or a referral's reference for its first subject"


def register(sub) -> None:
    """Add the ``chronology`` command group to mash-admin's subcommands."""
    group = sub.add_parser("chronology", help="a person's chronology across every contact about them")
    actions = group.add_subparsers(dest="chronology_command", metavar="ACTION", required=True,
                                   parser_class=type(group))
    show = actions.add_parser("show", help="print the chronology as you may see it",
                              description="Every contact about the person (and anyone recorded as the same "
                                          "person), as you may see each case, with the entries staff added.")
    _person(show)
    only = show.add_mutually_exclusive_group()
    only.add_argument("--automatic", action="store_const", const=AUTOMATIC, dest="origin",
                      help="only the lines drawn from the contacts")
    only.add_argument("--curated", action="store_const", const=CURATED, dest="origin",
                      help="only the entries staff added")
    show.add_argument("--category", help=f"only one category: {', '.join(c.value for c in Category)}")
    show.add_argument("--json", action="store_true", help="print JSON instead of a table")
    show.set_defaults(run=show_chronology)

    add = actions.add_parser("add", help="add an entry to the chronology (or a new version of one)",
                             description="An entry is signed by you; an edit (--edits) is a new version, the "
                                         "earlier ones are kept. A finished chronology must be reopened first.")
    _person(add)
    add.add_argument("--date", required=True, help="when it happened (YYYY-MM-DD)")
    add.add_argument("--category", required=True,
                     help=f"one of {', '.join(c.value for c in CURATED_CATEGORIES)}")
    add.add_argument("--significance", required=True, help="low, medium or high")
    add_case_text(add, "--source", "where this came from (an agency, a document, a person's role)", required=True)
    add_case_text(add, "--analysis", "what happened and what it means for the child", required=True)
    add.add_argument("--edits", type=whole(), metavar="ID", help="the entry this is a new version of")
    add.set_defaults(run=add_entry)

    versions = actions.add_parser("versions", help="print every version of an entry staff added, oldest first")
    versions.add_argument("entry", type=whole(), metavar="ID", help="the entry (as 'show' numbers it: #ID)")
    add_case_text(versions, "--reason", "why you need contacts your agency is not involved in (audited)")
    signin.add_as(versions, "a confirmed officer, supervisor or decision maker")
    versions.set_defaults(run=show_versions)

    finish = actions.add_parser("finish", help="mark the chronology finished (a supervisor or decision maker)")
    _person(finish)
    finish.set_defaults(run=finish_chronology)
    reopen = actions.add_parser("reopen", help="reopen a finished chronology, saying why")
    _person(reopen)
    add_case_text(reopen, "--why", "why it is reopened (kept with the chronology)", required=True)
    reopen.set_defaults(run=reopen_chronology)

    pdf = actions.add_parser("pdf", help="write the chronology as a PDF, recorded and verifiable")
    _person(pdf)
    pdf.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write the PDF")
    pdf.add_argument("--case", dest="reference", help="the contact it is produced from (default: the latest)")
    add_case_text(pdf, "--for", "who the document is for (default: you)", dest="recipient")
    pdf.set_defaults(run=write_pdf)


def _person(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("person", metavar="PERSON|REF", help=_WHO)
    add_case_text(parser, "--reason", "why you need contacts your agency is not involved in (audited)")
    signin.add_as(parser, "a confirmed officer, supervisor or decision maker")


def _run(args: argparse.Namespace, step: access.Step, work):
    db, signed = signin.signed_in(args, *access.roles_for(step))
    try:
        read_case_texts(args)
        return work(db, signed, chronology.person_for(db, signed, args.person, args.reason))
    finally:
        signed.keychain.forget()
        db.dispose()


def show_chronology(args: argparse.Namespace) -> None:
    category = parse_code(Category, args.category, "--category") if args.category else None
    chron = _run(args, access.Step.OPEN_CASE,
                 lambda db, signed, person: chronology.person_chronology(db, signed, person, args.reason))
    items = filtered(chron.items, args.origin, category)
    if args.json:
        print_json(as_json(chron) | {"items": as_json(items)})
        return
    born = f"{chron.date_of_birth:%d %b %Y}" if chron.date_of_birth else "not known"
    state = chron.state
    print(f"{chron.name} (born {born}), person {chron.person_id}: {len(chron.references)} contact(s): "
          f"{', '.join(chron.references) or 'none'}.")
    if state is not None:
        print(f"{'Finished' if state.finished else 'Reopened'} by {state.by} at {state.at:%d %b %Y %H:%M} UTC"
              + ("" if state.finished else f": {state.reason}") + ("" if state.verified else " (ALTERED)"))
    rows = [(f"{i.day:%Y-%m-%d}", "staff" if i.curated else "auto", i.category.value, i.source,
             (i.significance.value if i.significance else ""), (f"#{i.entry_id} " if i.curated else "")
             + i.what + (" [ALTERED]" if i.altered else "")) for i in items]
    table(rows, ("DATE", "FROM", "CATEGORY", "SOURCE", "SIGNIFICANCE", "WHAT"))


def add_entry(args: argparse.Namespace) -> None:
    day = parse_day(args.date, "--date")
    category = parse_code(Category, args.category, "--category")
    significance = parse_code(Significance, args.significance, "--significance")

    def work(db, signed, person):
        given = EntryInput(day, category, args.source, significance, args.analysis)
        if args.edits:
            return chronology.edit_entry(db, signed, args.edits, given, args.reason)
        return chronology.add_entry(db, signed, person, given, args.reason)

    entry_id = _run(args, access.Step.CHRONOLOGY, work)
    print(f"{'Changed' if args.edits else 'Added'} entry {entry_id}; it is signed by you and audited.")


def show_versions(args: argparse.Namespace) -> None:
    db, signed = signin.signed_in(args, *access.roles_for(access.Step.OPEN_CASE))
    try:
        read_case_texts(args)
        found = chronology.entry_versions(db, signed, args.entry, args.reason)
    finally:
        signed.keychain.forget()
        db.dispose()
    table([(str(v.version), f"{v.day:%Y-%m-%d}", v.category.value, v.significance.value if v.significance else "",
            v.by or "", v.source, v.what + (" [ALTERED]" if v.altered else "")) for v in found],
          ("VERSION", "DATE", "CATEGORY", "SIGNIFICANCE", "BY", "SOURCE", "WHAT"))


def finish_chronology(args: argparse.Namespace) -> None:
    _run(args, access.Step.FINISH_CHRONOLOGY,
         lambda db, signed, person: chronology.finish(db, signed, person, args.reason))
    print("The chronology is marked finished.")


def reopen_chronology(args: argparse.Namespace) -> None:
    _run(args, access.Step.FINISH_CHRONOLOGY,
         lambda db, signed, person: chronology.reopen(db, signed, person, args.why, args.reason))
    print("The chronology is reopened.")


def write_pdf(args: argparse.Namespace) -> None:
    made = _run(args, access.Step.OPEN_CASE, lambda db, signed, person: produce_chronology(
        db, signed, person, Path(args.out), reference=args.reference, recipient=args.recipient, reason=args.reason))
    print(f"Wrote {made.path}: {made.kind.label} ({made.reference}), {made.pages} page(s), for {made.recipient}.")
    print(f"Document {made.token}, fingerprint {short_fingerprint(made.content_fingerprint)}; "
          "its production is recorded in the audit trail.")
