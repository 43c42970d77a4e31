#!/usr/bin/env bash
# `make notebooks`: executes every notebooks/*.ipynb headless (nbclient) against a simulation's outputs
# and fails on any cell error.
#
#   scripts/run-notebooks.sh [NOTEBOOK.ipynb ...]
#
# - creates .venv-notebooks (gitignored) when missing and installs notebooks/requirements.txt into it
#   (again only when the requirements changed); the kernel, echelon-nb, is installed inside the venv
#   (ipykernel --sys-prefix), so the notebooks run on the venv's packages;
# - ECHELON_OUT: the outputs to read. Unset: out-notebooks/, filled by `scripts/run-scenarios.sh --short`
#   with the release binary (ECHELON_BIN, default .build/release/echelon, brought up to date first) unless it
#   already holds every scenario's report.html;
# - writes the executed notebooks to $ECHELON_OUT/notebooks/ and figures to $ECHELON_OUT/figures/,
#   nothing into the repository; prints one line per notebook with its time.
# PYTHON picks the interpreter for the venv (default python3, 3.11 or later).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv-notebooks
PY=${PYTHON:-python3}
SCENARIOS="appliance-cn emea-150 display-repair surge-stress depot-placement"
T0=$(date +%s)

if [ ! -x "$VENV/bin/python" ]; then
  echo "notebooks: creating $VENV with $("$PY" --version 2>&1)"
  "$PY" -m venv "$VENV"
fi
if ! cmp -s notebooks/requirements.txt "$VENV/requirements.installed"; then
  echo "notebooks: installing notebooks/requirements.txt into $VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r notebooks/requirements.txt
  cp notebooks/requirements.txt "$VENV/requirements.installed"
fi
# The kernel lives in the venv's prefix (share/jupyter/kernels/echelon-nb) and runs the venv's python.
if [ ! -f "$VENV/share/jupyter/kernels/echelon-nb/kernel.json" ]; then
  "$VENV/bin/python" -m ipykernel install --sys-prefix --name echelon-nb --display-name "Python (echelon notebooks)" > /dev/null
fi

if [ -z "${ECHELON_OUT:-}" ]; then
  ECHELON_OUT=out-notebooks
  missing=""
  for s in $SCENARIOS; do [ -f "$ECHELON_OUT/$s/report.html" ] || missing="$missing $s"; done
  if [ -n "$missing" ]; then
    echo "notebooks: running the scenarios (--short) into $ECHELON_OUT (missing:$missing)"
    # The release binary, brought up to date (a no-op when it is): run-scenarios.sh would use a stale one.
    [ -n "${ECHELON_BIN:-}" ] || swift build -c release --product echelon
    bash scripts/run-scenarios.sh --short ${ECHELON_BIN:+--bin "$ECHELON_BIN"} "$ECHELON_OUT"
  else
    echo "notebooks: reusing the outputs in $ECHELON_OUT (remove it to rerun the scenarios)"
  fi
fi
[ -d "$ECHELON_OUT" ] || { echo "notebooks: ECHELON_OUT=$ECHELON_OUT is not a folder" >&2; exit 2; }
ECHELON_OUT=$(cd "$ECHELON_OUT" && pwd)
export ECHELON_OUT ECHELON_REPO="$PWD"

if [ $# -gt 0 ]; then NOTEBOOKS=("$@"); else NOTEBOOKS=(notebooks/*.ipynb); fi
echo "notebooks: executing ${#NOTEBOOKS[@]} notebooks on $ECHELON_OUT"
status=0
"$VENV/bin/python" scripts/notebooks.py run --kernel echelon-nb --timeout 600 --out "$ECHELON_OUT/notebooks" "${NOTEBOOKS[@]}" || status=$?
echo "notebooks: done in $(( $(date +%s) - T0 )) s; executed copies in $ECHELON_OUT/notebooks/"
exit $status
