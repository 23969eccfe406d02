#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster for tests and development (installing it is up to you:
# apt-get install postgresql), gives the postgres role the password "postgres", and prints the
# TEST_DATABASE_URL to use on its last line. Safe to run again while the cluster is running.
set -euo pipefail

if [[ $EUID -ne 0 ]]; then
  echo "Run as root (sudo $0): Debian's cluster tools act as the postgres user" >&2
  exit 1
fi
if [[ ! -d /usr/lib/postgresql ]] || ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "PostgreSQL is not installed: apt-get install postgresql" >&2
  exit 1
fi

version="$(ls /usr/lib/postgresql | sort -V | tail -n1)"
cluster="${MAILLAGE_PG_CLUSTER:-main}"  # another name gives a separate cluster (used to test this script)

cluster_field() { # column of `pg_lsclusters -h` for our cluster: 3 = port, 4 = status
  pg_lsclusters -h | awk -v v="$version" -v c="$cluster" -v f="$1" '$1 == v && $2 == c { print $f }'
}

if [[ -z "$(cluster_field 3)" ]]; then
  echo "Creating PostgreSQL $version cluster '$cluster'..." >&2
  pg_createcluster "$version" "$cluster" >&2
fi

port="$(cluster_field 3)"
if [[ "$(cluster_field 4)" != online* ]]; then
  echo "Starting PostgreSQL $version/$cluster on port $port..." >&2
  pg_ctlcluster "$version" "$cluster" start
fi

for _ in $(seq 1 60); do
  if pg_isready -q -h 127.0.0.1 -p "$port"; then break; fi
  sleep 0.5
done
if ! pg_isready -q -h 127.0.0.1 -p "$port"; then
  echo "PostgreSQL $version/$cluster did not accept connections on 127.0.0.1:$port within 30 s; see /var/log/postgresql/postgresql-$version-$cluster.log" >&2
  exit 1
fi

# Over the Unix socket, where Debian lets the postgres user in without a password.
runuser -u postgres -- psql -p "$port" -X -q -v ON_ERROR_STOP=1 -c "alter role postgres with password 'postgres'" >/dev/null

echo "TEST_DATABASE_URL=postgres://postgres:postgres@127.0.0.1:$port/postgres"
