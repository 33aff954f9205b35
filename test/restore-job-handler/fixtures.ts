import type { RestoreJobResourceProperties } from '../../src/restore-job-handler/contract';
import type { CustomResourceRequest } from '../../src/restore-job-handler/request';

export const RECOVERY_POINT_ARN = 'arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45';
export const ROLE_ARN = 'arn:aws:iam::123456789012:role/restore';
export const CREATED_ARN = 'arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0fedcba9876543210';

export function properties(overrides: Partial<RestoreJobResourceProperties> = {}): RestoreJobResourceProperties {
  return {
    RecoveryPointArn: RECOVERY_POINT_ARN,
    Metadata: { 'file-system-id': 'fs-0123456789abcdef0', 'newFileSystem': 'true', 'Encrypted': 'true', 'KmsKeyId': 'arn:aws:kms:us-east-1:123456789012:key/secret-key-id' },
    ResourceType: 'EFS',
    IamRoleArn: ROLE_ARN,
    WaitForCompletion: 'true',
    TimeoutSeconds: '3300',
    ...overrides,
  };
}

export function request(type: 'Create' | 'Update' | 'Delete', extra: Partial<CustomResourceRequest> = {}): CustomResourceRequest {
  return {
    RequestType: type,
    RequestId: 'b4a6b3f5-0000-4000-8000-000000000001',
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/dr/11111111-2222-3333-4444-555555555555',
    LogicalResourceId: 'RestoreFiles1A2B3C4D',
    ResourceType: 'Custom::BackupRestoreJob',
    ResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider', ...properties() },
    ...(type === 'Create' ? {} : { PhysicalResourceId: 'restore-job-1' }),
    ...extra,
  };
}

/** An error shaped like the SDK's service exceptions. */
export function awsError(name: string, message = `${name} from AWS`, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status } });
}
