import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { freeChildId, requireRestoredType, restoredKey, RestoredResourceContext, RestoredResourceRead } from '../restored';

/**
 * The handler may describe volumes. ec2:DescribeVolumes supports no resource-level permissions: "Currently, the
 * Amazon EC2 Describe* API actions do not support resource-level permissions" (Amazon EC2 User Guide,
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-policies-for-amazon-ec2.html; the Service
 * Authorization Reference lists no resource type for it), so it needs "*".
 */
export const DESCRIBE_VOLUMES: RestoredResourceRead = { sid: 'DescribeRestoredVolumes', actions: ['ec2:DescribeVolumes'], resources: ['*'] };

/**
 * The restored EBS volume as an `IVolume`: its id and Availability Zone are read from the volume when the stack
 * deploys (DescribeVolumes); its KMS key is the one the metadata names, when it names one.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-ebs.html
 */
export function restoredVolume(ctx: RestoredResourceContext): ec2.IVolume {
  requireRestoredType(ctx, 'asVolume()', ['EBS']);
  const attribute = ctx.restoredResource('ebs-volume', DESCRIBE_VOLUMES);
  return ec2.Volume.fromVolumeAttributes(ctx.scope, freeChildId(ctx.scope, 'RestoredVolume'), {
    volumeId: attribute('VolumeId'),
    availabilityZone: attribute('AvailabilityZone'),
    encryptionKey: restoredKey(ctx, 'kmsKeyId', 'RestoredVolumeKey'),
  });
}
