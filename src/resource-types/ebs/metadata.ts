import { Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { RestoreMetadataOptions } from '../options';

/**
 * Restore metadata for an EBS volume (from an EBS snapshot recovery point).
 *
 * @example
 * import { Size } from 'aws-cdk-lib';
 * import * as ec2 from 'aws-cdk-lib/aws-ec2';
 * import * as kms from 'aws-cdk-lib/aws-kms';
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * new RestoreJob(this, 'RestoreDataVolume', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0'),
 *   metadata: RestoreMetadata.ebsVolume({
 *     availabilityZone: 'us-east-1a',
 *     volumeType: ec2.EbsDeviceVolumeType.GP3,
 *     volumeSize: Size.gibibytes(200), // at least the snapshot's size
 *     iops: 6000, // io1, io2 and gp3 only
 *     throughput: 250, // gp3 only
 *     kmsKey: new kms.Key(this, 'VolumeKey'), // encrypted=true; the restore role may use the key
 *   }),
 * });
 */
export interface EbsRestoreMetadataProps extends RestoreMetadataOptions {
  /**
   * Availability Zone of the new volume (`availabilityZone`).
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-ebs.html
   */
  readonly availabilityZone: string;

  /**
   * Volume type of the new volume (`volumeType`).
   *
   * @default - the backed-up volume's type
   * @see https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html
   */
  readonly volumeType?: ec2.EbsDeviceVolumeType;

  /**
   * Size of the new volume, in whole GiB (`volumeSize`); at least the snapshot's size.
   *
   * @default - the snapshot's size
   * @see https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html
   */
  readonly volumeSize?: Size;

  /**
   * Provisioned IOPS (`iops`), for io1, io2 and gp3 volumes only.
   *
   * @default - the volume type's baseline
   * @see https://docs.aws.amazon.com/ebs/latest/userguide/provisioned-iops.html
   */
  readonly iops?: number;

  /**
   * Provisioned throughput in MiB/s (`throughput`), for gp3 volumes only.
   *
   * @default - 125 MiB/s for gp3
   * @see https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html#gp3-ebs-volume-type
   */
  readonly throughput?: number;

  /**
   * Encrypt the new volume (`encrypted`).
   *
   * @default - true when `kmsKey` is set; otherwise not sent, and the snapshot's encryption applies
   * @see https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
   */
  readonly encrypted?: boolean;

  /**
   * KMS key to encrypt the new volume with (`kmsKeyId`); the restore role is granted its use.
   *
   * @default - the snapshot's key, or the AWS managed key for EBS
   * @see https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
   */
  readonly kmsKey?: kms.IKey;
}
