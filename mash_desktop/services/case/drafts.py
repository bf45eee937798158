"""Unsaved panel text kept on this workstation, encrypted, until it is saved.

A panel being written must survive a crash or a closed window, but it is
OFFICIAL-SENSITIVE and may never lie on disk in plain text. Each draft is
AES-256-GCM ciphertext under a key derived (HKDF) from the signed-in user's
own private keys, so only that user, signed in, opens it; the associated
data binds the username and the case reference, so a draft copied to another
case or another user's folder no longer opens. File and folder names are
keyed hashes: a glance at the folder does not tell which cases were worked on.
Files are written atomically and readable by their owner only.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from ...security import sealing
from ...security.accounts import SignedIn
from .. import files

MAGIC = b"MASHDRAFT1"
SUFFIX = ".draft"


@dataclass(frozen=True)
class Draft:
    """A draft as it was last kept: its text and when (UTC)."""

    text: str
    saved_at: dt.datetime


def drafts_dir() -> Path:
    """Where drafts live: ``drafts/`` in the user's data folder."""
    return Path(user_data_dir("mash-desktop", appauthor=False)) / "drafts"


def _name(signed: SignedIn, label: str) -> str:
    """A keyed hash for a file or folder name: stable, but says nothing."""
    return sealing.draft_name(signed.keychain.keys, label)


def draft_path(signed: SignedIn, reference: str, folder: Path | None = None) -> Path:
    """The file that holds ``signed``'s draft of the panel on ``reference``."""
    base = folder if folder is not None else drafts_dir()
    return base / _name(signed, f"user|{signed.actor.username}") / (_name(signed, f"case|{reference}") + SUFFIX)


def save_draft(signed: SignedIn, reference: str, text: str, *, folder: Path | None = None,
               now: dt.datetime | None = None) -> Path:
    """Keep ``text`` as ``signed``'s encrypted draft for ``reference``; return the file."""
    saved_at = now or dt.datetime.now(dt.timezone.utc)
    plain = json.dumps({"text": text, "saved_at": saved_at.isoformat()}).encode("utf-8")
    blob = MAGIC + sealing.seal_draft(signed.keychain.keys, signed.actor.username, reference, plain)
    path = draft_path(signed, reference, folder)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    files.write_atomically(path, blob)
    return path


def load_draft(signed: SignedIn, reference: str, *, folder: Path | None = None) -> Draft | None:
    """The kept draft, or None if there is none or it does not open (damaged, moved)."""
    path = draft_path(signed, reference, folder)
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return None
    if not blob.startswith(MAGIC):
        return None
    try:
        plain = sealing.open_draft(signed.keychain.keys, signed.actor.username, reference, blob[len(MAGIC):])
        data = json.loads(plain.decode("utf-8"))
        return Draft(str(data["text"]), dt.datetime.fromisoformat(data["saved_at"]))
    except (sealing.DecryptionFailed, ValueError, KeyError, TypeError):
        return None


def discard_draft(signed: SignedIn, reference: str, *, folder: Path | None = None) -> None:
    """Forget the draft (after the panel was saved, or when the user says so)."""
    draft_path(signed, reference, folder).unlink(missing_ok=True)
