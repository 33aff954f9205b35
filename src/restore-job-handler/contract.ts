/**
 * The construct ↔ handler contract of `Custom::BackupRestoreJob`. Types only: both sides import it, and
 * nothing here exists at run time.
 *
 * CloudFormation delivers every scalar property as a string, so the construct renders scalars as strings
 * itself and the handler parses them explicitly.
 */

/** Resource properties the construct renders and the handler reads. */
export interface RestoreJobResourceProperties {
  /** Recovery point to restore. Absent when `LatestRecoveryPoint` chooses it at deploy time. */
  readonly RecoveryPointArn?: string;
  /** Choose the newest matching recovery point of `BackupVaultName` at deploy time. */
  readonly LatestRecoveryPoint?: LatestRecoveryPointProperties;
  /** Vault of the recovery point (required with LatestRecoveryPoint or UseRecordedMetadata). */
  readonly BackupVaultName?: string;
  /** Account that owns the vault, for copied or shared vaults. */
  readonly BackupVaultAccountId?: string;
  /** `'true'`: start from the metadata AWS Backup recorded for the recovery point; `Metadata` overrides it. */
  readonly UseRecordedMetadata?: BooleanString;
  /** StartRestoreJob `Metadata`: string → string. Sensitive: never logged. */
  readonly Metadata: Record<string, string>;
  /** StartRestoreJob `ResourceType`. */
  readonly ResourceType?: string;
  /** Role AWS Backup assumes to create the resource. Absent: the account's default Backup role. */
  readonly IamRoleArn?: string;
  /** User-chosen idempotency token. Absent: derived from stack id, logical id and request id. */
  readonly IdempotencyToken?: string;
  /** `'true'` | `'false'`; absent: not sent to AWS. */
  readonly CopySourceTagsToRestoredResource?: BooleanString;
  /** `'true'` | `'false'`: whether the deploy waits for the job to complete. */
  readonly WaitForCompletion: BooleanString;
  /** Whole seconds the deploy waits for the job, counted from the job's creation. */
  readonly TimeoutSeconds: string;
  /**
   * `'true'`: the job is waited for by wait links (a timeout over 55 minutes); this resource does not wait, and
   * answers every attribute the first link reads (Status, CreatedResourceArn, CompletionDate, CreationDate; empty
   * when unknown).
   */
  readonly WaitInLinks?: BooleanString;
  /**
   * `'Destroy'`: when this resource is deleted (stack delete, replacement, cleanup after a failed create or update),
   * the handler deletes what the job created (its CreatedResourceArn, nothing else) and waits until it is gone.
   * Absent: the restored resource is retained. Not restore input: changing it never restores again.
   */
  readonly RemovalPolicy?: 'Destroy';
}

/** Filters of ListRecoveryPointsByBackupVault, as strings. */
export interface LatestRecoveryPointProperties {
  readonly ByResourceArn?: string;
  readonly ByResourceType?: string;
  /** ISO-8601. */
  readonly CreatedAfter?: string;
  /** Whole seconds before the deploy's time. */
  readonly MaxAgeSeconds?: string;
}

export type BooleanString = 'true' | 'false';

/** Names of the resource properties whose change means "restore again". */
export type RestoreInputProperty =
  | 'RecoveryPointArn'
  | 'LatestRecoveryPoint'
  | 'BackupVaultName'
  | 'BackupVaultAccountId'
  | 'UseRecordedMetadata'
  | 'Metadata'
  | 'ResourceType'
  | 'IamRoleArn'
  | 'IdempotencyToken'
  | 'CopySourceTagsToRestoredResource';

/** Attributes (`Fn::GetAtt`) the handler returns. */
export interface RestoreJobAttributes {
  readonly RestoreJobId: string;
  /** Only when the job completed (absent when waitForCompletion is false). */
  readonly CreatedResourceArn?: string;
  /** The recovery point restored (the one chosen at deploy time for LatestRecoveryPoint). */
  readonly RecoveryPointArn: string;
  /**
   * `COMPLETED`; absent when waitForCompletion is false (a job's status depends on the moment it is read, and
   * a retried request must answer exactly as the first one did).
   */
  readonly Status?: string;
  readonly ResourceType?: string;
  /** ISO-8601. */
  readonly CreationDate?: string;
  /** ISO-8601; only when the job completed. */
  readonly CompletionDate?: string;
}

export type RestoreJobAttributeName = keyof RestoreJobAttributes;

/**
 * Properties of one `Custom::BackupRestoreJobWait`: a link of the chain that waits for a job longer than one
 * custom resource can. The first link depends on the `Custom::BackupRestoreJob` that started the job (no wait),
 * each next link on the one before it, and the last one's attributes are the RestoreJob's.
 */
export interface RestoreJobWaitResourceProperties {
  /** The job to wait for (`Fn::GetAtt` of the RestoreJob resource). */
  readonly RestoreJobId: string;
  /** 1-based position of this link, and the number of links. */
  readonly Segment: string;
  readonly Segments: string;
  /** Whole seconds the RestoreJob waits in all, counted from the job's creation. */
  readonly TimeoutSeconds: string;
  /**
   * What the resource before answered (the RestoreJob resource for the first link, the link before for the
   * others): when it saw the job complete, this one answers the same at once; its CreationDate dates the job.
   */
  readonly Previous: RestoreJobWaitAttributes;
}

/** Attributes of a wait link. Every key is always present (the next link and the construct read them with GetAtt). */
export interface RestoreJobWaitAttributes {
  /** `COMPLETED`, or `IN_PROGRESS` when this link handed the wait on to the next. */
  readonly Status: string;
  /** Empty until the job completed. */
  readonly CreatedResourceArn: string;
  /** ISO-8601; empty until the job completed. */
  readonly CompletionDate: string;
  /** ISO-8601: when the job was created; empty while unknown. */
  readonly CreationDate: string;
}

/**
 * `Custom::BackupRestoredResource`: reads the resource a completed restore created with the service's own read
 * API, for the attributes only deploy time knows (a database endpoint, a volume's Availability Zone). One per
 * RestoreJob whose restored resource is asked for (`asDatabaseInstance()`, `asVolume()`, …); it depends on the
 * resource that answers `CreatedResourceArn` (the RestoreJob resource, or its last wait link).
 */
export interface RestoredResourceProperties {
  /** The restored resource (`Fn::GetAtt` CreatedResourceArn). */
  readonly CreatedResourceArn: string;
  /** Which read API describes it. */
  readonly Kind: RestoredResourceKind;
  /** The job that restored it (`Fn::GetAtt` RestoreJobId), for log lines and messages. */
  readonly RestoreJobId: string;
}

/** What a `Custom::BackupRestoredResource` reads. */
export type RestoredResourceKind =
  | 'rds-instance' // RDS DescribeDBInstances
  | 'rds-cluster' // RDS DescribeDBClusters (Aurora)
  | 'docdb-cluster' // RDS DescribeDBClusters (Engine docdb)
  | 'neptune-cluster' // RDS DescribeDBClusters (Engine neptune)
  | 'redshift-cluster' // Redshift DescribeClusters
  | 'ebs-volume' // EC2 DescribeVolumes
  | 'ec2-instance' // EC2 DescribeInstances
  | 'fsx-file-system' // FSx DescribeFileSystems
  | 'efs-file-system'; // EFS DescribeFileSystems

/**
 * Attributes of a `Custom::BackupRestoredResource`, by kind. Every key of its kind is always present (empty when
 * AWS gave none), as strings; the response stays far under CloudFormation's 4096 bytes.
 */
export interface RestoredDatabaseInstanceAttributes {
  readonly DBInstanceIdentifier: string;
  readonly EndpointAddress: string;
  readonly EndpointPort: string;
  /** `DbiResourceId` (for IAM database authentication). */
  readonly ResourceId: string;
  readonly AvailabilityZone: string;
  readonly Engine: string;
}

export interface RestoredDatabaseClusterAttributes {
  readonly DBClusterIdentifier: string;
  /** Writer endpoint. */
  readonly EndpointAddress: string;
  readonly ReaderEndpointAddress: string;
  readonly EndpointPort: string;
  /** `DbClusterResourceId`. */
  readonly ResourceId: string;
  readonly Engine: string;
}

export interface RestoredRedshiftClusterAttributes {
  readonly ClusterIdentifier: string;
  readonly EndpointAddress: string;
  readonly EndpointPort: string;
}

export interface RestoredVolumeAttributes {
  readonly VolumeId: string;
  readonly AvailabilityZone: string;
}

export interface RestoredInstanceAttributes {
  readonly InstanceId: string;
  readonly PrivateIpAddress: string;
  readonly AvailabilityZone: string;
}

export interface RestoredFsxFileSystemAttributes {
  readonly FileSystemId: string;
  readonly DNSName: string;
  /** `LUSTRE`, `WINDOWS`, `ONTAP` or `OPENZFS`. */
  readonly FileSystemType: string;
  /** Lustre only (empty for the other types). */
  readonly LustreMountName: string;
}

export interface RestoredEfsFileSystemAttributes {
  readonly FileSystemId: string;
}

export type RestoredResourceAttributes =
  | RestoredDatabaseInstanceAttributes
  | RestoredDatabaseClusterAttributes
  | RestoredRedshiftClusterAttributes
  | RestoredVolumeAttributes
  | RestoredInstanceAttributes
  | RestoredFsxFileSystemAttributes
  | RestoredEfsFileSystemAttributes;

/**
 * `Custom::BackupRecoveryPointSet`: one recovery point per resource, all from the same moment, chosen once when the
 * resource is created (RecoveryPointSet). Its choice is recorded in its physical id: an update that leaves the
 * choice input as it was, or a rollback to the previous input, answers the same points.
 */
export interface RecoveryPointSetResourceProperties {
  /** The vault to list. */
  readonly BackupVaultName: string;
  /** Account that owns the vault, for copied or shared vaults. */
  readonly BackupVaultAccountId?: string;
  /** The resources, in the construct's order: attribute `RecoveryPointArn<i>` answers the i-th (0-based). */
  readonly ResourceArns: string[];
  /** Whole seconds the chosen points may be apart. */
  readonly MaxSkewSeconds: string;
  /** ISO-8601: only points created after it. */
  readonly CreatedAfter?: string;
  /** Whole seconds before the deploy's time: only points at most this old. */
  readonly MaxAgeSeconds?: string;
}

/** Attributes of a `Custom::BackupRecoveryPointSet` (all strings, every key always present). */
export interface RecoveryPointSetAttributes {
  /**
   * `RecoveryPointArn0`, `RecoveryPointArn1`, …: the point chosen for `ResourceArns[i]`. (A string index, not a
   * `RecoveryPointArn${number}` pattern, so the isComplete handler's union of answers stays readable by key.)
   */
  readonly [recoveryPointArnOfResource: string]: string;
  /** Whole seconds between the oldest and the newest chosen point (rounded down). */
  readonly SpreadSeconds: string;
  /** ISO-8601 creation dates of the oldest and the newest chosen point. */
  readonly OldestCreationDate: string;
  readonly NewestCreationDate: string;
}
