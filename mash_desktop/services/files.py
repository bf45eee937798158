"""Writing files so that a reader never sees half of one.

The bytes go to a temporary file beside the target, are flushed and
fsynced, and only then replace the target in one rename; the folder is
fsynced too so the rename survives a power cut. Files are made readable by
their owner only: what they hold is OFFICIAL-SENSITIVE.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..domain.errors import EnvironmentFault, UserError


def _fault(path: Path, exc: OSError) -> EnvironmentFault:
    return EnvironmentFault(f"Cannot write {path}: {exc.strerror or exc}.")


def stage(path: Path, data: bytes) -> Path:
    """Write ``data`` to a synced temporary file beside ``path``; return it."""
    if not path.parent.is_dir():
        raise UserError(f"There is no folder {path.parent} to write {path.name} into.")
    if path.is_dir():
        raise UserError(f"{path} is a folder: name the file to write.")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise _fault(path, exc) from None
    staged = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        staged.unlink(missing_ok=True)
        raise _fault(path, exc) from None
    return staged


def commit(staged: Path, path: Path) -> None:
    """Put a staged file in place of ``path`` in one step."""
    try:
        os.replace(staged, path)
        if hasattr(os, "O_DIRECTORY"):
            folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)
    except OSError as exc:
        staged.unlink(missing_ok=True)
        raise _fault(path, exc) from None


def write_atomically(path: Path, data: bytes) -> None:
    commit(stage(path, data), path)
