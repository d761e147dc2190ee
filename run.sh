#!/usr/bin/env bash
# Run the bot: `./run.sh` (BOT_TOKEN in .env or the environment). The first run makes .venv and installs the
# dependencies; later runs reinstall only when pyproject.toml changed, so a restart works offline.
# Arguments go to the CLI: `./run.sh --help`, `./run.sh demo`, `./run.sh invite provider 3`, `./run.sh jobs`.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/venv.sh
ensure_venv base dev  # the test dependencies include everything the bot needs
exec .venv/bin/python -m bot "$@"
