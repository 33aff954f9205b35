/**
 * Deploy-time adapters for what an RDS, Aurora, DocumentDB or Neptune restore creates, through the RDS API
 * (DocumentDB and Neptune clusters are RDS API resources with `arn:aws:rds:` ARNs). Handler bundle only.
 */
import { DBCluster, DBInstance, DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import type { RestoredDatabaseClusterAttributes, RestoredDatabaseInstanceAttributes, RestoredResourceKind } from '../../restore-job-handler/contract';
import {
  Budget, call, Described, isAwsError, parseArn, ReadAdapter, RestoredResourceNotFound, RestoredResourceUnusable, text,
} from '../runtime-support';

/** The handlers' RDS client: the SDK's own retries off, `call` retries (restore-job-handler/aws-backup.ts). */
export const rds = new RDSClient({ maxAttempts: 1 });

/** Error names of "no such DB instance / cluster": the SDK's class name, and the wire code it maps from. */
const INSTANCE_NOT_FOUND = ['DBInstanceNotFoundFault', 'DBInstanceNotFound'];
const CLUSTER_NOT_FOUND = ['DBClusterNotFoundFault', 'DBClusterNotFound'];

/**
 * DB instance statuses the instance does not leave by itself; `deleting` means it is going away.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.DBInstance.Status.html
 */
const INSTANCE_UNUSABLE = new Set([
  'failed', 'incompatible-network', 'incompatible-option-group', 'incompatible-parameters', 'incompatible-restore',
  'inaccessible-encryption-credentials', 'restore-error',
]);

/**
 * DB cluster statuses the cluster does not leave by itself.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Status.html
 */
const CLUSTER_UNUSABLE = new Set(['cloning-failed', 'inaccessible-encryption-credentials', 'migration-failed', 'failed']);

function instanceId(arn: string): string {
  return parseArn(arn, 'rds', 'db:', 'RDS DB instance').id;
}

function clusterId(arn: string, noun: string): string {
  return parseArn(arn, 'rds', 'cluster:', noun).id;
}

/** Describe one DB instance; throws RestoredResourceNotFound when RDS does not know it. */
export async function describeInstance(arn: string, noun: string, budget: Budget): Promise<DBInstance> {
  const id = instanceId(arn);
  try {
    const out = await call('DescribeDBInstances', abortSignal =>
      rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }), { abortSignal }), budget);
    // Identifiers are stored in lowercase; compare without case.
    const instance = out.DBInstances?.find(i => i.DBInstanceIdentifier?.toLowerCase() === id.toLowerCase());
    if (instance === undefined) throw new RestoredResourceNotFound(noun, id, arn);
    return instance;
  } catch (error) {
    if (isAwsError(error, INSTANCE_NOT_FOUND)) throw new RestoredResourceNotFound(noun, id, arn, undefined, (error as Error).name);
    throw error;
  }
}

/** Describe one DB cluster (Aurora, DocumentDB or Neptune); throws RestoredResourceNotFound when RDS does not know it. */
export async function describeCluster(arn: string, noun: string, budget: Budget): Promise<DBCluster> {
  const id = clusterId(arn, noun);
  try {
    const out = await call('DescribeDBClusters', abortSignal =>
      rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }), { abortSignal }), budget);
    const cluster = out.DBClusters?.find(c => c.DBClusterIdentifier?.toLowerCase() === id.toLowerCase());
    if (cluster === undefined) throw new RestoredResourceNotFound(noun, id, arn);
    return cluster;
  } catch (error) {
    if (isAwsError(error, CLUSTER_NOT_FOUND)) throw new RestoredResourceNotFound(noun, id, arn, undefined, (error as Error).name);
    throw error;
  }
}

const INSTANCE_NOUN = 'DB instance';

export const RDS_INSTANCE_READER: ReadAdapter<RestoredDatabaseInstanceAttributes> = {
  kind: 'rds-instance',
  noun: INSTANCE_NOUN,
  identifier: instanceId,
  async describe(arn: string, budget: Budget): Promise<Described<RestoredDatabaseInstanceAttributes>> {
    const db = await describeInstance(arn, INSTANCE_NOUN, budget);
    const id = db.DBInstanceIdentifier ?? instanceId(arn);
    const status = db.DBInstanceStatus ?? 'unknown';
    if (status === 'deleting') throw new RestoredResourceNotFound(INSTANCE_NOUN, id, arn, 'being deleted (status deleting)');
    if (INSTANCE_UNUSABLE.has(status)) throw new RestoredResourceUnusable(INSTANCE_NOUN, id, arn, status);
    // A new instance has no endpoint until RDS assigns it (status creating).
    if (status === 'creating' || !db.Endpoint?.Address) return { ready: false, status };
    return {
      ready: true,
      attributes: {
        DBInstanceIdentifier: id,
        EndpointAddress: db.Endpoint.Address,
        EndpointPort: text(db.Endpoint.Port),
        ResourceId: text(db.DbiResourceId),
        AvailabilityZone: text(db.AvailabilityZone),
        Engine: text(db.Engine),
      },
    };
  },
};

/** Engines each cluster kind accepts (Aurora: any engine but DocumentDB's and Neptune's). */
function engineMismatch(kind: RestoredResourceKind, engine: string | undefined): boolean {
  if (engine === undefined || engine === '') return false;
  if (kind === 'docdb-cluster') return engine !== 'docdb';
  if (kind === 'neptune-cluster') return engine !== 'neptune';
  return engine === 'docdb' || engine === 'neptune';
}

function clusterReader(kind: RestoredResourceKind, noun: string): ReadAdapter<RestoredDatabaseClusterAttributes> {
  return {
    kind,
    noun,
    identifier: (arn: string) => clusterId(arn, noun),
    async describe(arn: string, budget: Budget): Promise<Described<RestoredDatabaseClusterAttributes>> {
      const cluster = await describeCluster(arn, noun, budget);
      const id = cluster.DBClusterIdentifier ?? clusterId(arn, noun);
      if (engineMismatch(kind, cluster.Engine)) {
        throw new RestoredResourceUnusable(noun, id, arn, `of engine ${cluster.Engine}, which Kind '${kind}' does not read`, undefined,
          'Fix: read the restored cluster with the accessor for its engine (the RestoreJob\'s resource type: Aurora, DocumentDB or Neptune).');
      }
      const status = cluster.Status ?? 'unknown';
      if (status === 'deleting') throw new RestoredResourceNotFound(noun, id, arn, 'being deleted (status deleting)');
      if (CLUSTER_UNUSABLE.has(status)) throw new RestoredResourceUnusable(noun, id, arn, status);
      if (status === 'creating' || !cluster.Endpoint) return { ready: false, status };
      return {
        ready: true,
        attributes: {
          DBClusterIdentifier: id,
          EndpointAddress: cluster.Endpoint,
          ReaderEndpointAddress: text(cluster.ReaderEndpoint),
          EndpointPort: text(cluster.Port),
          ResourceId: text(cluster.DbClusterResourceId),
          Engine: text(cluster.Engine),
        },
      };
    },
  };
}

export const AURORA_CLUSTER_READER = clusterReader('rds-cluster', 'Aurora DB cluster');
export const DOCDB_CLUSTER_READER = clusterReader('docdb-cluster', 'DocumentDB cluster');
export const NEPTUNE_CLUSTER_READER = clusterReader('neptune-cluster', 'Neptune cluster');
