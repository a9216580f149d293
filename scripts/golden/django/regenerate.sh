#!/usr/bin/env bash
# Regenerates test/fixtures/django-golden/golden/<app>/<migration>{,.down}.sql with real
# Django 5.2 `sqlmigrate` for PostgreSQL, installed from local wheels into a throwaway venv.
# sqlmigrate reads the server version and quotes defaults through a live connection, so a
# throwaway PostgreSQL (the embedded-postgres binaries in node_modules) runs meanwhile.
# Needs python3, node and the wheels in $WHEELS; nothing is fetched from the network.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
wheels="${WHEELS:-/opt/pypi/files}"
venv="$(mktemp -d)"
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --no-index --find-links "$wheels" django==5.2.17 psycopg2-binary==2.9.13
node "$here/with-postgres.mjs" "$venv/bin/python" "$here/driver.py" "$repo/test/fixtures/django-golden"
