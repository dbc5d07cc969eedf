/**
 * Sigma's rules for an integration's identifying fields, dependency-free so that the constructs
 * (at synth), the handler (at apply) and the emulator (as the server) check the same thing.
 */

/** A letter, then letters, digits, `_` or `-`; 63 characters at most. */
export const INTEGRATION_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;
export const INTEGRATION_NAME_EXPECTED = 'a letter followed by up to 62 letters, digits, "_" or "-"';
export const INTEGRATION_NAME_EXAMPLE = 'audit_logs_prod';

/** `arn:<partition>:iam::<12 digits>:role/<optional path/><name>` */
export const ROLE_ARN_PATTERN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/(?:[\x21-\x7E]+\/)?[\w+=,.@-]{1,64}$/;
export const ROLE_ARN_EXPECTED = 'an IAM role ARN, arn:<partition>:iam::<12-digit account>:role/<optional path/><name>';
export const ROLE_ARN_EXAMPLE = 'arn:aws:iam::123456789012:role/sigma-audit-logs';

/** A Microsoft Entra tenant id: a GUID. */
export const TENANT_ID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const TENANT_ID_EXPECTED = 'a GUID (the Microsoft Entra tenant id)';
export const TENANT_ID_EXAMPLE = '72f988bf-86f1-41af-91ab-2d7cd011db47';
