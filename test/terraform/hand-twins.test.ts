/**
 * Each construct synthesizes the stack a user would write by hand with the prebuilt provider
 * bindings. The hand-written twins are the synth benchmark's baselines (bench/apps/direct.ts:
 * `@cdktf/provider-*` classes, cdktf's `DataResource` and `TerraformAsset`, the constructs' ids),
 * so the benchmark's comparison holds in every test run too.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { addHandler, awsIntegration, azureIntegration, gcsIntegration, sigmaIntegration } from '../../bench/apps/direct';
import {
  AwsAuditLogIntegration,
  AzureAuditLogIntegration,
  AzureServicePrincipal,
  GcsAuditLogIntegration,
  SigmaAuditLogStorageIntegration,
  StorageCloud,
} from '../../src';
import { HANDLER_BUNDLE } from '../../src/sigma/handler-wiring';

const TENANT = '11111111-2222-4333-8444-555555555555';
const PRINCIPAL = '66666666-7777-4888-9999-aaaaaaaaaaaa';
const ACCOUNT_NAME = 'auditstore';
const ACCOUNT_ID = `/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/audit/providers/Microsoft.Storage/storageAccounts/${ACCOUNT_NAME}`;

/** The synthesized stack, parsed. DataResource (in the twins) runs Terraform in validations: they are left out. */
function synthesized(declare: (stack: TerraformStack) => void): unknown {
  const stack = new TerraformStack(Testing.app(), 'stack');
  declare(stack);
  return JSON.parse(Testing.synth(stack, false));
}

describe('each construct synthesizes the stack declared by hand with the prebuilt bindings', () => {
  test('AwsAuditLogIntegration', () => {
    const providers = (stack: TerraformStack) => new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const construct = synthesized((stack) => {
      providers(stack);
      new AwsAuditLogIntegration(stack, 'AuditLogs', { bucketName: 'my-audit-logs', prefix: 'sigma/audit-logs' });
    });
    const twin = synthesized((stack) => {
      providers(stack);
      awsIntegration(stack, 'AuditLogs', addHandler(stack, HANDLER_BUNDLE), 'my-audit-logs', 'sigma/audit-logs');
    });
    expect(construct).toEqual(twin);
  });

  test('AzureAuditLogIntegration with servicePrincipalObjectId', () => {
    const providers = (stack: TerraformStack) => new AzurermProvider(stack, 'azurerm', { features: [{}] });
    const construct = synthesized((stack) => {
      providers(stack);
      new AzureAuditLogIntegration(stack, 'AuditLogs', {
        storageAccountId: ACCOUNT_ID,
        containerName: 'audit-logs',
        folder: 'sigma',
        tenantId: TENANT,
        servicePrincipalObjectId: PRINCIPAL,
      });
    });
    const twin = synthesized((stack) => {
      providers(stack);
      azureIntegration(stack, 'AuditLogs', addHandler(stack, HANDLER_BUNDLE), {
        accountId: ACCOUNT_ID,
        accountName: ACCOUNT_NAME,
        container: 'audit-logs',
        folder: 'sigma',
        tenantId: TENANT,
        principalId: PRINCIPAL,
      });
    });
    expect(construct).toEqual(twin);
  });

  test('AzureAuditLogIntegration with servicePrincipal: create()', () => {
    const providers = (stack: TerraformStack) => {
      new AzurermProvider(stack, 'azurerm', { features: [{}] });
      new AzureadProvider(stack, 'azuread', {});
    };
    const construct = synthesized((stack) => {
      providers(stack);
      new AzureAuditLogIntegration(stack, 'AuditLogs', {
        storageAccountId: ACCOUNT_ID,
        containerName: 'audit-logs',
        folder: 'sigma',
        tenantId: TENANT,
        servicePrincipal: AzureServicePrincipal.create(),
      });
    });
    const twin = synthesized((stack) => {
      providers(stack);
      azureIntegration(stack, 'AuditLogs', addHandler(stack, HANDLER_BUNDLE), {
        accountId: ACCOUNT_ID,
        accountName: ACCOUNT_NAME,
        container: 'audit-logs',
        folder: 'sigma',
        tenantId: TENANT,
        principalId: 'create',
      });
    });
    expect(construct).toEqual(twin);
  });

  test('GcsAuditLogIntegration', () => {
    const providers = (stack: TerraformStack) => new GoogleProvider(stack, 'google', { project: 'audit-project' });
    const construct = synthesized((stack) => {
      providers(stack);
      new GcsAuditLogIntegration(stack, 'AuditLogs', { bucketName: 'audit-bucket', folder: 'sigma', project: 'audit-project' });
    });
    const twin = synthesized((stack) => {
      providers(stack);
      gcsIntegration(stack, 'AuditLogs', addHandler(stack, HANDLER_BUNDLE), 'audit-bucket', 'sigma', 'audit-project');
    });
    expect(construct).toEqual(twin);
  });

  test('SigmaAuditLogStorageIntegration on its own', () => {
    const roleArn = 'arn:aws:iam::123456789012:role/sigma-audit-logs';
    const construct = synthesized((stack) => {
      new SigmaAuditLogStorageIntegration(new Construct(stack, 'AuditLogs'), 'Integration', {
        cloud: StorageCloud.AWS,
        destination: 's3://my-audit-logs/sigma/',
        roleArn,
      });
    });
    const twin = synthesized((stack) => {
      sigmaIntegration(new Construct(stack, 'AuditLogs'), addHandler(stack, HANDLER_BUNDLE), 'aws', 's3://my-audit-logs/sigma/', { roleArn });
    });
    expect(construct).toEqual(twin);
  });
});
