import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as fsx from 'aws-cdk-lib/aws-fsx';
import { freeChildId, metadataValue, requireRestoredType, RestoredResourceContext, RestoredResourceRead } from '../restored';

/** A restored Amazon FSx file system, read when the stack deploys (DescribeFileSystems). */
export interface RestoredFsxFileSystem {
  /** The file system id (`fs-…`). */
  readonly fileSystemId: string;
  /** The file system's DNS name. */
  readonly dnsName: string;
  /** `LUSTRE`, `WINDOWS` or `OPENZFS`. */
  readonly fileSystemType: string;
  /** The Lustre mount name (`mount -t lustre <dnsName>@tcp:/<mountName>`); empty for the other types. */
  readonly lustreMountName: string;
}

/**
 * Options of `RestoreJob.asLustreFileSystem()`.
 *
 * @example
 * import * as ec2 from 'aws-cdk-lib/aws-ec2';
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * const vpc = new ec2.Vpc(this, 'Vpc');
 * const lustreSecurityGroup = new ec2.SecurityGroup(this, 'Lustre', { vpc });
 * const job = new RestoreJob(this, 'RestoreScratch', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:fsx:us-east-1:123456789012:backup/backup-0123456789abcdef0'),
 *   metadata: RestoreMetadata.fsxLustre({ subnets: [vpc.privateSubnets[0]], securityGroups: [lustreSecurityGroup] }),
 * });
 * // the group the restore gave the file system, so that connections can open the Lustre ports
 * const fileSystem = job.asLustreFileSystem({ securityGroup: lustreSecurityGroup });
 * fileSystem.connections.allowDefaultPortFrom(new ec2.SecurityGroup(this, 'Compute', { vpc }));
 */
export interface RestoredLustreFileSystemOptions {
  /** The security group of the restored file system (the one the restore metadata gave it): `connections` is made of it. */
  readonly securityGroup: ec2.ISecurityGroup;
}

/**
 * The handler may describe FSx file systems. fsx:DescribeFileSystems supports no resource-level permissions (the
 * Service Authorization Reference lists no resource type for it:
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonfsx.html), so it needs "*".
 */
export const DESCRIBE_FSX_FILE_SYSTEMS: RestoredResourceRead = { sid: 'DescribeRestoredFsxFileSystems', actions: ['fsx:DescribeFileSystems'], resources: ['*'] };

/** The metadata keys by which an FSx restore says it is not Lustre (each typed factory renders its own). */
const NOT_LUSTRE: Readonly<Record<string, string>> = { WindowsConfiguration: 'FSx for Windows File Server', OpenZFSConfiguration: 'FSx for OpenZFS' };

function requireFileSystem(ctx: RestoredResourceContext, accessor: string): void {
  requireRestoredType(ctx, accessor, ['FSx']);
  if (metadataValue(ctx, 'OntapConfiguration') !== undefined) {
    throw new Error(
      `RestoreJob ${ctx.path}: ${accessor} needs an FSx file system restore, but this job restores an FSx for ONTAP volume (OntapConfiguration) into an existing storage virtual machine, and creates no file system. ` +
      'Fix: use createdResourceArn (the volume\'s ARN).');
  }
}

/**
 * The restored FSx file system's id, DNS name, type and Lustre mount name.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-fsx.html
 */
export function restoredFsxFileSystem(ctx: RestoredResourceContext): RestoredFsxFileSystem {
  requireFileSystem(ctx, 'asFsxFileSystem()');
  const attribute = ctx.restoredResource('fsx-file-system', DESCRIBE_FSX_FILE_SYSTEMS);
  return {
    fileSystemId: attribute('FileSystemId'),
    dnsName: attribute('DNSName'),
    fileSystemType: attribute('FileSystemType'),
    lustreMountName: attribute('LustreMountName'),
  };
}

/**
 * The restored FSx for Lustre file system as an FSx `IFileSystem` (aws-cdk-lib's import of a Lustre file system:
 * its `connections` open the Lustre ports). The mount name is `asFsxFileSystem().lustreMountName`.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-fsx.html
 */
export function restoredLustreFileSystem(ctx: RestoredResourceContext, options: RestoredLustreFileSystemOptions): fsx.IFileSystem {
  requireFileSystem(ctx, 'asLustreFileSystem()');
  const other = Object.keys(NOT_LUSTRE).find(key => metadataValue(ctx, key) !== undefined);
  if (other !== undefined) {
    throw new Error(
      `RestoreJob ${ctx.path}: asLustreFileSystem() needs an FSx for Lustre restore, but this job restores ${NOT_LUSTRE[other]} (${other}). ` +
      'Fix: use asFsxFileSystem() for its id and DNS name.');
  }
  const attribute = ctx.restoredResource('fsx-file-system', DESCRIBE_FSX_FILE_SYSTEMS);
  return fsx.LustreFileSystem.fromLustreFileSystemAttributes(ctx.scope, freeChildId(ctx.scope, 'RestoredLustreFileSystem'), {
    fileSystemId: attribute('FileSystemId'),
    dnsName: attribute('DNSName'),
    securityGroup: options.securityGroup,
  });
}
