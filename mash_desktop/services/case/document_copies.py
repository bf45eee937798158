"""Where previewed documents wait, and how a copy leaves the workstation.

A document produced for preview goes to a private folder in the user's cache
and is deleted when the preview closes (and, after a crash, the next time a
preview is made). Saving a copy elsewhere is an export: the copy is staged,
the export recorded, and only then put in place, so no copy exists that the
hub has no record of.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

from platformdirs import user_cache_dir

from ...domain.codes import DocumentRelease
from ...domain.errors import EnvironmentFault
from ...security.accounts import SignedIn
from ...store.database import Database
from .. import files
from .documents import record_release

#: A preview left behind by a crash is removed once it is this old.
STALE_SECONDS = 12 * 3600


def previews_dir() -> Path:
    return Path(user_cache_dir("mash-desktop", appauthor=False)) / "previews"


def preview_path(folder: Path | None = None) -> Path:
    """A new, unguessable file name for a preview, in a folder only the user can open."""
    base = folder if folder is not None else previews_dir()
    try:
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(base, 0o700)
    except OSError as exc:
        raise EnvironmentFault(f"Cannot prepare a folder for previews ({exc.strerror or exc}).") from None
    remove_stale_previews(base)
    return base / f"preview-{secrets.token_hex(8)}.pdf"


def remove_stale_previews(folder: Path, now: float | None = None) -> int:
    """Delete previews older than :data:`STALE_SECONDS`; return how many went."""
    limit = (now if now is not None else time.time()) - STALE_SECONDS
    removed = 0
    for path in folder.glob("preview-*.pdf"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except OSError:
            continue  # another process got there first, or it is not ours to remove
    return removed


def export_copy(db: Database, signed: SignedIn, token: str, source: Path, dest: Path, recipient: str,
                reason: str | None = None) -> Path:
    """Copy the produced document at ``source`` to ``dest``, recorded as an export for ``recipient``."""
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise EnvironmentFault(f"The document to copy cannot be read ({exc.strerror or exc}).") from None
    staged = files.stage(dest, data)
    try:
        record_release(db, signed, token, DocumentRelease.EXPORT, recipient, reason)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    files.commit(staged, dest)
    return dest
