/**
 * What every resource and data source class of this folder shares: the Terraform type and
 * provider it renders, its meta-arguments, its `id`, and its arguments, rendered from the config
 * keys it lists. The classes are @internal: jsii folds their members into the exported classes,
 * which alone form the public API.
 */
import { TerraformDataSource, TerraformMetaArguments, TerraformProviderGeneratorMetadata, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { ArgumentKinds, hclArguments, metaArguments, terraformArguments } from './arguments';

/** The Terraform type a class renders, and which of its config keys are arguments. */
export interface DeclaredType {
  /** The Terraform type, e.g. `aws_iam_role`. */
  readonly type: string;
  /** The provider, as the prebuilt bindings name it (cdktf reads `providerName` to check that the stack declares one). */
  readonly provider: TerraformProviderGeneratorMetadata;
  /** A resource's config keys rendered as arguments (in snake case), in the order of their Terraform names. */
  readonly arguments?: readonly string[];
  /** The kind of each argument that is not a string. */
  readonly kinds?: ArgumentKinds;
}

/**
 * A resource declared by this folder.
 *
 * @internal
 */
export abstract class DeclaredResource extends TerraformResource {
  private readonly declared: DeclaredType;
  private readonly config: TerraformMetaArguments;

  protected constructor(scope: Construct, id: string, declared: DeclaredType, config: TerraformMetaArguments) {
    super(scope, id, { terraformResourceType: declared.type, terraformGeneratorMetadata: declared.provider, ...metaArguments(config) });
    this.declared = declared;
    this.config = config;
  }

  /** The id Terraform gives the resource. */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return terraformArguments(this.config, this.declared.arguments ?? [], this.declared.kinds);
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclArguments(this.config, this.declared.arguments ?? [], this.declared.kinds);
  }
}

/**
 * A resource with a `name` attribute.
 *
 * @internal
 */
export abstract class NamedResource extends DeclaredResource {
  /** The name Terraform reads back from the provider. */
  public get name(): string {
    return this.getStringAttribute('name');
  }
}

/**
 * A data source declared by this folder; one that takes arguments renders them itself.
 *
 * @internal
 */
export abstract class DeclaredDataSource extends TerraformDataSource {
  protected constructor(scope: Construct, id: string, declared: DeclaredType, config: TerraformMetaArguments) {
    super(scope, id, { terraformResourceType: declared.type, terraformGeneratorMetadata: declared.provider, ...metaArguments(config) });
  }

  /** The id Terraform gives the data source's reading. */
  public get id(): string {
    return this.getStringAttribute('id');
  }
}
