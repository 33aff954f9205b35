/**
 * The deploy-time registry: each restored-resource kind → its read adapter, and each created-resource ARN shape →
 * its delete adapter. The only place on the handler side that lists every kind. Handler bundle only: the construct never imports this file (it would pull the AWS SDK
 * clients into the construct library).
 */
import { DYNAMODB_TABLE_DELETER } from './dynamodb/runtime';
import { EBS_VOLUME_DELETER, EBS_VOLUME_READER } from './ebs/runtime';
import { EC2_INSTANCE_DELETER, EC2_INSTANCE_READER } from './ec2/runtime';
import { EFS_FILE_SYSTEM_DELETER, EFS_FILE_SYSTEM_READER } from './efs/runtime';
import { FSX_FILE_SYSTEM_DELETER, FSX_FILE_SYSTEM_READER } from './fsx/runtime';
import {
  AURORA_CLUSTER_READER, DOCDB_CLUSTER_READER, NEPTUNE_CLUSTER_READER, RDS_CLUSTER_DELETER, RDS_INSTANCE_DELETER, RDS_INSTANCE_READER,
} from './rds/runtime';
import { REDSHIFT_CLUSTER_DELETER, REDSHIFT_CLUSTER_READER } from './redshift/runtime';
import { DeleteAdapter, InvalidResourceArn, ReadAdapter } from './runtime-support';
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

/**
 * What `removalPolicy: DESTROY` can delete, by the created resource's ARN (one adapter per ARN shape: the Aurora,
 * DocumentDB and Neptune clusters share `arn:…:rds:…:cluster:`).
 */
const DELETERS: readonly DeleteAdapter[] = [
  DYNAMODB_TABLE_DELETER,
  EFS_FILE_SYSTEM_DELETER,
  RDS_INSTANCE_DELETER,
  RDS_CLUSTER_DELETER,
  EBS_VOLUME_DELETER,
  EC2_INSTANCE_DELETER,
  FSX_FILE_SYSTEM_DELETER,
  REDSHIFT_CLUSTER_DELETER,
];

/**
 * The delete adapter for a created resource's ARN, or undefined when this version deletes no resource of that
 * shape (an S3 bucket, an FSx for ONTAP volume, …).
 */
export function deleteAdapterForArn(arn: string): DeleteAdapter | undefined {
  return DELETERS.find(adapter => {
    try {
      adapter.identifier(arn);
      return true;
    } catch (error) {
      if (error instanceof InvalidResourceArn) return false;
      throw error;
    }
  });
}

export type { DeleteAdapter, ReadAdapter, RemoveContext, RemoveProgress } from './runtime-support';
export { DeletionRefused, RestoredResourceNotFound, RestoredResourceUnusable } from './runtime-support';
