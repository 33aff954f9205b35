import { Duration, Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as fsx from 'aws-cdk-lib/aws-fsx';
import * as kms from 'aws-cdk-lib/aws-kms';
import { RestoreMetadataOptions } from '../options';

/**
 * Settings common to the restore of an FSx file system.
 *
 * @example
 * import * as ec2 from 'aws-cdk-lib/aws-ec2';
 * import * as kms from 'aws-cdk-lib/aws-kms';
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * const vpc = new ec2.Vpc(this, 'Vpc');
 * new RestoreJob(this, 'RestoreZfs', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:fsx:us-east-1:123456789012:backup/backup-08899aabbccddeeff'),
 *   metadata: RestoreMetadata.fsxOpenZfs({
 *     subnets: [vpc.privateSubnets[0]],
 *     // the settings every FSx file system restore takes
 *     securityGroups: [new ec2.SecurityGroup(this, 'NfsClients', { vpc })],
 *     kmsKey: new kms.Key(this, 'FilesKey'), // the restore role may use the key
 *   }),
 * });
 */
export interface FsxFileSystemRestoreOptions extends RestoreMetadataOptions {
  /**
   * Security groups of the new file system's network interfaces (`SecurityGroupIds`, a JSON array).
   *
   * @default - the VPC's default security group
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-fsx.html
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * KMS key to encrypt the new file system with (`KmsKeyId`); the restore role is granted its use.
   *
   * @default - the backup's key
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-fsx.html
   */
  readonly kmsKey?: kms.IKey;
}

/**
 * Restore metadata for an FSx for Lustre file system.
 *
 * @example
 * import * as ec2 from 'aws-cdk-lib/aws-ec2';
 * import * as fsx from 'aws-cdk-lib/aws-fsx';
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * const vpc = new ec2.Vpc(this, 'Vpc');
 * new RestoreJob(this, 'RestoreScratch', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:fsx:us-east-1:123456789012:backup/backup-0123456789abcdef0'),
 *   metadata: RestoreMetadata.fsxLustre({
 *     subnets: [vpc.privateSubnets[0]],
 *     deploymentType: fsx.LustreDeploymentType.PERSISTENT_2,
 *     perUnitStorageThroughput: 250,
 *     weeklyMaintenanceStartTime: new fsx.LustreMaintenanceTime({ day: fsx.Weekday.SUNDAY, hour: 2, minute: 0 }),
 *   }),
 * });
 */
export interface FsxLustreRestoreMetadataProps extends FsxFileSystemRestoreOptions {
  /**
   * Subnet of the new file system (`SubnetIds`, a JSON array).
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-fsx.html
   */
  readonly subnets: ec2.ISubnet[];

  /**
   * Deployment type of the new file system (`LustreConfiguration.DeploymentType`).
   *
   * @default - the backed-up file system's type
   * @see https://docs.aws.amazon.com/fsx/latest/LustreGuide/using-fsx-lustre.html
   */
  readonly deploymentType?: fsx.LustreDeploymentType;

  /**
   * Throughput per TiB of storage in MB/s, for persistent deployments (`LustreConfiguration.PerUnitStorageThroughput`).
   *
   * @default - the backed-up file system's throughput
   * @see https://docs.aws.amazon.com/fsx/latest/LustreGuide/performance.html
   */
  readonly perUnitStorageThroughput?: number;

  /**
   * Weekly maintenance window start (`LustreConfiguration.WeeklyMaintenanceStartTime`).
   *
   * @default - chosen by FSx
   * @see https://docs.aws.amazon.com/fsx/latest/LustreGuide/maintenance-windows.html
   */
  readonly weeklyMaintenanceStartTime?: fsx.LustreMaintenanceTime;
}

/**
 * Restore metadata for an FSx for Windows File Server file system.
 *
 * @example
 * import * as ec2 from 'aws-cdk-lib/aws-ec2';
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2 });
 * new RestoreJob(this, 'RestoreShares', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:fsx:us-east-1:123456789012:backup/backup-0fedcba9876543210'),
 *   metadata: RestoreMetadata.fsxWindows({
 *     subnets: vpc.privateSubnets, // two subnets: a Multi-AZ file system
 *     preferredSubnet: vpc.privateSubnets[0],
 *     activeDirectoryId: 'd-1234567890',
 *     throughputCapacity: 32,
 *   }),
 * });
 */
export interface FsxWindowsRestoreMetadataProps extends FsxFileSystemRestoreOptions {
  /**
   * Subnets of the new file system (`SubnetIds`, a JSON array): one, or two for a Multi-AZ file system.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-fsx.html
   */
  readonly subnets: ec2.ISubnet[];

  /**
   * AWS Managed Microsoft AD directory to join (`WindowsConfiguration.ActiveDirectoryId`), e.g. `d-1234567890`.
   * Optional, as the FSx restore page lists it ("You can specify ... ActiveDirectoryId"); the type of Active
   * Directory cannot change in a restore.
   *
   * @default - not sent; the restored file system joins the backed-up file system's directory (warns
   * `cdk-backup-restore:fsx-windows-active-directory`)
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-fsx.html
   */
  readonly activeDirectoryId?: string;

  /**
   * Throughput capacity in MB/s, 8 to 12288 (`WindowsConfiguration.ThroughputCapacity`).
   *
   * @default - the backed-up file system's capacity
   * @see https://docs.aws.amazon.com/fsx/latest/WindowsGuide/performance.html
   */
  readonly throughputCapacity?: number;

  /**
   * Preferred file server subnet of a Multi-AZ file system, one of `subnets` (`WindowsConfiguration.PreferredSubnetId`).
   *
   * @default - the first subnet
   * @see https://docs.aws.amazon.com/fsx/latest/WindowsGuide/high-availability-multiAZ.html
   */
  readonly preferredSubnet?: ec2.ISubnet;
}

/**
 * Type of a restored ONTAP volume (`ontapVolumeType`).
 *
 * @see https://docs.aws.amazon.com/fsx/latest/ONTAPGuide/volume-types.html
 */
export enum OntapVolumeType {
  /** Read-write. */
  RW = 'RW',
  /** Data protection (SnapMirror destination, read-only). */
  DP = 'DP',
}

/**
 * Security style of a restored ONTAP volume (`securityStyle`).
 *
 * @see https://docs.aws.amazon.com/fsx/latest/ONTAPGuide/volume-security-style.html
 */
export enum OntapSecurityStyle {
  /** UNIX permissions. */
  UNIX = 'UNIX',
  /** Windows NTFS ACLs. */
  NTFS = 'NTFS',
  /** Both, per file. */
  MIXED = 'MIXED',
}

/**
 * Capacity pool tiering policy of a restored ONTAP volume (`tieringPolicy.name`).
 *
 * @see https://docs.aws.amazon.com/fsx/latest/ONTAPGuide/managing-storage-capacity.html#storage-tiering
 */
export enum OntapTieringPolicy {
  /** Tier snapshot data only. */
  SNAPSHOT_ONLY = 'SNAPSHOT_ONLY',
  /** Tier cold data and snapshots. */
  AUTO = 'AUTO',
  /** Tier all data. */
  ALL = 'ALL',
  /** Keep all data on primary storage. */
  NONE = 'NONE',
}

/**
 * Restore metadata for an FSx for NetApp ONTAP volume (restored into an existing storage virtual machine).
 *
 * @example
 * import { Duration, Size } from 'aws-cdk-lib';
 * import { OntapSecurityStyle, OntapTieringPolicy, RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * new RestoreJob(this, 'RestoreVolume', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:fsx:us-east-1:123456789012:backup/backup-00112233445566778'),
 *   metadata: RestoreMetadata.fsxOntap({
 *     storageVirtualMachineId: 'svm-0123456789abcdef0',
 *     volumeName: 'orders_restored',
 *     junctionPath: '/orders-restored',
 *     securityStyle: OntapSecurityStyle.UNIX,
 *     size: Size.gibibytes(1024),
 *     tieringPolicy: OntapTieringPolicy.AUTO,
 *     tieringCoolingPeriod: Duration.days(31),
 *   }),
 * });
 */
export interface FsxOntapRestoreMetadataProps extends RestoreMetadataOptions {
  /**
   * Storage virtual machine to restore the volume into (`OntapConfiguration.storageVirtualMachineId`).
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-fsx.html
   */
  readonly storageVirtualMachineId: string;

  /**
   * Name of the new volume (`Name`).
   *
   * @default - the backed-up volume's name
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-fsx.html
   */
  readonly volumeName?: string;

  /**
   * Junction path of the new volume, starting with '/' (`OntapConfiguration.junctionPath`).
   *
   * @default - the backed-up volume's junction path
   * @see https://docs.aws.amazon.com/fsx/latest/ONTAPGuide/creating-volumes.html
   */
  readonly junctionPath?: string;

  /**
   * Volume type (`OntapConfiguration.ontapVolumeType`).
   *
   * @default - not sent; read-write
   * @see https://docs.aws.amazon.com/fsx/latest/ONTAPGuide/volume-types.html
   */
  readonly volumeType?: OntapVolumeType;

  /**
   * Security style (`OntapConfiguration.securityStyle`).
   *
   * @default - the backed-up volume's style
   * @see https://docs.aws.amazon.com/fsx/latest/ONTAPGuide/volume-security-style.html
   */
  readonly securityStyle?: OntapSecurityStyle;

  /**
   * Size of the new volume, in whole MiB (`OntapConfiguration.sizeInMegabytes`).
   *
   * @default - the backed-up volume's size
   * @see https://docs.aws.amazon.com/fsx/latest/ONTAPGuide/creating-volumes.html
   */
  readonly size?: Size;

  /**
   * Turn on deduplication, compression and compaction (`OntapConfiguration.storageEfficiencyEnabled`).
   *
   * @default - the backed-up volume's setting
   * @see https://docs.aws.amazon.com/fsx/latest/ONTAPGuide/managing-storage-capacity.html#storage-efficiency
   */
  readonly storageEfficiencyEnabled?: boolean;

  /**
   * Tiering policy (`OntapConfiguration.tieringPolicy.name`).
   *
   * @default - the backed-up volume's policy
   * @see https://docs.aws.amazon.com/fsx/latest/ONTAPGuide/managing-storage-capacity.html#storage-tiering
   */
  readonly tieringPolicy?: OntapTieringPolicy;

  /**
   * Days before data is tiered, 2 to 183, for AUTO and SNAPSHOT_ONLY (`OntapConfiguration.tieringPolicy.coolingPeriod`).
   *
   * @default - 31 days for AUTO, 2 days for SNAPSHOT_ONLY
   * @see https://docs.aws.amazon.com/fsx/latest/ONTAPGuide/managing-storage-capacity.html#cooling-period
   */
  readonly tieringCoolingPeriod?: Duration;
}

/**
 * Deployment type of a restored FSx for OpenZFS file system (`deploymentType`).
 *
 * @see https://docs.aws.amazon.com/fsx/latest/OpenZFSGuide/availability-durability.html
 */
export enum OpenZfsDeploymentType {
  /** Single-AZ 1. */
  SINGLE_AZ_1 = 'SINGLE_AZ_1',
  /** Single-AZ 2. */
  SINGLE_AZ_2 = 'SINGLE_AZ_2',
  /** Single-AZ HA 1. */
  SINGLE_AZ_HA_1 = 'SINGLE_AZ_HA_1',
  /** Single-AZ HA 2. */
  SINGLE_AZ_HA_2 = 'SINGLE_AZ_HA_2',
  /** Multi-AZ 1. */
  MULTI_AZ_1 = 'MULTI_AZ_1',
}

/**
 * Restore metadata for an FSx for OpenZFS file system.
 *
 * @example
 * import * as ec2 from 'aws-cdk-lib/aws-ec2';
 * import { OpenZfsDeploymentType, RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * const vpc = new ec2.Vpc(this, 'Vpc');
 * new RestoreJob(this, 'RestoreZfs', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:fsx:us-east-1:123456789012:backup/backup-08899aabbccddeeff'),
 *   metadata: RestoreMetadata.fsxOpenZfs({
 *     subnets: [vpc.privateSubnets[0]],
 *     deploymentType: OpenZfsDeploymentType.SINGLE_AZ_2,
 *     throughputCapacity: 160,
 *     diskIops: 6000,
 *   }),
 * });
 */
export interface FsxOpenZfsRestoreMetadataProps extends FsxFileSystemRestoreOptions {
  /**
   * Subnets of the new file system (`SubnetIds`, a JSON array).
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-fsx.html
   */
  readonly subnets: ec2.ISubnet[];

  /**
   * Deployment type (`OpenZFSConfiguration.DeploymentType`).
   *
   * @default - the backed-up file system's type
   * @see https://docs.aws.amazon.com/fsx/latest/OpenZFSGuide/availability-durability.html
   */
  readonly deploymentType?: OpenZfsDeploymentType;

  /**
   * Throughput capacity in MB/s (`OpenZFSConfiguration.ThroughputCapacity`).
   *
   * @default - the backed-up file system's capacity
   * @see https://docs.aws.amazon.com/fsx/latest/OpenZFSGuide/performance.html
   */
  readonly throughputCapacity?: number;

  /**
   * Provisioned SSD IOPS (`OpenZFSConfiguration.DiskIopsConfiguration.Iops`; no `Mode`, which the FSx restore page says not to include with Iops).
   *
   * @default - automatic: 3 IOPS per GiB
   * @see https://docs.aws.amazon.com/fsx/latest/OpenZFSGuide/performance.html
   */
  readonly diskIops?: number;
}
