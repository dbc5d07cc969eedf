import { AnyMap, TerraformMetaArguments, anyToHclTerraform, anyToTerraform, hashMapper, hashMapperHcl } from 'cdktf';
import { Construct } from 'constructs';
import { DeclaredResource } from './base';
import { requireTerraformVersion } from './required-version';

/** Config of {@link TerraformData}: Terraform's built-in `terraform_data` resource. */
export interface TerraformDataConfig extends TerraformMetaArguments {
  /** Stored in state and mirrored in `output`; a change updates the resource in place. */
  readonly input?: { [key: string]: unknown };
  /** A change replaces the resource (and re-runs its create-time provisioners). */
  readonly triggersReplace?: { [key: string]: unknown };
}

/**
 * Terraform's built-in `terraform_data` resource (Terraform 1.4 and later).
 *
 * cdktf's own `DataResource` declares the same resource, but adds a synth-time validation that
 * runs `terraform version` once per resource: synth then needs a Terraform on the PATH of the
 * machine that synthesizes (a pipeline's build stage often has none), and a stack with hundreds
 * of integrations spends most of its synth time starting Terraform. This class renders the same
 * JSON without that check; instead the stack declares the Terraform version it needs
 * (`required_version`), which Terraform itself checks at `init`.
 */
export class TerraformData extends DeclaredResource {
  public static readonly tfResourceType = 'terraform_data';

  private readonly inputValue?: { [key: string]: unknown };
  private readonly triggersReplaceValue?: { [key: string]: unknown };

  public constructor(scope: Construct, id: string, config: TerraformDataConfig = {}) {
    super(scope, id, { type: TerraformData.tfResourceType, provider: { providerName: 'terraform' } }, config);
    requireTerraformVersion(this);
    this.inputValue = config.input;
    this.triggersReplaceValue = config.triggersReplace;
  }

  /**
   * The `input` as planned: known in the plan whenever its configuration is (unlike `output`,
   * which a change of input makes unknown), and the stored value where `ignore_changes` holds it.
   */
  public get storedInput(): AnyMap {
    return new AnyMap(this, 'input');
  }

  /** The stored `input`, after apply. */
  public get output(): AnyMap {
    return new AnyMap(this, 'output');
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {
      input: hashMapper(anyToTerraform)(this.inputValue),
      triggers_replace: hashMapper(anyToTerraform)(this.triggersReplaceValue),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return {
      input: hashMapperHcl(anyToHclTerraform)(this.inputValue),
      triggers_replace: hashMapperHcl(anyToHclTerraform)(this.triggersReplaceValue),
    };
  }
}
