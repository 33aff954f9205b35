import { jsonArray, jsonObject, member, present } from './helpers';
import { ResourceTypeRules, RuleContext } from '../types';

const CONFIG_KEYS = ['lustreConfiguration', 'windowsConfiguration', 'ontapConfiguration', 'openZfsConfiguration'];

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
 * configuration key present tells which.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-fsx.html
 */
export const FSX_RULES: ResourceTypeRules = {
  resourceType: 'FSx',
  keys: {
    subnetIds: { kind: 'json-array', minItems: 1 },
    securityGroupIds: { kind: 'json-array' },
    kmsKeyId: { kind: 'string' },
    name: { kind: 'string' },
    lustreConfiguration: { kind: 'json-object' },
    windowsConfiguration: { kind: 'json-object' },
    ontapConfiguration: { kind: 'json-object' },
    openZfsConfiguration: { kind: 'json-object' },
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
    const hasSubnets = ctx.has('subnetIds');

    switch (family) {
      case 'windowsConfiguration': {
        // Windows File Server: subnetIds and windowsConfiguration.activeDirectoryId are required (stated).
        if (!hasSubnets) {
          ctx.error('fsx-windows-needs-subnets', 'subnetIds',
            "'subnetIds' is required to restore an FSx for Windows File Server file system and is missing. Fix: set subnets (one, or two for Multi-AZ).");
        }
        const cfg = jsonObject(ctx, 'windowsConfiguration');
        if (cfg !== undefined) {
          if (!present(member(cfg, 'activeDirectoryId'))) {
            ctx.error('fsx-windows-needs-active-directory', 'windowsConfiguration',
              `'windowsConfiguration'${ctx.show('windowsConfiguration')} has no 'activeDirectoryId'; AWS Backup requires the AWS Managed Microsoft AD directory to join. Fix: set activeDirectoryId (e.g. 'd-1234567890').`);
          }
          checkMemberInteger(ctx, 'windowsConfiguration', cfg, 'throughputCapacity', 8, 12288);
          const preferred = member(cfg, 'preferredSubnetId');
          const subnets = jsonArray(ctx, 'subnetIds');
          if (typeof preferred === 'string' && subnets !== undefined && !subnets.includes(preferred)) {
            ctx.warn('fsx-windows-preferred-subnet', 'windowsConfiguration',
              `'windowsConfiguration.preferredSubnetId'${ctx.redactValues ? '' : ` (${ctx.showPart(preferred, '')})`} is not one of 'subnetIds'${ctx.show('subnetIds')}. Fix: choose the preferred subnet among the subnets.`);
          }
        }
        break;
      }
      case 'ontapConfiguration': {
        // ONTAP volumes: the storage virtual machine decides the network (stated); subnet ids are ignored.
        const cfg = jsonObject(ctx, 'ontapConfiguration');
        if (cfg !== undefined) {
          if (!present(member(cfg, 'storageVirtualMachineId'))) {
            ctx.error('fsx-ontap-needs-svm', 'ontapConfiguration',
              `'ontapConfiguration'${ctx.show('ontapConfiguration')} has no 'storageVirtualMachineId'; AWS Backup restores an ONTAP volume into a storage virtual machine. Fix: set storageVirtualMachineId (e.g. 'svm-0123456789abcdef0').`);
          }
          const junction = member(cfg, 'junctionPath');
          if (junction !== undefined && (typeof junction !== 'string' || !junction.startsWith('/'))) {
            ctx.error('fsx-configuration-value', 'ontapConfiguration',
              `'ontapConfiguration.junctionPath'${ctx.redactValues ? '' : ` is ${ctx.showPart(junction, '')},`} must be an absolute path such as '/vol1'. Fix: start it with '/'.`);
          }
          checkMemberEnum(ctx, 'ontapConfiguration', cfg, 'ontapVolumeType', ['RW', 'DP']);
          checkMemberEnum(ctx, 'ontapConfiguration', cfg, 'securityStyle', ['UNIX', 'NTFS', 'MIXED']);
          checkMemberInteger(ctx, 'ontapConfiguration', cfg, 'sizeInMegabytes', 0);
          const tiering = member(cfg, 'tieringPolicy');
          if (tiering !== null && typeof tiering === 'object' && !Array.isArray(tiering)) {
            checkMemberEnum(ctx, 'ontapConfiguration', tiering as Record<string, unknown>, 'name', ['SNAPSHOT_ONLY', 'AUTO', 'ALL', 'NONE']);
            checkMemberInteger(ctx, 'ontapConfiguration', tiering as Record<string, unknown>, 'coolingPeriod', 2, 183);
          }
        }
        if (hasSubnets) {
          ctx.warn('fsx-ontap-subnets-ignored', 'subnetIds',
            `'subnetIds'${ctx.show('subnetIds')} is set, but an ONTAP volume is restored into its storage virtual machine, whose file system decides the subnets: AWS Backup ignores it. Fix: remove subnetIds.`);
        }
        break;
      }
      case 'openZfsConfiguration': {
        if (!hasSubnets) {
          ctx.warn('fsx-openzfs-needs-subnets', 'subnetIds',
            "'subnetIds' is missing; restoring an FSx for OpenZFS file system is expected to need it. Fix: set subnets.");
        }
        const cfg = jsonObject(ctx, 'openZfsConfiguration');
        if (cfg !== undefined) {
          checkMemberEnum(ctx, 'openZfsConfiguration', cfg, 'deploymentType',
            ['SINGLE_AZ_1', 'SINGLE_AZ_2', 'SINGLE_AZ_HA_1', 'SINGLE_AZ_HA_2', 'MULTI_AZ_1']);
          checkMemberInteger(ctx, 'openZfsConfiguration', cfg, 'throughputCapacity', 64);
          const iops = member(cfg, 'diskIopsConfiguration');
          if (iops !== null && typeof iops === 'object' && !Array.isArray(iops)) {
            checkMemberEnum(ctx, 'openZfsConfiguration', iops as Record<string, unknown>, 'mode', ['AUTOMATIC', 'USER_PROVISIONED']);
          }
        }
        break;
      }
      case 'lustreConfiguration': {
        // Lustre: subnetIds required (stated).
        if (!hasSubnets) {
          ctx.error('fsx-lustre-needs-subnets', 'subnetIds',
            "'subnetIds' is required to restore an FSx for Lustre file system and is missing. Fix: set subnets.");
        }
        const cfg = jsonObject(ctx, 'lustreConfiguration');
        if (cfg !== undefined) {
          checkMemberEnum(ctx, 'lustreConfiguration', cfg, 'deploymentType', ['SCRATCH_1', 'SCRATCH_2', 'PERSISTENT_1', 'PERSISTENT_2']);
        }
        break;
      }
      default:
        // No configuration: a Lustre, Windows or OpenZFS restore still needs subnets.
        if (!hasSubnets) {
          ctx.warn('fsx-needs-subnets', 'subnetIds',
            "'subnetIds' is missing; FSx for Lustre, Windows File Server and OpenZFS restores need it (only ONTAP volumes do not). Fix: set subnetIds, or use a typed FSx factory.");
        }
    }
  },
};
