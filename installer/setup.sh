#!/usr/bin/env bash
# Set up MASH Desktop from this checkout on a Debian or Ubuntu machine:
# the system libraries Qt needs, then a virtual environment in .venv.
#   bash installer/setup.sh          the application
#   bash installer/setup.sh --test   also what the test suite needs
#                                    (pytest, PostgreSQL server, Xvfb, poppler,
#                                    binutils for the PyInstaller bundle test)
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=no
[ "${1:-}" = "--test" ] && with_tests=yes

runtime_pkgs=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6
  libdbus-1-3 libglib2.0-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
  libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0
  fonts-dejavu-core fonts-noto-core)
test_pkgs=(postgresql xvfb xauth poppler-utils gnome-keyring dbus binutils)

if command -v apt-get >/dev/null 2>&1; then
  pkgs=("${runtime_pkgs[@]}")
  [ $with_tests = yes ] && pkgs+=("${test_pkgs[@]}")
  missing=()
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" != 0 ] && sudo="sudo"
    echo "Installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  echo "No apt-get here: install Qt's system libraries (EGL, fontconfig, xkbcommon) yourself." >&2
fi

python=${PYTHON:-python3}
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "MASH Desktop needs Python 3.11 or newer; $python is older." >&2; exit 1; }
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ $with_tests = yes ]; then
  .venv/bin/python -m pip install -q -e '.[test]'
else
  .venv/bin/python -m pip install -q -e .
fi
