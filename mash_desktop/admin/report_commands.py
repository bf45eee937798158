"""mash-admin report: the hub's PDF documents, and checking a copy of one.

``report sharing-record|case-summary|feedback-letter REF --as USER --out
FILE.pdf`` produces a document as that user may see the case; its
production is recorded and audited as a disclosure to its recipient
(``--for``). ``report verify FILE.pdf`` says whether a PDF is one the hub
produced, unaltered; it needs the hub database, no sign-in.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..domain import access
from ..domain.codes import DocumentKind
from ..domain.errors import Refused, UserError
from ..reports.content import short_fingerprint
from ..services.case import document_check, documents
from ..store.database import ENV_VAR
from . import performance_commands, signin
from .inputs import add_case_text, read_case_texts

KINDS = (
    (DocumentKind.SHARING_RECORD, "sharing-record",
     "the information-sharing record: every disclosure you may read, with its lawful basis and consent"),
    (DocumentKind.CASE_SUMMARY, "case-summary",
     "the case summary: people, concerns, RAG history, chronology, research, your agency's panel, decision"),
    (DocumentKind.FEEDBACK_LETTER, "feedback-letter",
     "the letter telling the referrer the outcome, and nothing they are not entitled to know"),
    (DocumentKind.FAMILY_NETWORK, "family-network",
     "the family network: the family across contacts and the professionals around it, drawn and listed"),
    (DocumentKind.ACKNOWLEDGEMENT_LETTER, "acknowledgement-letter",
     "the letter acknowledging a contact to its referrer, with the reference and no case details"),
    (DocumentKind.ENCOMPASS_NOTICE, "encompass-notice",
     "the Operation Encompass notification for the key adult at the child's school"),
    (DocumentKind.STRATEGY_MINUTES, "strategy-minutes",
     "the minutes of the case's latest strategy discussion: attendees, what was shared, the s47 decision, actions"),
)


def register(sub) -> None:
    """Add the ``report`` command group to mash-admin's subcommands."""
    group = sub.add_parser("report", help="the hub's PDF documents: produce one, or check a copy")
    actions = group.add_subparsers(dest="report_command", metavar="ACTION", required=True,
                                   parser_class=type(group))
    for kind, name, what in KINDS:
        make = actions.add_parser(
            name, help=f"write {what}",
            description="Shows only what you may see. The file is written atomically and its production is "
                        "recorded, signed by your agency, and audited with its recipient.")
        make.add_argument("reference", help="the referral, e.g. MASH-2026-000123")
        make.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write the PDF")
        add_case_text(make, "--for", "who the document is for (default: the referrer for a letter, else you)",
                      dest="recipient")
        add_case_text(make, "--reason", "why you need a case your agency is not involved in (audited)")
        signin.add_as(make, "a confirmed officer, supervisor or decision maker")
        make.set_defaults(run=produce, kind=kind)
    verify = actions.add_parser(
        "verify", help="say whether a PDF is one the hub produced, unaltered",
        description="Compares the exact bytes with the hub's signed record of the documents it produced. Exit "
                    "status 0: genuine; 1: altered, not recognised or not verifiable.")
    verify.add_argument("file", metavar="FILE.pdf")
    verify.set_defaults(run=verify_file)
    performance_commands.register(actions)


def produce(args: argparse.Namespace) -> None:
    db, signed = signin.signed_in(args, *access.roles_for(access.Step.OPEN_CASE))
    try:
        read_case_texts(args)
        made = documents.produce(db, signed, args.kind, args.reference, Path(args.out),
                                 recipient=args.recipient, reason=args.reason)
    finally:
        signed.keychain.forget()
        db.dispose()
    pages = f"{made.pages} page{'s' if made.pages != 1 else ''}"
    print(f"Wrote {made.path}: {made.kind.label} for {made.reference}, {pages}, for {made.recipient}.")
    print(f"Document {made.token}, fingerprint {short_fingerprint(made.content_fingerprint)}; "
          "its production is recorded in the audit trail.")


def verify_file(args: argparse.Namespace) -> None:
    # The check trusts only keys that chain to the roots this workstation
    # pinned at enrolment, so it needs the workstation's enrolment.
    enrolled = signin.credential_store().load()
    if enrolled is None:
        raise UserError("Checking a document needs an enrolled workstation: its keyring holds the hub's keys "
                        "that every signature is checked against. Run this at a workstation of the hub.")
    db = signin.open_database(signin.database_url(args, None if args.db or os.environ.get(ENV_VAR) else enrolled))
    try:
        check = document_check.check_file_at_workstation(db, args.file, enrolled)
    finally:
        db.dispose()
    if not check.genuine:
        raise Refused(check.message)
    print(check.message)
