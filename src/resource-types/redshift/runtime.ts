/** Deploy-time adapters for the cluster a Redshift restore creates. Handler bundle only. */
import { Cluster, CreateTagsCommand, DeleteClusterCommand, DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import type { RestoredRedshiftClusterAttributes } from '../../restore-job-handler/contract';
import {
  Budget, call, DeleteAdapter, Described, isAwsError, parseArn, ReadAdapter, RemoveContext, RemoveProgress, RestoredResourceNotFound,
  RestoredResourceUnusable, tagList, text,
} from '../runtime-support';

/** The handlers' Redshift client: the SDK's own retries off, `call` retries. */
export const redshift = new RedshiftClient({ maxAttempts: 1 });

const NOUN = 'Redshift cluster';
const CLUSTER_NOT_FOUND = ['ClusterNotFoundFault', 'ClusterNotFound'];

/**
 * Cluster statuses the cluster does not leave by itself; `deleting` and `final-snapshot` mean it is going away.
 *
 * @see https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-clusters.html#rs-mgmt-cluster-status
 */
const UNUSABLE = new Set(['hardware-failure', 'incompatible-hsm', 'incompatible-network', 'incompatible-parameters', 'incompatible-restore']);

function clusterId(arn: string): string {
  return parseArn(arn, 'redshift', 'cluster:', NOUN).id;
}

/** Describe one cluster; throws RestoredResourceNotFound when Redshift does not know it. */
export async function describeCluster(arn: string, budget: Budget): Promise<Cluster> {
  const id = clusterId(arn);
  try {
    const out = await call('DescribeClusters', abortSignal =>
      redshift.send(new DescribeClustersCommand({ ClusterIdentifier: id }), { abortSignal }), budget);
    const cluster = out.Clusters?.find(c => c.ClusterIdentifier?.toLowerCase() === id.toLowerCase());
    if (cluster === undefined) throw new RestoredResourceNotFound(NOUN, id, arn);
    return cluster;
  } catch (error) {
    if (isAwsError(error, CLUSTER_NOT_FOUND)) throw new RestoredResourceNotFound(NOUN, id, arn, undefined, (error as Error).name);
    throw error;
  }
}

export const REDSHIFT_CLUSTER_READER: ReadAdapter<RestoredRedshiftClusterAttributes> = {
  kind: 'redshift-cluster',
  noun: NOUN,
  identifier: clusterId,
  async describe(arn: string, budget: Budget): Promise<Described<RestoredRedshiftClusterAttributes>> {
    const cluster = await describeCluster(arn, budget);
    const id = cluster.ClusterIdentifier ?? clusterId(arn);
    const status = cluster.ClusterStatus ?? 'unknown';
    if (status === 'deleting' || status === 'final-snapshot') throw new RestoredResourceNotFound(NOUN, id, arn, `being deleted (status ${status})`);
    if (UNUSABLE.has(status)) throw new RestoredResourceUnusable(NOUN, id, arn, status);
    if (status === 'creating' || !cluster.Endpoint?.Address) return { ready: false, status };
    return {
      ready: true,
      attributes: { ClusterIdentifier: id, EndpointAddress: cluster.Endpoint.Address, EndpointPort: text(cluster.Endpoint.Port) },
    };
  },
};

// --- delete (removalPolicy: DESTROY) ---

/** A cluster busy with another operation (being created, resized, already deleting): try again at the next poll. */
const CLUSTER_BUSY = ['InvalidClusterStateFault', 'InvalidClusterState'];

/**
 * DeleteCluster without a final snapshot (its default is to want one: SkipFinalClusterSnapshot defaults to false).
 *
 * @see https://docs.aws.amazon.com/redshift/latest/APIReference/API_DeleteCluster.html
 */
export const REDSHIFT_CLUSTER_DELETER: DeleteAdapter = {
  noun: NOUN,
  identifier: clusterId,
  async remove(arn: string, { budget }: RemoveContext): Promise<RemoveProgress> {
    let cluster: Cluster;
    try {
      cluster = await describeCluster(arn, budget);
    } catch (error) {
      if (error instanceof RestoredResourceNotFound) return 'deleting';
      throw error;
    }
    if (cluster.ClusterStatus === 'deleting' || cluster.ClusterStatus === 'final-snapshot') return 'deleting';
    try {
      await call('DeleteCluster', abortSignal => redshift.send(new DeleteClusterCommand({
        ClusterIdentifier: clusterId(arn), SkipFinalClusterSnapshot: true,
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
      await describeCluster(arn, budget);
      return false;
    } catch (error) {
      if (error instanceof RestoredResourceNotFound) return true;
      throw error;
    }
  },
  async tag(arn: string, tags: Readonly<Record<string, string>>, budget: Budget): Promise<void> {
    await call('CreateTags', abortSignal =>
      redshift.send(new CreateTagsCommand({ ResourceName: arn, Tags: tagList(tags) }), { abortSignal }), budget);
  },
};
