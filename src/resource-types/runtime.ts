/**
 * The deploy-time registry: each restored-resource kind → its adapter. The only place on the handler side that
 * lists every kind. Handler bundle only: the construct never imports this file (it would pull the AWS SDK
 * clients into the construct library).
 */
import { EBS_VOLUME_READER } from './ebs/runtime';
import { EC2_INSTANCE_READER } from './ec2/runtime';
import { EFS_FILE_SYSTEM_READER } from './efs/runtime';
import { FSX_FILE_SYSTEM_READER } from './fsx/runtime';
import { AURORA_CLUSTER_READER, DOCDB_CLUSTER_READER, NEPTUNE_CLUSTER_READER, RDS_INSTANCE_READER } from './rds/runtime';
import { REDSHIFT_CLUSTER_READER } from './redshift/runtime';
import type { ReadAdapter } from './runtime-support';
import type { RestoredResourceKind } from '../restore-job-handler/contract';

/** Every kind `Custom::BackupRestoredResource` reads (a kind missing here fails the type check below). */
const READERS: { readonly [K in RestoredResourceKind]: ReadAdapter } = {
  'rds-instance': RDS_INSTANCE_READER,
  'rds-cluster': AURORA_CLUSTER_READER,
  'docdb-cluster': DOCDB_CLUSTER_READER,
  'neptune-cluster': NEPTUNE_CLUSTER_READER,
  'redshift-cluster': REDSHIFT_CLUSTER_READER,
  'ebs-volume': EBS_VOLUME_READER,
  'ec2-instance': EC2_INSTANCE_READER,
  'fsx-file-system': FSX_FILE_SYSTEM_READER,
  'efs-file-system': EFS_FILE_SYSTEM_READER,
};

/** The kinds this version reads, in a stable order (for messages). */
export const RESTORED_RESOURCE_KINDS = Object.keys(READERS) as readonly RestoredResourceKind[];

/** The read adapter of a kind, or undefined for a kind this version does not know. */
export function readAdapterFor(kind: string): ReadAdapter | undefined {
  return Object.prototype.hasOwnProperty.call(READERS, kind) ? READERS[kind as RestoredResourceKind] : undefined;
}
