import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { RestoreMetadataOptions } from '../options';

/**
 * Restore metadata for an RDS DB instance (any RestoreDBInstanceFromDBSnapshot parameter fits `additionalMetadata`).
 *
 * @example
 * import * as ec2 from 'aws-cdk-lib/aws-ec2';
 * import * as rds from 'aws-cdk-lib/aws-rds';
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2 });
 * new RestoreJob(this, 'RestoreOrdersDb', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:rds:us-east-1:123456789012:snapshot:awsbackup:job-1eb3b5e7-9eb0-435a-a80b-108b488b0d45'),
 *   metadata: RestoreMetadata.rdsInstance({
 *     instanceIdentifier: 'orders-db-dr',
 *     instanceType: ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE), // DBInstanceClass db.r6g.large
 *     subnetGroup: new rds.SubnetGroup(this, 'DbSubnets', { vpc, description: 'restored databases' }),
 *     securityGroups: [new ec2.SecurityGroup(this, 'Db', { vpc })],
 *     multiAz: true,
 *     storageType: rds.StorageType.GP3,
 *     deletionProtection: true,
 *   }),
 * });
 */
export interface RdsInstanceRestoreMetadataProps extends RestoreMetadataOptions {
  /**
   * Identifier of the new DB instance (`DBInstanceIdentifier`): 1 to 63 letters, digits or hyphens, starting with a letter.
   *
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBInstanceFromDBSnapshot.html
   */
  readonly instanceIdentifier: string;

  /**
   * Instance class of the new DB instance (`DBInstanceClass`, rendered with the `db.` prefix).
   *
   * @default - the backed-up instance's class
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.html
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * DB subnet group to restore into (`DBSubnetGroupName`).
   *
   * @default - the default DB subnet group (the default VPC)
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html
   */
  readonly subnetGroup?: rds.ISubnetGroup;

  /**
   * Security groups of the new DB instance (`VpcSecurityGroupIds`, a JSON array).
   *
   * @default - the VPC's default security group
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBInstanceFromDBSnapshot.html
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * Availability Zone of the new DB instance (`AvailabilityZone`); not with `multiAz`.
   *
   * @default - chosen by RDS
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBInstanceFromDBSnapshot.html
   */
  readonly availabilityZone?: string;

  /**
   * Restore as a Multi-AZ deployment (`MultiAZ`).
   *
   * @default - not sent; a Single-AZ deployment
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html
   */
  readonly multiAz?: boolean;

  /**
   * Port the new DB instance listens on (`Port`), 1150 to 65535.
   *
   * @default - the backed-up instance's port
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBInstanceFromDBSnapshot.html
   */
  readonly port?: number;

  /**
   * Storage type of the new DB instance (`StorageType`).
   *
   * @default - the backed-up instance's storage type
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html
   */
  readonly storageType?: rds.StorageType;

  /**
   * Allocated storage in GiB (`AllocatedStorage`).
   *
   * @default - the backed-up instance's storage
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBInstanceFromDBSnapshot.html
   */
  readonly allocatedStorage?: number;

  /**
   * Provisioned IOPS (`Iops`), for io1, io2 and gp3 storage only.
   *
   * @default - the backed-up instance's IOPS
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html
   */
  readonly iops?: number;

  /**
   * Option group of the new DB instance (`OptionGroupName`).
   *
   * @default - the backed-up instance's option group
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithOptionGroups.html
   */
  readonly optionGroup?: rds.IOptionGroup;

  /**
   * DB parameter group of the new DB instance (`DBParameterGroupName`).
   *
   * @default - the engine's default parameter group
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithParamGroups.html
   */
  readonly parameterGroup?: rds.IParameterGroup;

  /**
   * Give the new DB instance a public address (`PubliclyAccessible`).
   *
   * @default - not sent; RDS decides from the subnet group
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBInstanceFromDBSnapshot.html
   */
  readonly publiclyAccessible?: boolean;

  /**
   * Turn on IAM database authentication (`EnableIAMDatabaseAuthentication`).
   *
   * @default - not sent; off
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html
   */
  readonly iamAuthentication?: boolean;

  /**
   * Log types to export to CloudWatch Logs (`EnableCloudwatchLogsExports`, a JSON array).
   *
   * @default - no log exports
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html
   */
  readonly cloudwatchLogsExports?: string[];

  /**
   * Turn on deletion protection (`DeletionProtection`).
   *
   * @default - not sent; off
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeletionProtection
   */
  readonly deletionProtection?: boolean;

  /**
   * Copy the instance's tags to its snapshots (`CopyTagsToSnapshot`).
   *
   * @default - not sent; off
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBInstanceFromDBSnapshot.html
   */
  readonly copyTagsToSnapshot?: boolean;

  /**
   * Point in time to restore a continuous recovery point to (`RestoreTime`, ISO-8601 UTC).
   *
   * @default - not sent; for a continuous recovery point set this or `useLatestRestorableTime`
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/point-in-time-recovery.html
   */
  readonly restoreTime?: Date;

  /**
   * Restore a continuous recovery point to the latest restorable time (`UseLatestRestorableTime`).
   *
   * @default - not sent
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/point-in-time-recovery.html
   */
  readonly useLatestRestorableTime?: boolean;
}

/**
 * Settings common to the restore of an Aurora, DocumentDB or Neptune cluster.
 *
 * @example
 * import { Annotations } from 'aws-cdk-lib';
 * import * as ec2 from 'aws-cdk-lib/aws-ec2';
 * import * as kms from 'aws-cdk-lib/aws-kms';
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * const vpc = new ec2.Vpc(this, 'Vpc');
 * const job = new RestoreJob(this, 'RestoreCatalog', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:rds:us-east-1:123456789012:cluster-snapshot:awsbackup:job-3d4e5f60-1a2b-4c3d-8e9f-0a1b2c3d4e5f'),
 *   // the settings Aurora, DocumentDB and Neptune cluster restores share
 *   metadata: RestoreMetadata.documentDbCluster({
 *     clusterIdentifier: 'catalog-dr',
 *     securityGroups: [new ec2.SecurityGroup(this, 'Db', { vpc })],
 *     kmsKey: new kms.Key(this, 'ClusterKey'), // the restore role may use the key
 *     cloudwatchLogsExports: ['audit'],
 *     deletionProtection: true,
 *   }),
 * });
 * Annotations.of(job).acknowledgeWarning('cdk-backup-restore:cluster-instances-not-restored', 'instances are added by the catalog stack');
 */
export interface DatabaseClusterRestoreOptions extends RestoreMetadataOptions {
  /**
   * Identifier of the new cluster (`DBClusterIdentifier`): 1 to 63 letters, digits or hyphens, starting with a letter.
   *
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBClusterFromSnapshot.html
   */
  readonly clusterIdentifier: string;

  /**
   * Security groups of the new cluster (`VpcSecurityGroupIds`, a JSON array).
   *
   * @default - the VPC's default security group
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBClusterFromSnapshot.html
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * Availability Zones the cluster's storage may use (`AvailabilityZones`, a JSON array).
   *
   * @default - chosen by the service
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBClusterFromSnapshot.html
   */
  readonly availabilityZones?: string[];

  /**
   * Port the cluster listens on (`Port`), 1150 to 65535.
   *
   * @default - the backed-up cluster's port
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBClusterFromSnapshot.html
   */
  readonly port?: number;

  /**
   * KMS key to encrypt the new cluster with (`KmsKeyId`); the restore role is granted its use.
   *
   * @default - the backed-up cluster's key
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBClusterFromSnapshot.html
   */
  readonly kmsKey?: kms.IKey;

  /**
   * Turn on IAM database authentication (`EnableIAMDatabaseAuthentication`).
   *
   * @default - not sent; off
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBClusterFromSnapshot.html
   */
  readonly iamAuthentication?: boolean;

  /**
   * Log types to export to CloudWatch Logs (`EnableCloudwatchLogsExports`, a JSON array).
   *
   * @default - no log exports
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBClusterFromSnapshot.html
   */
  readonly cloudwatchLogsExports?: string[];

  /**
   * Copy the cluster's tags to its snapshots (`CopyTagsToSnapshot`).
   *
   * @default - not sent; off
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBClusterFromSnapshot.html
   */
  readonly copyTagsToSnapshot?: boolean;

  /**
   * Turn on deletion protection (`DeletionProtection`).
   *
   * @default - not sent; off
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBClusterFromSnapshot.html
   */
  readonly deletionProtection?: boolean;

  /**
   * Point in time to restore a continuous recovery point to (`restoreToTime`, ISO-8601 UTC): the key the Aurora
   * restore page lists for point-in-time restores of a cluster ("must be specified if UseLatestRestorableTime
   * parameter isn't provided").
   *
   * @default - not sent; for a continuous recovery point set this or `useLatestRestorableTime`
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-aur.html
   */
  readonly restoreTime?: Date;

  /**
   * Restore a continuous recovery point to the latest restorable time (`UseLatestRestorableTime`).
   *
   * @default - not sent
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/point-in-time-recovery.html
   */
  readonly useLatestRestorableTime?: boolean;
}

/**
 * Restore metadata for an Aurora cluster (instances are not restored: add them afterwards).
 *
 * @example
 * import { Annotations, Duration } from 'aws-cdk-lib';
 * import * as ec2 from 'aws-cdk-lib/aws-ec2';
 * import * as rds from 'aws-cdk-lib/aws-rds';
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2 });
 * const subnetGroup = new rds.SubnetGroup(this, 'DbSubnets', { vpc, description: 'restored clusters' });
 * const job = new RestoreJob(this, 'RestoreOrdersCluster', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:rds:us-east-1:123456789012:cluster-snapshot:awsbackup:job-2c3d4e5f-0a1b-4c2d-9e8f-7a6b5c4d3e2f'),
 *   metadata: RestoreMetadata.auroraCluster({
 *     clusterIdentifier: 'orders-dr',
 *     engine: rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_08_0 }),
 *     subnetGroup,
 *     securityGroups: [new ec2.SecurityGroup(this, 'Db', { vpc })],
 *     backtrackWindow: Duration.hours(24), // Aurora MySQL only
 *   }),
 * });
 * // The cluster comes back without instances: add one once the restore is done
 * new rds.CfnDBInstance(this, 'Writer', {
 *   dbClusterIdentifier: 'orders-dr',
 *   dbInstanceClass: 'db.r6g.large',
 *   engine: 'aurora-mysql',
 *   dbSubnetGroupName: subnetGroup.subnetGroupName,
 * }).node.addDependency(job);
 * Annotations.of(job).acknowledgeWarning('cdk-backup-restore:cluster-instances-not-restored', 'the Writer instance is added');
 */
export interface AuroraClusterRestoreMetadataProps extends DatabaseClusterRestoreOptions {
  /**
   * Engine of the new cluster (`Engine`, and `EngineVersion` when the engine carries one).
   *
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Overview.html
   */
  readonly engine: rds.IClusterEngine;

  /**
   * DB subnet group to restore into (`DBSubnetGroupName`).
   *
   * @default - the default DB subnet group (the default VPC)
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html
   */
  readonly subnetGroup?: rds.ISubnetGroup;

  /**
   * Cluster parameter group (`DBClusterParameterGroupName`).
   *
   * @default - the engine's default cluster parameter group
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_WorkingWithParamGroups.html
   */
  readonly parameterGroup?: rds.IParameterGroup;

  /**
   * Backtrack window, Aurora MySQL only, up to 72 hours (`BacktrackWindow`, in seconds).
   *
   * @default - no backtracking
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Managing.Backtrack.html
   */
  readonly backtrackWindow?: Duration;

  /**
   * Name of the database to create in the new cluster (`DatabaseName`).
   *
   * @default - the backed-up cluster's databases only
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBClusterFromSnapshot.html
   */
  readonly databaseName?: string;
}

/**
 * Restore metadata for an Amazon DocumentDB cluster (instances are not restored: add them afterwards).
 *
 * @example
 * import { Annotations } from 'aws-cdk-lib';
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * const job = new RestoreJob(this, 'RestoreCatalog', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:rds:us-east-1:123456789012:cluster-snapshot:awsbackup:job-3d4e5f60-1a2b-4c3d-8e9f-0a1b2c3d4e5f'),
 *   metadata: RestoreMetadata.documentDbCluster({
 *     clusterIdentifier: 'catalog-dr',
 *     engineVersion: '5.0.0',
 *     subnetGroupName: 'dr-docdb', // an existing DB subnet group
 *     clusterParameterGroupName: 'dr-docdb5', // an existing cluster parameter group
 *   }),
 * });
 * Annotations.of(job).acknowledgeWarning('cdk-backup-restore:cluster-instances-not-restored', 'instances are added by the catalog stack');
 */
export interface DocumentDbClusterRestoreMetadataProps extends DatabaseClusterRestoreOptions {
  /**
   * Engine version of the new cluster (`EngineVersion`).
   *
   * @default - the backed-up cluster's version
   * @see https://docs.aws.amazon.com/documentdb/latest/developerguide/API_RestoreDBClusterFromSnapshot.html
   */
  readonly engineVersion?: string;

  /**
   * Name of the DB subnet group to restore into (`DBSubnetGroupName`).
   *
   * @default - the default DB subnet group (the default VPC)
   * @see https://docs.aws.amazon.com/documentdb/latest/developerguide/document-db-subnet-groups.html
   */
  readonly subnetGroupName?: string;

  /**
   * Name of the cluster parameter group (`DBClusterParameterGroupName`).
   *
   * @default - the default cluster parameter group
   * @see https://docs.aws.amazon.com/documentdb/latest/developerguide/cluster_parameter_groups.html
   */
  readonly clusterParameterGroupName?: string;
}

/**
 * Restore metadata for an Amazon Neptune cluster (instances are not restored: add them afterwards).
 *
 * @example
 * import { Annotations } from 'aws-cdk-lib';
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * const job = new RestoreJob(this, 'RestoreGraph', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:rds:us-east-1:123456789012:cluster-snapshot:awsbackup:job-4e5f6071-2b3c-4d4e-9f0a-1b2c3d4e5f60'),
 *   metadata: RestoreMetadata.neptuneCluster({
 *     clusterIdentifier: 'graph-dr',
 *     subnetGroupName: 'dr-neptune', // an existing DB subnet group
 *     iamAuthentication: true,
 *   }),
 * });
 * Annotations.of(job).acknowledgeWarning('cdk-backup-restore:cluster-instances-not-restored', 'instances are added by the graph stack');
 */
export interface NeptuneClusterRestoreMetadataProps extends DatabaseClusterRestoreOptions {
  /**
   * Engine version of the new cluster (`EngineVersion`).
   *
   * @default - the backed-up cluster's version
   * @see https://docs.aws.amazon.com/neptune/latest/apiref/API_RestoreDBClusterFromSnapshot.html
   */
  readonly engineVersion?: string;

  /**
   * Name of the DB subnet group to restore into (`DBSubnetGroupName`).
   *
   * @default - the default DB subnet group (the default VPC)
   * @see https://docs.aws.amazon.com/neptune/latest/userguide/get-started-vpc.html
   */
  readonly subnetGroupName?: string;

  /**
   * Name of the cluster parameter group (`DBClusterParameterGroupName`).
   *
   * @default - the default cluster parameter group
   * @see https://docs.aws.amazon.com/neptune/latest/userguide/parameter-groups.html
   */
  readonly clusterParameterGroupName?: string;
}
