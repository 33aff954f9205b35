import { EFS_RULES } from './efs';
import { ResourceTypeRules } from '../types';

/** Rules by StartRestoreJob `ResourceType`. A type without rules gets the general rules only. */
const RULES: readonly ResourceTypeRules[] = [
  EFS_RULES,
];

const BY_TYPE = new Map(RULES.map(r => [r.resourceType, r]));

/** The rules for a resource type, or undefined when there are none. */
export function rulesFor(resourceType: string): ResourceTypeRules | undefined {
  return BY_TYPE.get(resourceType);
}
