/**
 * Which listed recovery points can be restored: the one filter every deploy-time choice uses
 * (`RecoveryPoint.latest` in recovery-points.ts, `RecoveryPointSet` in recovery-point-set-choice.ts).
 * Pure: no AWS calls, no aws-cdk-lib.
 */
import type { RecoveryPointByBackupVault } from '@aws-sdk/client-backup';

/** Statuses of a recovery point that can be restored (AWS Backup API reference, RecoveryPointByBackupVault.Status:
 * AVAILABLE "indicates that the backup was successfully created … and is ready for use"; COMPLETED is the older
 * name of the same state). PARTIAL, EXPIRED, DELETING, STOPPED and CREATING points are incomplete or going away. */
export const RESTORABLE_STATUSES: readonly string[] = ['COMPLETED', 'AVAILABLE'];

/** Client-side filters of a selection. */
export interface SelectionFilters {
  readonly createdAfter?: Date;
  readonly resourceArn?: string;
  readonly resourceType?: string;
}

/** Why a listed point is not a candidate, or `usable`. */
export type Usability = 'usable' | 'otherResource' | 'notCompleted' | 'compositeParent' | 'tooOld';

/**
 * Whether a listed recovery point can be chosen: status COMPLETED or AVAILABLE, not a composite parent (its
 * children are the restorable parts, each listed with its own resource), with an ARN and a creation date, created
 * after `createdAfter`, of the filtered resource and type (the service filters by them too; checking again keeps
 * the choice right whatever it returns).
 */
export function usability(p: RecoveryPointByBackupVault, filters: SelectionFilters): Usability {
  if (filters.resourceArn !== undefined && p.ResourceArn !== undefined && p.ResourceArn !== filters.resourceArn) return 'otherResource';
  if (filters.resourceType !== undefined && p.ResourceType !== undefined && p.ResourceType !== filters.resourceType) return 'otherResource';
  if (!RESTORABLE_STATUSES.includes(p.Status ?? '')) return 'notCompleted';
  if (p.IsParent) return 'compositeParent';
  if (!p.RecoveryPointArn || !p.CreationDate) return 'notCompleted';
  if (filters.createdAfter !== undefined && p.CreationDate.getTime() <= filters.createdAfter.getTime()) return 'tooOld';
  return 'usable';
}

/** Order of two usable points: newer first; a tie on creation date goes to the greater ARN (deterministic). */
export function newer(a: RecoveryPointByBackupVault, b: RecoveryPointByBackupVault): boolean {
  const dt = a.CreationDate!.getTime() - b.CreationDate!.getTime();
  return dt !== 0 ? dt > 0 : a.RecoveryPointArn! > b.RecoveryPointArn!;
}
