/**
 * Recovery point ARN shapes (aws-backup-restore-metadata.md, "Recovery point ARN shapes").
 * Pure: no aws-cdk-lib imports.
 */

/** What an ARN says about the resource types it can be restored as. */
export interface RecoveryPointArnInfo {
  /** The ARN parses as `arn:<partition>:<service>:<region>:<account>:<resource>`. */
  readonly isArn: boolean;
  readonly partition?: string;
  readonly service?: string;
  readonly region?: string;
  readonly account?: string;
  /** A human name for the shape, for messages ("an EBS snapshot ARN"). */
  readonly shape: string;
  /**
   * The resource types this shape can be restored as; undefined when the shape does not tell
   * (the generic `arn:<partition>:backup:…:recovery-point:…` form serves most types).
   */
  readonly resourceTypes?: readonly string[];
  /** Whether AWS states the shape (true) or it is only inferred (false): decides error vs warning. */
  readonly stated: boolean;
  /** A continuous (point-in-time) recovery point. */
  readonly continuous: boolean;
}

const ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):([a-z0-9-]+):([a-z0-9-]*):(\d{12})?:(.+)$/;

interface Shape {
  readonly service: string;
  readonly resource: RegExp;
  readonly shape: string;
  readonly resourceTypes?: readonly string[];
  readonly stated: boolean;
  readonly continuous?: boolean;
  readonly accountless?: boolean;
}

const SHAPES: readonly Shape[] = [
  { service: 'ec2', resource: /^snapshot\/snap-[0-9a-f]+$/, shape: 'an EBS snapshot ARN', resourceTypes: ['EBS', 'Storage Gateway'], stated: true, accountless: true },
  { service: 'ec2', resource: /^image\/ami-[0-9a-f]+$/, shape: 'an EC2 AMI ARN', resourceTypes: ['EC2'], stated: true, accountless: true },
  { service: 'rds', resource: /^snapshot:.+$/, shape: 'an RDS DB snapshot ARN', resourceTypes: ['RDS'], stated: true },
  { service: 'rds', resource: /^cluster-snapshot:.+$/, shape: 'an RDS cluster snapshot ARN', resourceTypes: ['Aurora', 'DocumentDB', 'Neptune'], stated: false },
  { service: 'redshift', resource: /^snapshot:.+\/.+$/, shape: 'a Redshift snapshot ARN', resourceTypes: ['Redshift'], stated: true },
  { service: 'dynamodb', resource: /^table\/[^/]+\/backup\/.+$/, shape: 'a DynamoDB backup ARN', resourceTypes: ['DynamoDB'], stated: true },
  { service: 'fsx', resource: /^backup\/backup-[0-9a-z]+$/, shape: 'an FSx backup ARN', resourceTypes: ['FSx'], stated: false },
  { service: 'backup', resource: /^recovery-point:continuous:db-.+$/, shape: 'an RDS continuous recovery point ARN', resourceTypes: ['RDS'], stated: true, continuous: true },
  { service: 'backup', resource: /^recovery-point:continuous:.+$/, shape: 'a continuous recovery point ARN', stated: true, continuous: true },
  { service: 'backup', resource: /^recovery-point:.+$/, shape: 'an AWS Backup recovery point ARN', stated: true },
];

/** Analyse a recovery point ARN. Unresolved values must be filtered out by the caller. */
export function analyseRecoveryPointArn(arn: string): RecoveryPointArnInfo {
  const m = ARN.exec(arn);
  if (!m) {
    return { isArn: false, shape: 'not an ARN', stated: true, continuous: false };
  }
  const [, partition, service, region, account, resource] = m;
  const base = { isArn: true, partition, service, region, account };
  for (const s of SHAPES) {
    if (s.service !== service || !s.resource.test(resource)) continue;
    if (!s.accountless && !account) break;
    return { ...base, shape: s.shape, resourceTypes: s.resourceTypes, stated: s.stated, continuous: s.continuous ?? false };
  }
  return { ...base, shape: `an ARN of service '${service}' that is not a known recovery point shape`, stated: false, continuous: false };
}

/**
 * The one resource type a recovery point ARN restores as, when its shape says so unambiguously: a shape
 * AWS states (not one only inferred) that serves exactly one type (an RDS DB snapshot, a DynamoDB backup,
 * a Redshift snapshot, an EC2 AMI, an RDS continuous recovery point). Undefined otherwise: the generic
 * `arn:<partition>:backup:…:recovery-point:…` form (most types), an EBS snapshot (EBS or Storage Gateway),
 * an RDS cluster snapshot (Aurora, DocumentDB or Neptune), an FSx backup (shape only inferred), not an ARN.
 * Unresolved values must be filtered out by the caller.
 */
export function inferResourceTypeFromArn(arn: string): string | undefined {
  const info = analyseRecoveryPointArn(arn);
  return info.isArn && info.stated && info.resourceTypes?.length === 1 ? info.resourceTypes[0] : undefined;
}
