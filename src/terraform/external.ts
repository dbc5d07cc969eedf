import { StringMap, TerraformMetaArguments, TerraformProvider, TerraformProviderGeneratorMetadata } from 'cdktf';
import { Construct } from 'constructs';
import { ArgumentKinds, hclArguments, terraformArguments } from './arguments';
import { DeclaredDataSource } from './base';

/**
 * The external provider, as the prebuilt `@cdktf/provider-external` bindings name it. The
 * provider's `providerVersion` becomes its version in `terraform.required_providers`, so it
 * pins the same release the bindings pin.
 */
const EXTERNAL_PROVIDER: TerraformProviderGeneratorMetadata = {
  providerName: 'external',
  providerVersion: '2.3.5',
  providerVersionConstraint: '~> 2.1',
};

/** Config of {@link ExternalProvider}. */
export interface ExternalProviderConfig {
  /**
   * Alias of this provider configuration, for a stack that declares several.
   *
   * @default - the default configuration
   */
  readonly alias?: string;
}

/**
 * The `external` provider (hashicorp/external). Renders the same Terraform as the
 * `ExternalProvider` of `@cdktf/provider-external`, including its `required_providers` entry.
 */
export class ExternalProvider extends TerraformProvider {
  /** The Terraform provider type. */
  public static readonly tfResourceType = 'external';

  private aliasValue?: string;

  /**
   * @param scope the construct it is declared in
   * @param id the construct id, unique in `scope`
   * @param config the provider configuration
   */
  public constructor(scope: Construct, id: string, config: ExternalProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: ExternalProvider.tfResourceType,
      terraformGeneratorMetadata: EXTERNAL_PROVIDER,
      // What the bindings set: Terraform reads a bare `external` as `hashicorp/external`.
      terraformProviderSource: 'external',
    });
    this.aliasValue = config.alias;
  }

  /** The configuration's alias; undefined for the default configuration. */
  public get alias(): string | undefined {
    return this.aliasValue;
  }

  public set alias(value: string | undefined) {
    this.aliasValue = value;
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return terraformArguments({ alias: this.aliasValue }, ['alias']);
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclArguments({ alias: this.aliasValue }, ['alias']);
  }
}

/** Config of {@link DataExternal}. */
export interface DataExternalConfig extends TerraformMetaArguments {
  /** The program and its arguments; it reads `query` as JSON on stdin and prints a flat JSON object of strings. */
  readonly program: string[];
  /**
   * Strings passed to the program as a JSON object on stdin.
   *
   * @default - an empty object
   */
  readonly query?: { [key: string]: string };
  /**
   * Working directory of the program.
   *
   * @default - the directory Terraform runs in
   */
  readonly workingDir?: string;
}

const DATA_EXTERNAL_ARGUMENTS = ['program', 'query', 'workingDir'];
const DATA_EXTERNAL_KINDS: ArgumentKinds = { program: 'list', query: 'map' };

/**
 * Runs a program and reads its JSON output (`data "external"`). Renders the same Terraform as the
 * `DataExternal` of `@cdktf/provider-external`.
 */
export class DataExternal extends DeclaredDataSource {
  /** The Terraform data source type. */
  public static readonly tfResourceType = 'external';

  private readonly config: DataExternalConfig;
  private readonly resultMap: StringMap;

  /**
   * @param scope the construct it is declared in
   * @param id the construct id, unique in `scope`
   * @param config the arguments
   */
  public constructor(scope: Construct, id: string, config: DataExternalConfig) {
    super(scope, id, { type: DataExternal.tfResourceType, provider: EXTERNAL_PROVIDER }, config);
    this.config = config;
    this.resultMap = new StringMap(this, 'result');
  }

  /** The program's output, a map of strings: `result.lookup('key')` is one value. */
  public get result(): StringMap {
    return this.resultMap;
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return terraformArguments(this.config, DATA_EXTERNAL_ARGUMENTS, DATA_EXTERNAL_KINDS);
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return hclArguments(this.config, DATA_EXTERNAL_ARGUMENTS, DATA_EXTERNAL_KINDS);
  }
}
