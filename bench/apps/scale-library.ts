/** The scale stack built on the package. */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { AwsAuditLogIntegration, AzureAuditLogIntegration, GcsAuditLogIntegration } from 'cdktf-sigma-audit-logs';
import * as shape from './scale-shape';

export function declare(app: App, size: number): void {
  const stack = new TerraformStack(app, shape.SCALE_STACK_ID);
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  new GoogleProvider(stack, 'google', { project: shape.PROJECT, region: 'us-central1' });
  for (let index = 0; index < size; index++) {
    const id = shape.constructId(index);
    switch (shape.cloudOf(index)) {
      case 'aws':
        new AwsAuditLogIntegration(stack, id, { bucketName: shape.bucketName(index), prefix: shape.FOLDER });
        break;
      case 'azure':
        new AzureAuditLogIntegration(stack, id, {
          storageAccountId: shape.storageAccountId(index),
          containerName: shape.CONTAINER,
          folder: shape.FOLDER,
          tenantId: shape.TENANT_ID,
          servicePrincipalObjectId: shape.PRINCIPAL_ID,
        });
        break;
      case 'gcp':
        new GcsAuditLogIntegration(stack, id, { bucketName: shape.bucketName(index), folder: shape.FOLDER, project: shape.PROJECT });
        break;
    }
  }
}
