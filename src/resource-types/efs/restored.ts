import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import { DependencyGroup } from 'constructs';
import { metadataValue, requireRestoredType, RestoredResourceContext } from '../restored';

/**
 * Where an EFS restore puts the data: a directory named `aws-backup-restore_<timestamp of the restore>` at the
 * root of the file system, for a full restore and for an item-level restore alike, into a new file system or
 * into the existing one (AWS Backup never overwrites in place). An item-level restore keeps the items' full
 * paths below it. The timestamp is only known once the restore runs.
 *
 * "When you perform either a Complete or a Partial restore, your recovery point is restored to the restore
 * directory, aws-backup-restore_timestamp-of-restore. When the restore is finished, you can see the restore
 * directory at the root of the file system." (Amazon EFS User Guide, Backing up EFS file systems with AWS Backup)
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-efs.html
 */
export const EFS_RESTORE_DIRECTORY_PREFIX = '/aws-backup-restore_';

/**
 * Options of `RestoreJob.asFileSystem()`.
 *
 * @example
 * import * as ec2 from 'aws-cdk-lib/aws-ec2';
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * const vpc = new ec2.Vpc(this, 'Vpc');
 * const job = new RestoreJob(this, 'RestoreFiles', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45'),
 *   metadata: RestoreMetadata.efs({ newFileSystem: true }),
 * });
 * const fileSystem = job.asFileSystem({
 *   vpc,
 *   vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }, // one mount target per Availability Zone
 *   securityGroup: new ec2.SecurityGroup(this, 'Nfs', { vpc, allowAllOutbound: false }),
 * });
 * fileSystem.connections.allowDefaultPortFrom(new ec2.SecurityGroup(this, 'App', { vpc }));
 */
export interface RestoredFileSystemOptions {
  /** The VPC the application reaches the file system from: the restore creates no mount targets, this does. */
  readonly vpc: ec2.IVpc;

  /**
   * The subnets to create mount targets in: one mount target per Availability Zone of the selection (EFS takes
   * one per zone). For a One Zone file system only the subnets of its zone are used.
   *
   * @default - the VPC's default selection (private subnets first), one per Availability Zone
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The security group of the mount targets; `fileSystem.connections` is this group.
   *
   * @default - a new security group in `vpc` with no inbound rule and no outbound rule: allow your clients with
   * `fileSystem.connections.allowDefaultPortFrom(client)`
   */
  readonly securityGroup?: ec2.ISecurityGroup;
}

/**
 * The restored EFS file system as an `IFileSystem`, with mount targets (a restore creates none) and their
 * security group. Its id comes from `createdResourceArn`: no deploy-time read is needed.
 *
 * `mountTargetsAvailable` carries the mount targets, so what mounts the file system through an access point
 * (`lambda.FileSystem.fromEfsAccessPoint`) is created after them.
 */
export function restoredFileSystem(ctx: RestoredResourceContext, options: RestoredFileSystemOptions): efs.IFileSystem {
  requireRestoredType(ctx, 'asFileSystem()', ['EFS']);
  const id = 'RestoredFileSystem';
  if (ctx.scope.node.tryFindChild(id) !== undefined) {
    throw new Error(
      `RestoreJob ${ctx.path}: asFileSystem() was already called for this job, and its mount targets exist (EFS takes one mount target per Availability Zone). ` +
      'Fix: keep the IFileSystem the first call returned and use it again.');
  }
  const newFileSystem = metadataValue(ctx, 'newFileSystem');
  if (newFileSystem === undefined || (!Token.isUnresolved(newFileSystem) && newFileSystem.toLowerCase() !== 'true')) {
    const why = newFileSystem === undefined
      ? ctx.useRecordedMetadata
        ? 'the stack does not set newFileSystem, so the recorded metadata decides, and AWS Backup records newFileSystem=false'
        : 'newFileSystem is not set, which restores into the existing file system'
      : `newFileSystem is '${newFileSystem}': the restore goes into the existing file system`;
    throw new Error(
      `RestoreJob ${ctx.path}: asFileSystem() creates mount targets for a new file system, but ${why}, which has mount targets of its own ` +
      '(a second mount target in one Availability Zone fails the deploy). ' +
      'Fix: restore to a new file system (RestoreMetadata.efs({ newFileSystem: true }), the default), or import the existing one with ' +
      `efs.FileSystem.fromFileSystemAttributes(this, 'Files', { fileSystemId, securityGroup }) and read the data below ${EFS_RESTORE_DIRECTORY_PREFIX}<timestamp>.`);
  }

  const zone = metadataValue(ctx, 'availabilityZoneName');
  const oneZone = zone !== undefined && !Token.isUnresolved(zone) && (metadataValue(ctx, 'singleAzFilesystem') ?? '').toLowerCase() === 'true';
  const selection: ec2.SubnetSelection = {
    ...options.vpcSubnets,
    ...(oneZone && options.vpcSubnets?.availabilityZones === undefined ? { availabilityZones: [zone!] } : {}),
    onePerAz: true,
  };
  // selectSubnets keeps explicitly given subnets as they are, whatever onePerAz says: one per zone here too.
  const zones = new Set<string>();
  const subnets = options.vpc.selectSubnets(selection).subnets.filter(subnet => {
    const az = subnet.availabilityZone;
    if (Token.isUnresolved(az)) return true;
    if (zones.has(az)) return false;
    zones.add(az);
    return true;
  });
  if (subnets.length === 0) {
    throw new Error(
      `RestoreJob ${ctx.path}: asFileSystem() found no subnet for the mount targets in the VPC${oneZone ? ` in the file system's Availability Zone ${zone}` : ''}. ` +
      'Fix: pass vpcSubnets that select at least one subnet' + (oneZone ? ' in that zone.' : '.'));
  }

  const securityGroup = options.securityGroup ?? new ec2.SecurityGroup(ctx.scope, `${id}SecurityGroup`, {
    vpc: options.vpc,
    description: `NFS to the EFS file system restored by ${ctx.path}`,
    allowAllOutbound: false,
  });
  const fileSystem = efs.FileSystem.fromFileSystemAttributes(ctx.scope, id, { fileSystemArn: ctx.createdResourceArn(), securityGroup });

  const mountTargets = fileSystem.mountTargetsAvailable;
  if (!(mountTargets instanceof DependencyGroup)) {
    throw new Error('cdk-backup-restore: this aws-cdk-lib version imports EFS file systems without a DependencyGroup for mountTargetsAvailable; asFileSystem() cannot attach the mount targets.');
  }
  const used = new Set<string>();
  subnets.forEach((subnet, index) => {
    const name = Token.isUnresolved(subnet.node.id) || used.has(subnet.node.id) ? `Subnet${index + 1}` : subnet.node.id;
    used.add(name);
    mountTargets.add(new efs.CfnMountTarget(fileSystem, `MountTarget-${name}`, {
      fileSystemId: fileSystem.fileSystemId,
      subnetId: subnet.subnetId,
      securityGroups: [securityGroup.securityGroupId],
    }));
  });
  return fileSystem;
}
