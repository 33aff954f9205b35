import { CLOUDFORMATION_RULES } from './cloudformation';
import { DYNAMODB_RULES } from './dynamodb';
import { EBS_RULES } from './ebs';
import { EC2_RULES } from './ec2';
import { EFS_RULES } from './efs';
import { EKS_RULES } from './eks';
import { FSX_RULES } from './fsx';
import { AURORA_RULES, DOCUMENTDB_RULES, NEPTUNE_RULES, RDS_RULES } from './rds';
import { REDSHIFT_RULES } from './redshift';
import { S3_RULES } from './s3';
import { TIMESTREAM_RULES } from './timestream';
import { VIRTUAL_MACHINE_RULES } from './virtual-machine';
import { ResourceTypeRules } from '../types';

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
