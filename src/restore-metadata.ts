import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { CloudFormationRestoreMetadataProps } from './resource-types/cloudformation/metadata';
import { DynamoDbRestoreEncryption, DynamoDbRestoreMetadataProps } from './resource-types/dynamodb/metadata';
import { EbsRestoreMetadataProps } from './resource-types/ebs/metadata';
import { Ec2RestoreMetadataProps } from './resource-types/ec2/metadata';
import { EksRestoreMetadataProps } from './resource-types/eks/metadata';
import {
  FsxFileSystemRestoreOptions, FsxLustreRestoreMetadataProps, FsxOntapRestoreMetadataProps, FsxOpenZfsRestoreMetadataProps,
  FsxWindowsRestoreMetadataProps,
} from './resource-types/fsx/metadata';
import { RestoreMetadataOptions } from './resource-types/options';
import {
  AuroraClusterRestoreMetadataProps, DatabaseClusterRestoreOptions, DocumentDbClusterRestoreMetadataProps,
  NeptuneClusterRestoreMetadataProps, RdsInstanceRestoreMetadataProps,
} from './resource-types/rds/metadata';
import { RedshiftClusterRestoreMetadataProps, RedshiftTableRestoreMetadataProps } from './resource-types/redshift/metadata';
import { bool, finish, int, json, jsonArray, jsonObject, Rendered, timestamp } from './resource-types/render';
import { S3RestoreEncryption, S3RestoreMetadataProps } from './resource-types/s3/metadata';
import { TimestreamRestoreMetadataProps } from './resource-types/timestream/metadata';
import {
  VirtualMachineToEc2RestoreMetadataProps, VirtualMachineToVmwareRestoreMetadataProps,
} from './resource-types/virtual-machine/metadata';

export * from './resource-types/options';
export * from './resource-types/dynamodb/metadata';
export * from './resource-types/rds/metadata';
export * from './resource-types/ebs/metadata';
export * from './resource-types/ec2/metadata';
export * from './resource-types/s3/metadata';
export * from './resource-types/fsx/metadata';
export * from './resource-types/redshift/metadata';
export * from './resource-types/virtual-machine/metadata';
export * from './resource-types/cloudformation/metadata';
export * from './resource-types/timestream/metadata';
export * from './resource-types/eks/metadata';

/** What a RestoreJob needs from its metadata. */
export interface RestoreMetadataConfig {
  /** StartRestoreJob `ResourceType`, when known. */
  readonly resourceType?: string;
  /** StartRestoreJob `Metadata`, with the exact key names and string formats AWS Backup expects. */
  readonly metadata: { [key: string]: string };
  /** KMS keys the restore role must be able to use. */
  readonly kmsKeys: kms.IKey[];
}

/**
 * EFS performance mode of the restored file system.
 *
 * @see https://docs.aws.amazon.com/efs/latest/ug/performance.html#performancemodes
 */
export enum EfsPerformanceMode {
  /** General Purpose (the only mode One Zone file systems support). */
  GENERAL_PURPOSE = 'generalPurpose',
  /** Max I/O. */
  MAX_IO = 'maxIO',
}

/**
 * Restore metadata for an Amazon EFS recovery point.
 *
 * @example
 * import * as kms from 'aws-cdk-lib/aws-kms';
 * import { EfsPerformanceMode, RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * new RestoreJob(this, 'RestoreReports', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45'),
 *   metadata: RestoreMetadata.efs({
 *     newFileSystem: true,
 *     kmsKey: new kms.Key(this, 'FilesKey'), // Encrypted=true and KmsKeyId; the restore role may use the key
 *     performanceMode: EfsPerformanceMode.GENERAL_PURPOSE,
 *     oneZoneAvailabilityZone: 'us-east-1a', // a One Zone file system
 *     itemsToRestore: ['/reports/2024'], // absolute paths, no wildcards, at most 5
 *   }),
 * });
 */
export interface EfsRestoreMetadataProps extends RestoreMetadataOptions {
  /**
   * ID of the backed-up file system (`file-system-id`). Needed to restore into the existing file system
   * (`newFileSystem: false`); "not required when a new file system is restored" (AWS ignores it then).
   *
   * @default - not sent; an error when `newFileSystem` is false
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-efs.html
   */
  readonly fileSystemId?: string;

  /**
   * Restore to a new file system (`newFileSystem`). `false` restores into the source file system, in a
   * recovery directory.
   *
   * @default true
   */
  readonly newFileSystem?: boolean;

  /**
   * Encrypt the restored file system (`Encrypted`).
   *
   * @default - true when `kmsKey` is set; otherwise not sent, and AWS Backup applies its default
   */
  readonly encrypted?: boolean;

  /**
   * KMS key to encrypt the new file system with (`KmsKeyId`). Requires `encrypted` to be true. The restore
   * role is granted the use of the key.
   *
   * @default - the AWS managed key for Amazon EFS
   */
  readonly kmsKey?: kms.IKey;

  /**
   * Performance mode of the new file system (`PerformanceMode`).
   *
   * @default - not sent; AWS Backup uses the backed-up file system's mode
   */
  readonly performanceMode?: EfsPerformanceMode;

  /**
   * Creation token of the new file system (`CreationToken`).
   *
   * @default - not sent; AWS Backup generates one
   */
  readonly creationToken?: string;

  /**
   * Restore only these files or directories (`ItemsToRestore`): 1 to 5 absolute paths, case-sensitive, no
   * wildcards. Rendered as a JSON array.
   *
   * @default - the whole file system
   */
  readonly itemsToRestore?: string[];

  /**
   * Restore as a One Zone file system in this Availability Zone (`singleAzFilesystem=true` and
   * `availabilityZoneName`).
   *
   * @default - a Regional (multi-AZ) file system
   */
  readonly oneZoneAvailabilityZone?: string;
}

/**
 * The `Metadata` of a StartRestoreJob request: which resource to create from the backup, and how.
 *
 * Use a typed factory per resource type (`RestoreMetadata.efs(...)`, `RestoreMetadata.dynamoDb(...)`, …), or
 * `RestoreMetadata.fromMap(...)` for keys the factories do not cover. Either way the metadata is validated at
 * synth time, and again by the handler at deploy time, by the same rules.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-a-backup.html
 *
 * @example
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * // A typed factory per resource type: typed props, AWS's key names and formats
 * new RestoreJob(this, 'RestoreOrders', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/01690000000000-1a2b3c4d'),
 *   metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }),
 * });
 *
 * // Or AWS's key names as they are, for keys no factory covers (validated by the same rules)
 * new RestoreJob(this, 'RestoreFiles', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45'),
 *   metadata: RestoreMetadata.fromMap({ newFileSystem: 'true', PerformanceMode: 'generalPurpose' }, 'EFS'),
 * });
 */
export class RestoreMetadata {
  /**
   * Metadata to restore an Amazon EFS file system.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-efs.html
   *
   * @example
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * const job = new RestoreJob(this, 'RestoreFiles', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45'),
   *   metadata: RestoreMetadata.efs({ newFileSystem: true }),
   * });
   * const fileSystemArn = job.createdResourceArn; // the new file system
   */
  public static efs(props: EfsRestoreMetadataProps): RestoreMetadata {
    const encrypted = props.encrypted ?? (props.kmsKey ? true : undefined);
    return new RestoreMetadata('EFS', scope => ({
      'file-system-id': props.fileSystemId,
      'newFileSystem': bool(props.newFileSystem ?? true),
      'Encrypted': bool(encrypted),
      'KmsKeyId': props.kmsKey?.keyArn,
      'PerformanceMode': props.performanceMode,
      'CreationToken': props.creationToken,
      'ItemsToRestore': jsonArray(scope, props.itemsToRestore),
      'singleAzFilesystem': props.oneZoneAvailabilityZone !== undefined ? 'true' : undefined,
      'availabilityZoneName': props.oneZoneAvailabilityZone,
    }), keys(props.kmsKey), props.additionalMetadata, 'efs');
  }

  /**
   * Metadata to restore a DynamoDB table as a new table.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-dynamodb.html
   *
   * @example
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * const job = new RestoreJob(this, 'RestoreOrders', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/01690000000000-1a2b3c4d'),
   *   metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }),
   * });
   * const tableArn = job.createdResourceArn; // the new table
   */
  public static dynamoDb(props: DynamoDbRestoreMetadataProps): RestoreMetadata {
    const encryption = props.encryption ?? (props.kmsKey ? DynamoDbRestoreEncryption.KMS : undefined);
    return new RestoreMetadata('DynamoDB', () => ({
      targetTableName: props.targetTableName,
      encryptionType: encryption,
      kmsMasterKeyArn: props.kmsKey?.keyArn,
      deletionProtection: bool(props.deletionProtection),
    }), keys(props.kmsKey), props.additionalMetadata, 'dynamoDb');
  }

  /**
   * Metadata to restore an RDS DB instance (from a DB snapshot or a continuous recovery point).
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-rds.html
   *
   * @example
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * new RestoreJob(this, 'RestoreOrdersDb', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:rds:us-east-1:123456789012:snapshot:awsbackup:job-1eb3b5e7-9eb0-435a-a80b-108b488b0d45'),
   *   metadata: RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db-dr' }),
   * });
   */
  public static rdsInstance(props: RdsInstanceRestoreMetadataProps): RestoreMetadata {
    return new RestoreMetadata('RDS', scope => ({
      DBInstanceIdentifier: props.instanceIdentifier,
      DBInstanceClass: props.instanceType ? `db.${props.instanceType.toString()}` : undefined,
      DBSubnetGroupName: props.subnetGroup?.subnetGroupName,
      VpcSecurityGroupIds: jsonArray(scope, props.securityGroups?.map(sg => sg.securityGroupId)),
      AvailabilityZone: props.availabilityZone,
      MultiAZ: bool(props.multiAz),
      Port: int(props.port),
      StorageType: props.storageType,
      AllocatedStorage: int(props.allocatedStorage),
      Iops: int(props.iops),
      OptionGroupName: props.optionGroup?.optionGroupName,
      DBParameterGroupName: props.parameterGroup?.bindToInstance({}).parameterGroupName,
      PubliclyAccessible: bool(props.publiclyAccessible),
      EnableIAMDatabaseAuthentication: bool(props.iamAuthentication),
      EnableCloudwatchLogsExports: jsonArray(scope, props.cloudwatchLogsExports),
      DeletionProtection: bool(props.deletionProtection),
      CopyTagsToSnapshot: bool(props.copyTagsToSnapshot),
      RestoreTime: timestamp(props.restoreTime),
      UseLatestRestorableTime: bool(props.useLatestRestorableTime),
    }), [], props.additionalMetadata, 'rdsInstance');
  }

  /**
   * Metadata to restore an Aurora cluster. Only the cluster is restored: add DB instances afterwards.
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
   * // The cluster comes back without instances: add one once the restore is done
   * new rds.CfnDBInstance(this, 'Writer', {
   *   dbClusterIdentifier: 'orders-dr',
   *   dbInstanceClass: 'db.r6g.large',
   *   engine: 'aurora-postgresql',
   * }).node.addDependency(job);
   * Annotations.of(job).acknowledgeWarning('cdk-backup-restore:cluster-instances-not-restored', 'the Writer instance is added');
   */
  public static auroraCluster(props: AuroraClusterRestoreMetadataProps): RestoreMetadata {
    return new RestoreMetadata('Aurora', scope => ({
      ...renderCluster(scope, props),
      Engine: props.engine.engineType,
      EngineVersion: props.engine.engineVersion?.fullVersion,
      DBSubnetGroupName: props.subnetGroup?.subnetGroupName,
      DBClusterParameterGroupName: props.parameterGroup?.bindToCluster({}).parameterGroupName,
      BacktrackWindow: int(props.backtrackWindow?.toSeconds()),
      DatabaseName: props.databaseName,
    }), keys(props.kmsKey), props.additionalMetadata, 'auroraCluster');
  }

  /**
   * Metadata to restore an Amazon DocumentDB cluster. Only the cluster is restored: add instances afterwards.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-docdb.html
   *
   * @example
   * import { Annotations } from 'aws-cdk-lib';
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * const job = new RestoreJob(this, 'RestoreCatalog', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:rds:us-east-1:123456789012:cluster-snapshot:awsbackup:job-3d4e5f60-1a2b-4c3d-8e9f-0a1b2c3d4e5f'),
   *   metadata: RestoreMetadata.documentDbCluster({ clusterIdentifier: 'catalog-dr' }),
   * });
   * // The cluster comes back without instances: add them after the restore, then say so
   * Annotations.of(job).acknowledgeWarning('cdk-backup-restore:cluster-instances-not-restored', 'instances are added by the catalog stack');
   */
  public static documentDbCluster(props: DocumentDbClusterRestoreMetadataProps): RestoreMetadata {
    return new RestoreMetadata('DocumentDB', scope => ({
      ...renderCluster(scope, props),
      Engine: 'docdb',
      EngineVersion: props.engineVersion,
      DBSubnetGroupName: props.subnetGroupName,
      DBClusterParameterGroupName: props.clusterParameterGroupName,
    }), keys(props.kmsKey), props.additionalMetadata, 'documentDbCluster');
  }

  /**
   * Metadata to restore an Amazon Neptune cluster. Only the cluster is restored: add instances afterwards.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-nep.html
   *
   * @example
   * import { Annotations } from 'aws-cdk-lib';
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * const job = new RestoreJob(this, 'RestoreGraph', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:rds:us-east-1:123456789012:cluster-snapshot:awsbackup:job-4e5f6071-2b3c-4d4e-9f0a-1b2c3d4e5f60'),
   *   metadata: RestoreMetadata.neptuneCluster({ clusterIdentifier: 'graph-dr' }),
   * });
   * // The cluster comes back without instances: add them after the restore, then say so
   * Annotations.of(job).acknowledgeWarning('cdk-backup-restore:cluster-instances-not-restored', 'instances are added by the graph stack');
   */
  public static neptuneCluster(props: NeptuneClusterRestoreMetadataProps): RestoreMetadata {
    return new RestoreMetadata('Neptune', scope => ({
      ...renderCluster(scope, props),
      Engine: 'neptune',
      EngineVersion: props.engineVersion,
      DBSubnetGroupName: props.subnetGroupName,
      DBClusterParameterGroupName: props.clusterParameterGroupName,
    }), keys(props.kmsKey), props.additionalMetadata, 'neptuneCluster');
  }

  /**
   * Metadata to restore an EBS snapshot as a new volume.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-ebs.html
   *
   * @example
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * new RestoreJob(this, 'RestoreDataVolume', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0'),
   *   metadata: RestoreMetadata.ebsVolume({ availabilityZone: 'us-east-1a' }),
   * });
   */
  public static ebsVolume(props: EbsRestoreMetadataProps): RestoreMetadata {
    const encrypted = props.encrypted ?? (props.kmsKey ? true : undefined);
    return new RestoreMetadata('EBS', () => ({
      availabilityZone: props.availabilityZone,
      volumeType: props.volumeType,
      volumeSize: int(props.volumeSize?.toGibibytes()),
      iops: int(props.iops),
      throughput: int(props.throughput),
      encrypted: bool(encrypted),
      kmsKeyId: props.kmsKey?.keyArn,
    }), keys(props.kmsKey), props.additionalMetadata, 'ebsVolume');
  }

  /**
   * Metadata to restore an EC2 instance from an AMI recovery point; unset settings come from the backup.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-ec2.html
   *
   * @example
   * import * as ec2 from 'aws-cdk-lib/aws-ec2';
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * const vpc = new ec2.Vpc(this, 'Vpc');
   * new RestoreJob(this, 'RestoreAppServer', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0'),
   *   metadata: RestoreMetadata.ec2Instance({ subnet: vpc.privateSubnets[0] }), // the rest as backed up
   * });
   */
  public static ec2Instance(props: Ec2RestoreMetadataProps = {}): RestoreMetadata {
    // "Restore an Amazon EC2 instance" (restoring-ec2.html): no VpcId (information only: the subnet decides)
    // and no top-level KmsKeyId (the key override goes in BlockDeviceMappings[].Ebs.KmsKeyId with Encrypted).
    const devices = props.blockDevices;
    return new RestoreMetadata('EC2', scope => ({
      ...renderInstancePlacement(scope, { ...props, vpc: undefined }),
      IamInstanceProfileName: props.instanceProfile,
      RequireIMDSv2: bool(props.requireImdsv2),
      DisableApiTermination: bool(props.disableApiTermination),
      EbsOptimized: bool(props.ebsOptimized),
      BlockDeviceMappings: devices === undefined ? undefined : json(scope, devices.map(d => {
        const encrypted = d.encrypted ?? (d.kmsKey ? true : undefined);
        const ebs = {
          DeleteOnTermination: d.deleteOnTermination,
          Iops: d.iops,
          VolumeSize: d.volumeSizeGiB,
          VolumeType: d.volumeType,
          Throughput: d.throughput,
          Encrypted: encrypted,
          KmsKeyId: d.kmsKey?.keyArn,
        };
        const set = Object.fromEntries(Object.entries(ebs).filter(([, v]) => v !== undefined));
        return Object.keys(set).length > 0 ? { DeviceName: d.deviceName, Ebs: set } : { DeviceName: d.deviceName };
      })),
    }), keys(...(devices ?? []).map(d => d.kmsKey)), props.additionalMetadata, 'ec2Instance');
  }

  /**
   * Metadata to restore S3 data into a bucket. The default restore role gets AWSBackupServiceRolePolicyForS3Restore.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-s3.html
   *
   * @example
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * new RestoreJob(this, 'RestoreReports', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:2A3B4C5D-6E7F-4A8B-9C0D-1E2F3A4B5C6D'),
   *   metadata: RestoreMetadata.s3({ destinationBucketName: 'reports-dr', newBucket: true }),
   * });
   */
  public static s3(props: S3RestoreMetadataProps): RestoreMetadata {
    const encryption = props.encryption ?? (props.kmsKey ? S3RestoreEncryption.SSE_KMS : undefined);
    return new RestoreMetadata('S3', scope => ({
      DestinationBucketName: props.destinationBucketName,
      NewBucket: bool(props.newBucket),
      EncryptionType: encryption,
      KMSKey: props.kmsKey?.keyArn,
      RestoreACLs: bool(props.restoreAcls),
      ItemsToRestore: jsonArray(scope, props.itemsToRestore),
      RestoreTime: timestamp(props.restoreTime),
    }), keys(props.kmsKey), props.additionalMetadata, 's3');
  }

  /**
   * Metadata to restore an FSx for Lustre file system.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-fsx.html
   *
   * @example
   * import * as ec2 from 'aws-cdk-lib/aws-ec2';
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * const vpc = new ec2.Vpc(this, 'Vpc');
   * new RestoreJob(this, 'RestoreScratch', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:fsx:us-east-1:123456789012:backup/backup-0123456789abcdef0'),
   *   metadata: RestoreMetadata.fsxLustre({ subnets: [vpc.privateSubnets[0]] }),
   * });
   */
  public static fsxLustre(props: FsxLustreRestoreMetadataProps): RestoreMetadata {
    const lustre = props.deploymentType !== undefined || props.perUnitStorageThroughput !== undefined
      || props.weeklyMaintenanceStartTime !== undefined;
    return new RestoreMetadata('FSx', scope => ({
      ...fsxFileSystemKeys(scope, props, props.subnets),
      LustreConfiguration: lustre ? jsonObject(scope, {
        DeploymentType: props.deploymentType,
        PerUnitStorageThroughput: props.perUnitStorageThroughput,
        WeeklyMaintenanceStartTime: props.weeklyMaintenanceStartTime?.toTimestamp(),
      }) : undefined,
    }), keys(props.kmsKey), props.additionalMetadata, 'fsxLustre');
  }

  /**
   * Metadata to restore an FSx for Windows File Server file system.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-fsx.html
   *
   * @example
   * import * as ec2 from 'aws-cdk-lib/aws-ec2';
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * const vpc = new ec2.Vpc(this, 'Vpc');
   * new RestoreJob(this, 'RestoreShares', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:fsx:us-east-1:123456789012:backup/backup-0fedcba9876543210'),
   *   metadata: RestoreMetadata.fsxWindows({
   *     subnets: [vpc.privateSubnets[0]],
   *     activeDirectoryId: 'd-1234567890', // the AWS Managed Microsoft AD directory to join
   *   }),
   * });
   */
  public static fsxWindows(props: FsxWindowsRestoreMetadataProps): RestoreMetadata {
    return new RestoreMetadata('FSx', scope => ({
      ...fsxFileSystemKeys(scope, props, props.subnets),
      WindowsConfiguration: jsonObject(scope, {
        ActiveDirectoryId: props.activeDirectoryId,
        ThroughputCapacity: props.throughputCapacity,
        PreferredSubnetId: props.preferredSubnet?.subnetId,
      }),
    }), keys(props.kmsKey), props.additionalMetadata, 'fsxWindows');
  }

  /**
   * Metadata to restore an FSx for NetApp ONTAP volume into an existing storage virtual machine.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-fsx.html
   *
   * @example
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * new RestoreJob(this, 'RestoreVolume', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:fsx:us-east-1:123456789012:backup/backup-00112233445566778'),
   *   metadata: RestoreMetadata.fsxOntap({ storageVirtualMachineId: 'svm-0123456789abcdef0' }),
   * });
   */
  public static fsxOntap(props: FsxOntapRestoreMetadataProps): RestoreMetadata {
    const tiering = props.tieringPolicy !== undefined || props.tieringCoolingPeriod !== undefined
      ? { name: props.tieringPolicy, coolingPeriod: props.tieringCoolingPeriod?.toDays() }
      : undefined;
    return new RestoreMetadata('FSx', scope => ({
      Name: props.volumeName,
      OntapConfiguration: jsonObject(scope, {
        storageVirtualMachineId: props.storageVirtualMachineId,
        junctionPath: props.junctionPath,
        ontapVolumeType: props.volumeType,
        securityStyle: props.securityStyle,
        sizeInMegabytes: props.size?.toMebibytes(),
        storageEfficiencyEnabled: props.storageEfficiencyEnabled,
        tieringPolicy: tiering,
      }),
    }), [], props.additionalMetadata, 'fsxOntap');
  }

  /**
   * Metadata to restore an FSx for OpenZFS file system.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-fsx.html
   *
   * @example
   * import * as ec2 from 'aws-cdk-lib/aws-ec2';
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * const vpc = new ec2.Vpc(this, 'Vpc');
   * new RestoreJob(this, 'RestoreZfs', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:fsx:us-east-1:123456789012:backup/backup-08899aabbccddeeff'),
   *   metadata: RestoreMetadata.fsxOpenZfs({ subnets: [vpc.privateSubnets[0]] }),
   * });
   */
  public static fsxOpenZfs(props: FsxOpenZfsRestoreMetadataProps): RestoreMetadata {
    const zfs = props.deploymentType !== undefined || props.throughputCapacity !== undefined || props.diskIops !== undefined;
    return new RestoreMetadata('FSx', scope => ({
      ...fsxFileSystemKeys(scope, props, props.subnets),
      // "Do not include Mode when Iops is specified" (restoring-fsx.html): Iops only.
      OpenZFSConfiguration: zfs ? jsonObject(scope, {
        DeploymentType: props.deploymentType,
        ThroughputCapacity: props.throughputCapacity,
        DiskIopsConfiguration: props.diskIops !== undefined ? { Iops: props.diskIops } : undefined,
      }) : undefined,
    }), keys(props.kmsKey), props.additionalMetadata, 'fsxOpenZfs');
  }

  /**
   * Metadata to restore a Redshift snapshot as a new cluster.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/redshift-restores.html
   *
   * @example
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * new RestoreJob(this, 'RestoreWarehouse', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:redshift:us-east-1:123456789012:snapshot:analytics/awsbackup:job-1eb3b5e7-9eb0-435a-a80b-108b488b0d45'),
   *   metadata: RestoreMetadata.redshiftCluster({ clusterIdentifier: 'analytics-dr' }),
   * });
   */
  public static redshiftCluster(props: RedshiftClusterRestoreMetadataProps): RestoreMetadata {
    return new RestoreMetadata('Redshift', scope => ({
      RestoreType: 'CLUSTER_RESTORE',
      ClusterIdentifier: props.clusterIdentifier,
      NodeType: props.nodeType,
      NumberOfNodes: int(props.numberOfNodes),
      ClusterSubnetGroupName: props.subnetGroupName,
      VpcSecurityGroupIds: jsonArray(scope, props.securityGroups?.map(sg => sg.securityGroupId)),
      IamRoles: jsonArray(scope, props.iamRoles?.map(r => r.roleArn)),
      Port: int(props.port),
      Encrypted: props.kmsKey ? 'true' : undefined,
      KmsKeyId: props.kmsKey?.keyArn,
      PubliclyAccessible: bool(props.publiclyAccessible),
      AutomatedSnapshotRetentionPeriod: int(props.automatedSnapshotRetention?.toDays()),
      AvailabilityZone: props.availabilityZone,
      EnhancedVpcRouting: bool(props.enhancedVpcRouting),
      ManageMasterPassword: bool(props.manageMasterPassword),
    }), keys(props.kmsKey), props.additionalMetadata, 'redshiftCluster');
  }

  /**
   * Metadata to restore one table of a Redshift snapshot into an existing cluster.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/redshift-restores.html
   *
   * @example
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * new RestoreJob(this, 'RestoreOrdersTable', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:redshift:us-east-1:123456789012:snapshot:analytics/awsbackup:job-5f607182-3c4d-4e5f-8a9b-2c3d4e5f6071'),
   *   metadata: RestoreMetadata.redshiftTable({
   *     clusterIdentifier: 'analytics', // an existing cluster
   *     sourceDatabaseName: 'dev',
   *     sourceTableName: 'orders',
   *     newTableName: 'orders_restored',
   *   }),
   * });
   */
  public static redshiftTable(props: RedshiftTableRestoreMetadataProps): RestoreMetadata {
    return new RestoreMetadata('Redshift', () => ({
      RestoreType: 'TABLE_RESTORE',
      ClusterIdentifier: props.clusterIdentifier,
      SourceDatabaseName: props.sourceDatabaseName,
      SourceSchemaName: props.sourceSchemaName ?? 'public',
      SourceTableName: props.sourceTableName,
      TargetDatabaseName: props.targetDatabaseName,
      TargetSchemaName: props.targetSchemaName,
      NewTableName: props.newTableName,
    }), [], props.additionalMetadata, 'redshiftTable');
  }

  /**
   * Metadata to restore a virtual machine backup (VMware, through Backup gateway) as an EC2 instance.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-vm.html
   *
   * @example
   * import * as ec2 from 'aws-cdk-lib/aws-ec2';
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * const vpc = new ec2.Vpc(this, 'Vpc');
   * new RestoreJob(this, 'MigrateVm', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:6A7B8C9D-0E1F-4A2B-8C3D-4E5F6A7B8C9D'),
   *   metadata: RestoreMetadata.virtualMachineToEc2({ vpc, subnet: vpc.privateSubnets[0] }),
   * });
   */
  public static virtualMachineToEc2(props: VirtualMachineToEc2RestoreMetadataProps = {}): RestoreMetadata {
    const encrypted = props.encrypted ?? (props.kmsKey ? true : undefined);
    return new RestoreMetadata('VirtualMachine', scope => ({
      RestoreTo: 'EC2Instance',
      ...renderInstancePlacement(scope, props),
      IamInstanceProfileName: props.instanceProfileName,
      RequireIMDSv2: bool(props.requireImdsv2),
      IsEncrypted: bool(encrypted),
      KmsKeyId: props.kmsKey?.keyArn,
    }), keys(props.kmsKey), props.additionalMetadata, 'virtualMachineToEc2');
  }

  /**
   * Metadata to restore a virtual machine backup to VMware, through Backup gateway.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-vm.html
   *
   * @example
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * new RestoreJob(this, 'RestoreVm', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:7B8C9D0E-1F2A-4B3C-9D4E-5F6A7B8C9D0E'),
   *   metadata: RestoreMetadata.virtualMachineToVmware({
   *     hypervisorArn: 'arn:aws:backup-gateway:us-east-1:123456789012:hypervisor/hype-0123456789abcdef0',
   *   }),
   * });
   */
  public static virtualMachineToVmware(props: VirtualMachineToVmwareRestoreMetadataProps): RestoreMetadata {
    return new RestoreMetadata('VirtualMachine', scope => ({
      RestoreTo: 'VMware',
      HypervisorArn: props.hypervisorArn,
      VMName: props.vmName,
      VMPath: props.vmPath,
      ComputeResourceName: props.computeResourceName,
      VMDatastore: props.vmDatastore,
      DisksToRestore: props.disks === undefined ? undefined : json(scope, props.disks.map(d => ({ DiskId: d.diskId, Label: d.label }))),
    }), [], props.additionalMetadata, 'virtualMachineToVmware');
  }

  /**
   * Metadata to restore a CloudFormation stack. AWS Backup creates the stack in REVIEW_IN_PROGRESS with a
   * change set: execute the change set to create the stack's resources.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-application-stacks.html
   *
   * @example
   * import { Annotations } from 'aws-cdk-lib';
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * const job = new RestoreJob(this, 'RestoreAppStack', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:8C9D0E1F-2A3B-4C4D-8E5F-6A7B8C9D0E1F'),
   *   metadata: RestoreMetadata.cloudFormationStack({ stackName: 'orders-app-dr', changeSetName: 'restore' }),
   * });
   * // The new stack waits in REVIEW_IN_PROGRESS until its change set is executed
   * Annotations.of(job).acknowledgeWarning('cdk-backup-restore:cloudformation-change-set-not-executed', 'executed by the DR runbook');
   */
  public static cloudFormationStack(props: CloudFormationRestoreMetadataProps): RestoreMetadata {
    return new RestoreMetadata('CloudFormation', scope => ({
      StackName: props.stackName,
      ChangeSetName: props.changeSetName,
      ChangeSetDescription: props.changeSetDescription,
      StackParameters: jsonObject(scope, props.stackParameters),
    }), [], props.additionalMetadata, 'cloudFormationStack');
  }

  /**
   * Metadata to restore an Amazon Timestream table as a new table.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/timestream-restore.html
   *
   * @example
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * new RestoreJob(this, 'RestoreMetrics', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:9D0E1F2A-3B4C-4D5E-9F6A-7B8C9D0E1F2A'),
   *   metadata: RestoreMetadata.timestreamTable({ databaseName: 'metrics', tableName: 'cpu_restored' }),
   * });
   */
  public static timestreamTable(props: TimestreamRestoreMetadataProps): RestoreMetadata {
    const writes = props.enableMagneticStoreWrites ?? (props.rejectedDataBucket ? true : undefined);
    return new RestoreMetadata('Timestream', scope => ({
      DatabaseName: props.databaseName,
      TableName: props.tableName,
      MemoryStoreRetentionPeriodInHours: int(props.memoryStoreRetention?.toHours()),
      MagneticStoreRetentionPeriodInDays: int(props.magneticStoreRetention?.toDays()),
      MagneticStoreWriteProperties: writes === undefined && !props.rejectedDataBucket ? undefined : jsonObject(scope, {
        EnableMagneticStoreWrites: writes,
        MagneticStoreRejectedDataLocation: props.rejectedDataBucket ? {
          S3Configuration: { BucketName: props.rejectedDataBucket.bucketName, ObjectKeyPrefix: props.rejectedDataKeyPrefix },
        } : undefined,
      }),
    }), [], props.additionalMetadata, 'timestreamTable');
  }

  /**
   * Metadata to restore an Amazon EKS cluster backup (a composite recovery point) into an existing cluster, or
   * into a cluster AWS Backup creates (`newCluster`).
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-eks.html
   *
   * @example
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * new RestoreJob(this, 'RestoreOrdersCluster', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:composite:eks/orders-20240115'),
   *   metadata: RestoreMetadata.eks({ clusterName: 'orders-dr' }), // into this existing cluster
   * });
   */
  public static eks(props: EksRestoreMetadataProps): RestoreMetadata {
    const network = props.network;
    return new RestoreMetadata('EKS', scope => ({
      clusterName: props.clusterName,
      newCluster: bool(props.newCluster),
      eksClusterVersion: props.kubernetesVersion,
      clusterRole: props.clusterRole?.roleArn,
      encryptionConfigProviderKeyArn: props.encryptionKey?.keyArn,
      clusterVpcConfig: network === undefined ? undefined : jsonObject(scope, {
        vpcId: network.vpc?.vpcId,
        subnetIds: network.subnets.map(s => s.subnetId),
        securityGroupIds: network.securityGroups.map(sg => sg.securityGroupId),
      }),
      namespaceLevelRestore: props.namespaces !== undefined ? 'true' : undefined,
      namespaces: jsonArray(scope, props.namespaces),
      kubernetesRestoreOrder: jsonArray(scope, props.kubernetesRestoreOrder),
      restoreKubernetesManifestsOnly: bool(props.manifestsOnly),
    }), keys(props.encryptionKey), props.additionalMetadata, 'eks');
  }

  /**
   * Metadata given as a map of AWS's key names to string values: the escape hatch for keys no typed
   * factory covers. Still validated, by the rules of `resourceType` (when given) and the general rules.
   *
   * Booleans are the strings `'true'`/`'false'`; lists and objects are JSON strings
   * (`JSON.stringify(['sg-1', 'sg-2'])`, never `'sg-1,sg-2'`).
   *
   * @param values metadata keys and values, spelled as AWS documents them
   * @param resourceType StartRestoreJob `ResourceType` (`EFS`, `DynamoDB`, `Storage Gateway`, …)
   *
   * @example
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * new RestoreJob(this, 'RestoreOrdersDb', {
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:rds:us-east-1:123456789012:snapshot:awsbackup:job-1eb3b5e7-9eb0-435a-a80b-108b488b0d45'),
   *   metadata: RestoreMetadata.fromMap({
   *     DBInstanceIdentifier: 'orders-db-dr',
   *     DBInstanceClass: 'db.r6g.large',
   *     MultiAZ: 'true', // booleans as 'true'/'false'
   *     VpcSecurityGroupIds: JSON.stringify(['sg-0123456789abcdef0']), // lists and objects as JSON
   *   }, 'RDS'),
   * });
   */
  public static fromMap(values: { [key: string]: string }, resourceType?: string): RestoreMetadata {
    const copy = { ...values };
    return new RestoreMetadata(resourceType, () => copy, []);
  }

  private constructor(
    private readonly resourceType: string | undefined,
    private readonly render: (scope: Construct) => Rendered,
    private readonly kmsKeys: kms.IKey[],
    private readonly additionalMetadata?: { [key: string]: string },
    private readonly factory: string = 'fromMap',
  ) {}

  /** Called by RestoreJob: the metadata as the job renders it. */
  public bind(scope: Construct): RestoreMetadataConfig {
    return {
      resourceType: this.resourceType,
      metadata: finish(this.render(scope), this.additionalMetadata, this.factory),
      kmsKeys: [...this.kmsKeys],
    };
  }
}

/** The KMS keys a restore role must be able to use. */
function keys(...candidates: (kms.IKey | undefined)[]): kms.IKey[] {
  return candidates.filter((k): k is kms.IKey => k !== undefined);
}

/** Type and network placement of a new EC2 instance (EC2 restores, and virtual machines restored to EC2). */
function renderInstancePlacement(scope: Construct, props: {
  readonly instanceType?: ec2.InstanceType;
  readonly vpc?: ec2.IVpc;
  readonly subnet?: ec2.ISubnet;
  readonly securityGroups?: ec2.ISecurityGroup[];
}): Rendered {
  return {
    InstanceType: props.instanceType?.toString(),
    VpcId: props.vpc?.vpcId,
    SubnetId: props.subnet?.subnetId,
    SecurityGroupIds: jsonArray(scope, props.securityGroups?.map(sg => sg.securityGroupId)),
  };
}

/** Keys common to Aurora, DocumentDB and Neptune cluster restores. */
function renderCluster(scope: Construct, props: DatabaseClusterRestoreOptions): Rendered {
  return {
    DBClusterIdentifier: props.clusterIdentifier,
    VpcSecurityGroupIds: jsonArray(scope, props.securityGroups?.map(sg => sg.securityGroupId)),
    AvailabilityZones: jsonArray(scope, props.availabilityZones),
    Port: int(props.port),
    KmsKeyId: props.kmsKey?.keyArn,
    EnableIAMDatabaseAuthentication: bool(props.iamAuthentication),
    EnableCloudwatchLogsExports: jsonArray(scope, props.cloudwatchLogsExports),
    CopyTagsToSnapshot: bool(props.copyTagsToSnapshot),
    DeletionProtection: bool(props.deletionProtection),
    // "Restoring an Amazon Aurora cluster" (restoring-aur.html), PITR: `restoreToTime`, not RDS's `RestoreTime`.
    restoreToTime: timestamp(props.restoreTime),
    UseLatestRestorableTime: bool(props.useLatestRestorableTime),
  };
}

/** The keys every new FSx file system takes, as the FSx restore page spells them (restoring-fsx.html). */
function fsxFileSystemKeys(scope: Construct, props: FsxFileSystemRestoreOptions, subnets: readonly ec2.ISubnet[]): Rendered {
  return {
    SubnetIds: jsonArray(scope, subnets.map(s => s.subnetId)),
    SecurityGroupIds: jsonArray(scope, props.securityGroups?.map(sg => sg.securityGroupId)),
    KmsKeyId: props.kmsKey?.keyArn,
  };
}
