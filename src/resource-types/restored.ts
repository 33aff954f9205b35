import { Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type {
  RestoredDatabaseClusterAttributes, RestoredDatabaseInstanceAttributes, RestoredEfsFileSystemAttributes,
  RestoredFsxFileSystemAttributes, RestoredInstanceAttributes, RestoredRedshiftClusterAttributes, RestoredResourceKind,
  RestoredVolumeAttributes,
} from '../restore-job-handler/contract';

/**
 * The construct side of the restored-resource accessors (`RestoreJob.asTable()`, `asFileSystem()`, …): what every
 * type's `restored.ts` gets from the job, and the checks they share. CDK side only: the handler bundle never
 * imports this module, and nothing here imports a type's `runtime.ts`.
 */

/** The attributes a `Custom::BackupRestoredResource` answers, by kind (contract.ts). */
export interface RestoredAttributesByKind {
  'rds-instance': RestoredDatabaseInstanceAttributes;
  'rds-cluster': RestoredDatabaseClusterAttributes;
  'docdb-cluster': RestoredDatabaseClusterAttributes;
  'neptune-cluster': RestoredDatabaseClusterAttributes;
  'redshift-cluster': RestoredRedshiftClusterAttributes;
  'ebs-volume': RestoredVolumeAttributes;
  'ec2-instance': RestoredInstanceAttributes;
  'fsx-file-system': RestoredFsxFileSystemAttributes;
  'efs-file-system': RestoredEfsFileSystemAttributes;
}

/** An IAM statement the handler needs to read a kind of restored resource; one per `sid` and stack. */
export interface RestoredResourceRead {
  /** The statement's id: statements of one sid merge their resources. */
  readonly sid: string;
  readonly actions: string[];
  /** ARNs, narrowed to what synth knows; `*` only where the action supports no resource-level permissions. */
  readonly resources: string[];
}

/** Reads one attribute of the job's `Custom::BackupRestoredResource` (`Fn::GetAtt`). */
export type RestoredAttribute<K extends RestoredResourceKind> = (name: keyof RestoredAttributesByKind[K] & string) => string;

/** What a RestoreJob hands to its accessors. */
export interface RestoredResourceContext {
  /** The RestoreJob: the accessors' constructs (imports, mount targets, security groups) go below it. */
  readonly scope: Construct;
  /** The job's construct path, for messages. */
  readonly path: string;
  /** The StartRestoreJob resource type as the synth-time checks know it (given or inferred); undefined when unknown. */
  readonly resourceType?: string;
  /** Whether the resource type was inferred from the recovery point rather than given. */
  readonly resourceTypeInferred: boolean;
  /** The metadata the stack sets (with `useRecordedMetadata`, only the overrides: the rest is the backup's). */
  readonly metadata: Readonly<Record<string, string>>;
  /** KMS keys the typed factory named (`kmsKey`). */
  readonly kmsKeys: readonly kms.IKey[];
  /** Whether the job starts from the metadata AWS Backup recorded (so keys the stack does not set are unknown). */
  readonly useRecordedMetadata: boolean;
  /** Whether the deploy waits for the job (the accessors need the created resource). */
  readonly waitForCompletion: boolean;
  /** The created resource's ARN (`Fn::GetAtt`; the last wait link's for a long wait). */
  createdResourceArn(): string;
  /**
   * The job's `Custom::BackupRestoredResource` (created on first use, one per job), reading `kind`, with the
   * handler allowed `read`: a getter of its attributes.
   */
  restoredResource<K extends RestoredResourceKind>(kind: K, read: RestoredResourceRead): RestoredAttribute<K>;
}

/** Which accessor serves which StartRestoreJob resource type (for the "use this instead" part of messages). */
const ACCESSORS: Readonly<Record<string, string>> = {
  DynamoDB: 'asTable()',
  S3: 'asBucket()',
  EFS: 'asFileSystem()',
  RDS: 'asDatabaseInstance()',
  Aurora: 'asDatabaseCluster() or asClusterEndpoint()',
  DocumentDB: 'asDocumentDbCluster() or asClusterEndpoint()',
  Neptune: 'asClusterEndpoint()',
  Redshift: 'asClusterEndpoint()',
  EBS: 'asVolume()',
  EC2: 'asInstance()',
  FSx: 'asFsxFileSystem() or asLustreFileSystem()',
};

/**
 * Check that an accessor may be used on this job: the deploy waits for the job, and the job restores one of
 * `types`. Throws a message naming the job, the type it has, the type the accessor needs, and the fix.
 */
export function requireRestoredType(ctx: RestoredResourceContext, accessor: string, types: readonly string[]): string {
  const needs = types.length === 1 ? `a ${types[0]} restore` : `a ${types.slice(0, -1).join(', ')} or ${types[types.length - 1]} restore`;
  if (!ctx.waitForCompletion) {
    throw new Error(
      `RestoreJob ${ctx.path}: ${accessor} needs the restored resource, which is only known when the deploy waits for the restore to complete, ` +
      'and this job sets waitForCompletion: false. ' +
      'Fix: remove waitForCompletion: false (the default waits; a timeout over 55 minutes waits up to 24 hours), or import the resource in a later deploy.');
  }
  const type = ctx.resourceType;
  if (type === undefined || Token.isUnresolved(type)) {
    throw new Error(
      `RestoreJob ${ctx.path}: ${accessor} needs ${needs}, but this job's resource type is not known at synth time. ` +
      `Fix: pass the type to RestoreMetadata.fromMap (e.g. RestoreMetadata.fromMap({...}, '${types[0]}')), or use the typed factory.`);
  }
  if (!types.includes(type)) {
    const instead = ACCESSORS[type];
    throw new Error(
      `RestoreJob ${ctx.path}: ${accessor} needs ${needs}, but this job restores ${type}${ctx.resourceTypeInferred ? ' (inferred from the recovery point)' : ''}. ` +
      (instead !== undefined
        ? `Fix: use ${instead} for a ${type} restore, or call ${accessor} on the RestoreJob that restores ${types.join(' or ')}.`
        : `Fix: call ${accessor} on the RestoreJob that restores ${types.join(' or ')}; a ${type} restore has no accessor (use createdResourceArn).`));
  }
  return type;
}

/**
 * A metadata value the stack sets, by key, case-insensitively (as AWS Backup reads the keys of some types).
 * Undefined when the stack does not set it; tokens are returned as they are.
 */
export function metadataValue(ctx: RestoredResourceContext, key: string): string | undefined {
  const wanted = key.toLowerCase();
  const actual = Object.keys(ctx.metadata).find(k => !Token.isUnresolved(k) && k.toLowerCase() === wanted);
  return actual === undefined ? undefined : ctx.metadata[actual];
}

/**
 * The KMS key the restored resource is encrypted with, when the stack names it: the typed factory's `kmsKey`,
 * else a key ARN the metadata map names under `key` (imported below the job as `id`). Undefined otherwise (the
 * AWS owned or AWS managed key, or a key only the recorded metadata names).
 */
export function restoredKey(ctx: RestoredResourceContext, key: string, id: string): kms.IKey | undefined {
  if (ctx.kmsKeys.length === 1) return ctx.kmsKeys[0];
  if (ctx.kmsKeys.length > 1) return undefined;
  const arn = metadataValue(ctx, key);
  if (arn === undefined) return undefined;
  // A key id or an alias would not make an IKey whose grants name the key.
  if (!Token.isUnresolved(arn) && !/^arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(arn)) return undefined;
  const existing = ctx.scope.node.tryFindChild(id);
  return (existing as kms.IKey | undefined) ?? kms.Key.fromKeyArn(ctx.scope, id, arn);
}

/**
 * A construct id below the job that is not taken yet: `base`, then `base2`, `base3`, … (deterministic: the
 * order of the accessor calls decides it).
 */
export function freeChildId(scope: Construct, base: string): string {
  if (scope.node.tryFindChild(base) === undefined) return base;
  for (let n = 2; ; n++) {
    const id = `${base}${n}`;
    if (scope.node.tryFindChild(id) === undefined) return id;
  }
}

/**
 * The identifier a metadata key names, as IAM matches it in an ARN (RDS and Redshift store identifiers in lower
 * case), or undefined when synth does not know it (not set by the stack, or a token whose case is unknown).
 */
export function lowerCaseIdentifier(ctx: RestoredResourceContext, key: string): string | undefined {
  const value = metadataValue(ctx, key);
  if (value === undefined || Token.isUnresolved(value) || value === '') return undefined;
  return value.toLowerCase();
}
