/**
 * The clouds an integration can write to, and the one field each cloud's integrations have alone
 * (roleArn for AWS, tenantId for Azure): required there, refused on the others. Dependency-free, so
 * that the constructs, the handler, the client and the emulator share it.
 */
import { StorageCloud } from '../destination/cloud';
import { PatternRule, Rule } from './rule';
import { ROLE_ARN_RULE, TENANT_ID_RULE } from './sigma';

/** A cloud as the Sigma API spells it: a value of the public StorageCloud enum, the one list of clouds. */
export type CloudName = `${StorageCloud}`;

/** Every cloud name, in the enum's order. */
export const CLOUD_NAMES: readonly CloudName[] = Object.values(StorageCloud);

/** True when `value` is one of the cloud names. */
export function isCloudName(value: unknown): value is CloudName {
  return typeof value === 'string' && (CLOUD_NAMES as readonly string[]).includes(value);
}

export const CLOUD_RULE: Rule = { test: isCloudName, expected: `one of ${CLOUD_NAMES.join(', ')}`, example: StorageCloud.AWS };

/** A field that integrations of one cloud alone have. */
export interface CloudField {
  readonly field: 'roleArn' | 'tenantId';
  /** The cloud whose integrations require it. */
  readonly cloud: CloudName;
  /** How messages name that cloud: `AWS`, `Azure`. */
  readonly label: string;
  /** How messages name the value: `a role ARN`. */
  readonly noun: string;
  readonly rule: PatternRule;
}

export const CLOUD_FIELDS: readonly CloudField[] = [
  { field: 'roleArn', cloud: 'aws', label: 'AWS', noun: 'a role ARN', rule: ROLE_ARN_RULE },
  { field: 'tenantId', cloud: 'azure', label: 'Azure', noun: 'a tenant id', rule: TENANT_ID_RULE },
];

/** Why a cloud field of an integration is not as its cloud wants it. */
export interface CloudFieldProblem {
  readonly field: CloudField['field'];
  /**
   * `missing`: the integration's cloud requires the field; `refused`: the field belongs to another
   * cloud; `invalid`: the value breaks the field's rule.
   */
  readonly kind: 'missing' | 'refused' | 'invalid';
  /** The value given; undefined when missing. */
  readonly value: unknown;
  /** The field's cloud and rule. */
  readonly owner: CloudField;
  readonly expected: string;
  readonly example: string;
}

/**
 * Checks roleArn and tenantId of an integration of `cloud`. Undefined stands for "not given": each
 * layer first maps its own spelling of none to it (a spec writes '').
 */
export function checkCloudFields(cloud: CloudName, values: Readonly<Partial<Record<CloudField['field'], unknown>>>): CloudFieldProblem[] {
  const problems: CloudFieldProblem[] = [];
  for (const owner of CLOUD_FIELDS) {
    const { field, rule } = owner;
    const value = values[field];
    if (cloud !== owner.cloud) {
      if (value !== undefined) {
        const expected = `no ${field} (${owner.noun} is for ${owner.cloud} integrations only, this one is ${cloud})`;
        problems.push({ field, kind: 'refused', value, owner, expected, example: `omit ${field}` });
      }
    } else if (value === undefined) {
      problems.push({ field, kind: 'missing', value, owner, expected: rule.expected, example: rule.example });
    } else if (!rule.test(value)) {
      problems.push({ field, kind: 'invalid', value, owner, expected: rule.expected, example: rule.example });
    }
  }
  return problems;
}
