/**
 * FSx (awsJson1_1) and DynamoDB (awsJson1_0) stand-ins over the restored-resources world model. Reached by the real
 * `@aws-sdk/client-fsx` / `client-dynamodb` through AWS_ENDPOINT_URL_FSX / AWS_ENDPOINT_URL_DYNAMODB.
 *
 * FSx: DescribeFileSystems, DeleteFileSystem, TagResource; errors FileSystemNotFound, ResourceNotFound (with its
 * ResourceARN member), BadRequest. A file system already being deleted answers DeleteFileSystem again with DELETING
 * (not verified against AWS).
 * DynamoDB: DescribeTable, DeleteTable, TagResource (tables by name or ARN). DeleteTable rules
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteTable.html): a table in CREATING or
 * UPDATING answers ResourceInUseException, one that does not exist ResourceNotFoundException, and one already
 * DELETING no error. A table with deletion protection cannot be deleted (ValidationException: the code and text as
 * the AWS CLI shows them, not from the API reference).
 */
import { HarnessClock } from './clock';
import { defined, epochSeconds, JsonService, page, requiredString } from './resource-wire';
import { FsxDetails, ResourceFault, RestoredResources, RestoredResourceView, ServiceError, TableDetails } from './restored-resources';

export class FsxService extends JsonService {
  protected readonly targetPrefix = 'AWSSimbaAPIService_v20180301';
  protected readonly contentType = 'application/x-amz-json-1.1';
  protected readonly iamPrefix = 'fsx';
  protected readonly operations = {
    DescribeFileSystems: (input: Record<string, unknown>) => this.describeFileSystems(input),
    DeleteFileSystem: (input: Record<string, unknown>) => this.deleteFileSystem(input),
    TagResource: (input: Record<string, unknown>) => this.tagResource(input),
  };

  constructor(model: RestoredResources, clock: HarnessClock) {
    super(model, clock, 'FSx');
  }

  protected subjectOf(_operation: string, input: Record<string, unknown>): string {
    return String(input.FileSystemId ?? input.ResourceARN ?? (Array.isArray(input.FileSystemIds) ? input.FileSystemIds.join(',') : 'all'));
  }

  protected faultError(fault: ResourceFault): ServiceError {
    if (fault === 'throttle') return new ServiceError('ThrottlingException', 'Rate exceeded', 400);
    if (fault === 'unavailable') return new ServiceError('ServiceUnavailableException', 'The service is unavailable. Try again later.', 503);
    return new ServiceError('InternalServerError', 'An internal server error occurred.', 500);
  }

  protected errorBody(e: ServiceError): Record<string, unknown> {
    // FSx's exceptions carry `Message` (ResourceNotFound also its ResourceARN).
    return { __type: e.code, Message: e.message, ...e.members };
  }

  private describeFileSystems(input: Record<string, unknown>): Record<string, unknown> {
    let rows = this.model.visible(['fsx-file-system']);
    const ids = input.FileSystemIds;
    if (ids !== undefined) {
      if (!Array.isArray(ids) || ids.some(id => typeof id !== 'string')) throw new ServiceError('BadRequest', 'FileSystemIds must be a list of strings.');
      for (const id of ids as string[]) if (!rows.some(r => fsx(r).fileSystemId === id)) throw fsxNotFound(id);
      rows = rows.filter(r => (ids as string[]).includes(fsx(r).fileSystemId));
    }
    const max = input.MaxResults;
    const size = max === undefined ? 2147483647 : Number(max);
    if (!Number.isInteger(size) || size < 1) throw new ServiceError('BadRequest', 'MaxResults must be a positive integer.');
    const token = typeof input.NextToken === 'string' ? input.NextToken : undefined;
    const { items, next } = page(rows, token, size, () => new ServiceError('BadRequest', 'The NextToken is not valid.'));
    return defined({ FileSystems: items.map(r => this.fileSystemJson(r)), NextToken: next });
  }

  private deleteFileSystem(input: Record<string, unknown>): Record<string, unknown> {
    const id = requiredString(input, 'FileSystemId', m => new ServiceError('BadRequest', m));
    const r = this.model.visible(['fsx-file-system']).find(v => fsx(v).fileSystemId === id);
    if (!r) throw fsxNotFound(id);
    this.model.deleteByApi(r.arn);
    return { FileSystemId: id, Lifecycle: 'DELETING' };
  }

  private tagResource(input: Record<string, unknown>): Record<string, unknown> {
    const arn = requiredString(input, 'ResourceARN', m => new ServiceError('BadRequest', m));
    const r = this.model.find(arn);
    if (!r || r.kind !== 'fsx-file-system') throw new ServiceError('ResourceNotFound', `The resource ARN '${arn}' does not exist.`, 400, { ResourceARN: arn });
    if (!Array.isArray(input.Tags)) throw new ServiceError('BadRequest', 'Tags is required.');
    this.model.addTags(arn, input.Tags as Array<{ Key?: string; Value?: string }>);
    return {};
  }

  private fileSystemJson(r: RestoredResourceView): Record<string, unknown> {
    const d = fsx(r);
    const root = `fsvol-${d.fileSystemId.slice(3)}`;
    return defined({
      OwnerId: this.model.accountId,
      CreationTime: epochSeconds(r.createdAt),
      FileSystemId: d.fileSystemId,
      FileSystemType: d.fileSystemType,
      Lifecycle: { creating: 'CREATING', available: 'AVAILABLE', deleting: 'DELETING', gone: 'DELETING' }[r.phase],
      StorageCapacity: d.storageCapacity,
      StorageType: d.storageType,
      VpcId: d.vpcId,
      SubnetIds: d.subnetIds,
      DNSName: d.dnsName,
      ResourceARN: r.arn,
      Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })),
      LustreConfiguration: d.fileSystemType === 'LUSTRE'
        ? { WeeklyMaintenanceStartTime: '1:05:00', DeploymentType: 'PERSISTENT_2', PerUnitStorageThroughput: 125, MountName: d.lustreMountName, DataCompressionType: 'NONE' }
        : undefined,
      WindowsConfiguration: d.fileSystemType === 'WINDOWS' ? { DeploymentType: 'SINGLE_AZ_2', ThroughputCapacity: 32 } : undefined,
      OntapConfiguration: d.fileSystemType === 'ONTAP'
        ? {
          DeploymentType: 'SINGLE_AZ_1',
          ThroughputCapacity: 128,
          Endpoints: {
            Management: { DNSName: `management.${d.fileSystemId}.fsx.${this.model.region}.amazonaws.com`, IpAddresses: ['10.0.0.10'] },
            Intercluster: { DNSName: `intercluster.${d.fileSystemId}.fsx.${this.model.region}.amazonaws.com`, IpAddresses: ['10.0.0.11', '10.0.0.12'] },
          },
        }
        : undefined,
      OpenZFSConfiguration: d.fileSystemType === 'OPENZFS' ? { DeploymentType: 'SINGLE_AZ_1', ThroughputCapacity: 64, RootVolumeId: root } : undefined,
    });
  }
}

export class DynamoDbService extends JsonService {
  protected readonly targetPrefix = 'DynamoDB_20120810';
  protected readonly contentType = 'application/x-amz-json-1.0';
  protected readonly iamPrefix = 'dynamodb';
  protected readonly operations = {
    DescribeTable: (input: Record<string, unknown>) => ({ Table: this.tableJson(this.table(input)) }),
    DeleteTable: (input: Record<string, unknown>) => this.deleteTable(input),
    TagResource: (input: Record<string, unknown>) => this.tagResource(input),
  };

  constructor(model: RestoredResources, clock: HarnessClock) {
    super(model, clock, 'DynamoDB');
  }

  protected subjectOf(_operation: string, input: Record<string, unknown>): string {
    return String(input.TableName ?? input.ResourceArn ?? 'all');
  }

  protected faultError(fault: ResourceFault): ServiceError {
    if (fault === 'throttle') return new ServiceError('ThrottlingException', 'Rate of requests exceeds the allowed throughput.', 400);
    if (fault === 'unavailable') return new ServiceError('ServiceUnavailable', 'The service is currently unavailable or busy.', 503);
    return new ServiceError('InternalServerError', 'Internal server error', 500);
  }

  protected errorBody(e: ServiceError): Record<string, unknown> {
    // DynamoDB qualifies `__type` with its namespace; the SDK keeps the part after '#'.
    return { __type: `com.amazonaws.dynamodb.v20120810#${e.code}`, message: e.message };
  }

  /** A table by name or ARN (DescribeTable and DeleteTable accept both). */
  private table(input: Record<string, unknown>): RestoredResourceView {
    const name = requiredString(input, 'TableName', m => new ServiceError('ValidationException', m));
    const r = this.model.visible(['dynamodb-table']).find(v => v.arn === name || (v.details as TableDetails).tableName === name);
    if (!r) throw new ServiceError('ResourceNotFoundException', `Requested resource not found: Table: ${name} not found`);
    return r;
  }

  private deleteTable(input: Record<string, unknown>): Record<string, unknown> {
    const r = this.table(input);
    const d = r.details as TableDetails;
    if (r.phase === 'creating') throw new ServiceError('ResourceInUseException', `Attempt to change a resource which is still in use: Table is being created: ${d.tableName}`);
    if (d.deletionProtection && r.phase !== 'deleting') {
      throw new ServiceError('ValidationException', 'Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.');
    }
    return { TableDescription: this.tableJson(this.model.deleteByApi(r.arn)) };
  }

  private tagResource(input: Record<string, unknown>): Record<string, unknown> {
    const arn = requiredString(input, 'ResourceArn', m => new ServiceError('ValidationException', m));
    const r = this.model.find(arn);
    if (!r || r.kind !== 'dynamodb-table') throw new ServiceError('ResourceNotFoundException', `Requested resource not found: ResourcArn: ${arn} not found`);
    if (!Array.isArray(input.Tags)) throw new ServiceError('ValidationException', 'Tags is required.');
    this.model.addTags(arn, input.Tags as Array<{ Key?: string; Value?: string }>);
    return {};
  }

  private tableJson(r: RestoredResourceView): Record<string, unknown> {
    const d = r.details as TableDetails;
    return {
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      TableName: d.tableName,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      TableStatus: { creating: 'CREATING', available: 'ACTIVE', deleting: 'DELETING', gone: 'DELETING' }[r.phase],
      CreationDateTime: epochSeconds(r.createdAt),
      ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
      TableSizeBytes: 0,
      ItemCount: 0,
      TableArn: r.arn,
      TableId: d.tableId,
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
      DeletionProtectionEnabled: d.deletionProtection,
    };
  }
}

function fsx(r: RestoredResourceView): FsxDetails {
  return r.details as FsxDetails;
}

function fsxNotFound(id: string): ServiceError {
  return new ServiceError('FileSystemNotFound', `File system '${id}' does not exist.`);
}
