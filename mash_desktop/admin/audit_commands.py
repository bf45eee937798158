"""mash-admin audit: verify the hash chain, seal its head, export a period as CSV.

Verifying checks every signature with keys that chain to the roots this
workstation pinned at enrolment (with ``--as``, the signed-in user's), so it
runs only at an enrolled workstation. Sealing also appends the checkpoint to
a witness file on this workstation; ``verify --witness`` checks the chain
still holds every checkpoint in it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..domain.codes import Role
from ..domain.errors import FieldError, Refused, UserError
from ..services.audit import query as audit_query, trail as audit_trail, witness as audit_witness
from . import signin
from .output import parse_day

NOT_ENROLLED_TO_VERIFY = (
    "Verifying the audit trail needs an enrolled workstation: its keyring holds the hub's keys that every "
    "signature is checked against. Run it at a workstation of the hub, or with --as USERNAME.")


def register(sub) -> None:
    """Add the ``audit`` command group to mash-admin's subcommands."""
    group = sub.add_parser("audit", help="the audit trail: verify, seal, export")
    actions = group.add_subparsers(dest="audit_command", metavar="ACTION", required=True,
                                   parser_class=type(group))
    check = actions.add_parser(
        "verify", help="check the whole hash chain, every signature and the signed checkpoints",
        description="Exit 0 when intact; exit 1 naming the first changed, missing, unsigned, wrongly signed, "
                    "inserted or re-hashed event. Signatures are checked with the keys this workstation's "
                    "enrolment trusts (or, with --as, the signed-in user's).")
    check.add_argument("--witness", nargs="?", const=str(audit_witness.default_path()), metavar="FILE",
                       help="also check every checkpoint in this witness file (default: the one sealing "
                            f"writes, {audit_witness.default_path()})")
    signin.add_as(check, "anyone", required=False)
    check.set_defaults(run=verify)
    seal = actions.add_parser("seal", help="sign the chain's current head (an auditor's checkpoint)")
    seal.add_argument("--witness", metavar="FILE", help="the witness file to add the checkpoint to "
                                                        f"(default: {audit_witness.default_path()})")
    signin.add_as(seal, "an auditor")
    seal.set_defaults(run=seal_head)
    export = actions.add_parser(
        "export", help="the audit events of a period as CSV",
        description="Columns: id, UTC time, user, agency, workstation, action, object type, object id, "
                    "justification, detail. Cells that a spreadsheet would run as a formula start with a "
                    "single quote. The export itself is audited.")
    export.add_argument("--from", dest="start", metavar="DATE",
                        help="first day, YYYY-MM-DD, hub local time (default: the beginning)")
    export.add_argument("--to", dest="end", metavar="DATE", help="last day, included (default: now)")
    export.add_argument("--out", metavar="FILE",
                        help="write to this file (replaced whole, readable by you only) instead of stdout")
    signin.add_as(export, "an auditor")
    export.set_defaults(run=export_csv)


def verify(args: argparse.Namespace) -> None:
    witness = audit_witness.read(Path(args.witness).expanduser()) if args.witness else None
    if args.as_user:
        db, signed = signin.signed_in(args)
        trust = signed.trust
    else:
        creds = signin.credential_store().load()
        if creds is None:
            raise UserError(NOT_ENROLLED_TO_VERIFY)
        db = signin.open_database(signin.database_url(args, creds))
        trust = audit_trail.station_trust(db, creds)
    verdict = audit_trail.verify(db, trust, witness)
    if not verdict.ok:
        raise Refused(str(verdict))
    print(verdict)
    if verdict.head_hash is not None:
        print(f"Head: event {verdict.head_event}, hash {verdict.head_hash.hex()[:16]}.")


def seal_head(args: argparse.Namespace) -> None:
    db, auditor = signin.signed_in(args, Role.AUDITOR)
    witness = Path(args.witness).expanduser() if args.witness else None
    checkpoint = audit_trail.seal(db, auditor, witness)
    print(f"Sealed the audit chain at event {checkpoint.event_id} (checkpoint {checkpoint.id}); "
          f"witnessed in {witness or audit_witness.default_path()}.")


def export_csv(args: argparse.Namespace) -> None:
    first = parse_day(args.start, "--from") if args.start else None
    last = parse_day(args.end, "--to") if args.end else None
    start, end = audit_query.period_of_days(first, last)
    try:
        audit_query.AuditFilter(start=start, end=end).check()
    except FieldError as exc:
        raise FieldError("--to", exc.problem) from None
    out = Path(args.out).expanduser() if args.out else None
    if out is not None and not out.parent.is_dir():  # said before the password is asked for
        raise UserError(f"{args.out}: the folder does not exist.")
    db, auditor = signin.signed_in(args, Role.AUDITOR)
    if out is None:
        audit_query.write_export(db, auditor, start, end, sys.stdout, "\n")
        return
    count = audit_query.export_to_file(db, auditor, start, end, out)
    print(f"Wrote {count} audit events to {out}.")
