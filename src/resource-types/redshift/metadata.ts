import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { RestoreMetadataOptions } from '../options';

/**
 * Restore metadata for a whole Redshift cluster (`RestoreType` CLUSTER_RESTORE).
 *
 * @example
 * import { Duration } from 'aws-cdk-lib';
 * import * as iam from 'aws-cdk-lib/aws-iam';
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * const copyRole = new iam.Role(this, 'CopyRole', { assumedBy: new iam.ServicePrincipal('redshift.amazonaws.com') });
 * new RestoreJob(this, 'RestoreWarehouse', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:redshift:us-east-1:123456789012:snapshot:analytics/awsbackup:job-1eb3b5e7-9eb0-435a-a80b-108b488b0d45'),
 *   metadata: RestoreMetadata.redshiftCluster({
 *     clusterIdentifier: 'analytics-dr',
 *     nodeType: 'ra3.xlplus',
 *     numberOfNodes: 2,
 *     subnetGroupName: 'dr-redshift', // an existing cluster subnet group
 *     iamRoles: [copyRole],
 *     automatedSnapshotRetention: Duration.days(7), // 0 to 35 days
 *     manageMasterPassword: true,
 *   }),
 * });
 */
export interface RedshiftClusterRestoreMetadataProps extends RestoreMetadataOptions {
  /**
   * Identifier of the new cluster (`ClusterIdentifier`): 1 to 63 lower-case letters, digits or hyphens.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/redshift-restores.html
   */
  readonly clusterIdentifier: string;

  /**
   * Node type of the new cluster (`NodeType`), e.g. `ra3.xlplus`.
   *
   * @default - the backed-up cluster's node type
   * @see https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-clusters.html#working-with-clusters-overview
   */
  readonly nodeType?: string;

  /**
   * Number of nodes (`NumberOfNodes`).
   *
   * @default - the backed-up cluster's number of nodes
   * @see https://docs.aws.amazon.com/redshift/latest/APIReference/API_RestoreFromClusterSnapshot.html
   */
  readonly numberOfNodes?: number;

  /**
   * Name of the cluster subnet group to restore into (`ClusterSubnetGroupName`).
   *
   * @default - the default subnet group (the default VPC)
   * @see https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-cluster-subnet-groups.html
   */
  readonly subnetGroupName?: string;

  /**
   * Security groups of the new cluster (`VpcSecurityGroupIds`, a JSON array).
   *
   * @default - the VPC's default security group
   * @see https://docs.aws.amazon.com/redshift/latest/APIReference/API_RestoreFromClusterSnapshot.html
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * IAM roles the cluster can assume (`IamRoles`, a JSON array of role ARNs).
   *
   * @default - no roles
   * @see https://docs.aws.amazon.com/redshift/latest/mgmt/authorizing-redshift-service.html
   */
  readonly iamRoles?: iam.IRole[];

  /**
   * Port the cluster listens on (`Port`).
   *
   * @default - the backed-up cluster's port
   * @see https://docs.aws.amazon.com/redshift/latest/APIReference/API_RestoreFromClusterSnapshot.html
   */
  readonly port?: number;

  /**
   * KMS key to encrypt the new cluster with (`KmsKeyId`, with `Encrypted` = true); the restore role is granted its use.
   *
   * @default - the backed-up cluster's encryption
   * @see https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html
   */
  readonly kmsKey?: kms.IKey;

  /**
   * Give the new cluster a public address (`PubliclyAccessible`).
   *
   * @default - not sent; private
   * @see https://docs.aws.amazon.com/redshift/latest/APIReference/API_RestoreFromClusterSnapshot.html
   */
  readonly publiclyAccessible?: boolean;

  /**
   * Retention of automated snapshots, 0 to 35 whole days (`AutomatedSnapshotRetentionPeriod`).
   *
   * @default - the backed-up cluster's retention
   * @see https://docs.aws.amazon.com/redshift/latest/APIReference/API_RestoreFromClusterSnapshot.html
   */
  readonly automatedSnapshotRetention?: Duration;

  /**
   * Availability Zone of the new cluster (`AvailabilityZone`).
   *
   * @default - chosen by Redshift
   * @see https://docs.aws.amazon.com/redshift/latest/APIReference/API_RestoreFromClusterSnapshot.html
   */
  readonly availabilityZone?: string;

  /**
   * Route COPY and UNLOAD traffic through the VPC (`EnhancedVpcRouting`).
   *
   * @default - the backed-up cluster's setting
   * @see https://docs.aws.amazon.com/redshift/latest/mgmt/enhanced-vpc-routing.html
   */
  readonly enhancedVpcRouting?: boolean;

  /**
   * Keep the admin password in AWS Secrets Manager (`ManageMasterPassword`).
   *
   * @default - not sent
   * @see https://docs.aws.amazon.com/redshift/latest/mgmt/redshift-secrets-manager-integration.html
   */
  readonly manageMasterPassword?: boolean;
}

/**
 * Restore metadata for one table of a Redshift snapshot into an existing cluster (`RestoreType` TABLE_RESTORE).
 *
 * @example
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * new RestoreJob(this, 'RestoreOrdersTable', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:redshift:us-east-1:123456789012:snapshot:analytics/awsbackup:job-5f607182-3c4d-4e5f-8a9b-2c3d4e5f6071'),
 *   metadata: RestoreMetadata.redshiftTable({
 *     clusterIdentifier: 'analytics',
 *     sourceDatabaseName: 'dev',
 *     sourceSchemaName: 'sales',
 *     sourceTableName: 'orders',
 *     targetDatabaseName: 'recovery',
 *     targetSchemaName: 'restored',
 *     newTableName: 'orders_20240601',
 *   }),
 * });
 */
export interface RedshiftTableRestoreMetadataProps extends RestoreMetadataOptions {
  /**
   * Existing cluster to restore the table into (`ClusterIdentifier`).
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/redshift-restores.html
   */
  readonly clusterIdentifier: string;

  /**
   * Database of the backed-up table (`SourceDatabaseName`).
   *
   * @see https://docs.aws.amazon.com/redshift/latest/APIReference/API_RestoreTableFromClusterSnapshot.html
   */
  readonly sourceDatabaseName: string;

  /**
   * Schema of the backed-up table (`SourceSchemaName`).
   *
   * @default 'public'
   * @see https://docs.aws.amazon.com/redshift/latest/APIReference/API_RestoreTableFromClusterSnapshot.html
   */
  readonly sourceSchemaName?: string;

  /**
   * Name of the backed-up table (`SourceTableName`).
   *
   * @see https://docs.aws.amazon.com/redshift/latest/APIReference/API_RestoreTableFromClusterSnapshot.html
   */
  readonly sourceTableName: string;

  /**
   * Database to create the table in (`TargetDatabaseName`).
   *
   * @default - the source database
   * @see https://docs.aws.amazon.com/redshift/latest/APIReference/API_RestoreTableFromClusterSnapshot.html
   */
  readonly targetDatabaseName?: string;

  /**
   * Schema to create the table in (`TargetSchemaName`).
   *
   * @default - the source schema
   * @see https://docs.aws.amazon.com/redshift/latest/APIReference/API_RestoreTableFromClusterSnapshot.html
   */
  readonly targetSchemaName?: string;

  /**
   * Name of the new table (`NewTableName`).
   *
   * @see https://docs.aws.amazon.com/redshift/latest/APIReference/API_RestoreTableFromClusterSnapshot.html
   */
  readonly newTableName: string;
}
