import { CLOUDFORMATION_RULES } from './cloudformation/rules';
import { DYNAMODB_RULES } from './dynamodb/rules';
import { EBS_RULES } from './ebs/rules';
import { EC2_RULES } from './ec2/rules';
import { EFS_RULES } from './efs/rules';
import { EKS_RULES } from './eks/rules';
import { FSX_RULES } from './fsx/rules';
import { AURORA_RULES, DOCUMENTDB_RULES, NEPTUNE_RULES, RDS_RULES } from './rds/rules';
import { REDSHIFT_RULES } from './redshift/rules';
import { S3_RULES } from './s3/rules';
import { TIMESTREAM_RULES } from './timestream/rules';
import { VIRTUAL_MACHINE_RULES } from './virtual-machine/rules';
import { ResourceTypeRules } from '../validation/types';

/** Rules by StartRestoreJob `ResourceType`. A type without rules gets the general rules only. */
const RULES: readonly ResourceTypeRules[] = [
  EFS_RULES,
  DYNAMODB_RULES,
  RDS_RULES,
  AURORA_RULES,
  DOCUMENTDB_RULES,
  NEPTUNE_RULES,
  EBS_RULES,
  EC2_RULES,
  S3_RULES,
  FSX_RULES,
  REDSHIFT_RULES,
  VIRTUAL_MACHINE_RULES,
  CLOUDFORMATION_RULES,
  TIMESTREAM_RULES,
  EKS_RULES,
];

const BY_TYPE = new Map(RULES.map(r => [r.resourceType, r]));

/** The rules for a resource type, or undefined when there are none. */
export function rulesFor(resourceType: string): ResourceTypeRules | undefined {
  return BY_TYPE.get(resourceType);
}
