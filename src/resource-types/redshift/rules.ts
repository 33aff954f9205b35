import { ResourceTypeRules } from '../../validation/types';

const TABLE_KEYS = ['SourceDatabaseName', 'SourceSchemaName', 'SourceTableName', 'NewTableName'];

/**
 * Redshift restore metadata: the keys "Restore an Amazon Redshift cluster" lists (RestoreFromClusterSnapshot's
 * parameters, "ClusterIdentifier // required string"), plus the table-restore keys; any other
 * RestoreFromClusterSnapshot parameter is accepted (an open key set).
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/redshift-restores.html
 */
export const REDSHIFT_RULES: ResourceTypeRules = {
  // CLUSTER_RESTORE creates a new cluster (ClusterIdentifier); table and namespace restores write into existing ones.
  removal: {
    unsupported: ctx => {
      const type = ctx.value('RestoreType');
      return type === undefined || type === 'CLUSTER_RESTORE'
        ? undefined
        : `'RestoreType' is${ctx.show('RestoreType')} not 'CLUSTER_RESTORE', so the restore writes into an existing cluster or namespace, which is not this stack's to delete`;
    },
    nameKey: 'ClusterIdentifier',
  },
  resourceType: 'Redshift',
  openKeySet: true,
  keys: {
    RestoreType: { kind: 'enum', values: ['CLUSTER_RESTORE', 'TABLE_RESTORE', 'NAMESPACE_RESTORE'] },
    ClusterIdentifier: { kind: 'string' },
    NodeType: { kind: 'string' },
    NumberOfNodes: { kind: 'integer', min: 1 },
    Encrypted: { kind: 'boolean' },
    KmsKeyId: { kind: 'string' },
    ClusterSubnetGroupName: { kind: 'string' },
    ClusterParameterGroupName: { kind: 'string' },
    VpcSecurityGroupIds: { kind: 'json-array' },
    IamRoles: { kind: 'json-array' },
    Port: { kind: 'integer', min: 1150, max: 65535 },
    PubliclyAccessible: { kind: 'boolean' },
    EnhancedVpcRouting: { kind: 'boolean' },
    AvailabilityZone: { kind: 'string' },
    ManageMasterPassword: { kind: 'boolean' },
    MasterPasswordSecretKmsKeyId: { kind: 'string' },
    AutomatedSnapshotRetentionPeriod: { kind: 'integer', min: 0, max: 35 },
    ManualSnapshotRetentionPeriod: { kind: 'integer', min: -1, max: 3653 },
    SourceDatabaseName: { kind: 'string' },
    SourceSchemaName: { kind: 'string' },
    SourceTableName: { kind: 'string' },
    TargetDatabaseName: { kind: 'string' },
    TargetSchemaName: { kind: 'string' },
    NewTableName: { kind: 'string' },
    EnableCaseSensitiveIdentifier: { kind: 'boolean' },
    AdditionalInfo: { kind: 'string' },
    AllowVersionUpgrade: { kind: 'boolean' },
    AquaConfigurationStatus: { kind: 'string' },
    AvailabilityZoneRelocation: { kind: 'boolean' },
    ClusterSecurityGroups: { kind: 'json-array' },
    DefaultIamRoleArn: { kind: 'string' },
    ElasticIp: { kind: 'string' },
    HsmClientCertificateIdentifier: { kind: 'string' },
    HsmConfigurationIdentifier: { kind: 'string' },
    MaintenanceTrackName: { kind: 'string' },
    OwnerAccount: { kind: 'string' },
    PreferredMaintenanceWindow: { kind: 'string' },
    ReservedNodeId: { kind: 'string' },
    SnapshotClusterIdentifier: { kind: 'string' },
    SnapshotScheduleIdentifier: { kind: 'string' },
    TargetReservedNodeOfferingId: { kind: 'string' },
  },
  // "ClusterIdentifier // required string" (redshift-restores.html): an error. RestoreType has no "required"
  // on the page (its values are listed): still only expected.
  required: ['ClusterIdentifier'],
  requiredInferred: ['RestoreType'],
  check: ctx => {
    const cid = ctx.value('ClusterIdentifier');
    if (cid !== undefined && !/^[a-z](?!.*--)[a-z0-9-]{0,62}(?<!-)$/.test(cid)) {
      ctx.error('redshift-cluster-identifier', 'ClusterIdentifier',
        `'${ctx.spelling('ClusterIdentifier')}'${ctx.show('ClusterIdentifier')} is not a valid Redshift cluster identifier: 1 to 63 lower-case letters, digits or hyphens, starting with a letter, no two consecutive hyphens and no trailing hyphen. Fix: choose such a name.`);
    }
    const type = ctx.value('RestoreType');
    if (type === 'TABLE_RESTORE') {
      // A table restore needs the source and the new table's names (inferred from RestoreTableFromClusterSnapshot).
      const missing = TABLE_KEYS.filter(k => !ctx.has(k));
      if (missing.length > 0) {
        ctx.warn('redshift-table-restore-names', missing[0],
          `'RestoreType' is 'TABLE_RESTORE', but ${missing.map(k => `'${k}'`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing. Fix: name the source database, schema and table, and the new table (RestoreMetadata.redshiftTable does).`);
      }
    } else if (type !== undefined) {
      const stray = TABLE_KEYS.filter(k => ctx.has(k));
      if (stray.length > 0) {
        ctx.warn('redshift-table-keys-ignored', stray[0],
          `${stray.map(k => `'${ctx.spelling(k)}'`).join(', ')} apply to table restores only, but 'RestoreType' is${ctx.show('RestoreType')}, so they are ignored. Fix: remove them, or set RestoreType to 'TABLE_RESTORE'.`);
      }
    }
    if (ctx.has('KmsKeyId') && ctx.bool('Encrypted') === false) {
      ctx.warn('redshift-kms-requires-encryption', 'KmsKeyId',
        `'${ctx.spelling('KmsKeyId')}'${ctx.show('KmsKeyId')} is set, but 'Encrypted' is 'false'. Fix: set Encrypted to 'true', or remove KmsKeyId.`);
    }
  },
};
