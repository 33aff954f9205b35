import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { RestoreMetadataOptions } from '../options';

/**
 * The instance profile of a restored EC2 instance (`IamInstanceProfileName`). AWS Backup cannot attach a new
 * instance profile: the original one, or none.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-ec2.html
 */
export enum Ec2RestoreInstanceProfile {
  /** No instance profile (`null`). */
  NONE = 'null',
  /** The backed-up instance's profile (`UseBackedUpValue`); the restore role needs iam:PassRole on its role. */
  ORIGINAL = 'UseBackedUpValue',
}

/**
 * Restore metadata for an EC2 instance (from an AMI recovery point); unset settings come from the backup.
 *
 * @example
 * import * as ec2 from 'aws-cdk-lib/aws-ec2';
 * import { Ec2RestoreInstanceProfile, RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * const vpc = new ec2.Vpc(this, 'Vpc');
 * new RestoreJob(this, 'RestoreAppServer', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0'),
 *   metadata: RestoreMetadata.ec2Instance({
 *     instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.LARGE),
 *     subnet: vpc.privateSubnets[0], // decides the VPC and the Availability Zone
 *     securityGroups: [new ec2.SecurityGroup(this, 'App', { vpc })],
 *     instanceProfile: Ec2RestoreInstanceProfile.NONE, // a new profile cannot be attached
 *     requireImdsv2: true,
 *   }),
 * });
 */
export interface Ec2RestoreMetadataProps extends RestoreMetadataOptions {
  /**
   * Instance type of the new instance (`InstanceType`).
   *
   * @default - the backed-up instance's type
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-ec2.html
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * Subnet to launch the new instance in (`SubnetId`): it decides the VPC and the Availability Zone. (AWS
   * Backup lists `vpcId` as information only, and takes no Availability Zone key.)
   *
   * @default - the backed-up instance's subnet
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-ec2.html
   */
  readonly subnet?: ec2.ISubnet;

  /**
   * Security groups of the new instance (`SecurityGroupIds`, a JSON array).
   *
   * @default - the backed-up instance's security groups
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-ec2.html
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * Instance profile of the new instance (`IamInstanceProfileName`): the original or none.
   *
   * @default - not sent; AWS Backup restores without an instance profile
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-ec2.html
   */
  readonly instanceProfile?: Ec2RestoreInstanceProfile;

  /**
   * Require IMDSv2 on the new instance (`RequireIMDSv2`).
   *
   * @default - not sent; the backed-up instance's setting
   * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html
   */
  readonly requireImdsv2?: boolean;

  /**
   * Turn on termination protection (`DisableApiTermination`).
   *
   * @default - not sent; off
   * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_ChangingDisableAPITermination.html
   */
  readonly disableApiTermination?: boolean;

  /**
   * Launch the new instance EBS-optimized (`EbsOptimized`).
   *
   * @default - not sent; the backed-up instance's setting
   * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ebs-optimized.html
   */
  readonly ebsOptimized?: boolean;

  /**
   * Settings of the new instance's EBS volumes, by device name (`BlockDeviceMappings`, a JSON array). This is
   * where a KMS key override goes (AWS Backup takes no top-level key): cross-account and cross-Region
   * restores should override the key, or the restore may fail. Keys are granted to the restore role.
   *
   * @default - the backed-up volumes' settings and keys
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-ec2.html
   */
  readonly blockDevices?: Ec2RestoreBlockDevice[];
}

/**
 * One EBS volume of a restored EC2 instance (an item of `BlockDeviceMappings`, with the `Ebs` attributes AWS
 * Backup supports; `SnapshotId` and `OutpostArn` are not supported).
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-ec2.html
 *
 * @example
 * import * as ec2 from 'aws-cdk-lib/aws-ec2';
 * import * as kms from 'aws-cdk-lib/aws-kms';
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * const volumeKey = new kms.Key(this, 'VolumeKey');
 * new RestoreJob(this, 'RestoreAppServer', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0'),
 *   metadata: RestoreMetadata.ec2Instance({
 *     blockDevices: [
 *       // the key of a cross-account or cross-Region restore goes per volume
 *       { deviceName: '/dev/xvda', kmsKey: volumeKey },
 *       { deviceName: '/dev/sdf', kmsKey: volumeKey, volumeType: ec2.EbsDeviceVolumeType.GP3, volumeSizeGiB: 500 },
 *     ],
 *   }),
 * });
 */
export interface Ec2RestoreBlockDevice {
  /** Device name of the volume in the backed-up instance (`DeviceName`), e.g. `/dev/xvda`. */
  readonly deviceName: string;

  /**
   * KMS key to encrypt the volume with (`Ebs.KmsKeyId`, sent with `Ebs.Encrypted: true`). The restore role is
   * granted its use.
   *
   * @default - the backed-up volume's key
   */
  readonly kmsKey?: kms.IKey;

  /**
   * Encrypt the volume (`Ebs.Encrypted`).
   *
   * @default - true when `kmsKey` is set; otherwise not sent
   */
  readonly encrypted?: boolean;

  /**
   * Volume type (`Ebs.VolumeType`).
   *
   * @default - the backed-up volume's type
   */
  readonly volumeType?: ec2.EbsDeviceVolumeType;

  /**
   * Size in GiB (`Ebs.VolumeSize`).
   *
   * @default - the backed-up volume's size
   */
  readonly volumeSizeGiB?: number;

  /**
   * Provisioned IOPS (`Ebs.Iops`).
   *
   * @default - the backed-up volume's IOPS
   */
  readonly iops?: number;

  /**
   * Throughput in MiB/s, gp3 only (`Ebs.Throughput`).
   *
   * @default - the backed-up volume's throughput
   */
  readonly throughput?: number;

  /**
   * Delete the volume when the instance terminates (`Ebs.DeleteOnTermination`).
   *
   * @default - the backed-up setting
   */
  readonly deleteOnTermination?: boolean;
}
