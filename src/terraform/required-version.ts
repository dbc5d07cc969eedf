import { TerraformElement, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

/** The oldest Terraform that runs what the constructs synthesize: `terraform_data` came with 1.4. */
const MINIMUM_TERRAFORM_VERSION = '1.4.0';

/** What the synthesized `terraform.required_version` says unless the stack overrides it. */
const REQUIRED_TERRAFORM_VERSION = `>= ${MINIMUM_TERRAFORM_VERSION}`;

const ELEMENT_ID = 'SigmaAuditLogsRequiredTerraformVersion';

/**
 * `terraform { required_version = ">= 1.4.0" }` as a stack element, so that an older Terraform
 * stops at `init` with "Unsupported Terraform Core version" instead of an unclear error about an
 * unknown resource type.
 *
 * An element, not `stack.addOverride`: cdktf merges every element's fragment first and the
 * stack's own overrides last, and a later string replaces an earlier one. So a constraint the
 * user sets with `stack.addOverride('terraform.required_version', ...)` is kept as written,
 * whether it is declared before or after the constructs; an override from the constructs would
 * replace it whenever the constructs came later.
 */
class RequiredTerraformVersion extends TerraformElement {
  public toTerraform(): { [key: string]: unknown } {
    return { terraform: { required_version: REQUIRED_TERRAFORM_VERSION } };
  }

  /**
   * Nothing in HCL output (SYNTH_HCL_OUTPUT): cdktf 0.21's HCL renderer writes any attribute of
   * the `terraform` block other than providers, backend and cloud as `0 = "required_version"`,
   * which Terraform refuses.
   */
  public toHclTerraform(): { [key: string]: unknown } {
    return {};
  }
}

/** Declares the minimum Terraform version in the stack of `scope`, once per stack. */
export function requireTerraformVersion(scope: Construct): void {
  const stack = TerraformStack.of(scope);
  if (stack.node.tryFindChild(ELEMENT_ID) === undefined) {
    new RequiredTerraformVersion(stack, ELEMENT_ID);
  }
}
