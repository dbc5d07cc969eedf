"""The Python examples on CDK Terrain: each example with its imports moved to cdktn (the change a
user makes: `cdktf` -> `cdktn`, `cdktf_sigma_audit_logs` -> `cdktn_sigma_audit_logs`, the prebuilt
bindings `cdktf_cdktf_provider_<name>` -> `cdktn_provider_<name>`), synthesized with the cdktn
wheel in the cdktn environment (scripts/python-env.sh --cdktn), is the TypeScript example's
configuration on cdktf, but for the framework's version stamp and the provider version
constraints (cdktn's prebuilt bindings are of newer provider releases), with each provider's
source address in its full form (cdktn's bindings write `hashicorp/google` where cdktf's write
`google`, which Terraform reads as the same address)."""
import copy
from importlib import metadata
import re
import sys
import types
from pathlib import Path
from typing import Callable, Dict

import pytest

from conftest import REPO_ROOT, read_stack

EXAMPLES = [
    # (folder, stack class, stack id as examples/app.ts names it)
    ("aws", "AwsAuditLogsExampleStack", "aws-audit-logs"),
    ("azure", "AzureAuditLogsExampleStack", "azure-audit-logs"),
    ("gcp", "GcpAuditLogsExampleStack", "gcp-audit-logs"),
]

MODULE_RENAMES = [
    (re.compile(r"\bcdktf_cdktf_provider_(\w+)"), r"cdktn_provider_\1"),
    (re.compile(r"\bcdktf_sigma_audit_logs\b"), "cdktn_sigma_audit_logs"),
    (re.compile(r"\bcdktf\b"), "cdktn"),
]


def on_cdktn(source: str) -> str:
    """The example's source with the module names of its import statements moved to cdktn."""
    lines = []
    for line in source.split("\n"):
        if re.match(r"^(from|import)\s", line):
            for pattern, replacement in MODULE_RENAMES:
                line = pattern.sub(replacement, line)
        lines.append(line)
    return "\n".join(lines)


def load_on_cdktn(path: Path, name: str) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__file__ = str(path)
    sys.modules[name] = module
    exec(compile(on_cdktn(path.read_text()), str(path), "exec"), module.__dict__)
    return module


def without_stamp_and_provider_versions(config: Dict[str, object]) -> Dict[str, object]:
    config = copy.deepcopy(config)
    del config["//"]["metadata"]["version"]  # type: ignore[index]
    for provider in config["terraform"]["required_providers"].values():  # type: ignore[index]
        provider.pop("version", None)
        if "/" not in provider["source"]:
            provider["source"] = f"hashicorp/{provider['source']}"
    return config


def test_the_rename_touches_import_statements_only() -> None:
    source = 'from cdktf import App\nfrom cdktf_cdktf_provider_aws.provider import AwsProvider\nname = "cdktf"\n'
    assert on_cdktn(source) == 'from cdktn import App\nfrom cdktn_provider_aws.provider import AwsProvider\nname = "cdktf"\n'


@pytest.mark.parametrize("folder,stack_class,stack_id", EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_python_example_on_cdktn_synthesizes_what_the_typescript_example_does(
    folder: str, stack_class: str, stack_id: str, typescript_synth: Path, tmp_path: Path
) -> None:
    import cdktn

    module = load_on_cdktn(REPO_ROOT / "examples" / "python" / folder / "main.py", f"python_example_cdktn_{folder}")
    app = cdktn.App(outdir=str(tmp_path))
    getattr(module, stack_class)(app, stack_id)
    app.synth()

    synthesized = read_stack(tmp_path, stack_id)
    # cdktn synthesized it.
    assert synthesized["//"]["metadata"]["version"] == metadata.version("cdktn")
    expected = read_stack(typescript_synth, stack_id)
    assert without_stamp_and_provider_versions(synthesized) == without_stamp_and_provider_versions(expected)
