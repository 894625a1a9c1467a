#!/usr/bin/env bash
# The external generator's Python environment: a venv in .onegrid/enduse-venv with the pinned
# packages of python/requirements.txt from PyPI. Idempotent: does nothing when the venv already
# holds this requirements file (its SHA-256 is kept in the venv); called by `./onegrid setup`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
venv=${ONEGRID_ENDUSE_VENV:-$PWD/.onegrid/enduse-venv}
req=packages/enduse-generator/python/requirements.txt
want=$(sha256sum "$req" | cut -d' ' -f1)
if [ -x "$venv/bin/python" ] && [ "$(cat "$venv/.requirements-sha256" 2>/dev/null)" = "$want" ]; then exit 0; fi
python=${PYTHON:-python3}
if ! "$python" -c 'import sys; assert sys.version_info >= (3, 10)' 2>/dev/null; then
  echo "[setup] the external household generator needs Python >= 3.10 ($python); install python3 and python3-venv" >&2
  exit 1
fi
echo "[setup] Python venv for packages/enduse-generator in $venv"
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$req"
"$venv/bin/python" -c 'import pysimdeum, richardsonpy, pandas, scipy, xarray'
echo "$want" >"$venv/.requirements-sha256"
