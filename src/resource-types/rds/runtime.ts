/**
 * Deploy-time adapters for what an RDS, Aurora, DocumentDB or Neptune restore creates, through the RDS API
 * (DocumentDB and Neptune clusters are RDS API resources with `arn:aws:rds:` ARNs). Handler bundle only.
 */
import {
  AddTagsToResourceCommand, DBCluster, DBInstance, DeleteDBClusterCommand, DeleteDBInstanceCommand, DescribeDBClustersCommand,
  DescribeDBInstancesCommand, RDSClient,
} from '@aws-sdk/client-rds';
import type { RestoredDatabaseClusterAttributes, RestoredDatabaseInstanceAttributes, RestoredResourceKind } from '../../restore-job-handler/contract';
import {
  Budget, call, DeleteAdapter, DeletionRefused, Described, isAwsError, parseArn, ReadAdapter, RemoveContext, RemoveProgress,
  RestoredResourceNotFound, RestoredResourceUnusable, tagList, text,
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

// --- delete (removalPolicy: DESTROY) ---

/** RDS's "not in a state for that now" errors (busy, already deleting): wait and try again at the next poll. */
const INSTANCE_BUSY = ['InvalidDBInstanceStateFault', 'InvalidDBInstanceState'];
const CLUSTER_BUSY = ['InvalidDBClusterStateFault', 'InvalidDBClusterState'];

async function addTags(arn: string, tags: Readonly<Record<string, string>>, budget: Budget): Promise<void> {
  await call('AddTagsToResource', abortSignal =>
    rds.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: tagList(tags) }), { abortSignal }), budget);
}

/** Delete one DB instance; `gone` when RDS does not know it, `busy` when its state does not allow it now. */
async function deleteInstance(id: string, standalone: boolean, budget: Budget): Promise<'requested' | 'gone' | 'busy'> {
  try {
    await call('DeleteDBInstance', abortSignal => rds.send(new DeleteDBInstanceCommand(standalone
      // A restored instance's final snapshot and automated backups are not wanted: the recovery point is the backup.
      // SkipFinalSnapshot is also the only way to delete an instance in failed, incompatible-restore or
      // incompatible-network (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html).
      ? { DBInstanceIdentifier: id, SkipFinalSnapshot: true, DeleteAutomatedBackups: true }
      // A cluster member takes no final snapshot (the cluster holds the data).
      : { DBInstanceIdentifier: id }), { abortSignal }), budget);
    return 'requested';
  } catch (error) {
    if (isAwsError(error, INSTANCE_NOT_FOUND)) return 'gone';
    if (isAwsError(error, INSTANCE_BUSY)) return 'busy';
    throw error;
  }
}

/** The DB instance an RDS restore created: DeleteDBInstance without final snapshot, automated backups deleted. */
export const RDS_INSTANCE_DELETER: DeleteAdapter = {
  noun: INSTANCE_NOUN,
  identifier: instanceId,
  async remove(arn: string, { budget }: RemoveContext): Promise<RemoveProgress> {
    let db: DBInstance;
    try {
      db = await describeInstance(arn, INSTANCE_NOUN, budget);
    } catch (error) {
      if (error instanceof RestoredResourceNotFound) return 'deleting';
      throw error;
    }
    if (db.DBInstanceStatus === 'deleting') return 'deleting';
    if (db.DeletionProtection) throw protectedError(INSTANCE_NOUN, instanceId(arn), arn, 'ModifyDBInstance');
    const result = await deleteInstance(instanceId(arn), true, budget);
    return result === 'busy' ? 'waiting' : 'deleting';
  },
  async isGone(arn: string, budget: Budget): Promise<boolean> {
    try {
      await describeInstance(arn, INSTANCE_NOUN, budget);
      return false;
    } catch (error) {
      if (error instanceof RestoredResourceNotFound) return true;
      throw error;
    }
  },
  tag: addTags,
};

function protectedError(noun: string, id: string, arn: string, modify: string): DeletionRefused {
  return new DeletionRefused(`The ${noun} ${id} (${arn}) has deletion protection on, so removalPolicy DESTROY cannot delete it. ` +
    `Fix: turn deletion protection off (${modify} DeletionProtection=false, or leave it out of the restore metadata) and delete the stack again, or delete the ${noun} yourself.`);
}

/**
 * The cluster an Aurora, DocumentDB or Neptune restore created. AWS Backup restores the cluster only, without DB
 * instances (https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-aur.html, restoring-docdb.html,
 * restoring-nep.html), but instances may have been added since; a cluster with instances that are not being deleted
 * cannot be deleted (InvalidDBClusterStateFault), and DocumentDB wants none at all
 * (https://docs.aws.amazon.com/documentdb/latest/developerguide/db-cluster-delete.html). Instances the stack added
 * (a CfnDBInstance on the restored cluster) are deleted by CloudFormation first, as they depend on the job; any
 * still there were added outside the stack: not what the restore created, so they are never deleted here — the
 * delete is refused, naming them. Then DeleteDBCluster without final snapshot.
 */
function clusterDeleter(noun: string): DeleteAdapter {
  const id = (arn: string) => clusterId(arn, noun);
  return {
    noun,
    identifier: id,
    async remove(arn: string, { budget }: RemoveContext): Promise<RemoveProgress> {
      let cluster: DBCluster;
      try {
        cluster = await describeCluster(arn, noun, budget);
      } catch (error) {
        if (error instanceof RestoredResourceNotFound) return 'deleting';
        throw error;
      }
      if (cluster.Status === 'deleting') return 'deleting';
      if (cluster.DeletionProtection) throw protectedError(noun, id(arn), arn, 'ModifyDBCluster');
      const members = (cluster.DBClusterMembers ?? []).map(m => m.DBInstanceIdentifier).filter((m): m is string => !!m);
      if (members.length > 0) {
        throw new DeletionRefused(`The ${noun} ${id(arn)} (${arn}) still has DB instances (${members.join(', ')}) that its restore did not create (AWS Backup restores the cluster without instances), ` +
          'and removalPolicy DESTROY deletes only what the restore created. ' +
          'Fix: delete those instances (or declare them in the stack, on the restored cluster, so CloudFormation deletes them first) and delete the stack again.');
      }
      try {
        await call('DeleteDBCluster', abortSignal => rds.send(new DeleteDBClusterCommand({
          DBClusterIdentifier: id(arn), SkipFinalSnapshot: true,
        }), { abortSignal }), budget);
        return 'deleting';
      } catch (error) {
        if (isAwsError(error, CLUSTER_NOT_FOUND)) return 'deleting';
        if (isAwsError(error, CLUSTER_BUSY)) return 'waiting';
        throw error;
      }
    },
    async isGone(arn: string, budget: Budget): Promise<boolean> {
      try {
        await describeCluster(arn, noun, budget);
        return false;
      } catch (error) {
        if (error instanceof RestoredResourceNotFound) return true;
        throw error;
      }
    },
    tag: addTags,
  };
}

/** One deleter for the three engines' clusters: their ARNs have the same shape. */
export const RDS_CLUSTER_DELETER = clusterDeleter('DB cluster');
