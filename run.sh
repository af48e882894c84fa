#!/usr/bin/env bash
# Set everything up (a virtual environment with the package) and run the main job:
# the web app and API on the embedded engine, with the bundled example documents loaded.
set -euo pipefail
cd "$(dirname "$0")"
PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e . >/dev/null
exec .venv/bin/lineage serve "$@"
