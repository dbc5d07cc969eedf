"""The library's API as Python sees it."""
import json

from cdktf import TerraformStack
from cdktf import Testing as CdktfTesting  # not collected as a test class
from cdktf_sigma_audit_logs import (
    LinkedExportsOnDelete,
    SigmaApiUrl,
    SigmaAuditLogStorageIntegration,
    StorageCloud,
)

EXPECTED_API_URLS = {
    "GCP": "https://api.sigmacomputing.com",
    "AWS_US": "https://aws-api.sigmacomputing.com",
    "AWS_CANADA": "https://api.ca.aws.sigmacomputing.com",
    "AWS_EUROPE": "https://api.eu.aws.sigmacomputing.com",
    "AWS_ASIA_PACIFIC": "https://api.au.aws.sigmacomputing.com",
    "AZURE_US": "https://api.us.azure.sigmacomputing.com",
}


def test_sigma_api_url_constants_are_the_url_strings() -> None:
    for name, url in EXPECTED_API_URLS.items():
        value = getattr(SigmaApiUrl, name)
        assert isinstance(value, str), f"SigmaApiUrl.{name} is {type(value).__name__}, not str"
        assert value == url


def test_api_url_given_as_a_sigma_api_url_constant_reaches_the_synthesized_stack() -> None:
    stack = TerraformStack(CdktfTesting.app(), "audit-logs")
    SigmaAuditLogStorageIntegration(
        stack,
        "AuditLogs",
        cloud=StorageCloud.GCP,
        destination="gcs://my-company-sigma-audit-logs/sigma/",
        api_url=SigmaApiUrl.AWS_EUROPE,
        linked_exports_on_delete=LinkedExportsOnDelete.DELETE,
    )
    synth = json.loads(CdktfTesting.synth(stack, True))
    identities = [
        resource
        for resource in synth["resource"]["terraform_data"].values()
        if isinstance(resource.get("input"), dict) and "apiUrl" in resource["input"]
    ]
    assert identities, "no terraform_data resource carries the integration's input"
    for identity in identities:
        assert identity["input"]["apiUrl"] == "https://api.eu.aws.sigmacomputing.com"


def test_the_package_has_no_console_script() -> None:
    # The CLI runs through npx (README, "Python"): the wheel installs no script for it.
    from importlib.metadata import distribution

    dist = distribution("cdktf-sigma-audit-logs")
    assert not list(dist.entry_points)
    installed = [str(path) for path in dist.files or []]
    assert [path for path in installed if "bin/" in path or ".data/scripts/" in path] == []
