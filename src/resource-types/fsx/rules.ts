import { ResourceTypeRules, RuleContext } from '../../validation/types';
import { jsonArray, jsonObject, member, present } from '../rule-helpers';

const CONFIG_KEYS = ['LustreConfiguration', 'WindowsConfiguration', 'OntapConfiguration', 'OpenZFSConfiguration'];

/** Check a member of a nested configuration against a list of values (stated by the FSx API). */
function checkMemberEnum(ctx: RuleContext, key: string, obj: Record<string, unknown>, name: string, values: readonly string[]): void {
  const v = member(obj, name);
  if (v !== undefined && (typeof v !== 'string' || !values.includes(v))) {
    ctx.error('fsx-configuration-value', key,
      `'${key}.${name}'${ctx.redactValues ? '' : ` is ${ctx.showPart(v, '')},`} must be one of ${values.map(x => `'${x}'`).join(', ')}. Fix: use one of those values.`);
  }
}

/** Check a numeric member of a nested configuration (a JSON number or a string of digits). */
function checkMemberInteger(ctx: RuleContext, key: string, obj: Record<string, unknown>, name: string, min: number, max?: number): void {
  const v = member(obj, name);
  if (v === undefined) return;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || (max !== undefined && n > max)) {
    ctx.error('fsx-configuration-value', key,
      `'${key}.${name}'${ctx.redactValues ? '' : ` is ${ctx.showPart(v, '')},`} must be a whole number from ${min}${max !== undefined ? ` to ${max}` : ''}. Fix: choose a value in that range.`);
  }
}

/**
 * FSx restore metadata: one ResourceType for Lustre, Windows File Server, NetApp ONTAP and OpenZFS; the
 * configuration key present tells which. Keys as "Restore an FSx file system" lists them (PascalCase top-level
 * keys; Windows, Lustre and OpenZFS members in PascalCase as the page and the FSx API spell them; the ONTAP
 * members in lower camel case as the page lists them).
 * Disagreement: the shared notes said subnets are required for Windows and Lustre; the page marks no key
 * required, but its Windows example and the Lustre console steps give subnets, and FSx cannot create a file
 * system without them: kept as errors for Windows and Lustre.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-fsx.html
 */
export const FSX_RULES: ResourceTypeRules = {
  // Lustre, Windows and OpenZFS restores create a new file system; ONTAP restores a volume into an existing
  // file system's storage virtual machine.
  removal: {
    unsupported: ctx => ctx.has('OntapConfiguration')
      ? 'an ONTAP restore (OntapConfiguration) creates a volume in an existing file system, which is not this stack\'s to delete'
      : undefined,
  },
  resourceType: 'FSx',
  keys: {
    'StorageCapacity': { kind: 'integer', min: 1 },
    'StorageType': { kind: 'enum', values: ['SSD', 'HDD', 'INTELLIGENT_TIERING'] },
    'VpcId': { kind: 'string' },
    'KmsKeyId': { kind: 'string' },
    'SecurityGroupIds': { kind: 'json-array' },
    'SubnetIds': { kind: 'json-array', minItems: 1 },
    'DeploymentType': { kind: 'string' },
    'WeeklyMaintenanceStartTime': { kind: 'string' },
    'DailyAutomaticBackupStartTime': { kind: 'string' },
    'AutomaticBackupRetentionDays': { kind: 'integer', min: 0, max: 90 },
    'CopyTagsToBackups': { kind: 'boolean' },
    'WindowsConfiguration': { kind: 'json-object' },
    'LustreConfiguration': { kind: 'json-object' },
    'OntapConfiguration': { kind: 'json-object' },
    'OpenZFSConfiguration': { kind: 'json-object' },
    // ONTAP: "Name #name of volume to be created".
    'Name': { kind: 'string' },
    'aws:backup:request-id': { kind: 'string' },
    // In the page's "Example restore metadata" (what AWS Backup records) but not in its list of keys to specify.
    'FileSystemType': { kind: 'string', ignoredByAws: true, inferred: true },
    'FileSystemId': { kind: 'string', ignoredByAws: true, inferred: true },
  },
  check: ctx => {
    const configs = CONFIG_KEYS.filter(k => ctx.has(k));
    if (configs.length > 1) {
      // Not stated by AWS, but one restore creates one file system: a warning.
      ctx.warn('fsx-multiple-configurations', configs[1],
        `${configs.map(k => `'${ctx.spelling(k)}'`).join(' and ')} are all set, but one FSx restore creates one kind of file system. Fix: keep the configuration of the backed-up file system's type only.`);
      return;
    }
    const family = configs[0];
    const hasSubnets = ctx.has('SubnetIds');

    switch (family) {
      case 'WindowsConfiguration': {
        if (!hasSubnets) {
          ctx.error('fsx-windows-needs-subnets', 'SubnetIds',
            "'SubnetIds' is required to restore an FSx for Windows File Server file system and is missing. Fix: set subnets (one, or two for Multi-AZ).");
        }
        const cfg = jsonObject(ctx, 'WindowsConfiguration');
        if (cfg !== undefined) {
          // The page lists ActiveDirectoryId among what "you can specify", and its Windows example has none: a
          // warning (the file system joins the backed-up directory; its type cannot change in a restore).
          if (!present(member(cfg, 'ActiveDirectoryId'))) {
            ctx.warn('fsx-windows-active-directory', 'WindowsConfiguration',
              "'WindowsConfiguration' has no 'ActiveDirectoryId': the restored file system joins the backed-up file system's directory, and the type of Active Directory cannot change in a restore. Fix: set ActiveDirectoryId (e.g. 'd-1234567890') to choose an AWS Managed Microsoft AD directory, or acknowledge this warning.");
          }
          checkMemberInteger(ctx, 'WindowsConfiguration', cfg, 'ThroughputCapacity', 8, 12288);
          const preferred = member(cfg, 'PreferredSubnetId');
          const subnets = jsonArray(ctx, 'SubnetIds');
          if (typeof preferred === 'string' && subnets !== undefined && !subnets.includes(preferred)) {
            ctx.warn('fsx-windows-preferred-subnet', 'WindowsConfiguration',
              `'WindowsConfiguration.PreferredSubnetId'${ctx.redactValues ? '' : ` (${ctx.showPart(preferred, '')})`} is not one of 'SubnetIds'${ctx.show('SubnetIds')}. Fix: choose the preferred subnet among the subnets.`);
          }
        }
        break;
      }
      case 'OntapConfiguration': {
        // ONTAP volumes: the storage virtual machine decides the network (stated); subnet ids are ignored.
        const cfg = jsonObject(ctx, 'OntapConfiguration');
        if (cfg !== undefined) {
          if (!present(member(cfg, 'storageVirtualMachineId'))) {
            ctx.error('fsx-ontap-needs-svm', 'OntapConfiguration',
              "'OntapConfiguration' has no 'storageVirtualMachineId'; AWS Backup restores an ONTAP volume into a storage virtual machine. Fix: set storageVirtualMachineId (e.g. 'svm-0123456789abcdef0').");
          }
          const junction = member(cfg, 'junctionPath');
          if (junction !== undefined && (typeof junction !== 'string' || !junction.startsWith('/'))) {
            ctx.error('fsx-configuration-value', 'OntapConfiguration',
              `'OntapConfiguration.junctionPath'${ctx.redactValues ? '' : ` is ${ctx.showPart(junction, '')},`} must be an absolute path such as '/vol1'. Fix: start it with '/'.`);
          }
          checkMemberEnum(ctx, 'OntapConfiguration', cfg, 'ontapVolumeType', ['RW', 'DP']);
          checkMemberEnum(ctx, 'OntapConfiguration', cfg, 'securityStyle', ['UNIX', 'NTFS', 'MIXED']);
          checkMemberInteger(ctx, 'OntapConfiguration', cfg, 'sizeInMegabytes', 0);
          const tiering = member(cfg, 'tieringPolicy');
          if (tiering !== null && typeof tiering === 'object' && !Array.isArray(tiering)) {
            checkMemberEnum(ctx, 'OntapConfiguration', tiering as Record<string, unknown>, 'name', ['SNAPSHOT_ONLY', 'AUTO', 'ALL', 'NONE']);
            checkMemberInteger(ctx, 'OntapConfiguration', tiering as Record<string, unknown>, 'coolingPeriod', 2, 183);
          }
        }
        if (hasSubnets) {
          ctx.warn('fsx-ontap-subnets-ignored', 'SubnetIds',
            `'SubnetIds'${ctx.show('SubnetIds')} is set, but an ONTAP volume is restored into its storage virtual machine, whose file system decides the subnets: AWS Backup ignores it. Fix: remove SubnetIds.`);
        }
        break;
      }
      case 'OpenZFSConfiguration': {
        if (!hasSubnets) {
          ctx.warn('fsx-openzfs-needs-subnets', 'SubnetIds',
            "'SubnetIds' is missing; restoring an FSx for OpenZFS file system is expected to need it. Fix: set subnets.");
        }
        const cfg = jsonObject(ctx, 'OpenZFSConfiguration');
        if (cfg !== undefined) {
          checkMemberEnum(ctx, 'OpenZFSConfiguration', cfg, 'DeploymentType',
            ['SINGLE_AZ_1', 'SINGLE_AZ_2', 'SINGLE_AZ_HA_1', 'SINGLE_AZ_HA_2', 'MULTI_AZ_1']);
          checkMemberInteger(ctx, 'OpenZFSConfiguration', cfg, 'ThroughputCapacity', 64);
          const iops = member(cfg, 'DiskIopsConfiguration');
          if (iops !== null && typeof iops === 'object' && !Array.isArray(iops)) {
            const disk = iops as Record<string, unknown>;
            checkMemberEnum(ctx, 'OpenZFSConfiguration', disk, 'Mode', ['AUTOMATIC', 'USER_PROVISIONED']);
            // "DiskIopsConfiguration - When specifying Iops for SSD storage class, use a value between 0 and
            // 160,000. Do not include Mode when Iops is specified." (restoring-fsx.html)
            checkMemberInteger(ctx, 'OpenZFSConfiguration', disk, 'Iops', 0, 160000);
            if (member(disk, 'Iops') !== undefined && member(disk, 'Mode') !== undefined) {
              ctx.error('fsx-openzfs-mode-with-iops', 'OpenZFSConfiguration',
                "'OpenZFSConfiguration.DiskIopsConfiguration' sets both 'Mode' and 'Iops'; AWS Backup's FSx restore page says: do not include Mode when Iops is specified. Fix: remove Mode (the typed factory's diskIops sends Iops only).");
            }
          }
        }
        break;
      }
      case 'LustreConfiguration': {
        if (!hasSubnets) {
          ctx.error('fsx-lustre-needs-subnets', 'SubnetIds',
            "'SubnetIds' is required to restore an FSx for Lustre file system and is missing. Fix: set subnets.");
        }
        const cfg = jsonObject(ctx, 'LustreConfiguration');
        if (cfg !== undefined) {
          checkMemberEnum(ctx, 'LustreConfiguration', cfg, 'DeploymentType', ['SCRATCH_1', 'SCRATCH_2', 'PERSISTENT_1', 'PERSISTENT_2']);
          // "DriveCacheType ... This parameter is required when StorageType is set to HDD." (restoring-fsx.html)
          if (ctx.value('StorageType') === 'HDD' && member(cfg, 'DriveCacheType') === undefined) {
            ctx.error('fsx-lustre-hdd-drive-cache', 'LustreConfiguration',
              "'StorageType' is 'HDD', but 'LustreConfiguration' has no 'DriveCacheType', which the FSx restore page requires with HDD storage. Fix: set DriveCacheType ('NONE' or 'READ').");
          }
        }
        break;
      }
      default:
        // No configuration: a Lustre, Windows or OpenZFS restore still needs subnets.
        if (!hasSubnets) {
          ctx.warn('fsx-needs-subnets', 'SubnetIds',
            "'SubnetIds' is missing; FSx for Lustre, Windows File Server and OpenZFS restores need it (only ONTAP volumes do not). Fix: set SubnetIds, or use a typed FSx factory.");
        }
    }
  },
};
