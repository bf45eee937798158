"""The witness file: the audit chain's sealed heads, kept outside the database.

Whoever owns the database can cut the chain's tail and move its head back,
or rewrite it whole; checkpoints in the database go with it. So each
checkpoint an auditor seals is also appended, one JSON line each, to a file
on the auditor's own workstation (by default ``audit-witness.jsonl`` in the
user data folder; owner-only, folder 0700): the checkpoint's event, the
chain's hash there, when and by whom, and which hub (a fingerprint of the
pinned hub root). ``mash-admin audit verify --witness FILE`` then checks that
the chain still reaches every witnessed event with the same hash. Lines are
only ever added.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.errors import EnvironmentFault, UserError
from ...security.trust import Trust
from ...store.models import AuditEvent

FORMAT = 1
FILE_NAME = "audit-witness.jsonl"


def default_path() -> Path:
    return Path(user_data_dir("mash-desktop", appauthor=False)) / FILE_NAME


def hub_mark(trust: Trust) -> str:
    """Which hub an entry belongs to: a fingerprint of the hub root this workstation pinned."""
    return hashlib.sha256(b"mash witness hub v1|" + trust.roots.hub).hexdigest()[:32]


@dataclass(frozen=True)
class Entry:
    event_id: int
    head_hash: bytes
    at: str
    signer: str
    hub: str
    line: int = 0

    def to_line(self) -> str:
        return json.dumps({"format": FORMAT, "hub": self.hub, "event_id": self.event_id,
                           "head_hash": self.head_hash.hex(), "at": self.at, "signer": self.signer},
                          sort_keys=True) + "\n"

    def words(self) -> str:
        return f"line {self.line}: event {self.event_id}, sealed {self.at} by {self.signer}"


def append(path: Path, entry: Entry) -> None:
    """Add ``entry`` at the end of the file (made owner-only if new), synced."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, entry.to_line().encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise EnvironmentFault(f"Could not add the checkpoint to the witness file {path}: {exc.strerror}.") from None


def read(path: Path) -> list[Entry]:
    """Every entry of the witness file; a line that is not an entry is refused."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"There is no witness file {path}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"The witness file {path} cannot be read ({exc}).") from None
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if data.get("format") != FORMAT:
                raise ValueError
            entries.append(Entry(int(data["event_id"]), bytes.fromhex(data["head_hash"]), str(data["at"]),
                                 str(data["signer"]), str(data["hub"]), number))
        except (ValueError, KeyError, TypeError, AttributeError):
            raise UserError(f"Line {number} of the witness file {path} is not a witness entry.") from None
    return entries


def check(session: Session, trust: Trust, entries: list[Entry]) -> tuple[int, str] | None:
    """(event id, problem) for the first witnessed checkpoint the chain no longer holds; None if all match.

    Meant for a chain that verified: every event in it is then on the chain.
    """
    mine = [e for e in entries if e.hub == hub_mark(trust)]
    if not mine:
        return None
    top = session.scalar(select(func.max(AuditEvent.id))) or 0
    for entry in mine:
        stored = session.scalar(select(AuditEvent.hash).where(AuditEvent.id == entry.event_id))
        if stored is None:
            return entry.event_id, (f"the chain ends at event {top}, but the witness file saw more ({entry.words()}): "
                                    "the chain was cut short")
        if bytes(stored) != entry.head_hash:
            return entry.event_id, (f"it differs from what the witness file saw ({entry.words()}): "
                                    "the chain was rewritten")
    return None


def witnessed(trust: Trust, entries: list[Entry]) -> int:
    """How many entries belong to the hub of ``trust``."""
    return sum(1 for e in entries if e.hub == hub_mark(trust))
