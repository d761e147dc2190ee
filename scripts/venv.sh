# Sourced by run.sh and test.sh: `ensure_venv EXTRAS [SUPERSET...]` makes .venv and installs the package
# (editable, so code changes need no reinstall) only when pyproject.toml changed since the last install of
# EXTRAS or of a superset of them. A restart then needs neither pip nor the network and takes ~1 s.
ensure_venv() {
  local extras=$1 deps tag spec
  deps=$(cksum < pyproject.toml)
  for tag in "$@"; do
    if [ -x .venv/bin/python ] && [ "$(cat ".venv/.installed-$tag" 2>/dev/null)" = "$deps" ]; then
      return 0
    fi
  done
  if [ -x .venv/bin/python ]; then
    echo "Updating .venv: pyproject.toml changed since the last install (about a minute)…" >&2
  else
    echo "Setting up .venv (first run, about a minute)…" >&2
    python3 -m venv .venv
  fi
  spec=.
  [ "$extras" = base ] || spec=".[$extras]"
  .venv/bin/python -m pip install -q --disable-pip-version-check -e "$spec"
  echo "$deps" > ".venv/.installed-$extras"
}
