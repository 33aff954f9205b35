import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { RestoreMetadataOptions } from './options';

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

/** Restore metadata for an EC2 instance (from an AMI recovery point); unset settings come from the backup. */
export interface Ec2RestoreMetadataProps extends RestoreMetadataOptions {
  /**
   * Instance type of the new instance (`InstanceType`).
   *
   * @default - the backed-up instance's type
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-ec2.html
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * VPC of the new instance (`VpcId`).
   *
   * @default - the backed-up instance's VPC
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-ec2.html
   */
  readonly vpc?: ec2.IVpc;

  /**
   * Subnet to launch the new instance in (`SubnetId`).
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
   * KMS key to encrypt the new instance's volumes with (`KmsKeyId`); the restore role is granted its use.
   *
   * @default - the backed-up volumes' keys
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-ec2.html
   */
  readonly kmsKey?: kms.IKey;
}
