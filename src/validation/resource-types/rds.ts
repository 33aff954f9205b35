import { DB_IDENTIFIER, DB_IDENTIFIER_RULE, checkPattern, isContinuous } from './helpers';
import { KeySpec, ResourceTypeRules, RuleContext } from '../types';

const RDS_STORAGE_TYPES = ['standard', 'gp2', 'gp3', 'io1', 'io2'];

/** Restore-time keys of RestoreDBInstanceToPointInTime / RestoreDBClusterToPointInTime. */
const POINT_IN_TIME_KEYS: Record<string, KeySpec> = {
  RestoreTime: { kind: 'timestamp' },
  UseLatestRestorableTime: { kind: 'boolean' },
};

/** Point-in-time rules shared by instances and clusters. */
function checkPointInTime(ctx: RuleContext, prefix: string): void {
  // RestoreTime and UseLatestRestorableTime exclude each other (stated in the RDS API reference).
  if (ctx.has('RestoreTime') && ctx.bool('UseLatestRestorableTime') === true) {
    ctx.error(`${prefix}-restore-time-conflict`, 'RestoreTime',
      `'${ctx.spelling('RestoreTime')}'${ctx.show('RestoreTime')} and 'UseLatestRestorableTime' = 'true' exclude each other. Fix: set one of them.`);
  }
  const continuous = isContinuous(ctx);
  const hasTime = ctx.has('RestoreTime') || ctx.has('UseLatestRestorableTime');
  if (continuous === true && !hasTime) {
    ctx.warn(`${prefix}-continuous-needs-restore-time`, 'RestoreTime',
      "the recovery point is a continuous (point-in-time) backup, but neither 'RestoreTime' nor 'UseLatestRestorableTime' is set. Fix: set restoreTime (ISO-8601 UTC) or useLatestRestorableTime: true.");
  } else if (continuous === false && ctx.has('RestoreTime')) {
    ctx.warn(`${prefix}-restore-time-needs-continuous`, 'RestoreTime',
      `'${ctx.spelling('RestoreTime')}'${ctx.show('RestoreTime')} is set, but the recovery point is a snapshot, not a continuous backup, so there is no point in time to choose. Fix: remove RestoreTime, or restore a continuous recovery point.`);
  }
}

/**
 * RDS DB instance restore metadata: any RestoreDBInstanceFromDBSnapshot / RestoreDBInstanceToPointInTime
 * parameter is accepted (an open key set).
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-rds.html
 */
export const RDS_RULES: ResourceTypeRules = {
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
    ...POINT_IN_TIME_KEYS,
  },
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
    checkPointInTime(ctx, 'rds');
  },
};

/** The rules of a cluster engine restored through the RDS API (Aurora, DocumentDB, Neptune). */
function clusterRules(resourceType: string, engines: readonly string[], prefix: string, backtrack: boolean): ResourceTypeRules {
  return {
    resourceType,
    openKeySet: true,
    keys: {
      DBClusterIdentifier: { kind: 'string' },
      Engine: { kind: 'enum', values: engines, inferred: true },
      EngineVersion: { kind: 'string' },
      EngineMode: { kind: 'enum', values: ['provisioned', 'serverless', 'parallelquery', 'global', 'multimaster'] },
      AvailabilityZones: { kind: 'json-array' },
      BacktrackWindow: { kind: 'integer', min: 0, max: 259200 },
      CopyTagsToSnapshot: { kind: 'boolean' },
      DatabaseName: { kind: 'string' },
      DBClusterParameterGroupName: { kind: 'string' },
      DBSubnetGroupName: { kind: 'string' },
      EnableCloudwatchLogsExports: { kind: 'json-array' },
      EnableIAMDatabaseAuthentication: { kind: 'boolean' },
      DeletionProtection: { kind: 'boolean' },
      KmsKeyId: { kind: 'string' },
      Port: { kind: 'integer', min: 1150, max: 65535 },
      OptionGroupName: { kind: 'string' },
      ScalingConfiguration: { kind: 'json-object' },
      ServerlessV2ScalingConfiguration: { kind: 'json-object' },
      VpcSecurityGroupIds: { kind: 'json-array' },
      ...POINT_IN_TIME_KEYS,
    },
    requiredInferred: ['DBClusterIdentifier', 'Engine'],
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
      checkPointInTime(ctx, prefix);
    },
  };
}

/**
 * Aurora cluster restore metadata.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-aur.html
 */
export const AURORA_RULES = clusterRules('Aurora', ['aurora-mysql', 'aurora-postgresql', 'aurora'], 'aurora', true);

/**
 * DocumentDB cluster restore metadata.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-docdb.html
 */
export const DOCUMENTDB_RULES = clusterRules('DocumentDB', ['docdb'], 'documentdb', false);

/**
 * Neptune cluster restore metadata.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-nep.html
 */
export const NEPTUNE_RULES = clusterRules('Neptune', ['neptune'], 'neptune', false);
