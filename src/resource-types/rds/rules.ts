import { KeySpec, ResourceTypeRules, RuleContext } from '../../validation/types';
import { DB_IDENTIFIER, DB_IDENTIFIER_RULE, checkPattern, isContinuous } from '../rule-helpers';

const RDS_STORAGE_TYPES = ['standard', 'gp2', 'gp3', 'io1', 'io2'];

/**
 * Restore-time keys of an RDS DB instance: `RestoreTime`, the RestoreDBInstanceToPointInTime parameter the
 * RDS restore page points to ("Restore an RDS database", restoring-rds.html), and the key of the RDS example of
 * "Continuous backups and point-in-time recovery (PITR)" (point-in-time-recovery.html).
 */
const INSTANCE_POINT_IN_TIME_KEYS: Record<string, KeySpec> = {
  RestoreTime: { kind: 'timestamp' },
  UseLatestRestorableTime: { kind: 'boolean' },
};

/**
 * Restore-time keys of a cluster: `restoreToTime`, as "Restoring an Amazon Aurora cluster" (restoring-aur.html,
 * "Restore a cluster to a point in time (PITR)") lists it: "restoreToTime // timestamp; must be specified if
 * UseLatestRestorableTime parameter isn't provided" (RestoreDBClusterToPointInTime's `RestoreToTime`).
 * Disagreement: the PITR page (point-in-time-recovery.html, "Metadata parameters for RDS PITR restore") lists
 * `RestoreTime` for "RDS and Aurora"; the Aurora page and the RDS API name the cluster's parameter
 * RestoreToTime, and `RestoreTime` on a cluster is a near miss of it (an error naming `restoreToTime`).
 */
const CLUSTER_POINT_IN_TIME_KEYS: Record<string, KeySpec> = {
  restoreToTime: { kind: 'timestamp', spellings: ['RestoreToTime'] },
  UseLatestRestorableTime: { kind: 'boolean', spellings: ['useLatestRestorableTime'] },
};

/** Point-in-time rules shared by instances (`RestoreTime`) and clusters (`restoreToTime`). */
function checkPointInTime(ctx: RuleContext, prefix: string, timeKey: string, cluster: boolean): void {
  // The restore time and UseLatestRestorableTime exclude each other (stated in the RDS API reference).
  if (ctx.has(timeKey) && ctx.bool('UseLatestRestorableTime') === true) {
    ctx.error(`${prefix}-restore-time-conflict`, timeKey,
      `'${ctx.spelling(timeKey)}'${ctx.show(timeKey)} and 'UseLatestRestorableTime' = 'true' exclude each other. Fix: set one of them.`);
  }
  // A cluster's continuous recovery point has the plain recovery-point ARN shape (the PITR page's Aurora example:
  // arn:aws:backup:…:recovery-point:2FC4C6F8-…), so for clusters only an RDS cluster-snapshot ARN says "snapshot".
  const continuous = cluster
    ? ctx.recoveryPointArn?.startsWith('arn:') && ctx.recoveryPointArn.split(':')[2] === 'rds' ? false : isContinuous(ctx) || undefined
    : isContinuous(ctx);
  const hasTime = ctx.has(timeKey) || ctx.has('UseLatestRestorableTime');
  if (continuous === true && !hasTime) {
    ctx.warn(`${prefix}-continuous-needs-restore-time`, timeKey,
      `the recovery point is a continuous (point-in-time) backup, but neither '${timeKey}' nor 'UseLatestRestorableTime' is set. Fix: set restoreTime (ISO-8601 UTC, rendered as '${timeKey}') or useLatestRestorableTime: true.`);
  } else if (continuous === false && ctx.has(timeKey)) {
    ctx.warn(`${prefix}-restore-time-needs-continuous`, timeKey,
      `'${ctx.spelling(timeKey)}'${ctx.show(timeKey)} is set, but the recovery point is a snapshot, not a continuous backup, so there is no point in time to choose. Fix: remove ${timeKey}, or restore a continuous recovery point.`);
  }
}

/**
 * RDS DB instance restore metadata: any RestoreDBInstanceFromDBSnapshot / RestoreDBInstanceToPointInTime
 * parameter is accepted (an open key set).
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-rds.html
 */
export const RDS_RULES: ResourceTypeRules = {
  // A restore always creates a new DB instance (DBInstanceIdentifier).
  removal: { unsupported: () => undefined, nameKey: 'DBInstanceIdentifier' },
  resourceType: 'RDS',
  openKeySet: true,
  keys: {
    DBInstanceIdentifier: { kind: 'string' },
    DBInstanceClass: { kind: 'string' },
    DBSubnetGroupName: { kind: 'string' },
    VpcSecurityGroupIds: { kind: 'json-array' },
    AvailabilityZone: { kind: 'string' },
    MultiAZ: { kind: 'boolean' },
    Port: { kind: 'integer', min: 1150, max: 65535 },
    AllocatedStorage: { kind: 'integer', min: 1 },
    StorageType: { kind: 'enum', values: RDS_STORAGE_TYPES },
    Iops: { kind: 'integer', min: 1 },
    StorageThroughput: { kind: 'integer', min: 1 },
    OptionGroupName: { kind: 'string' },
    DBParameterGroupName: { kind: 'string' },
    PubliclyAccessible: { kind: 'boolean' },
    EnableIAMDatabaseAuthentication: { kind: 'boolean' },
    EnableCloudwatchLogsExports: { kind: 'json-array' },
    DeletionProtection: { kind: 'boolean' },
    CopyTagsToSnapshot: { kind: 'boolean' },
    AutoMinorVersionUpgrade: { kind: 'boolean' },
    // Information only: AWS Backup ignores them (stated on the RDS restore page).
    EngineVersion: { kind: 'string', ignoredByAws: true },
    KmsKeyId: { kind: 'string', ignoredByAws: true },
    Encrypted: { kind: 'string', ignoredByAws: true },
    vpcId: { kind: 'string', ignoredByAws: true },
    ...INSTANCE_POINT_IN_TIME_KEYS,
  },
  // Recorded by AWS Backup in an RDS recovery point's metadata, not taken back by StartRestoreJob (reported:
  // a restore with DBSnapshotIdentifier fails within seconds; the recovery point is the RecoveryPointArn).
  recordedOnly: ['DBSnapshotIdentifier', 'InformationalOnly:*'],
  requiredInferred: ['DBInstanceIdentifier'],
  check: ctx => {
    checkPattern(ctx, 'rds-identifier', 'DBInstanceIdentifier', DB_IDENTIFIER, DB_IDENTIFIER_RULE);
    const cls = ctx.value('DBInstanceClass');
    if (cls !== undefined && !/^db\.[a-z0-9-]+\.[a-z0-9-]+$/.test(cls)) {
      ctx.warn('rds-instance-class', 'DBInstanceClass',
        `'${ctx.spelling('DBInstanceClass')}'${ctx.show('DBInstanceClass')} does not look like an RDS instance class such as 'db.r6g.large'. Fix: pass instanceType (an ec2.InstanceType) to the typed factory, which adds the 'db.' prefix.`);
    }
    // Provisioned IOPS only for io1/io2/gp3 storage (inferred from the RDS storage documentation).
    const storage = ctx.value('StorageType');
    if (ctx.has('Iops') && storage !== undefined && !['io1', 'io2', 'gp3'].includes(storage)) {
      ctx.warn('rds-iops-storage-type', 'Iops',
        `'${ctx.spelling('Iops')}'${ctx.show('Iops')} is set, but 'StorageType'${ctx.show('StorageType')} takes no provisioned IOPS (only io1, io2 and gp3 do). Fix: remove Iops or choose io1, io2 or gp3.`);
    }
    checkPointInTime(ctx, 'rds', 'RestoreTime', false);
  },
};

/**
 * The keys a cluster page lists, in the page's spelling (lower camel case), for the example's spelling
 * (PascalCase, as AWS Backup records them) to be canonical and the page's accepted without a warning.
 */
function asListed(spec: KeySpec, listed: string): KeySpec {
  return { ...spec, spellings: [...spec.spellings ?? [], listed] };
}

/**
 * The rules of a cluster engine restored through the RDS API (Aurora, DocumentDB, Neptune). Keys as the three
 * pages list them ("Restoring an Amazon Aurora cluster", "Restoring a DocumentDB cluster", "Restore a Neptune
 * cluster"), spelled as AWS's recorded example spells them.
 */
function clusterRules(resourceType: string, engines: readonly string[], prefix: string, backtrack: boolean, stated: boolean): ResourceTypeRules {
  return {
    resourceType,
    // A restore always creates a new cluster (DBClusterIdentifier), without instances (restoring-aur.html:
    // "it does not create or attach an Amazon RDS instance to your cluster").
    removal: { unsupported: () => undefined, nameKey: 'DBClusterIdentifier' },
    openKeySet: true,
    keys: {
      DBClusterIdentifier: asListed({ kind: 'string' }, 'dbClusterIdentifier'),
      Engine: asListed({ kind: 'enum', values: engines, inferred: true }, 'engine'),
      EngineVersion: asListed({ kind: 'string' }, 'engineVersion'),
      EngineMode: asListed({ kind: 'enum', values: ['provisioned', 'serverless', 'parallelquery', 'global', 'multimaster'] }, 'engineMode'),
      AvailabilityZones: asListed({ kind: 'json-array' }, 'availabilityZones'),
      BacktrackWindow: asListed({ kind: 'integer', min: 0, max: 259200 }, 'backtrackWindow'),
      CopyTagsToSnapshot: asListed({ kind: 'boolean' }, 'copyTagsToSnapshot'),
      DatabaseName: asListed({ kind: 'string' }, 'databaseName'),
      DBClusterParameterGroupName: asListed({ kind: 'string' }, 'dbClusterParameterGroupName'),
      DBSubnetGroupName: asListed({ kind: 'string' }, 'dbSubnetGroupName'),
      EnableCloudwatchLogsExports: asListed({ kind: 'json-array' }, 'enableCloudwatchLogsExports'),
      EnableIAMDatabaseAuthentication: asListed({ kind: 'boolean' }, 'enableIAMDatabaseAuthentication'),
      DeletionProtection: { kind: 'boolean' },
      KmsKeyId: asListed({ kind: 'string' }, 'kmsKeyId'),
      Port: asListed({ kind: 'integer', min: 1150, max: 65535 }, 'port'),
      OptionGroupName: asListed({ kind: 'string' }, 'optionGroupName'),
      ScalingConfiguration: asListed({ kind: 'json-object' }, 'scalingConfiguration'),
      ServerlessV2ScalingConfiguration: { kind: 'json-object' },
      VpcSecurityGroupIds: asListed({ kind: 'json-array' }, 'vpcSecurityGroupIds'),
      ...CLUSTER_POINT_IN_TIME_KEYS,
    },
    recordedOnly: ['DBClusterSnapshotIdentifier', 'InformationalOnly:*'],
    // Aurora: "// Required metadata: dbClusterIdentifier, engine" (restoring-aur.html, snapshot and PITR
    // restores) — an error. The DocumentDB and Neptune pages list the keys without marking any required: a warning.
    ...(stated ? { required: ['DBClusterIdentifier', 'Engine'] } : { requiredInferred: ['DBClusterIdentifier', 'Engine'] }),
    check: ctx => {
      checkPattern(ctx, `${prefix}-identifier`, 'DBClusterIdentifier', DB_IDENTIFIER, DB_IDENTIFIER_RULE);

      // Only the cluster is restored (stated for DocumentDB and Neptune, and the same for Aurora).
      ctx.warn('cluster-instances-not-restored', undefined,
        `AWS Backup restores the ${resourceType} cluster only, without DB instances: the restored cluster cannot serve connections until you add at least one instance. Fix: add instances to the restored cluster after the restore (for example with a DB instance resource that depends on this RestoreJob), then acknowledge this warning.`);

      if (ctx.has('BacktrackWindow')) {
        const engine = ctx.value('Engine');
        if (!backtrack || (engine !== undefined && engine !== 'aurora-mysql' && engine !== 'aurora')) {
          ctx.warn(`${prefix}-backtrack-unsupported`, 'BacktrackWindow',
            `'${ctx.spelling('BacktrackWindow')}'${ctx.show('BacktrackWindow')} is set, but backtracking exists for Aurora MySQL only. Fix: remove BacktrackWindow.`);
        }
      }
      const mode = ctx.value('EngineMode');
      if (ctx.has('ScalingConfiguration') && mode !== undefined && mode !== 'serverless') {
        ctx.warn(`${prefix}-scaling-needs-serverless`, 'ScalingConfiguration',
          `'ScalingConfiguration' applies to EngineMode 'serverless' only, and 'EngineMode' is${ctx.show('EngineMode')}. Fix: remove ScalingConfiguration (Serverless v2 uses ServerlessV2ScalingConfiguration).`);
      }
      checkPointInTime(ctx, prefix, 'restoreToTime', true);
    },
  };
}

/**
 * Aurora cluster restore metadata.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-aur.html
 */
export const AURORA_RULES = clusterRules('Aurora', ['aurora-mysql', 'aurora-postgresql', 'aurora'], 'aurora', true, true);

/**
 * DocumentDB cluster restore metadata.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-docdb.html
 */
export const DOCUMENTDB_RULES = clusterRules('DocumentDB', ['docdb'], 'documentdb', false, false);

/**
 * Neptune cluster restore metadata.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-nep.html
 */
export const NEPTUNE_RULES = clusterRules('Neptune', ['neptune'], 'neptune', false, false);
