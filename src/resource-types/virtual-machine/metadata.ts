import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { RestoreMetadataOptions } from '../options';

/**
 * Restore metadata for a virtual machine backup restored as an EC2 instance (`RestoreTo` EC2Instance).
 *
 * @example
 * import * as ec2 from 'aws-cdk-lib/aws-ec2';
 * import * as kms from 'aws-cdk-lib/aws-kms';
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * const vpc = new ec2.Vpc(this, 'Vpc');
 * new RestoreJob(this, 'MigrateVm', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:6A7B8C9D-0E1F-4A2B-8C3D-4E5F6A7B8C9D'),
 *   metadata: RestoreMetadata.virtualMachineToEc2({
 *     instanceType: ec2.InstanceType.of(ec2.InstanceClass.M6I, ec2.InstanceSize.LARGE),
 *     vpc,
 *     subnet: vpc.privateSubnets[0],
 *     securityGroups: [new ec2.SecurityGroup(this, 'App', { vpc })],
 *     requireImdsv2: true,
 *     kmsKey: new kms.Key(this, 'VolumeKey'), // IsEncrypted=true; the restore role may use the key
 *   }),
 * });
 */
export interface VirtualMachineToEc2RestoreMetadataProps extends RestoreMetadataOptions {
  /**
   * Instance type of the new instance (`InstanceType`).
   *
   * @default - chosen by AWS Backup from the virtual machine's size
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-vm.html
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * VPC of the new instance (`VpcId`).
   *
   * @default - the default VPC
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-vm.html
   */
  readonly vpc?: ec2.IVpc;

  /**
   * Subnet of the new instance (`SubnetId`).
   *
   * @default - a default subnet
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-vm.html
   */
  readonly subnet?: ec2.ISubnet;

  /**
   * Security groups of the new instance (`SecurityGroupIds`, a JSON array).
   *
   * @default - the VPC's default security group
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-vm.html
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * Name of the instance profile to attach (`IamInstanceProfileName`); the restore role needs iam:PassRole on its role.
   *
   * @default - no instance profile
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-vm.html
   */
  readonly instanceProfileName?: string;

  /**
   * Require IMDSv2 on the new instance (`RequireIMDSv2`).
   *
   * @default - not sent
   * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html
   */
  readonly requireImdsv2?: boolean;

  /**
   * Encrypt the new instance's volumes (`IsEncrypted`).
   *
   * @default - true when `kmsKey` is set; otherwise not sent
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-vm.html
   */
  readonly encrypted?: boolean;

  /**
   * KMS key to encrypt the new instance's volumes with (`KmsKeyId`); the restore role is granted its use.
   *
   * @default - the AWS managed key for EBS
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-vm.html
   */
  readonly kmsKey?: kms.IKey;
}

/**
 * One disk of a virtual machine backup (an item of `DisksToRestore`).
 *
 * @example
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * new RestoreJob(this, 'RestoreVmDisk', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:7B8C9D0E-1F2A-4B3C-9D4E-5F6A7B8C9D0E'),
 *   metadata: RestoreMetadata.virtualMachineToVmware({
 *     hypervisorArn: 'arn:aws:backup-gateway:us-east-1:123456789012:hypervisor/hype-0123456789abcdef0',
 *     disks: [{ diskId: '2000', label: 'Hard disk 1' }], // only this disk
 *   }),
 * });
 */
export interface VirtualMachineDisk {
  /**
   * The disk's id in the backup (`DiskId`).
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-vm.html
   */
  readonly diskId: string;

  /**
   * The disk's label in the backup (`Label`), e.g. `Hard disk 1`.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-vm.html
   */
  readonly label: string;
}

/**
 * Restore metadata for a virtual machine backup restored to VMware (`RestoreTo` VMware).
 *
 * @example
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * new RestoreJob(this, 'RestoreVm', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:7B8C9D0E-1F2A-4B3C-9D4E-5F6A7B8C9D0E'),
 *   metadata: RestoreMetadata.virtualMachineToVmware({
 *     hypervisorArn: 'arn:aws:backup-gateway:us-east-1:123456789012:hypervisor/hype-0123456789abcdef0',
 *     vmName: 'app-restored',
 *     vmPath: '/Datacenter/vm/restored',
 *     computeResourceName: 'cluster-1',
 *     vmDatastore: 'datastore-1',
 *   }),
 * });
 */
export interface VirtualMachineToVmwareRestoreMetadataProps extends RestoreMetadataOptions {
  /**
   * ARN of the Backup gateway hypervisor to restore to (`HypervisorArn`).
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-vm.html
   */
  readonly hypervisorArn: string;

  /**
   * Name of the new virtual machine (`VMName`).
   *
   * @default - the backed-up virtual machine's name
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-vm.html
   */
  readonly vmName?: string;

  /**
   * Inventory path of the new virtual machine (`VMPath`).
   *
   * @default - the backed-up virtual machine's path
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-vm.html
   */
  readonly vmPath?: string;

  /**
   * Host or cluster to run the new virtual machine on (`ComputeResourceName`).
   *
   * @default - the backed-up virtual machine's compute resource
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-vm.html
   */
  readonly computeResourceName?: string;

  /**
   * Datastore of the new virtual machine (`VMDatastore`).
   *
   * @default - the backed-up virtual machine's datastore
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-vm.html
   */
  readonly vmDatastore?: string;

  /**
   * Disks to restore (`DisksToRestore`, a JSON array of `{DiskId, Label}`); list every disk, or none, for a full restore.
   *
   * @default - every disk (a full restore)
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-vm.html
   */
  readonly disks?: VirtualMachineDisk[];
}
