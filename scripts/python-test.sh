#!/usr/bin/env bash
# The Python lane: builds the wheel, prepares the cached environment (scripts/python-env.sh), and
# runs the pytest suite of test/python in one process. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$(bash scripts/python-env.sh | tail -n 1)
export CHECKPOINT_DISABLE=1
exec "$venv/bin/python" -m pytest -c test/python/pytest.ini test/python "$@"
