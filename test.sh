#!/usr/bin/env bash
# Run the whole test suite: unit, handler and end-to-end tests (`./test.sh`). The first run makes .venv with
# the dev dependencies; later runs reinstall only when pyproject.toml changed.
# Extra arguments go to pytest (e.g. `./test.sh tests/unit -k ledger`).
set -euo pipefail
cd "$(dirname "$0")"
. scripts/venv.sh
ensure_venv dev
exec .venv/bin/python -m pytest "$@"
