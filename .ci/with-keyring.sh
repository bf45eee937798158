#!/usr/bin/env bash
# Run a command inside a private D-Bus session with a throwaway, unlocked
# GNOME keyring (Secret Service), the keyring Linux workstations use:
#   bash .ci/with-keyring.sh COMMAND [ARGS...]
# Started by dbus-run-session, which ends the daemon with the command.
set -euo pipefail
if [ "${1:-}" != "--inside" ]; then
  exec dbus-run-session -- bash "$0" --inside "$@"
fi
shift
store=$(mktemp -d /tmp/mash-ci-keyring.XXXXXX)
trap 'rm -rf "$store"' EXIT
# The keyring files go to a throwaway folder; the password is random and
# forgotten at once: it only unlocks this one-off keyring.
head -c 24 /dev/urandom | base64 | tr -d '\n' |
  XDG_DATA_HOME="$store" gnome-keyring-daemon --unlock --components=secrets >/dev/null
"$@"
