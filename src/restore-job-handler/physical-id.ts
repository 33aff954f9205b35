/**
 * The physical resource id of a Custom::BackupRestoreJob, and the state it carries.
 *
 * CloudFormation keeps nothing of a custom resource but its properties and its physical id, and it sends no
 * attributes back with Update or Delete. Yet an update or a rollback that keeps a job must answer every
 * attribute the resource had (CreatedResourceArn included) whatever AWS Backup says about the job now, and a
 * rollback must find the job the resource had before the failed update. So the physical id carries, next to
 * the job id:
 *
 * - `cur`: the current job — its id, a digest of the restore input that started it, and its attributes;
 * - `prev`: the job the resource had before an input-changing update replaced it (one step back is all a
 *   rollback needs: CloudFormation rolls a resource back to the properties of the last successful deploy).
 *
 * Shape: `<RestoreJobId>|r1|<base64url(deflate(JSON))>`. The job id comes first, so the console's "Physical ID"
 * column still starts with it. A bare id (no `|`) is read as a job with no recorded state.
 * CloudFormation allows 1 KB: when the encoding would be longer, the previous job's attributes are left out
 * (a rollback then reads them from AWS Backup), then the previous job itself.
 */
import { createHash } from 'crypto';
import { deflateRawSync, inflateRawSync } from 'zlib';
import type { RestoreInputProperty, RestoreJobAttributes, RestoreJobWaitAttributes } from './contract';

/** The most bytes CloudFormation accepts in a physical resource id. */
export const MAX_PHYSICAL_ID_BYTES = 1024;

const SEPARATOR = '|';
const VERSION = 'r1';

/** Attributes a resource answered for a job, without the job id (the id is the record's own). */
export type StoredAttributes = Omit<RestoreJobAttributes, 'RestoreJobId'> | RestoreJobWaitAttributes;

/** One job as the physical id remembers it. */
export interface JobRecord {
  readonly id: string;
  /** Digest of the restore input the job was started with (absent for an id written by an older version). */
  readonly digest?: string;
  /** The attributes the resource answered for this job (absent until the job was answered). */
  readonly attributes?: StoredAttributes;
}

export interface PhysicalState {
  readonly cur: JobRecord;
  readonly prev?: JobRecord;
}

interface Encoded {
  readonly d?: string;
  readonly a?: StoredAttributes;
  readonly p?: { readonly i: string; readonly d?: string; readonly a?: StoredAttributes };
}

/** The physical id for a state; shortened as described above to fit in 1 KB. */
export function encodePhysicalId(state: PhysicalState): string {
  const candidates: PhysicalState[] = [
    state,
    ...(state.prev?.attributes ? [{ ...state, prev: { id: state.prev.id, digest: state.prev.digest } }] : []),
    ...(state.prev ? [{ cur: state.cur }] : []),
    ...(state.cur.attributes ? [{ cur: { id: state.cur.id, digest: state.cur.digest } }] : []),
  ];
  for (const candidate of candidates) {
    const id = encodeOnce(candidate);
    if (Buffer.byteLength(id, 'utf8') <= MAX_PHYSICAL_ID_BYTES) return id;
  }
  return state.cur.id;
}

function encodeOnce(state: PhysicalState): string {
  const body: Encoded = {
    ...(state.cur.digest ? { d: state.cur.digest } : {}),
    ...(state.cur.attributes ? { a: state.cur.attributes } : {}),
    ...(state.prev ? {
      p: { i: state.prev.id, ...(state.prev.digest ? { d: state.prev.digest } : {}), ...(state.prev.attributes ? { a: state.prev.attributes } : {}) },
    } : {}),
  };
  if (Object.keys(body).length === 0) return state.cur.id;
  const blob = deflateRawSync(Buffer.from(JSON.stringify(body), 'utf8')).toString('base64url');
  return `${state.cur.id}${SEPARATOR}${VERSION}${SEPARATOR}${blob}`;
}

/** The state in a physical id. A bare id, or one this version cannot read, is a job with no recorded state. */
export function decodePhysicalId(physicalId: string): PhysicalState {
  const [id, version, blob] = physicalId.split(SEPARATOR);
  if (version !== VERSION || blob === undefined) return { cur: { id } };
  let body: Encoded;
  try {
    body = JSON.parse(inflateRawSync(Buffer.from(blob, 'base64url')).toString('utf8')) as Encoded;
  } catch {
    return { cur: { id } };
  }
  // Anything but an object (a damaged or foreign id) is read as a job with no recorded state, never a crash.
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { cur: { id } };
  const object = (v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined);
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const p = object(body.p) as Encoded['p'];
  body = { d: text(body.d), a: object(body.a) as StoredAttributes | undefined, p: p && typeof p.i === 'string' ? { i: p.i, d: text(p.d), a: object(p.a) as StoredAttributes | undefined } : undefined };
  const strip = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return {
    cur: strip({ id, digest: body.d, attributes: body.a }),
    ...(body.p ? { prev: strip({ id: body.p.i, digest: body.p.d, attributes: body.p.a }) } : {}),
  };
}

/** The restore job id in a physical id. */
export function restoreJobIdOf(physicalId: string): string {
  return physicalId.split(SEPARATOR)[0];
}

/**
 * The properties whose change means "restore again" — the restore input. Nothing else (timeout, waiting,
 * properties a later version adds) starts a job.
 */
export const RESTORE_INPUT: readonly RestoreInputProperty[] = [
  'RecoveryPointArn', 'LatestRecoveryPoint', 'BackupVaultName', 'BackupVaultAccountId', 'UseRecordedMetadata',
  'Metadata', 'ResourceType', 'IamRoleArn', 'IdempotencyToken', 'CopySourceTagsToRestoredResource',
];

/** A digest of the restore input of a property set (key order, and absent vs empty, do not matter). */
export function restoreInputDigest(props: Record<string, unknown>): string {
  const canonicalInput = RESTORE_INPUT.map(name => [name, canonical(props[name])]);
  return createHash('sha256').update(JSON.stringify(canonicalInput)).digest('base64url').slice(0, 16);
}

/** The restore-input properties that differ between two property sets (order of keys ignored). */
export function changedRestoreInput(oldProps: Record<string, unknown>, newProps: Record<string, unknown>): RestoreInputProperty[] {
  return RESTORE_INPUT.filter(name => canonical(oldProps[name]) !== canonical(newProps[name]));
}

function canonical(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => [k, canonical(v)])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return JSON.stringify(entries);
  }
  return String(value);
}

/** What an Update does with the jobs a physical id remembers, given the digest of its new input. */
export type UpdateDecision =
  | { readonly kind: 'keep' }
  | { readonly kind: 'revert'; readonly physicalId: string; readonly job: JobRecord }
  | { readonly kind: 'new'; readonly previous: JobRecord };

/**
 * Keep the current job when the input is its input; answer the previous job when the input is the previous job's
 * (a rollback of a failed update, or an update back); otherwise a new job, remembering the current one as previous.
 * `legacyUnchanged` decides for an id written before digests existed, and `legacyDigest` gives its input's digest.
 */
export function decideUpdate(state: PhysicalState, digest: string, legacyUnchanged: () => boolean, legacyDigest: () => string): UpdateDecision {
  const keep = state.cur.digest !== undefined ? state.cur.digest === digest : legacyUnchanged();
  if (keep) return { kind: 'keep' };
  if (state.prev?.digest !== undefined && state.prev.digest === digest) {
    return { kind: 'revert', physicalId: encodePhysicalId({ cur: state.prev }), job: state.prev };
  }
  return { kind: 'new', previous: { ...state.cur, digest: state.cur.digest ?? legacyDigest() } };
}
