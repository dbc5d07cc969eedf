#!/usr/bin/env bash
# The Python environment of the Python lane and the benchmark: builds the wheel (dist-jsii/python/),
# creates or reuses a cached virtual environment with test/python/requirements.txt, and installs the
# wheel into it. Prints the environment's directory as the last line of stdout.
#
#   bash scripts/python-env.sh              build the wheel, then the environment
#   bash scripts/python-env.sh --no-build   use the wheel already in dist-jsii/python/
#   bash scripts/python-env.sh --cdktn      the same for the CDK Terrain package: its wheel
#                                           (dist-jsii/cdktn/python/), test/python/requirements-cdktn.txt
#
# The environment lives in ${XDG_CACHE_HOME:-~/.cache}/cdktf-sigma-audit-logs/python-<hash>/, the
# hash being that of the requirements file and the Python version: a change of either makes a new one.
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
framework=cdktf
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    --cdktn) framework=cdktn ;;
    *) echo "python-env.sh: unknown argument '$arg'; expected --no-build or --cdktn" >&2; exit 2 ;;
  esac
done
if [ "$framework" = cdktn ]; then
  package_args=(python --cdktn) wheels=dist-jsii/cdktn/python requirements=test/python/requirements-cdktn.txt
else
  package_args=(python) wheels=dist-jsii/python requirements=test/python/requirements.txt
fi

python=${PYTHON:-python3}
if ! command -v "$python" >/dev/null; then
  echo "python-env.sh: $python not found; Python 3.10 or later is needed (set PYTHON to use another)." >&2
  exit 2
fi

if [ "$build" = 1 ]; then
  started=$(date +%s)
  node scripts/package.mjs "${package_args[@]}" >&2
  echo "[python-env] wheel built in $(( $(date +%s) - started )) s" >&2
fi
wheel=$(ls "$wheels/${framework}"_sigma_audit_logs-*.whl 2>/dev/null | head -n 1 || true)
if [ -z "$wheel" ]; then
  echo "python-env.sh: no wheel in $wheels/: run without --no-build (or node scripts/package.mjs ${package_args[*]})." >&2
  exit 2
fi

key=$( { cat "$requirements"; "$python" --version 2>&1; } | sha256sum | cut -c1-16)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-sigma-audit-logs
if [ "$framework" = cdktn ]; then venv=$cache/python-cdktn-$key; else venv=$cache/python-$key; fi
mkdir -p "$cache"

if [ ! -f "$venv/.complete" ]; then
  started=$(date +%s)
  echo "[python-env] creating $venv (first run for these requirements; a few minutes)" >&2
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements" >&2
  # Marked complete last: an interrupted creation is started over next time.
  touch "$venv/.complete"
  echo "[python-env] environment created in $(( $(date +%s) - started )) s" >&2
fi

# The wheel changes with every build: always reinstalled, its dependencies only when missing.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input --force-reinstall --no-deps "$wheel" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input "$wheel" >&2
echo "$venv"
