"""What the workstation bundle leaves out: the parts of Qt the client never loads.

PyInstaller's PySide6 hooks collect every plugin of each kind a used module
might want. The client is an English-only Widgets program on X11 or Wayland
that prints and previews PDFs, so it needs no QML or Quick (pulled in only
by the virtual keyboard), no translations, no GTK platform theme (which
brings GTK 3, Cairo and Pango), no embedded-display (EGLFS, LinuxFB, VNC)
platforms, no input-device, network-information or TLS plugins, and few
image formats (SVG for the icons; PNG is built into Qt).

After dropping those, a shared library that only they needed is dropped too:
every library left is one that a kept binary names (ELF NEEDED, read with
objdump, which build.sh requires), so nothing the client loads goes missing.
tests/installer/test_bundle.py checks that every kept binary's libraries
resolve, and runs the client's screen tour from the bundle.
"""

from __future__ import annotations

import posixpath
import re
import subprocess
import sys
from pathlib import PurePosixPath

QT = "PySide6/Qt/"
#: Paths (under the bundle's _internal folder) left out, by prefix.
UNUSED = (
    QT + "translations/",
    QT + "qml/",
    QT + "plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
    QT + "plugins/platformthemes/libqgtk3.so",
    QT + "plugins/egldeviceintegrations/",
    QT + "plugins/generic/",
    QT + "plugins/networkinformation/",
    QT + "plugins/tls/",
    QT + "plugins/sqldrivers/",
    QT + "plugins/platforms/libqeglfs.so",
    QT + "plugins/platforms/libqlinuxfb.so",
    QT + "plugins/platforms/libqvnc.so",
    QT + "plugins/platforms/libqvkkhrdisplay.so",
    QT + "plugins/platforms/libqminimalegl.so",
    QT + "plugins/imageformats/libqgif.so",
    QT + "plugins/imageformats/libqicns.so",
    QT + "plugins/imageformats/libqico.so",
    QT + "plugins/imageformats/libqjpeg.so",
    QT + "plugins/imageformats/libqpdf.so",
    QT + "plugins/imageformats/libqtga.so",
    QT + "plugins/imageformats/libqtiff.so",
    QT + "plugins/imageformats/libqwbmp.so",
    QT + "plugins/imageformats/libqwebp.so",
)
_SHARED = re.compile(r"\.so(\.\d+)*$")


def _unused(dest: str) -> bool:
    return dest.replace("\\", "/").startswith(UNUSED)


def _needed(path: str) -> set[str]:
    out = subprocess.run(["objdump", "-p", path], capture_output=True, text=True, check=True).stdout
    return {line.split()[1] for line in out.splitlines() if line.strip().startswith("NEEDED")}


def _target(entry: tuple) -> str:
    """Where a SYMLINK entry points, as a path in the bundle."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(entry[0].replace("\\", "/")), entry[1]))


def trimmed(binaries: list, datas: list) -> tuple[list, list]:
    """``binaries`` and ``datas`` without the unused parts, the libraries only they needed, and links to them."""
    datas = [d for d in datas if not _unused(d[0])]
    kept = [b for b in binaries if not _unused(b[0])]
    if sys.platform == "linux":
        kept = _needed_only(kept)
    present = {b[0].replace("\\", "/") for b in kept + datas if b[2] != "SYMLINK"}
    return ([b for b in kept if b[2] != "SYMLINK" or _target(b) in present],
            [d for d in datas if d[2] != "SYMLINK" or _target(d) in present])


def _needed_only(binaries: list) -> list:
    """A library collected only as a dependency (a bare shared object at the
    top, in Qt's lib folder or in a wheel's .libs folder) stays if a kept
    binary needs it."""
    def dependency(entry: tuple) -> bool:
        dest = PurePosixPath(entry[0])
        return (entry[2] != "SYMLINK" and dest.name.startswith("lib") and not dest.name.startswith("libpython")
                and bool(_SHARED.search(dest.name))
                and (str(dest.parent) in (".", QT + "lib") or str(dest.parent).endswith(".libs")))
    by_name = {PurePosixPath(b[0]).name: b for b in binaries if dependency(b)}
    wanted: set[str] = set()
    todo = [b for b in binaries if not dependency(b) and b[2] != "SYMLINK"]
    seen: set[str] = set()
    while todo:
        item = todo.pop()
        if item[1] in seen:
            continue
        seen.add(item[1])
        for name in _needed(item[1]):
            if name in by_name and name not in wanted:
                wanted.add(name)
                todo.append(by_name[name])
    return [b for b in binaries if not dependency(b) or PurePosixPath(b[0]).name in wanted]
