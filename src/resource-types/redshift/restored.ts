import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import type { RestoredClusterEndpoint } from '../rds/restored';
import { lowerCaseIdentifier, metadataValue, requireRestoredType, RestoredResourceContext, RestoredResourceRead } from '../restored';

/** The handler may describe the restored Redshift cluster: the one the metadata names, else any of the account and Region. */
function describeClusters(ctx: RestoredResourceContext): RestoredResourceRead {
  // redshift:DescribeClusters takes the `cluster` resource (Service Authorization Reference, Amazon Redshift:
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonredshift.html); Redshift stores
  // cluster identifiers in lower case.
  const id = lowerCaseIdentifier(ctx, 'ClusterIdentifier') ?? '*';
  return {
    sid: 'DescribeRestoredRedshiftClusters',
    actions: ['redshift:DescribeClusters'],
    resources: [Stack.of(ctx.scope).formatArn({ service: 'redshift', resource: 'cluster', resourceName: id, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
  };
}

/**
 * The endpoint of a restored Redshift cluster, read when the stack deploys (DescribeClusters). A table restore
 * (`RestoreMetadata.redshiftTable`) goes into an existing cluster and creates none: an error.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/redshift-restores.html
 */
export function restoredRedshiftEndpoint(ctx: RestoredResourceContext): RestoredClusterEndpoint {
  requireRestoredType(ctx, 'asClusterEndpoint()', ['Redshift']);
  const restoreType = metadataValue(ctx, 'RestoreType');
  if (restoreType !== undefined && !Token.isUnresolved(restoreType) && restoreType.toUpperCase() === 'TABLE_RESTORE') {
    throw new Error(
      `RestoreJob ${ctx.path}: asClusterEndpoint() needs a Redshift cluster restore, but this job restores a table (RestoreType TABLE_RESTORE) into an existing cluster, and creates no cluster. ` +
      'Fix: read the endpoint of the cluster you restore into (redshift.Cluster or its endpoint), or restore the cluster (RestoreMetadata.redshiftCluster).');
  }
  const attribute = ctx.restoredResource('redshift-cluster', describeClusters(ctx));
  const address = attribute('EndpointAddress');
  const port = attribute('EndpointPort');
  return {
    clusterIdentifier: attribute('ClusterIdentifier'),
    address,
    port: Token.asNumber(port),
    socketAddress: `${address}:${port}`,
  };
}
