#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL cluster on a loopback port, as the
# postgres user. Usage: .ci/postgres.sh start DIR PORT | stop DIR | resume DIR PORT
# (resume starts a cluster made by start and stopped since).
# For a primary with a streaming standby: standby DIR PORT PRIMARY_PORT (a base
# backup of the primary, following it as application 'standby'); sync DIR (the
# primary waits for that standby at every commit); crash DIR (stop at once, as
# a power cut would); promote DIR (the standby takes writes).
# For point-in-time recovery: archiving DIR PORT ARCHIVE (the cluster copies each
# finished WAL file to ARCHIVE; restarts it); basebackup DIR PRIMARY_PORT (a base
# backup, not started); restore DIR PORT BASE ARCHIVE TIME (a copy of the base
# backup replays the archive up to TIME, ISO 8601, then takes writes).
set -euo pipefail
action=$1 dir=$2 port=${3:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
case $action in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_pg "'$bin/initdb' -D '$dir/data' -U postgres -A trust -E UTF8 --locale=C.UTF-8 >'$dir/initdb.log'"
    bash "$0" resume "$dir" "$port"
    echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
    ;;
  resume)
    as_pg "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" start >/dev/null"
    ;;
  stop)
    as_pg "'$bin/pg_ctl' -D '$dir/data' -m fast -w stop >/dev/null" || true
    ;;
  standby)
    primary_port=$4
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_pg "'$bin/pg_basebackup' -h 127.0.0.1 -p $primary_port -U postgres -D '$dir/data' -X stream -R -c fast"
    as_pg "echo \"primary_conninfo = 'host=127.0.0.1 port=$primary_port user=postgres application_name=standby'\" >> '$dir/data/postgresql.auto.conf'"
    bash "$0" resume "$dir" "$port"
    ;;
  sync)
    as_pg "echo \"synchronous_standby_names = 'standby'\" >> '$dir/data/postgresql.auto.conf'"
    as_pg "'$bin/pg_ctl' -D '$dir/data' reload >/dev/null"
    ;;
  archiving)
    archive=$4
    mkdir -p "$archive"
    [ "$(id -u)" = 0 ] && chown postgres "$archive"
    as_pg "printf '%s\n' \"archive_mode = on\" \"archive_command = 'test ! -f $archive/%f && cp %p $archive/%f'\" >> '$dir/data/postgresql.auto.conf'"
    bash "$0" stop "$dir"
    bash "$0" resume "$dir" "$port"
    ;;
  basebackup)
    primary_port=$3
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_pg "'$bin/pg_basebackup' -h 127.0.0.1 -p $primary_port -U postgres -D '$dir/data' -X stream -c fast"
    ;;
  restore)
    base=$4 archive=$5 target=$6
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_pg "cp -a '$base/data' '$dir/data' && touch '$dir/data/recovery.signal'"
    as_pg "printf '%s\n' \"restore_command = 'cp $archive/%f %p'\" \"recovery_target_time = '$target'\" \"recovery_target_action = 'promote'\" >> '$dir/data/postgresql.auto.conf'"
    bash "$0" resume "$dir" "$port"
    ;;
  crash)
    as_pg "'$bin/pg_ctl' -D '$dir/data' -m immediate -w stop >/dev/null"
    ;;
  promote)
    as_pg "'$bin/pg_ctl' -D '$dir/data' -w promote >/dev/null"
    ;;
esac
