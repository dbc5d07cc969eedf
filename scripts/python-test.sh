#!/usr/bin/env bash
# The Python lane: builds the wheels, prepares the cached environments (scripts/python-env.sh), and
# runs the pytest suite of test/python in one process per framework: the cdktf package's suite,
# then the Python examples on CDK Terrain (test/python/cdktn) with the cdktn package. Extra
# arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$(bash scripts/python-env.sh | tail -n 1)
cdktn_venv=$(bash scripts/python-env.sh --cdktn | tail -n 1)
export CHECKPOINT_DISABLE=1
"$venv/bin/python" -m pytest -c test/python/pytest.ini test/python --ignore=test/python/cdktn "$@"
exec "$cdktn_venv/bin/python" -m pytest -c test/python/pytest.ini test/python/cdktn "$@"
