import { booleanToHclTerraform, hashMapperHcl, listMapperHcl, stringToHclTerraform } from 'cdktf';

/**
 * One argument as cdktf's HCL synthesis reads it: the shape the generated provider bindings
 * return from `synthesizeHclAttributes`, so that `cdktf synth --hcl` renders our classes as it
 * renders theirs.
 */
interface HclArgument {
  readonly value: unknown;
  readonly isBlock: false;
  readonly type: 'simple' | 'list' | 'set' | 'map';
  readonly storageClassType: 'string' | 'boolean' | 'stringList' | 'stringMap';
}

/** A string argument. */
export function hclString(value: string | undefined): HclArgument {
  return { value: stringToHclTerraform(value), isBlock: false, type: 'simple', storageClassType: 'string' };
}

/** A boolean argument. */
export function hclBoolean(value: boolean | undefined): HclArgument {
  return { value: booleanToHclTerraform(value), isBlock: false, type: 'simple', storageClassType: 'boolean' };
}

/** A list of strings; `set` when the provider's schema declares a set (order is not kept). */
export function hclStringList(value: string[] | undefined, type: 'list' | 'set'): HclArgument {
  return { value: listMapperHcl(stringToHclTerraform, false)(value), isBlock: false, type, storageClassType: 'stringList' };
}

/** A map of strings. */
export function hclStringMap(value: { [key: string]: string } | undefined): HclArgument {
  return { value: hashMapperHcl(stringToHclTerraform)(value), isBlock: false, type: 'map', storageClassType: 'stringMap' };
}

/** The arguments that have a value: an unset argument is left out of the rendered block. */
export function definedHcl(argumentsByName: { [name: string]: HclArgument }): { [name: string]: unknown } {
  return Object.fromEntries(Object.entries(argumentsByName).filter(([, argument]) => argument.value !== undefined));
}
