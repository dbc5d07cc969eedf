"""The README for Python users: the snippet of its Python section, and the README as the Python
package shows it, with every TypeScript snippet translated by jsii-rosetta."""
import re
from importlib.metadata import metadata
from pathlib import Path
from typing import List

from conftest import REPO_ROOT

FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.S | re.M)


def blocks(markdown: str, language: str) -> List[str]:
    return [code for fence, code in FENCE.findall(markdown) if fence == language]


def run_snippet(code: str, outdir: Path) -> None:
    # The jsii kernel keeps the working directory of the process's first import, so the App gets
    # its output folder explicitly rather than from a chdir.
    code = code.replace("App()", f"App(outdir={str(outdir)!r})")
    exec(compile(code, "<README snippet>", "exec"), {"__name__": "readme_snippet"})


def test_the_python_section_of_the_readme_synthesizes(tmp_path: Path) -> None:
    snippets = blocks((REPO_ROOT / "README.md").read_text(), "python")
    assert snippets, "the README has no Python snippet"
    for index, code in enumerate(snippets):
        outdir = tmp_path / f"snippet-{index}"
        run_snippet(code, outdir)
        assert list(outdir.glob("stacks/*/cdk.tf.json")), f"Python snippet {index + 1} synthesized nothing"


def test_the_python_package_readme_shows_python_that_runs(tmp_path: Path) -> None:
    package = metadata("cdktf-sigma-audit-logs")
    readme = package.get_payload() or package.get("Description") or ""  # type: ignore[attr-defined]
    assert "## Languages" in readme, "the package's long description is not the README"
    assert blocks(readme, "ts") == [] and blocks(readme, "typescript") == []
    snippets = blocks(readme, "python")
    assert len(snippets) >= 4
    for index, code in enumerate(snippets):
        outdir = tmp_path / f"snippet-{index}"
        run_snippet(code, outdir)
        if "app.synth()" in code:
            assert list(outdir.glob("stacks/*/cdk.tf.json")), f"snippet {index + 1} synthesized nothing:\n{code}"
