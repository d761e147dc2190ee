# Sourced by run.sh and test.sh: `ensure_venv EXTRAS [SUPERSET...]` makes .venv and installs the package
# (editable, so code changes need no reinstall) only when pyproject.toml changed since the last install of
# EXTRAS or of a superset of them. A restart then needs neither pip nor the network: the check is a checksum.
ensure_venv() {
  local extras=$1 deps tag spec=. what=bot
  deps=$(cksum < pyproject.toml)
  for tag in "$@"; do
    if [ -x .venv/bin/python ] && [ "$(cat ".venv/.installed-$tag" 2>/dev/null)" = "$deps" ]; then
      return 0
    fi
  done
  if [ "$extras" != base ]; then
    spec=".[$extras]" what=$extras
  fi
  if [ ! -x .venv/bin/python ]; then
    echo "Setting up .venv (first run, about a minute)…" >&2
    python3 -m venv .venv
  elif [ -e ".venv/.installed-$extras" ]; then
    echo "Updating .venv: pyproject.toml changed since the last install…" >&2
  else
    echo "Installing the $what dependencies into .venv (about a minute)…" >&2
  fi
  .venv/bin/python -m pip install -q --disable-pip-version-check -e "$spec"
  echo "$deps" > ".venv/.installed-$extras"
}
