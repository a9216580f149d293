#!/usr/bin/env bash
# Regenerates test/fixtures/alembic/<case>/golden*.sql with real Alembic 1.20.0 (offline
# mode, PostgreSQL dialect), installed from local wheels into a throwaway venv. Needs
# python3 and the wheels in $WHEELS; nothing is fetched from the network.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
wheels="${WHEELS:-/opt/pypi/files}"
venv="$(mktemp -d)"
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --no-index --find-links "$wheels" alembic==1.20.0 sqlalchemy==2.1.1
"$venv/bin/python" "$here/driver.py" "$repo"/test/fixtures/alembic/*/
