"""Fixtures of the Python lane (scripts/python-test.sh runs it in one pytest process, since every
process pays the jsii runtime's start-up and the loading of the provider bindings)."""
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Callable, Dict

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def load_module(path: Path, name: str) -> ModuleType:
    """Imports a file that is not on sys.path (an example's main.py) under a name of its own."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, f"cannot load {path}"
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def read_stack(outdir: Path, stack: str) -> Dict[str, object]:
    return json.loads((outdir / "stacks" / stack / "cdk.tf.json").read_text())


@pytest.fixture(scope="session")
def typescript_synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The TypeScript examples synthesized in this run, as `npm run synth` does (examples/app.ts)."""
    outdir = tmp_path_factory.mktemp("typescript-synth")
    env = {**os.environ, "CDKTF_OUTDIR": str(outdir), "CHECKPOINT_DISABLE": "1"}
    tsx = REPO_ROOT / "node_modules" / ".bin" / "tsx"
    subprocess.run([str(tsx), "examples/app.ts"], cwd=REPO_ROOT, env=env, check=True, timeout=600)
    return outdir


@pytest.fixture()
def synth_python(tmp_path: Path) -> Callable[..., Path]:
    """Synthesizes stacks declared by a function of an App, in-process, into a fresh folder."""
    from cdktf import App

    def synth(declare: Callable[[App], None]) -> Path:
        outdir = tmp_path / "python-synth"
        app = App(outdir=str(outdir))
        declare(app)
        app.synth()
        return outdir

    return synth
