#!/bin/bash
# Makes sure the backup tools are on this machine and prints where the PostgreSQL binaries are (last line: PG_BIN=...).
#   install-tools.sh           age + PostgreSQL client (pg_dump, pg_restore, psql)
#   install-tools.sh --server  also a PostgreSQL server of the same major version (initdb, pg_ctl): the restore drill
#                              of the test command runs one, because pg_dump cannot dump a server newer than itself
#                              (the zonky PostgreSQL 17 used by other tests ships initdb/pg_ctl/postgres only, no pg_dump)
# As root it installs what is missing from Debian's packages; otherwise it only reports what is missing.
set -euo pipefail

want_server=false
[ "${1:-}" = "--server" ] && want_server=true

# The newest PostgreSQL major that has everything we need, Debian layout first.
find_pg_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
    [ -x "$dir/pg_dump" ] && [ -x "$dir/pg_restore" ] && [ -x "$dir/psql" ] || continue
    if $want_server; then [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ] || continue; fi
    echo "$dir"; return 0
  done
  return 1
}

missing=()
command -v age >/dev/null && command -v age-keygen >/dev/null || missing+=(age)
if ! find_pg_bin >/dev/null; then
  if $want_server; then missing+=(postgresql postgresql-client); else missing+=(postgresql-client); fi
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing: ${missing[*]} (install them: apt-get install -y ${missing[*]})" >&2
    exit 1
  fi
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  # Update the package lists only when the first try cannot find a package.
  apt-get install -y --no-install-recommends "${missing[@]}" >&2 \
    || { apt-get update >&2 && apt-get install -y --no-install-recommends "${missing[@]}" >&2; }
fi

pg_bin=$(find_pg_bin) || { echo "no usable PostgreSQL binaries under /usr/lib/postgresql/*/bin" >&2; exit 1; }
echo "PG_BIN=$pg_bin"
