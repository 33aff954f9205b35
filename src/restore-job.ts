import { Annotations, CfnResource, CustomResource, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as docdb from 'aws-cdk-lib/aws-docdb';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as fsx from 'aws-cdk-lib/aws-fsx';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { grantRestoreKey, RestoreJobProvider } from './private/provider';
import { grantRemoval } from './private/removal-permissions';
import { RecoveryPoint, RecoveryPointConfig } from './recovery-point';
import { restoredTable, RestoredTableOptions } from './resource-types/dynamodb/restored';
import { restoredVolume } from './resource-types/ebs/restored';
import { restoredInstance, RestoredInstance } from './resource-types/ec2/restored';
import { EFS_RESTORE_DIRECTORY_PREFIX, restoredFileSystem, RestoredFileSystemOptions } from './resource-types/efs/restored';
import {
  RestoredFsxFileSystem, restoredFsxFileSystem, restoredLustreFileSystem, RestoredLustreFileSystemOptions,
} from './resource-types/fsx/restored';
import {
  RestoredClusterEndpoint, restoredDatabaseCluster, restoredDatabaseInstance, RestoredDatabaseOptions, restoredDbClusterEndpoint,
  restoredDocumentDbCluster, RestoredDocumentDbClusterOptions,
} from './resource-types/rds/restored';
import { restoredRedshiftEndpoint } from './resource-types/redshift/restored';
import { requireRestoredType, RestoredAttribute, RestoredResourceContext, RestoredResourceRead } from './resource-types/restored';
import { restoredBucket, RestoredBucketOptions } from './resource-types/s3/restored';
import { findingId, formatErrors, restoredResourceName, validateRestoreInput } from './resource-types/validate';
import type {
  RestoredResourceKind, RestoredResourceProperties, RestoreJobAttributeName, RestoreJobResourceProperties,
} from './restore-job-handler/contract';
import { RestoreMetadata } from './restore-metadata';
import { analyseRecoveryPointArn, inferResourceTypeFromArn, MAX_LONG_WAIT_SECONDS, MAX_WAIT_SECONDS, waitSegments } from './validation';

/** The CloudFormation type of a RestoreJob. Permanent: changing it would replace every deployed job. */
const RESOURCE_TYPE = 'Custom::BackupRestoreJob';
/** The CloudFormation type of a link of a long wait (timeouts over 55 minutes). Permanent too. */
const WAIT_RESOURCE_TYPE = 'Custom::BackupRestoreJobWait';
/** The CloudFormation type of the read of a restored resource (`asDatabaseInstance()`, …). Permanent too. */
const RESTORED_RESOURCE_TYPE = 'Custom::BackupRestoredResource';

/** A restore job: an AWS Backup recovery point restored when the stack deploys. */
export interface IRestoreJob extends IConstruct {
  /**
   * The ID of the AWS Backup restore job.
   *
   * @attribute
   */
  readonly restoreJobId: string;
}

/**
 * Properties of a RestoreJob.
 *
 * @example
 * import { Duration, RemovalPolicy } from 'aws-cdk-lib';
 * import * as backup from 'aws-cdk-lib/aws-backup';
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * // A restore drill: the newest backup of the orders table, restored, checked, and deleted with the stack
 * const vault = backup.BackupVault.fromBackupVaultName(this, 'Vault', 'dr-copies');
 * new RestoreJob(this, 'OrdersDrill', {
 *   recoveryPoint: RecoveryPoint.latest({
 *     backupVault: vault,
 *     resourceArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders',
 *     maxAge: Duration.days(1),
 *   }),
 *   // the settings AWS Backup recorded with the backup, and only the name changed
 *   metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-drill' }),
 *   useRecordedMetadata: true,
 *   timeout: Duration.hours(2), // past 55 minutes the deploy waits through a chain of wait resources
 *   removalPolicy: RemovalPolicy.DESTROY, // the restored table is deleted with the job
 * });
 */
export interface RestoreJobProps {
  /** The recovery point to restore. */
  readonly recoveryPoint: RecoveryPoint;

  /**
   * What to create from the recovery point, and how: `RestoreMetadata.efs({...})` or another typed factory,
   * or `RestoreMetadata.fromMap({...}, resourceType)`. Validated at synth time and again at deploy time.
   */
  readonly metadata: RestoreMetadata;

  /**
   * The IAM role AWS Backup assumes to create the restored resource. Grant it what the restore needs beyond
   * AWS's managed restore policies (KMS keys of other stacks, PassRole on an EC2 instance profile, …).
   *
   * @default - one role per stack, shared by its RestoreJobs, assumed by backup.amazonaws.com with
   * AWSBackupServiceRolePolicyForRestores (and AWSBackupServiceRolePolicyForS3Restore when a job restores S3)
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html
   */
  readonly role?: iam.IRole;

  /**
   * StartRestoreJob idempotency token: retrying a request with the same token starts no second job. When you
   * set it, change it whenever the restore input changes, or an update returns the earlier job.
   *
   * @default - derived from the stack id, the logical id and the CloudFormation request id, so a retried
   * request never starts a second job while every create or update starts a new one
   */
  readonly idempotencyToken?: string;

  /**
   * Copy the tags of the backed-up resource to the restored resource. Only for backups AWS Backup created;
   * not available for DynamoDB, S3, VirtualMachine and Timestream restores.
   *
   * @default - not sent; AWS Backup does not copy the tags
   */
  readonly copySourceTagsToRestoredResource?: boolean;

  /**
   * Start from the metadata AWS Backup recorded for the recovery point (GetRecoveryPointRestoreMetadata) and
   * apply `metadata` on top: give only the keys that differ in the DR environment (a new table name, another
   * subnet, another KMS key). The recovery point must name its vault (`RecoveryPoint.latest`, or
   * `RecoveryPoint.fromArn(arn, { backupVault })`). At synth time only the given keys are checked; the
   * merged metadata is validated at deploy time by the same rules, and a failure says whether the value was
   * recorded in the backup or set in the stack.
   *
   * @default false
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_GetRecoveryPointRestoreMetadata.html
   */
  readonly useRecordedMetadata?: boolean;

  /**
   * Wait for the restore job to complete before the resource is created. When false the deploy goes on as
   * soon as the job has started, and only `restoreJobId` is available.
   *
   * @default true
   */
  readonly waitForCompletion?: boolean;

  /**
   * How long the deploy waits for the job, counted from the job's creation; past it the deploy fails with a
   * message saying so (the job itself goes on). From 1 minute to 24 hours.
   *
   * Up to 55 minutes the RestoreJob is one custom resource that waits (a CloudFormation custom resource can
   * wait at most 1 hour). Longer, the RestoreJob starts the job without waiting and a chain of wait resources
   * (`Custom::BackupRestoreJobWait`, 1 + ⌊timeout / 53 min⌋ of them: a link waits at most 55 minutes, less its
   * hand-over) waits in turns, each within the hour; `createdResourceArn` and `completionDate` work the same in both modes. A FAILED or ABORTED
   * job fails the deploy within 5 minutes, whatever the timeout.
   *
   * @default Duration.minutes(55)
   */
  readonly timeout?: Duration;

  /**
   * What happens to the restored resource when this job's resource is deleted: on stack delete, when an update
   * replaces the job (a new restore), and in the cleanup after a failed create.
   *
   * - `RETAIN`: it stays (AWS Backup cannot undo a restore); the handler gets no delete permission at all.
   * - `DESTROY`: the handler deletes what this job created (its `createdResourceArn`, never anything else, with no
   *   final snapshot or backup) and waits until it is gone; a failed delete fails the stack delete with AWS's
   *   message. For drills: restore, prove it works, destroy, nothing left. Only restores that create a resource of
   *   their own can be destroyed (DynamoDB, EFS into a new file system, RDS, Aurora, DocumentDB, Neptune, EBS
   *   volumes, EC2 instances, FSx file systems other than ONTAP volumes, Redshift clusters); any other is a synth
   *   error naming the reason. A rollback never deletes a resource still in use.
   *
   * Other policies (`SNAPSHOT`, `RETAIN_ON_UPDATE_OR_DELETE`) are not supported.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Restores an AWS Backup recovery point when the stack deploys.
 *
 * A `Custom::BackupRestoreJob` resource: on create, its handler calls StartRestoreJob, waits until the job
 * completes, and returns the job id and the created resource's ARN as attributes. Any change to the restore
 * input restores again (a new job); deleting the resource leaves the restored resource in place (AWS Backup
 * cannot undo a restore) unless `removalPolicy` is `DESTROY`.
 *
 * A job takes [RestoreJobProps](#cdk-backup-restore.RestoreJobProps): the recovery point
 * ([RecoveryPoint](#cdk-backup-restore.RecoveryPoint) `.fromArn` or `.latest`) and what to restore it as
 * ([RestoreMetadata](#cdk-backup-restore.RestoreMetadata): one factory per resource type, each with an example).
 * The restored resource is `createdResourceArn`, or a construct to wire the application to: `asTable()`,
 * `asFileSystem()`, `asDatabaseInstance()`, … (see Methods below).
 *
 * @example
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * const job = new RestoreJob(this, 'RestoreOrders', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/01690000000000-1a2b3c4d'),
 *   metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }),
 * });
 * const tableArn = job.createdResourceArn; // known once the restore completed
 * const table = job.asTable(); // an ITable: table.grantReadWriteData(...)
 */
export class RestoreJob extends Construct implements IRestoreJob {
  /**
   * Where an EFS restore puts the data: the directory `/aws-backup-restore_<timestamp of the restore>` at the root
   * of the file system, for full and item-level restores, into a new or the existing file system (an item-level
   * restore keeps the items' paths below it). The timestamp is only known when the restore runs: look for the
   * one directory with this prefix.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-efs.html
   */
  public static readonly EFS_RESTORE_DIRECTORY_PREFIX: string = EFS_RESTORE_DIRECTORY_PREFIX;

  /**
   * The ID of the AWS Backup restore job.
   *
   * @attribute
   */
  public readonly restoreJobId: string;

  /**
   * The ARN of the recovery point that was restored.
   *
   * @attribute
   */
  public readonly recoveryPointArn: string;

  /** The role AWS Backup assumes to restore (grant it what your restore needs). */
  public readonly role: iam.IRole;

  /** Whether the deploy waits for the job to complete. */
  public readonly waitForCompletion: boolean;

  /** The StartRestoreJob `ResourceType`, when known at synth time. */
  public readonly resourceType?: string;

  /**
   * Whether this job waits with a chain of wait resources (its timeout is over 55 minutes): one
   * `Custom::BackupRestoreJobWait` per 55 minutes, after the resource that starts the job.
   */
  public readonly waitsInLinks: boolean;

  /** What happens to the restored resource when the job's resource is deleted (RETAIN or DESTROY). */
  public readonly removalPolicy: RemovalPolicy;

  private readonly resource: CustomResource;
  /** The last link of a long wait: its attributes are the job's completion. */
  private readonly lastLink?: CustomResource;
  /** What the accessors need to know of the restore input. */
  private readonly restoreInput: {
    readonly type?: string;
    readonly inferred: boolean;
    readonly metadata: Record<string, string>;
    readonly kmsKeys: kms.IKey[];
    readonly useRecordedMetadata: boolean;
  };
  /** The job's `Custom::BackupRestoredResource`, once an accessor needed it. */
  private restored?: { readonly resource: CustomResource; readonly kind: RestoredResourceKind };

  constructor(scope: Construct, id: string, props: RestoreJobProps) {
    super(scope, id);

    const recoveryPoint = props.recoveryPoint.bind(this);
    const metadata = props.metadata.bind(this);
    this.waitForCompletion = props.waitForCompletion ?? true;
    this.removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    if (this.removalPolicy !== RemovalPolicy.RETAIN && this.removalPolicy !== RemovalPolicy.DESTROY) {
      throw new Error(`RestoreJob ${this.node.path}: removalPolicy is ${this.removalPolicy}, but a restore job supports RETAIN (the default: the restored resource stays) or DESTROY (it is deleted with the job). ` +
        'Fix: use RemovalPolicy.RETAIN or RemovalPolicy.DESTROY.');
    }
    const destroy = this.removalPolicy === RemovalPolicy.DESTROY;
    this.resourceType = metadata.resourceType;
    this.checkRecoveryPointEnvironment(recoveryPoint);
    // The type the synth-time checks use: the metadata's; else the type `latest` filters by; else the one
    // the recovery point ARN's shape states. Only the metadata's own type is sent to StartRestoreJob (an
    // inferred one would change the restore input of deployed jobs, and AWS Backup reads it from the
    // recovery point anyway).
    const checkedType = this.checkedResourceType(metadata.resourceType, recoveryPoint);
    const timeoutSeconds = this.timeoutSeconds(props.timeout);
    const longWait = this.waitForCompletion && timeoutSeconds > MAX_WAIT_SECONDS;
    const useRecordedMetadata = props.useRecordedMetadata ?? false;
    this.restoreInput = {
      type: checkedType,
      inferred: metadata.resourceType === undefined,
      metadata: metadata.metadata,
      kmsKeys: metadata.kmsKeys,
      useRecordedMetadata,
    };
    if (useRecordedMetadata && recoveryPoint.backupVaultName === undefined) {
      throw new Error(
        `RestoreJob ${this.node.path}: useRecordedMetadata needs the vault that holds the recovery point, and none is known. ` +
        'Fix: use RecoveryPoint.latest({ backupVault }) or RecoveryPoint.fromArn(arn, { backupVault }).');
    }

    // One rule, one place: the same validator the handler runs at deploy time. With recorded metadata the
    // stack's keys are only overrides: the merged map is checked in full at deploy time.
    const findings = validateRestoreInput({
      recoveryPointArn: recoveryPoint.recoveryPointArn,
      resourceType: checkedType,
      metadata: metadata.metadata,
      copySourceTagsToRestoredResource: props.copySourceTagsToRestoredResource,
      destroy,
    }, { isUnresolved: value => Token.isUnresolved(value), partial: useRecordedMetadata });
    const errors = formatErrors(findings);
    if (errors !== undefined) {
      const inferred = checkedType !== undefined && metadata.resourceType === undefined
        ? ` (The resource type ${checkedType} was inferred from the recovery point; pass it to RestoreMetadata.fromMap to make it explicit.)`
        : '';
      throw new Error(`RestoreJob ${this.node.path}: ${errors}${inferred}`);
    }
    for (const warning of findings.filter(f => f.severity === 'warning')) {
      Annotations.of(this).addWarningV2(warning.id, warning.message);
    }

    const provider = RestoreJobProvider.of(this);
    const defaultRole = props.role === undefined ? provider.defaultRestoreRole(checkedType) : undefined;
    this.role = props.role ?? defaultRole!;
    provider.allowPassRole(this.role);
    provider.allowRecoveryPoint(recoveryPoint, checkedType, useRecordedMetadata);
    provider.addRestoreTarget({ path: this.node.path, resourceType: checkedType, metadata: metadata.metadata });
    const keyGrants = metadata.kmsKeys.flatMap(key => grantRestoreKey(this, key, this.role));

    const latest = recoveryPoint.latest;
    const properties: RestoreJobResourceProperties = {
      RecoveryPointArn: recoveryPoint.recoveryPointArn,
      LatestRecoveryPoint: latest && {
        ByResourceArn: latest.resourceArn,
        ByResourceType: latest.resourceType ?? metadata.resourceType,
        CreatedAfter: latest.createdAfter?.toISOString(),
        MaxAgeSeconds: latest.maxAge && String(latest.maxAge.toSeconds()),
      },
      BackupVaultName: recoveryPoint.backupVaultName,
      BackupVaultAccountId: recoveryPoint.backupVaultAccountId,
      UseRecordedMetadata: useRecordedMetadata ? 'true' : undefined,
      Metadata: metadata.metadata,
      ResourceType: metadata.resourceType,
      IamRoleArn: this.role.roleArn,
      IdempotencyToken: props.idempotencyToken,
      CopySourceTagsToRestoredResource: props.copySourceTagsToRestoredResource === undefined
        ? undefined
        : props.copySourceTagsToRestoredResource ? 'true' : 'false',
      // A long wait: this resource starts the job without waiting; the links below wait.
      WaitForCompletion: this.waitForCompletion && !longWait ? 'true' : 'false',
      TimeoutSeconds: String(timeoutSeconds),
      WaitInLinks: longWait ? 'true' : undefined,
      RemovalPolicy: destroy ? 'Destroy' : undefined,
    };

    this.resource = new CustomResource(this, 'Resource', {
      resourceType: RESOURCE_TYPE,
      serviceToken: provider.serviceToken,
      properties: { ...properties },
      serviceTimeout: Duration.hours(1),
    });
    // Delete must keep the handler's permissions until the resource is gone.
    this.resource.node.addDependency(provider.handlerPolicy);
    // The restore itself runs as the restore role: on a first deploy, the job must not start before that
    // role can use the job's KMS keys. The default role as a whole (its policies, whoever added to them,
    // and the grants of every job) and the policies this job's key grants went to.
    if (defaultRole !== undefined) this.resource.node.addDependency(defaultRole);
    keyGrants.forEach(dependable => this.resource.node.addDependency(dependable));
    if (destroy) {
      // checkedType is known: the validator rejects DESTROY without a type.
      grantRemoval(this, provider.handlerPolicy, checkedType!, restoredResourceName(checkedType, metadata.metadata, v => Token.isUnresolved(v)),
        Stack.of(this).getLogicalId(this.resource.node.defaultChild as CfnResource));
    }

    this.restoreJobId = this.attribute('RestoreJobId');
    this.recoveryPointArn = this.attribute('RecoveryPointArn');

    this.waitsInLinks = longWait;
    if (longWait) {
      const segments = waitSegments(timeoutSeconds);
      // Each link reads what the resource before it answered: the RestoreJob resource for the first link (a job
      // kept from a short wait may have completed already), the link before for the others.
      let previous: CustomResource = this.resource;
      for (let segment = 1; segment <= segments; segment++) {
        const link: CustomResource = new CustomResource(this, `Wait${segment}`, {
          resourceType: WAIT_RESOURCE_TYPE,
          serviceToken: provider.serviceToken,
          properties: {
            RestoreJobId: this.restoreJobId,
            Segment: String(segment),
            Segments: String(segments),
            TimeoutSeconds: String(timeoutSeconds),
            Previous: {
              Status: previous.getAttString('Status'),
              CreatedResourceArn: previous.getAttString('CreatedResourceArn'),
              CompletionDate: previous.getAttString('CompletionDate'),
              CreationDate: previous.getAttString('CreationDate'),
            },
          },
          serviceTimeout: Duration.hours(1),
        });
        link.node.addDependency(provider.handlerPolicy);
        previous = link;
      }
      this.lastLink = previous === this.resource ? undefined : previous;
    }
  }

  /**
   * The ARN of the resource the restore created (a file system, a table, a volume …).
   *
   * Only available when the deploy waits for the job (`waitForCompletion`, the default).
   *
   * @attribute
   */
  public get createdResourceArn(): string {
    if (!this.waitForCompletion) {
      throw new Error(
        `RestoreJob ${this.node.path}: createdResourceArn is only known when the deploy waits for the restore to complete, and this job sets waitForCompletion: false. ` +
        'Fix: remove waitForCompletion: false (the default waits), or look the resource up after the job completes.');
    }
    return this.lastLink ? this.lastLink.getAttString('CreatedResourceArn') : this.attribute('CreatedResourceArn');
  }

  /**
   * When the restore job completed (ISO-8601). Only available when the deploy waits for the job.
   *
   * @attribute
   */
  public get completionDate(): string {
    if (!this.waitForCompletion) {
      throw new Error(`RestoreJob ${this.node.path}: completionDate is only known when the deploy waits for the restore to complete (waitForCompletion is false).`);
    }
    return this.lastLink ? this.lastLink.getAttString('CompletionDate') : this.attribute('CompletionDate');
  }

  /**
   * The restored DynamoDB table, to grant and wire like any table (`table.grantReadWriteData(fn)`). Its name and ARN
   * come from `createdResourceArn`; its KMS key is the one the restore metadata names unless `options` gives one;
   * grants cover the table's indexes. Only for a DynamoDB restore that the deploy waits for.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-dynamodb.html
   *
   * @example
   * import * as lambda from 'aws-cdk-lib/aws-lambda';
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * const job = new RestoreJob(this, 'RestoreOrders', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/01690000000000-1a2b3c4d'),
   *   metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }),
   * });
   * const table = job.asTable();
   * const api = new lambda.Function(this, 'Api', {
   *   runtime: lambda.Runtime.NODEJS_22_X,
   *   handler: 'index.handler',
   *   code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
   *   environment: { TABLE_NAME: table.tableName },
   * });
   * table.grantReadWriteData(api);
   */
  public asTable(options?: RestoredTableOptions): dynamodb.ITable {
    return restoredTable(this.restoredContext(), options);
  }

  /**
   * The bucket an S3 restore wrote to (a new bucket or an existing one), with the KMS key the restore metadata
   * names. Only for an S3 restore that the deploy waits for.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-s3.html
   *
   * @example
   * import * as iam from 'aws-cdk-lib/aws-iam';
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * const job = new RestoreJob(this, 'RestoreReports', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:2A3B4C5D-6E7F-4A8B-9C0D-1E2F3A4B5C6D'),
   *   metadata: RestoreMetadata.s3({ destinationBucketName: 'reports-dr', newBucket: true }),
   * });
   * const reportsRole = new iam.Role(this, 'Reports', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
   * job.asBucket().grantRead(reportsRole);
   */
  public asBucket(options?: RestoredBucketOptions): s3.IBucket {
    return restoredBucket(this.restoredContext(), options);
  }

  /**
   * The restored EFS file system, reachable in `options.vpc`: creates its mount targets (one per Availability Zone
   * of the selected subnets; a restore creates none) and, unless one is given, their security group, so
   * `fileSystem.connections.allowDefaultPortFrom(fn)` and `new efs.AccessPoint(...)` work, and what mounts it waits
   * for the mount targets. The data is in a directory named `RestoreJob.EFS_RESTORE_DIRECTORY_PREFIX` + timestamp at
   * the root. Only for a restore to a new file system that the deploy waits for; call it once per job.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-efs.html
   *
   * @example
   * import * as ec2 from 'aws-cdk-lib/aws-ec2';
   * import * as efs from 'aws-cdk-lib/aws-efs';
   * import * as lambda from 'aws-cdk-lib/aws-lambda';
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * const vpc = new ec2.Vpc(this, 'Vpc');
   * const job = new RestoreJob(this, 'RestoreFiles', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45'),
   *   metadata: RestoreMetadata.efs({ newFileSystem: true }),
   * });
   * const fileSystem = job.asFileSystem({ vpc }); // with a mount target in each Availability Zone
   * const files = new efs.AccessPoint(this, 'Files', { fileSystem });
   * new lambda.Function(this, 'Reader', {
   *   vpc,
   *   runtime: lambda.Runtime.NODEJS_22_X,
   *   handler: 'index.handler',
   *   code: lambda.Code.fromInline('exports.handler = async () => {};'),
   *   // opens the NFS port; the data is below /mnt/files/aws-backup-restore_<timestamp>
   *   filesystem: lambda.FileSystem.fromEfsAccessPoint(files, '/mnt/files'),
   * });
   */
  public asFileSystem(options: RestoredFileSystemOptions): efs.IFileSystem {
    return restoredFileSystem(this.restoredContext(), options);
  }

  /**
   * The restored RDS DB instance, with its identifier, endpoint address, port and resource id read from the
   * instance when the stack deploys. Only for an RDS restore that the deploy waits for.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-rds.html
   *
   * @example
   * import * as ec2 from 'aws-cdk-lib/aws-ec2';
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * const vpc = new ec2.Vpc(this, 'Vpc');
   * const dbSecurityGroup = new ec2.SecurityGroup(this, 'Db', { vpc });
   * const job = new RestoreJob(this, 'RestoreOrdersDb', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:rds:us-east-1:123456789012:snapshot:awsbackup:job-1eb3b5e7-9eb0-435a-a80b-108b488b0d45'),
   *   metadata: RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db-dr', securityGroups: [dbSecurityGroup] }),
   * });
   * const db = job.asDatabaseInstance({ securityGroups: [dbSecurityGroup] });
   * const app = new ec2.SecurityGroup(this, 'App', { vpc });
   * db.connections.allowDefaultPortFrom(app);
   * const endpoint = db.instanceEndpoint.socketAddress; // for the application's configuration
   */
  public asDatabaseInstance(options?: RestoredDatabaseOptions): rds.IDatabaseInstance {
    return restoredDatabaseInstance(this.restoredContext(), options);
  }

  /**
   * The restored Aurora cluster, with its identifier, writer and reader endpoints, port and resource id read from
   * the cluster when the stack deploys. AWS Backup restores the cluster without instances: add them. Only for an
   * Aurora restore that the deploy waits for.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-aur.html
   *
   * @example
   * import { Annotations } from 'aws-cdk-lib';
   * import * as rds from 'aws-cdk-lib/aws-rds';
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * const job = new RestoreJob(this, 'RestoreOrdersCluster', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:rds:us-east-1:123456789012:cluster-snapshot:awsbackup:job-2c3d4e5f-0a1b-4c2d-9e8f-7a6b5c4d3e2f'),
   *   metadata: RestoreMetadata.auroraCluster({
   *     clusterIdentifier: 'orders-dr',
   *     engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
   *   }),
   * });
   * const cluster = job.asDatabaseCluster();
   * // AWS Backup restores the cluster without instances: add the writer
   * new rds.CfnDBInstance(this, 'Writer', {
   *   dbClusterIdentifier: cluster.clusterIdentifier,
   *   dbInstanceClass: 'db.r6g.large',
   *   engine: 'aurora-postgresql',
   * });
   * Annotations.of(job).acknowledgeWarning('cdk-backup-restore:cluster-instances-not-restored', 'the Writer instance is added');
   * const endpoint = cluster.clusterEndpoint.socketAddress; // for the application's configuration
   */
  public asDatabaseCluster(options?: RestoredDatabaseOptions): rds.IDatabaseCluster {
    return restoredDatabaseCluster(this.restoredContext(), options);
  }

  /**
   * The restored Amazon DocumentDB cluster, with its identifier, endpoints and port read from the cluster when the
   * stack deploys. Only for a DocumentDB restore that the deploy waits for.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-docdb.html
   *
   * @example
   * import { Annotations } from 'aws-cdk-lib';
   * import * as ec2 from 'aws-cdk-lib/aws-ec2';
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * const vpc = new ec2.Vpc(this, 'Vpc');
   * const dbSecurityGroup = new ec2.SecurityGroup(this, 'Db', { vpc });
   * const job = new RestoreJob(this, 'RestoreCatalog', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:rds:us-east-1:123456789012:cluster-snapshot:awsbackup:job-3d4e5f60-1a2b-4c3d-8e9f-0a1b2c3d4e5f'),
   *   metadata: RestoreMetadata.documentDbCluster({ clusterIdentifier: 'catalog-dr', securityGroups: [dbSecurityGroup] }),
   * });
   * Annotations.of(job).acknowledgeWarning('cdk-backup-restore:cluster-instances-not-restored', 'instances are added by the catalog stack');
   * const cluster = job.asDocumentDbCluster({ securityGroup: dbSecurityGroup });
   * cluster.connections.allowDefaultPortFrom(new ec2.SecurityGroup(this, 'App', { vpc }));
   */
  public asDocumentDbCluster(options?: RestoredDocumentDbClusterOptions): docdb.IDatabaseCluster {
    return restoredDocumentDbCluster(this.restoredContext(), options);
  }

  /**
   * The endpoint (address, port, reader address) of a restored Aurora, DocumentDB, Neptune or Redshift cluster,
   * read from the cluster when the stack deploys. Only for a cluster restore that the deploy waits for.
   *
   * @example
   * import * as ssm from 'aws-cdk-lib/aws-ssm';
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * const job = new RestoreJob(this, 'RestoreWarehouse', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:redshift:us-east-1:123456789012:snapshot:analytics/awsbackup:job-1eb3b5e7-9eb0-435a-a80b-108b488b0d45'),
   *   metadata: RestoreMetadata.redshiftCluster({ clusterIdentifier: 'analytics-dr' }),
   * });
   * const endpoint = job.asClusterEndpoint();
   * new ssm.StringParameter(this, 'WarehouseEndpoint', {
   *   parameterName: '/dr/analytics/endpoint',
   *   stringValue: endpoint.socketAddress,
   * });
   */
  public asClusterEndpoint(): RestoredClusterEndpoint {
    const ctx = this.restoredContext();
    const type = requireRestoredType(ctx, 'asClusterEndpoint()', ['Aurora', 'DocumentDB', 'Neptune', 'Redshift']);
    return type === 'Redshift' ? restoredRedshiftEndpoint(ctx) : restoredDbClusterEndpoint(ctx);
  }

  /**
   * The restored EBS volume, with its id and Availability Zone read from the volume when the stack deploys. Only
   * for an EBS restore that the deploy waits for.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-ebs.html
   *
   * @example
   * import * as iam from 'aws-cdk-lib/aws-iam';
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * const job = new RestoreJob(this, 'RestoreDataVolume', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0'),
   *   metadata: RestoreMetadata.ebsVolume({ availabilityZone: 'us-east-1a' }),
   * });
   * const volume = job.asVolume();
   * const appRole = new iam.Role(this, 'AppServer', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
   * volume.grantAttachVolume(appRole); // and the volume's key, when it has one
   */
  public asVolume(): ec2.IVolume {
    return restoredVolume(this.restoredContext());
  }

  /**
   * The restored EC2 instance's id, private IP address and Availability Zone, read when the stack deploys. Only
   * for an EC2 restore that the deploy waits for.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-ec2.html
   *
   * @example
   * import * as ec2 from 'aws-cdk-lib/aws-ec2';
   * import * as route53 from 'aws-cdk-lib/aws-route53';
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * const vpc = new ec2.Vpc(this, 'Vpc');
   * const job = new RestoreJob(this, 'RestoreAppServer', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0'),
   *   metadata: RestoreMetadata.ec2Instance({ subnet: vpc.privateSubnets[0] }),
   * });
   * const instance = job.asInstance();
   * new route53.ARecord(this, 'AppServerRecord', {
   *   zone: new route53.PrivateHostedZone(this, 'Zone', { zoneName: 'dr.internal', vpc }),
   *   recordName: 'app',
   *   target: route53.RecordTarget.fromIpAddresses(instance.privateIpAddress),
   * });
   */
  public asInstance(): RestoredInstance {
    return restoredInstance(this.restoredContext());
  }

  /**
   * The restored Amazon FSx file system's id, DNS name, type and Lustre mount name, read when the stack deploys.
   * Only for an FSx file system restore (not an ONTAP volume) that the deploy waits for.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-fsx.html
   *
   * @example
   * import * as ec2 from 'aws-cdk-lib/aws-ec2';
   * import * as ssm from 'aws-cdk-lib/aws-ssm';
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * const vpc = new ec2.Vpc(this, 'Vpc');
   * const job = new RestoreJob(this, 'RestoreZfs', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:fsx:us-east-1:123456789012:backup/backup-08899aabbccddeeff'),
   *   metadata: RestoreMetadata.fsxOpenZfs({ subnets: [vpc.privateSubnets[0]] }),
   * });
   * const fileSystem = job.asFsxFileSystem();
   * new ssm.StringParameter(this, 'NfsServer', { parameterName: '/dr/zfs/dns-name', stringValue: fileSystem.dnsName });
   */
  public asFsxFileSystem(): RestoredFsxFileSystem {
    return restoredFsxFileSystem(this.restoredContext());
  }

  /**
   * The restored FSx for Lustre file system as an FSx `IFileSystem` (its `connections` open the Lustre ports).
   * Only for an FSx for Lustre restore that the deploy waits for.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-fsx.html
   *
   * @example
   * import * as ec2 from 'aws-cdk-lib/aws-ec2';
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * const vpc = new ec2.Vpc(this, 'Vpc');
   * const lustreSecurityGroup = new ec2.SecurityGroup(this, 'Lustre', { vpc });
   * const job = new RestoreJob(this, 'RestoreScratch', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:fsx:us-east-1:123456789012:backup/backup-0123456789abcdef0'),
   *   metadata: RestoreMetadata.fsxLustre({ subnets: [vpc.privateSubnets[0]], securityGroups: [lustreSecurityGroup] }),
   * });
   * const fileSystem = job.asLustreFileSystem({ securityGroup: lustreSecurityGroup });
   * fileSystem.connections.allowDefaultPortFrom(new ec2.SecurityGroup(this, 'Compute', { vpc })); // the Lustre ports
   * const mountName = job.asFsxFileSystem().lustreMountName; // mount -t lustre <dnsName>@tcp:/<mountName>
   */
  public asLustreFileSystem(options: RestoredLustreFileSystemOptions): fsx.IFileSystem {
    return restoredLustreFileSystem(this.restoredContext(), options);
  }

  /**
   * StartRestoreJob restores in the recovery point's own Region, so a recovery point of another Region than
   * the stack is an error; one of another account needs the vault's account for the handler's look-ups and
   * IAM scoping. EBS and EC2 ARNs have no account field and are only checked for the Region.
   */
  private checkRecoveryPointEnvironment(recoveryPoint: RecoveryPointConfig): void {
    const arn = recoveryPoint.recoveryPointArn;
    if (arn === undefined || Token.isUnresolved(arn)) return;
    const info = analyseRecoveryPointArn(arn);
    if (!info.isArn) return; // the validator reports it
    const stack = Stack.of(this);
    if (info.region && !Token.isUnresolved(stack.region) && info.region !== stack.region) {
      throw new Error(
        `RestoreJob ${this.node.path}: the recovery point '${arn}' is in Region ${info.region}, but the stack deploys to ${stack.region}. ` +
        'AWS Backup StartRestoreJob restores a recovery point in its own Region, so this job would restore into the wrong Region or fail. ' +
        `Fix: copy the backup to ${stack.region} first (AWS Backup cross-Region copy: a copy rule in the backup plan, or StartCopyJob) and restore the copy's ARN, ` +
        `or deploy this stack to ${info.region}.`);
    }
    if (info.account && !Token.isUnresolved(stack.account) && info.account !== stack.account && recoveryPoint.backupVaultAccountId === undefined) {
      Annotations.of(this).addWarningV2(findingId('recovery-point-other-account'),
        `the recovery point '${arn}' belongs to account ${info.account}, but the stack deploys to account ${stack.account}, and no backupVaultAccountId says so. ` +
        'A recovery point can only be restored from another account when that account shares its vault (a logically air-gapped vault); ' +
        'the usual setup copies the backup into a vault of this account and restores the copy. ' +
        `Fix: restore the copy's ARN (account ${stack.account}), or pass RecoveryPoint.fromArn(arn, { backupVaultAccountId: '${info.account}', backupVaultName }) for a shared vault.`);
    }
  }

  /** The resource type the synth-time checks use (see the constructor), warning when none is known. */
  private checkedResourceType(given: string | undefined, recoveryPoint: RecoveryPointConfig): string | undefined {
    if (given !== undefined) return given;
    const fromFilter = recoveryPoint.latest?.resourceType;
    if (fromFilter !== undefined && !Token.isUnresolved(fromFilter)) return fromFilter;
    const arn = recoveryPoint.recoveryPointArn;
    const fromArn = arn !== undefined && !Token.isUnresolved(arn) ? inferResourceTypeFromArn(arn) : undefined;
    if (fromArn !== undefined) return fromArn;
    const why = arn === undefined
      ? 'the recovery point is chosen at deploy time (RecoveryPoint.latest) with no resourceType filter'
      : Token.isUnresolved(arn)
        ? 'the recovery point ARN is not known at synth time'
        : `the recovery point ARN is ${analyseRecoveryPointArn(arn).shape}, which does not tell one resource type`;
    Annotations.of(this).addWarningV2(findingId('resource-type-unknown'),
      `RestoreMetadata.fromMap was given no resource type, and ${why}. Only the general metadata checks ran; skipped: the resource type's own rules ` +
      '(required keys, value formats, rules across keys), the recovery point shape against the type, copySourceTagsToRestoredResource support, ' +
      'and the check that no other RestoreJob of the stack restores to the same name. ' +
      "Fix: pass the type, e.g. RestoreMetadata.fromMap({ ... }, 'EFS'), or use the typed factory (RestoreMetadata.efs, .dynamoDb, …).");
    return undefined;
  }

  /** What the accessors (src/resource-types/<type>/restored.ts) get from the job. */
  private restoredContext(): RestoredResourceContext {
    const input = this.restoreInput;
    return {
      scope: this,
      path: this.node.path,
      resourceType: input.type,
      resourceTypeInferred: input.inferred,
      metadata: input.metadata,
      kmsKeys: input.kmsKeys,
      useRecordedMetadata: input.useRecordedMetadata,
      waitForCompletion: this.waitForCompletion,
      createdResourceArn: () => this.createdResourceArn,
      restoredResource: <K extends RestoredResourceKind>(kind: K, read: RestoredResourceRead): RestoredAttribute<K> => {
        const resource = this.restoredResource(kind, read);
        return name => resource.getAttString(name);
      },
    };
  }

  /**
   * The job's `Custom::BackupRestoredResource`: created on the first accessor that needs a deploy-time read, one
   * per job. It reads what the RestoreJob resource (or, for a long wait, its last link) answered as
   * `CreatedResourceArn`, so CloudFormation creates it after the restore completed.
   */
  private restoredResource(kind: RestoredResourceKind, read: RestoredResourceRead): CustomResource {
    if (this.restored !== undefined) {
      if (this.restored.kind !== kind) {
        throw new Error(`RestoreJob ${this.node.path}: the restored resource is already read as ${this.restored.kind}, and cannot be read as ${kind} too.`);
      }
      return this.restored.resource;
    }
    const provider = RestoreJobProvider.of(this);
    provider.allowRestoredResourceRead(read);
    const properties: RestoredResourceProperties = {
      CreatedResourceArn: this.createdResourceArn,
      Kind: kind,
      RestoreJobId: this.restoreJobId,
    };
    const resource = new CustomResource(this, 'RestoredResource', {
      resourceType: RESTORED_RESOURCE_TYPE,
      serviceToken: provider.serviceToken,
      properties: { ...properties },
      serviceTimeout: Duration.hours(1),
    });
    // Delete must keep the handler's permissions until the resource is gone, and the read needs them on create.
    resource.node.addDependency(provider.handlerPolicy);
    this.restored = { resource, kind };
    return resource;
  }

  private attribute(name: RestoreJobAttributeName): string {
    return this.resource.getAttString(name);
  }

  private timeoutSeconds(timeout: Duration | undefined): number {
    if (timeout === undefined) return MAX_WAIT_SECONDS;
    if (Token.isUnresolved(timeout.toSeconds({ integral: false }))) {
      throw new Error(`RestoreJob ${this.node.path}: timeout must be known at synth time, not a token.`);
    }
    const seconds = timeout.toSeconds({ integral: false });
    if (!Number.isInteger(seconds) || seconds < 60 || seconds > MAX_LONG_WAIT_SECONDS) {
      throw new Error(
        `RestoreJob ${this.node.path}: timeout is ${timeout.toHumanString()}, but it must be a whole number of seconds from 1 minute to ${MAX_LONG_WAIT_SECONDS / 3600} hours ` +
        `(the most this library waits: past ${MAX_WAIT_SECONDS / 60} minutes it waits with a chain of wait resources, one per ${MAX_WAIT_SECONDS / 60} minutes). ` +
        'Fix: choose a timeout in that range, or set waitForCompletion: false and follow the job with `npx cdk-backup-restore status`.');
    }
    return seconds;
  }
}
