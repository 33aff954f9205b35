import { Stack, ArnFormat, Token } from 'aws-cdk-lib';
import * as docdb from 'aws-cdk-lib/aws-docdb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { freeChildId, lowerCaseIdentifier, requireRestoredType, RestoredResourceContext, RestoredResourceRead } from '../restored';

/**
 * Options of `RestoreJob.asDatabaseInstance()` and `RestoreJob.asDatabaseCluster()`.
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
 * // the groups the restore gave the database, so that connections can open its port
 * const db = job.asDatabaseInstance({ securityGroups: [dbSecurityGroup] });
 * db.connections.allowDefaultPortFrom(new ec2.SecurityGroup(this, 'App', { vpc }));
 */
export interface RestoredDatabaseOptions {
  /**
   * The security groups of the restored database (the ones the restore metadata gave it, `securityGroups` of the
   * factory): `connections` is made of them, so `db.connections.allowDefaultPortFrom(client)` opens the port.
   *
   * @default - none: `connections` changes nothing until you pass the groups
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
}

/**
 * Options of `RestoreJob.asDocumentDbCluster()`.
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
 * // the group the restore gave the cluster, so that connections can open its port
 * const cluster = job.asDocumentDbCluster({ securityGroup: dbSecurityGroup });
 * cluster.connections.allowDefaultPortFrom(new ec2.SecurityGroup(this, 'App', { vpc }));
 */
export interface RestoredDocumentDbClusterOptions {
  /**
   * The security group of the restored cluster (the one the restore metadata gave it): `connections` is made of it.
   *
   * @default - none: `connections` cannot be used
   */
  readonly securityGroup?: ec2.ISecurityGroup;
}

/**
 * The endpoint of a restored cluster (Aurora, DocumentDB, Neptune or Redshift), read from the cluster when the
 * stack deploys.
 */
export interface RestoredClusterEndpoint {
  /** The cluster's identifier. */
  readonly clusterIdentifier: string;
  /** The cluster's (writer) endpoint address. */
  readonly address: string;
  /** The endpoint's port. A string for environment variables: `Token.asString(endpoint.port)`. */
  readonly port: number;
  /** `address:port`. */
  readonly socketAddress: string;
  /**
   * The reader endpoint address (Aurora, DocumentDB, Neptune).
   *
   * @default - none: Redshift clusters have no reader endpoint
   */
  readonly readerAddress?: string;
}

/** The handler may describe the restored DB instance: the one the metadata names, else any DB instance of the account and Region. */
function describeInstances(ctx: RestoredResourceContext): RestoredResourceRead {
  // rds:DescribeDBInstances takes the `db` resource (Service Authorization Reference, Amazon RDS:
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html). RDS stores
  // identifiers in lower case, and the ARN carries them so; an identifier only the backup recorded, or a token,
  // is not known at synth: db:*.
  const id = lowerCaseIdentifier(ctx, 'DBInstanceIdentifier') ?? '*';
  return {
    sid: 'DescribeRestoredDBInstances',
    actions: ['rds:DescribeDBInstances'],
    resources: [Stack.of(ctx.scope).formatArn({ service: 'rds', resource: 'db', resourceName: id, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
  };
}

/** The handler may describe the restored DB cluster (Aurora, DocumentDB and Neptune answer DescribeDBClusters alike). */
function describeClusters(ctx: RestoredResourceContext): RestoredResourceRead {
  // rds:DescribeDBClusters takes the `cluster` resource (same page). Neptune and DocumentDB are administered
  // through the rds: actions: "Because Neptune shares functionality with Amazon RDS, administrative actions,
  // resources, and service-specific condition keys in administrative policy statements use an rds: prefix by
  // design." (https://docs.aws.amazon.com/neptune/latest/userguide/iam-admin-policies.html)
  const id = lowerCaseIdentifier(ctx, 'DBClusterIdentifier') ?? '*';
  return {
    sid: 'DescribeRestoredDBClusters',
    actions: ['rds:DescribeDBClusters'],
    resources: [Stack.of(ctx.scope).formatArn({ service: 'rds', resource: 'cluster', resourceName: id, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
  };
}

/**
 * The restored RDS DB instance as an `IDatabaseInstance`: identifier, endpoint address, port and resource id are
 * read from the instance when the stack deploys (`Custom::BackupRestoredResource`, DescribeDBInstances).
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-rds.html
 */
export function restoredDatabaseInstance(ctx: RestoredResourceContext, options: RestoredDatabaseOptions = {}): rds.IDatabaseInstance {
  requireRestoredType(ctx, 'asDatabaseInstance()', ['RDS']);
  const attribute = ctx.restoredResource('rds-instance', describeInstances(ctx));
  return rds.DatabaseInstance.fromDatabaseInstanceAttributes(ctx.scope, freeChildId(ctx.scope, 'RestoredDatabaseInstance'), {
    instanceIdentifier: attribute('DBInstanceIdentifier'),
    instanceEndpointAddress: attribute('EndpointAddress'),
    port: Token.asNumber(attribute('EndpointPort')),
    instanceResourceId: attribute('ResourceId'),
    securityGroups: options.securityGroups ?? [],
  });
}

/**
 * The restored Aurora cluster as an `IDatabaseCluster`: identifier, writer and reader endpoints, port and resource
 * id are read from the cluster when the stack deploys. AWS Backup restores the cluster only: add DB instances to it
 * before the endpoints answer queries.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-aur.html
 */
export function restoredDatabaseCluster(ctx: RestoredResourceContext, options: RestoredDatabaseOptions = {}): rds.IDatabaseCluster {
  requireRestoredType(ctx, 'asDatabaseCluster()', ['Aurora']);
  const attribute = ctx.restoredResource('rds-cluster', describeClusters(ctx));
  return rds.DatabaseCluster.fromDatabaseClusterAttributes(ctx.scope, freeChildId(ctx.scope, 'RestoredDatabaseCluster'), {
    clusterIdentifier: attribute('DBClusterIdentifier'),
    clusterEndpointAddress: attribute('EndpointAddress'),
    readerEndpointAddress: attribute('ReaderEndpointAddress'),
    port: Token.asNumber(attribute('EndpointPort')),
    clusterResourceIdentifier: attribute('ResourceId'),
    securityGroups: options.securityGroups ?? [],
  });
}

/**
 * The restored DocumentDB cluster as a DocumentDB `IDatabaseCluster`: identifier, endpoints and port are read from
 * the cluster when the stack deploys.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-docdb.html
 */
export function restoredDocumentDbCluster(ctx: RestoredResourceContext, options: RestoredDocumentDbClusterOptions = {}): docdb.IDatabaseCluster {
  requireRestoredType(ctx, 'asDocumentDbCluster()', ['DocumentDB']);
  const attribute = ctx.restoredResource('docdb-cluster', describeClusters(ctx));
  return docdb.DatabaseCluster.fromDatabaseClusterAttributes(ctx.scope, freeChildId(ctx.scope, 'RestoredDocumentDbCluster'), {
    clusterIdentifier: attribute('DBClusterIdentifier'),
    clusterEndpointAddress: attribute('EndpointAddress'),
    readerEndpointAddress: attribute('ReaderEndpointAddress'),
    port: Token.asNumber(attribute('EndpointPort')),
    securityGroup: options.securityGroup,
  });
}

/** The endpoint of a restored Aurora, DocumentDB or Neptune cluster, read when the stack deploys. */
export function restoredDbClusterEndpoint(ctx: RestoredResourceContext): RestoredClusterEndpoint {
  const type = requireRestoredType(ctx, 'asClusterEndpoint()', ['Aurora', 'DocumentDB', 'Neptune']);
  const kind = type === 'Aurora' ? 'rds-cluster' : type === 'DocumentDB' ? 'docdb-cluster' : 'neptune-cluster';
  const attribute = ctx.restoredResource(kind, describeClusters(ctx));
  const address = attribute('EndpointAddress');
  const port = attribute('EndpointPort');
  return {
    clusterIdentifier: attribute('DBClusterIdentifier'),
    address,
    port: Token.asNumber(port),
    socketAddress: `${address}:${port}`,
    readerAddress: attribute('ReaderEndpointAddress'),
  };
}
