/** Baseline of the scale stack: the same resources, declared directly. */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { addHandler, awsIntegration, azureIntegration, gcsIntegration } from './direct';
import * as shape from './scale-shape';

export function declare(app: App, size: number, handlerBundle: string): void {
  const stack = new TerraformStack(app, shape.SCALE_STACK_ID);
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  new GoogleProvider(stack, 'google', { project: shape.PROJECT, region: 'us-central1' });
  const handler = addHandler(stack, handlerBundle);
  for (let index = 0; index < size; index++) {
    const id = shape.constructId(index);
    switch (shape.cloudOf(index)) {
      case 'aws':
        awsIntegration(stack, id, handler, shape.bucketName(index), shape.FOLDER);
        break;
      case 'azure':
        azureIntegration(stack, id, handler, {
          accountId: shape.storageAccountId(index),
          accountName: shape.storageAccountName(index),
          container: shape.CONTAINER,
          folder: shape.FOLDER,
          tenantId: shape.TENANT_ID,
          principalId: shape.PRINCIPAL_ID,
        });
        break;
      case 'gcp':
        gcsIntegration(stack, id, handler, shape.bucketName(index), shape.FOLDER, shape.PROJECT);
        break;
    }
  }
}
