#!/usr/bin/env bash
# Build the self-contained MASH Desktop workstation bundle: one folder holding
# the mash-desktop program, Python, Qt and every file it reads at run time.
#
#   bash installer/build.sh                      dist/mash-desktop/
#   bash installer/build.sh --dist DIR --work DIR
#
# Run it from a checkout set up by installer/setup.sh (it uses .venv). It
# installs the pinned PyInstaller into .venv first. The result runs on
# machines like the build machine (same CPU family, glibc no older); copy the
# whole folder, then start DIR/mash-desktop/mash-desktop. Building on Windows:
# see the comments at the top of installer/mash-desktop.spec.
# Exit codes: 0 built; 1 no set-up checkout or no objdump; 2 bad option; 3 PyInstaller could
# not be installed; anything else, the build failed.
set -euo pipefail
cd "$(dirname "$0")/.."

# 6.22 knows PySide6 6.11 (its hooks collect Qt's plugins and QtPdf) and Python 3.11.
PYINSTALLER_VERSION=6.22.3
HOOKS_VERSION=2026.9

if ! command -v objdump >/dev/null 2>&1; then
  echo "build.sh: PyInstaller needs objdump: install binutils (apt-get install binutils)." >&2
  exit 1
fi

dist=dist
work=build/pyinstaller
while [ $# -gt 0 ]; do
  case "$1" in
    --dist) dist=${2:?--dist needs a folder}; shift 2 ;;
    --work) work=${2:?--work needs a folder}; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done

python=.venv/bin/python
if [ ! -x "$python" ]; then
  echo "build.sh: no .venv here; run 'bash installer/setup.sh' first." >&2
  exit 1
fi
"$python" -c 'import mash_desktop' 2>/dev/null || {
  echo "build.sh: MASH Desktop is not installed in .venv; run 'bash installer/setup.sh' first." >&2; exit 1; }

if ! "$python" -m PyInstaller --version 2>/dev/null | grep -qx "$PYINSTALLER_VERSION"; then
  echo "Installing PyInstaller $PYINSTALLER_VERSION into .venv"
  "$python" -m pip install -q "pyinstaller==$PYINSTALLER_VERSION" "pyinstaller-hooks-contrib==$HOOKS_VERSION" || {
    echo "build.sh: PyInstaller $PYINSTALLER_VERSION could not be installed (is the package index reachable?)" >&2
    exit 3; }
fi

"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$dist" --workpath "$work" installer/mash-desktop.spec
echo "Built $dist/mash-desktop/mash-desktop"
"$dist/mash-desktop/mash-desktop" --version
