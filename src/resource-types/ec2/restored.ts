import { requireRestoredType, RestoredResourceContext, RestoredResourceRead } from '../restored';

/** A restored EC2 instance, read when the stack deploys (DescribeInstances). */
export interface RestoredInstance {
  /** The instance id (`i-…`). */
  readonly instanceId: string;
  /** The instance's primary private IPv4 address. */
  readonly privateIpAddress: string;
  /** The instance's Availability Zone. */
  readonly availabilityZone: string;
}

/**
 * The handler may describe instances. ec2:DescribeInstances supports no resource-level permissions ("Currently,
 * the Amazon EC2 Describe* API actions do not support resource-level permissions", Amazon EC2 User Guide,
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-policies-for-amazon-ec2.html), so it needs "*".
 */
export const DESCRIBE_INSTANCES: RestoredResourceRead = { sid: 'DescribeRestoredInstances', actions: ['ec2:DescribeInstances'], resources: ['*'] };

/**
 * The restored EC2 instance's id, private IP address and Availability Zone (aws-cdk-lib has no import for an
 * instance: these are plain attributes).
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-ec2.html
 */
export function restoredInstance(ctx: RestoredResourceContext): RestoredInstance {
  requireRestoredType(ctx, 'asInstance()', ['EC2']);
  const attribute = ctx.restoredResource('ec2-instance', DESCRIBE_INSTANCES);
  return {
    instanceId: attribute('InstanceId'),
    privateIpAddress: attribute('PrivateIpAddress'),
    availabilityZone: attribute('AvailabilityZone'),
  };
}
