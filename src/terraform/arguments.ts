import {
  TerraformMetaArguments,
  booleanToHclTerraform,
  booleanToTerraform,
  hashMapper,
  hashMapperHcl,
  listMapper,
  listMapperHcl,
  stringToHclTerraform,
  stringToTerraform,
} from 'cdktf';

/**
 * The meta-arguments (count, depends_on, provider...) of a resource's or data source's config, as
 * cdktf's base classes take them: every class of this folder passes them on alike.
 */
export function metaArguments(config: TerraformMetaArguments): TerraformMetaArguments {
  const { provider, dependsOn, count, lifecycle, provisioners, connection, forEach } = config;
  return { provider, dependsOn, count, lifecycle, provisioners, connection, forEach };
}

/** The kind of an argument that is not a string. */
export type ArgumentKinds = { readonly [configKey: string]: ArgumentKind };
type ArgumentKind = 'boolean' | 'list' | 'set' | 'map';

/**
 * The arguments a class renders, for its `synthesizeAttributes`: each config key named in
 * `keys` becomes its snake-case Terraform argument, a string unless `kinds` says otherwise. The
 * keys are listed in the order of their Terraform names, as the provider bindings render them.
 */
export function terraformArguments(config: object, keys: readonly string[], kinds: ArgumentKinds = {}): { [name: string]: unknown } {
  const values = config as { readonly [key: string]: never };
  return Object.fromEntries(
    keys.map((key) => {
      return [snakeCase(key), terraformValue(values[key], kinds[key])];
    }),
  );
}

/**
 * The same arguments for `synthesizeHclAttributes`, in the shape the generated provider bindings
 * return, so that `cdktf synth --hcl` renders our classes as it renders theirs. An unset argument
 * is left out of the rendered block.
 */
export function hclArguments(config: object, keys: readonly string[], kinds: ArgumentKinds = {}): { [name: string]: unknown } {
  const values = config as { readonly [key: string]: never };
  return Object.fromEntries(
    keys
      .map((key) => [snakeCase(key), hclArgument(values[key], kinds[key])] as const)
      .filter(([, argument]) => argument.value !== undefined),
  );
}

function terraformValue(value: never, kind: ArgumentKind | undefined): unknown {
  switch (kind) {
    case undefined:
      return stringToTerraform(value);
    case 'boolean':
      return booleanToTerraform(value);
    case 'map':
      return hashMapper(stringToTerraform)(value);
    default:
      return listMapper(stringToTerraform, false)(value);
  }
}

/** One argument as cdktf's HCL synthesis reads it. */
function hclArgument(value: never, kind: ArgumentKind | undefined): { value: unknown; isBlock: false; type: string; storageClassType: string } {
  switch (kind) {
    case undefined:
      return { value: stringToHclTerraform(value), isBlock: false, type: 'simple', storageClassType: 'string' };
    case 'boolean':
      return { value: booleanToHclTerraform(value), isBlock: false, type: 'simple', storageClassType: 'boolean' };
    case 'map':
      return { value: hashMapperHcl(stringToHclTerraform)(value), isBlock: false, type: 'map', storageClassType: 'stringMap' };
    default:
      return { value: listMapperHcl(stringToHclTerraform, false)(value), isBlock: false, type: kind, storageClassType: 'stringList' };
  }
}

function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
