import { Construct } from 'constructs';

/** What a RestoreJob needs to know about the recovery point it restores. */
export interface RecoveryPointConfig {
  /** The recovery point ARN passed to StartRestoreJob. */
  readonly recoveryPointArn: string;
}

/**
 * The AWS Backup recovery point a RestoreJob restores.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/recovery-points.html
 */
export abstract class RecoveryPoint {
  /**
   * A recovery point given by its ARN.
   *
   * Any shape AWS Backup uses is accepted, in any partition: `arn:aws:backup:…:recovery-point:…` (EFS, S3,
   * advanced DynamoDB, …), `arn:aws:ec2:…::snapshot/snap-…` (EBS), `arn:aws:ec2:…::image/ami-…` (EC2),
   * `arn:aws:rds:…:snapshot:awsbackup:job-…` (RDS), and so on. The shape is cross-checked against the
   * metadata's resource type at synth time.
   *
   * @param recoveryPointArn the recovery point's ARN (a token is accepted and checked at deploy time)
   */
  public static fromArn(recoveryPointArn: string): RecoveryPoint {
    return new ArnRecoveryPoint(recoveryPointArn);
  }

  /** Called by RestoreJob: the recovery point as the job renders it. */
  public abstract bind(scope: Construct): RecoveryPointConfig;
}

class ArnRecoveryPoint extends RecoveryPoint {
  constructor(private readonly recoveryPointArn: string) {
    super();
  }

  public bind(_scope: Construct): RecoveryPointConfig {
    return { recoveryPointArn: this.recoveryPointArn };
  }
}
