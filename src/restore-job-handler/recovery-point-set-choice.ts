/**
 * The choice of a RecoveryPointSet: one recovery point per resource, all from the same moment.
 * Pure: no AWS calls, no aws-cdk-lib (unit-tested on its own).
 *
 * The moment is the newest T such that every resource has a usable recovery point (usable-recovery-point.ts: the
 * same filter as RecoveryPoint.latest) created in [T − maxSkew, T]; each resource then gets its newest usable point
 * in that window. That T is always some point's creation date + maxSkew (the valid moments of one resource are the
 * union of [c, c + maxSkew] over its points; the newest moment of an intersection of such unions is a right end).
 * And the choice at the newest T is, resource by resource, at least as new as any other choice whose points are at
 * most maxSkew apart: a point newer than T's pick would be after T, or before T − maxSkew and so older than it.
 */
import type { RecoveryPointByBackupVault } from '@aws-sdk/client-backup';
import { newer, usability } from './usable-recovery-point';

/** One resource of the set and what its vault listed for it. */
export interface ResourcePoints {
  readonly resourceArn: string;
  readonly points: readonly RecoveryPointByBackupVault[];
}

export interface SetChoiceOptions {
  /** Milliseconds the chosen points may be apart (inclusive). */
  readonly maxSkewMs: number;
  /** Only points created after this (the later of createdAfter and now − maxAge). */
  readonly createdAfter?: Date;
}

/** The point chosen for one resource. */
export interface ChosenPoint {
  readonly resourceArn: string;
  readonly recoveryPointArn: string;
  readonly creationDate: Date;
}

/** What was listed for one resource, for the "no such moment" message. */
export interface ResourceSummary {
  readonly resourceArn: string;
  readonly listed: number;
  readonly usable: number;
  /** The newest usable point, if any. */
  readonly newest?: { readonly recoveryPointArn: string; readonly creationDate: Date };
  /** Points whose status is neither COMPLETED nor AVAILABLE (or without an ARN or a date). */
  readonly notCompleted: number;
  readonly compositeParents: number;
  readonly tooOld: number;
}

export type SetChoice =
  | {
    readonly kind: 'chosen';
    /** In the order of the resources given. */
    readonly points: readonly ChosenPoint[];
    readonly oldest: Date;
    readonly newest: Date;
    /** newest − oldest, in milliseconds (at most maxSkewMs). */
    readonly spreadMs: number;
  }
  | { readonly kind: 'none'; readonly resources: readonly ResourceSummary[] };

/** Choose the set (see the module comment). Ties on creation date go to the greater ARN, as for RecoveryPoint.latest. */
export function chooseSet(resources: readonly ResourcePoints[], options: SetChoiceOptions): SetChoice {
  if (!(options.maxSkewMs >= 0)) throw new Error('maxSkewMs must be a number of milliseconds ≥ 0.');
  const usableByResource = resources.map(r => usablePoints(r, options.createdAfter));
  const summaries = resources.map((r, i) => summarize(r, usableByResource[i], options.createdAfter));
  if (resources.length === 0 || usableByResource.some(points => points.length === 0)) return { kind: 'none', resources: summaries };

  // Candidate moments, newest first: each usable point's creation date + maxSkew.
  const candidates = [...new Set(usableByResource.flat().map(p => p.CreationDate!.getTime() + options.maxSkewMs))].sort((a, b) => b - a);
  for (const t of candidates) {
    const picks = usableByResource.map(points => newestAtOrBefore(points, t));
    if (picks.every(p => p !== undefined && p.CreationDate!.getTime() >= t - options.maxSkewMs)) {
      const points = picks.map((p, i) => ({
        resourceArn: resources[i].resourceArn,
        recoveryPointArn: p!.RecoveryPointArn!,
        creationDate: p!.CreationDate!,
      }));
      const times = points.map(p => p.creationDate.getTime());
      const oldest = Math.min(...times);
      const newest = Math.max(...times);
      return { kind: 'chosen', points, oldest: new Date(oldest), newest: new Date(newest), spreadMs: newest - oldest };
    }
  }
  return { kind: 'none', resources: summaries };
}

/** The resource's usable points, oldest first (a tie on creation date: the greater ARN last). */
function usablePoints(resource: ResourcePoints, createdAfter: Date | undefined): RecoveryPointByBackupVault[] {
  return resource.points
    .filter(p => usability(p, { createdAfter, resourceArn: resource.resourceArn }) === 'usable')
    .sort((a, b) => (newer(a, b) ? 1 : newer(b, a) ? -1 : 0));
}

/** The newest point created at or before `t` (binary search over points sorted oldest first). */
function newestAtOrBefore(points: readonly RecoveryPointByBackupVault[], t: number): RecoveryPointByBackupVault | undefined {
  let low = 0;
  let high = points.length; // first index with a creation date after t
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (points[mid].CreationDate!.getTime() <= t) low = mid + 1;
    else high = mid;
  }
  return low > 0 ? points[low - 1] : undefined;
}

function summarize(resource: ResourcePoints, usable: readonly RecoveryPointByBackupVault[], createdAfter: Date | undefined): ResourceSummary {
  let notCompleted = 0;
  let compositeParents = 0;
  let tooOld = 0;
  for (const p of resource.points) {
    switch (usability(p, { createdAfter, resourceArn: resource.resourceArn })) {
      case 'notCompleted': notCompleted++; break;
      case 'compositeParent': compositeParents++; break;
      case 'tooOld': tooOld++; break;
      default: break;
    }
  }
  const last = usable[usable.length - 1];
  return {
    resourceArn: resource.resourceArn,
    listed: resource.points.length,
    usable: usable.length,
    ...(last ? { newest: { recoveryPointArn: last.RecoveryPointArn!, creationDate: last.CreationDate! } } : {}),
    notCompleted,
    compositeParents,
    tooOld,
  };
}
