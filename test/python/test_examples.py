"""The Python examples synthesize the same Terraform configuration as the TypeScript ones."""
from pathlib import Path
from typing import Callable

import pytest

from conftest import REPO_ROOT, load_module, read_stack

EXAMPLES = [
    # (folder, stack class, stack id as examples/app.ts names it)
    ("aws", "AwsAuditLogsExampleStack", "aws-audit-logs"),
    ("azure", "AzureAuditLogsExampleStack", "azure-audit-logs"),
    ("gcp", "GcpAuditLogsExampleStack", "gcp-audit-logs"),
]


def handler_assets(outdir: Path, stack: str) -> dict:
    assets = outdir / "stacks" / stack / "assets"
    return {str(p.relative_to(assets)): p.read_bytes() for p in sorted(assets.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("folder,stack_class,stack_id", EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_python_example_synthesizes_what_the_typescript_example_does(
    folder: str, stack_class: str, stack_id: str, typescript_synth: Path, synth_python: Callable[..., Path]
) -> None:
    module = load_module(REPO_ROOT / "examples" / "python" / folder / "main.py", f"python_example_{folder}")
    outdir = synth_python(lambda app: getattr(module, stack_class)(app, stack_id))

    # The whole configuration, byte for byte as JSON: resources, data sources, outputs, providers,
    # metadata, and the handler asset's path (its content hash included).
    assert read_stack(outdir, stack_id) == read_stack(typescript_synth, stack_id)
    # The handler the stack copies is the one the TypeScript synth copies.
    assert handler_assets(outdir, stack_id) == handler_assets(typescript_synth, stack_id)


def test_each_python_example_folder_is_complete() -> None:
    for folder, _, _ in EXAMPLES:
        example = REPO_ROOT / "examples" / "python" / folder
        for name in ("main.py", "cdktf.json", "requirements.txt", "README.md"):
            assert (example / name).is_file(), f"examples/python/{folder}/{name} is missing"
        assert "cdktf-sigma-audit-logs" in (example / "requirements.txt").read_text()
