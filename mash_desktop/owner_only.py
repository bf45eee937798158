"""Files only their owner may open: 0600 files in 0700 folders.

The embedded hub database and the error logs hold, or point at,
OFFICIAL-SENSITIVE information; on a shared machine no other account may
read them. Files are created with the narrow mode from the start (never made
wide, then narrowed), and existing ones that are wider are narrowed when
they are next used. These modes exist on POSIX only: on Windows the user
profile's access control does this job and these functions change nothing.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700
_OTHERS = 0o077  # the group and other bits
_POSIX = os.name == "posix"


def narrow(path: Path) -> None:
    """Take away group and other access from ``path`` (a file or folder) if it is ours.

    A path that does not exist, or belongs to another account, is left as it is.
    """
    if not _POSIX:
        return
    try:
        st = path.stat()
    except FileNotFoundError:
        return
    mode = stat.S_IMODE(st.st_mode)
    if mode & _OTHERS and st.st_uid == os.geteuid():
        os.chmod(path, mode & ~_OTHERS)


def make_folder(folder: Path, *, ours: bool) -> None:
    """Create ``folder`` owner-only if it is missing (parents as the system makes them).

    ``ours``: the folder is the application's own, so an existing one is
    narrowed too; a folder the person chose is left as they made it.
    """
    folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    if ours:
        narrow(folder)


def create_file(path: Path) -> None:
    """Create ``path`` empty and owner-only; an existing file is not opened, only narrowed."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        narrow(path)


def open_append(path: Path) -> int:
    """A descriptor appending to ``path``, created owner-only, an existing wider file narrowed.

    A symbolic link is refused (where the system can tell), so the file written
    is the one named.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
    try:
        if _POSIX:
            mode = stat.S_IMODE(os.fstat(fd).st_mode)
            if mode & _OTHERS:
                os.fchmod(fd, mode & ~_OTHERS)
    except OSError:
        os.close(fd)
        raise
    return fd
