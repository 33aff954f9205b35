/**
 * Deploy-time resolution of the recovery point (the newest one matching the filters) and of the metadata
 * AWS Backup recorded for it.
 */
import {
  GetRecoveryPointRestoreMetadataCommand,
  ListRecoveryPointsByBackupVaultCommand,
  RecoveryPointByBackupVault,
} from '@aws-sdk/client-backup';
import { backup, Budget, describeError, log, withRetries } from './aws-backup';
import { LatestFilters, RECORDED, ResolvedRestore, RestoreRequest, SET_IN_STACK } from './request';
import { newer, RESTORABLE_STATUSES, SelectionFilters, usability } from './usable-recovery-point';
import { informationOnlyKeys } from '../resource-types/validate';

export { RECORDED, SET_IN_STACK, RESTORABLE_STATUSES };
export type { SelectionFilters };

/** What the selection looked at, for the "no match" message. */
export interface SelectionStats {
  readonly listed: number;
  /** Points whose status is neither COMPLETED nor AVAILABLE. */
  readonly notCompleted: number;
  readonly compositeParents: number;
  readonly tooOld: number;
}

/** The chosen recovery point, if any, and what was skipped. */
export interface Selection {
  readonly chosen?: RecoveryPointByBackupVault;
  readonly stats: SelectionStats;
}

/**
 * The newest restorable recovery point: status COMPLETED or AVAILABLE, not a composite parent (its children are the restorable parts),
 * created after `createdAfter`. Ties on creation date go to the greatest ARN, so the choice is deterministic.
 * AWS documents no order for the listing, so the whole list is sorted here.
 */
export function selectLatest(points: readonly RecoveryPointByBackupVault[], filters: SelectionFilters): Selection {
  let notCompleted = 0;
  let compositeParents = 0;
  let tooOld = 0;
  let chosen: RecoveryPointByBackupVault | undefined;
  for (const p of points) {
    switch (usability(p, filters)) {
      case 'otherResource': continue;
      case 'notCompleted': notCompleted++; continue;
      case 'compositeParent': compositeParents++; continue;
      case 'tooOld': tooOld++; continue;
      case 'usable': if (chosen === undefined || newer(p, chosen)) chosen = p;
    }
  }
  return { chosen, stats: { listed: points.length, notCompleted, compositeParents, tooOld } };
}

/** The later of `createdAfter` and now − maxAge. */
export function effectiveCreatedAfter(filters: LatestFilters, now: number): Date | undefined {
  const fromAge = filters.maxAgeSeconds !== undefined ? new Date(now - filters.maxAgeSeconds * 1000) : undefined;
  if (fromAge === undefined) return filters.createdAfter;
  if (filters.createdAfter === undefined) return fromAge;
  return fromAge.getTime() > filters.createdAfter.getTime() ? fromAge : filters.createdAfter;
}

/** List every page of the vault's recovery points matching the server-side filters. */
export async function listRecoveryPoints(
  request: Pick<RestoreRequest, 'backupVaultName' | 'backupVaultAccountId'>,
  filters: LatestFilters,
  createdAfter: Date | undefined,
  budget?: Budget,
): Promise<RecoveryPointByBackupVault[]> {
  const points: RecoveryPointByBackupVault[] = [];
  let nextToken: string | undefined;
  do {
    const page = await withRetries('ListRecoveryPointsByBackupVault', abortSignal => backup.send(new ListRecoveryPointsByBackupVaultCommand({
      BackupVaultName: request.backupVaultName,
      BackupVaultAccountId: request.backupVaultAccountId,
      ByResourceArn: filters.byResourceArn,
      ByResourceType: filters.byResourceType,
      ByCreatedAfter: createdAfter,
      MaxResults: 1000,
      NextToken: nextToken,
    }), { abortSignal }), budget);
    points.push(...(page.RecoveryPoints ?? []));
    nextToken = page.NextToken || undefined;
  } while (nextToken !== undefined);
  return points;
}

/** The recovery point ARN to restore: given, or the newest match. */
export async function resolveRecoveryPointArn(request: RestoreRequest, now: number = Date.now(), budget?: Budget): Promise<string> {
  if (request.latest === undefined) return request.recoveryPointArn!;
  const filters = request.latest;
  const createdAfter = effectiveCreatedAfter(filters, now);
  let points: RecoveryPointByBackupVault[];
  try {
    points = await listRecoveryPoints(request, filters, createdAfter, budget);
  } catch (error) {
    throw new Error(`ListRecoveryPointsByBackupVault failed for backup vault '${request.backupVaultName}': ${describeError(error)}`);
  }
  const { chosen, stats } = selectLatest(points, { createdAfter, resourceArn: filters.byResourceArn, resourceType: filters.byResourceType });
  if (chosen === undefined) {
    const wanted = [
      `backup vault '${request.backupVaultName}'${request.backupVaultAccountId ? ` of account ${request.backupVaultAccountId}` : ''}`,
      filters.byResourceArn ? `resource ${filters.byResourceArn}` : undefined,
      filters.byResourceType ? `resource type ${filters.byResourceType}` : undefined,
      createdAfter ? `created after ${createdAfter.toISOString()}${filters.maxAgeSeconds !== undefined ? ` (max age ${filters.maxAgeSeconds} s)` : ''}` : undefined,
      'status COMPLETED or AVAILABLE, not a composite parent',
    ].filter(Boolean).join('; ');
    throw new Error(
      `No recovery point matches: ${wanted}. The vault listed ${stats.listed} matching the service-side filters ` +
      `(${stats.notCompleted} neither COMPLETED nor AVAILABLE, ${stats.compositeParents} composite parents, ${stats.tooOld} too old). ` +
      'Fix: check the vault name, account and filters, or wait for a backup to complete.');
  }
  return chosen.RecoveryPointArn!;
}

/**
 * The metadata to restore with: the stack's own, or — with UseRecordedMetadata — the metadata AWS Backup
 * recorded for the recovery point, with the stack's keys replacing recorded keys of the same name (AWS
 * reads keys case-insensitively, so the comparison is too).
 */
export async function resolveRestore(request: RestoreRequest, recoveryPointArn: string, budget?: Budget): Promise<ResolvedRestore> {
  if (!request.useRecordedMetadata) {
    return { recoveryPointArn, resourceType: request.resourceType, metadata: request.metadata };
  }
  let recorded: Record<string, string>;
  let recordedType: string | undefined;
  try {
    const response = await withRetries('GetRecoveryPointRestoreMetadata', abortSignal => backup.send(new GetRecoveryPointRestoreMetadataCommand({
      BackupVaultName: request.backupVaultName,
      BackupVaultAccountId: request.backupVaultAccountId,
      RecoveryPointArn: recoveryPointArn,
    }), { abortSignal }), budget);
    recorded = response.RestoreMetadata ?? {};
    recordedType = response.ResourceType;
  } catch (error) {
    throw new Error(`GetRecoveryPointRestoreMetadata failed for recovery point ${recoveryPointArn}: ${describeError(error)}`);
  }
  const resourceType = request.resourceType ?? recordedType;
  // Recorded metadata can hold keys StartRestoreJob does not take back (information only): drop them, keys logged.
  const dropped = resourceType === undefined ? [] : informationOnlyKeys(resourceType, recorded);
  if (dropped.length > 0) {
    recorded = Object.fromEntries(Object.entries(recorded).filter(([key]) => !dropped.includes(key)));
    log('info', 'recorded metadata keys that StartRestoreJob does not take were dropped', { droppedKeys: dropped });
  }
  const { metadata, sources } = mergeMetadata(recorded, request.metadata);
  return { recoveryPointArn, resourceType, metadata, sources };
}

/** Recorded metadata with overrides applied (case-insensitive keys; the override's spelling wins). */
export function mergeMetadata(recorded: Record<string, string>, overrides: Record<string, string>):
{ metadata: Record<string, string>; sources: Record<string, string> } {
  const overridden = new Set(Object.keys(overrides).map(k => k.toLowerCase()));
  const metadata: Record<string, string> = {};
  const sources: Record<string, string> = {};
  for (const [key, value] of Object.entries(recorded)) {
    if (overridden.has(key.toLowerCase())) continue;
    metadata[key] = value;
    sources[key] = RECORDED;
  }
  for (const [key, value] of Object.entries(overrides)) {
    metadata[key] = value;
    sources[key] = SET_IN_STACK;
  }
  return { metadata, sources };
}
