#!/usr/bin/env bash
# Set everything up (virtual environment, package with test extras, Debian's chromium
# for the page tests) and run the whole gate: ruff, mypy, then every test.
set -euo pipefail
cd "$(dirname "$0")"
PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[test]" >/dev/null
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's chromium for the page tests..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "could not install chromium: page tests will be skipped"
  else
    echo "chromium is not installed and this user cannot install it: page tests will be skipped"
  fi
fi
.venv/bin/ruff check lineage tests bench scripts
.venv/bin/ruff format --check lineage tests bench scripts
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
