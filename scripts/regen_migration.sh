#!/usr/bin/env bash
# Regenerate the initial migration from the models (nothing has shipped yet, so there is one).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f db/migrations/versions/*.py /tmp/regen.db
DATABASE_URL=sqlite+aiosqlite:////tmp/regen.db python -m alembic revision --autogenerate --rev-id 0001 -m "initial schema" >/dev/null
ruff format -q db/migrations/versions
echo "db/migrations/versions regenerated"
