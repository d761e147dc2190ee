#!/usr/bin/env bash
# Set up and run the whole test suite: unit, handler and end-to-end tests (`./test.sh`).
# Extra arguments go to pytest (e.g. `./test.sh tests/unit -k ledger`).
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]'
exec .venv/bin/python -m pytest "$@"
