#!/usr/bin/env bash
# Set up (a virtualenv with the dependencies, data/ for SQLite) and run the bot: `BOT_TOKEN=... ./run.sh`.
# Extra arguments go to `python -m bot` (e.g. `./run.sh demo`, `./run.sh invite staff 1`).
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
exec .venv/bin/python -m bot "$@"
