import { Stack, Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** What a RestoreJob needs from its metadata. */
export interface RestoreMetadataConfig {
  /** StartRestoreJob `ResourceType`, when known. */
  readonly resourceType?: string;
  /** StartRestoreJob `Metadata`, with the exact key names and string formats AWS Backup expects. */
  readonly metadata: { [key: string]: string };
  /** KMS keys the restore role must be able to use. */
  readonly kmsKeys: kms.IKey[];
}

/**
 * EFS performance mode of the restored file system.
 *
 * @see https://docs.aws.amazon.com/efs/latest/ug/performance.html#performancemodes
 */
export enum EfsPerformanceMode {
  /** General Purpose (the only mode One Zone file systems support). */
  GENERAL_PURPOSE = 'generalPurpose',
  /** Max I/O. */
  MAX_IO = 'maxIO',
}

/** Restore metadata for an Amazon EFS recovery point. */
export interface EfsRestoreMetadataProps {
  /**
   * ID of the backed-up file system (`file-system-id`). AWS Backup requires it even when it restores to a
   * new file system, where it ignores it.
   */
  readonly fileSystemId: string;

  /**
   * Restore to a new file system (`newFileSystem`). `false` restores into the source file system, in a
   * recovery directory.
   *
   * @default true
   */
  readonly newFileSystem?: boolean;

  /**
   * Encrypt the restored file system (`Encrypted`).
   *
   * @default - true when `kmsKey` is set; otherwise not sent, and AWS Backup applies its default
   */
  readonly encrypted?: boolean;

  /**
   * KMS key to encrypt the new file system with (`KmsKeyId`). Requires `encrypted` to be true. The restore
   * role is granted the use of the key.
   *
   * @default - the AWS managed key for Amazon EFS
   */
  readonly kmsKey?: kms.IKey;

  /**
   * Performance mode of the new file system (`PerformanceMode`).
   *
   * @default - not sent; AWS Backup uses the backed-up file system's mode
   */
  readonly performanceMode?: EfsPerformanceMode;

  /**
   * Creation token of the new file system (`CreationToken`).
   *
   * @default - not sent; AWS Backup generates one
   */
  readonly creationToken?: string;

  /**
   * Restore only these files or directories (`ItemsToRestore`): 1 to 5 absolute paths, case-sensitive, no
   * wildcards. Rendered as a JSON array.
   *
   * @default - the whole file system
   */
  readonly itemsToRestore?: string[];

  /**
   * Restore as a One Zone file system in this Availability Zone (`singleAzFilesystem=true` and
   * `availabilityZoneName`).
   *
   * @default - a Regional (multi-AZ) file system
   */
  readonly oneZoneAvailabilityZone?: string;
}

/**
 * The `Metadata` of a StartRestoreJob request: which resource to create from the backup, and how.
 *
 * Use a typed factory per resource type (`RestoreMetadata.efs(...)`), or `RestoreMetadata.fromMap(...)`
 * for keys the factories do not cover. Either way the metadata is validated at synth time, and again by
 * the handler at deploy time, by the same rules.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-a-backup.html
 */
export class RestoreMetadata {
  /**
   * Metadata to restore an Amazon EFS file system.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-efs.html
   */
  public static efs(props: EfsRestoreMetadataProps): RestoreMetadata {
    const encrypted = props.encrypted ?? (props.kmsKey ? true : undefined);
    return new RestoreMetadata('EFS', scope => ({
      'file-system-id': props.fileSystemId,
      'newFileSystem': bool(props.newFileSystem ?? true),
      'Encrypted': bool(encrypted),
      'KmsKeyId': props.kmsKey?.keyArn,
      'PerformanceMode': props.performanceMode,
      'CreationToken': props.creationToken,
      'ItemsToRestore': jsonArray(scope, props.itemsToRestore),
      'singleAzFilesystem': props.oneZoneAvailabilityZone !== undefined ? 'true' : undefined,
      'availabilityZoneName': props.oneZoneAvailabilityZone,
    }), props.kmsKey ? [props.kmsKey] : []);
  }

  /**
   * Metadata given as a map of AWS's key names to string values: the escape hatch for keys no typed
   * factory covers. Still validated, by the rules of `resourceType` (when given) and the general rules.
   *
   * Booleans are the strings `'true'`/`'false'`; lists and objects are JSON strings
   * (`JSON.stringify(['sg-1', 'sg-2'])`, never `'sg-1,sg-2'`).
   *
   * @param values metadata keys and values, spelled as AWS documents them
   * @param resourceType StartRestoreJob `ResourceType` (`EFS`, `DynamoDB`, `Storage Gateway`, …)
   */
  public static fromMap(values: { [key: string]: string }, resourceType?: string): RestoreMetadata {
    const copy = { ...values };
    return new RestoreMetadata(resourceType, () => copy, []);
  }

  private constructor(
    private readonly resourceType: string | undefined,
    private readonly render: (scope: Construct) => { [key: string]: string | undefined },
    private readonly kmsKeys: kms.IKey[],
  ) {}

  /** Called by RestoreJob: the metadata as the job renders it. */
  public bind(scope: Construct): RestoreMetadataConfig {
    return { resourceType: this.resourceType, metadata: compact(this.render(scope)), kmsKeys: [...this.kmsKeys] };
  }
}

/** Render a boolean as AWS Backup expects it. */
function bool(value: boolean | undefined): string | undefined {
  return value === undefined ? undefined : value ? 'true' : 'false';
}

/** Render a list as a JSON-array string (AWS Backup never takes comma-joined lists). */
function jsonArray(scope: Construct, values: readonly string[] | undefined): string | undefined {
  if (values === undefined) return undefined;
  // A list token, or items that are tokens, resolve at deploy time: let CloudFormation build the JSON.
  return Token.isUnresolved(values) || values.some(v => Token.isUnresolved(v))
    ? Stack.of(scope).toJsonString(values)
    : JSON.stringify(values);
}

function compact(values: { [key: string]: string | undefined }): { [key: string]: string } {
  const result: { [key: string]: string } = {};
  for (const [k, v] of Object.entries(values)) {
    if (v !== undefined) result[k] = v;
  }
  return result;
}
