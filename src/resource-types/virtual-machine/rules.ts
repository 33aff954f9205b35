import { ResourceTypeRules } from '../../validation/types';
import { jsonArray } from '../rule-helpers';

const VMWARE_KEYS = ['HypervisorArn', 'VMName', 'VMPath', 'ComputeResourceName', 'VMDatastore', 'VMFolder', 'DisksToRestore'];
const EC2_KEYS = ['InstanceType', 'VpcId', 'SubnetId', 'SecurityGroupIds', 'IamInstanceProfileName', 'RequireIMDSv2', 'IsEncrypted'];

/**
 * Virtual machine (VMware, through Backup gateway) restore metadata.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-vm.html
 */
export const VIRTUAL_MACHINE_RULES: ResourceTypeRules = {
  resourceType: 'VirtualMachine',
  openKeySet: true,
  keys: {
    RestoreTo: { kind: 'enum', values: ['VMware', 'EC2Instance', 'EBSVolume'] },
    // To VMware
    HypervisorArn: { kind: 'string' },
    VMName: { kind: 'string' },
    VMPath: { kind: 'string' },
    VMFolder: { kind: 'string' },
    ComputeResourceName: { kind: 'string' },
    VMDatastore: { kind: 'string' },
    DisksToRestore: { kind: 'json-array', minItems: 1 },
    ItemsToRestore: { kind: 'json-array' },
    // To EC2
    InstanceType: { kind: 'string' },
    VpcId: { kind: 'string' },
    SubnetId: { kind: 'string' },
    SecurityGroupIds: { kind: 'json-array' },
    IamInstanceProfileName: { kind: 'string' },
    InstanceInitiatedShutdownBehavior: { kind: 'enum', values: ['stop', 'terminate'] },
    DisableApiTermination: { kind: 'boolean' },
    RequireIMDSv2: { kind: 'boolean' },
    IsEncrypted: { kind: 'boolean' },
    KmsKeyId: { kind: 'string' },
    EbsVolumeType: { kind: 'enum', values: ['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard'] },
    AvailabilityZone: { kind: 'string' },
  },
  required: ['RestoreTo'],
  check: ctx => {
    // DisksToRestore: a JSON array of {DiskId, Label} objects (stated).
    for (const [i, disk] of (jsonArray(ctx, 'DisksToRestore') ?? []).entries()) {
      const d = disk as Record<string, unknown> | null;
      if (d === null || typeof d !== 'object' || Array.isArray(d) || typeof d.DiskId !== 'string' || typeof d.Label !== 'string') {
        ctx.error('vm-disks-to-restore', 'DisksToRestore',
          `'DisksToRestore' item ${ctx.showPart(disk, `#${i + 1}`)} is not an object with string 'DiskId' and 'Label'. Fix: write items like {"DiskId":"2000","Label":"Hard disk 1"} (the typed factory's disks prop does).`);
      }
    }

    const target = ctx.value('RestoreTo');
    if (target === 'VMware') {
      if (!ctx.has('HypervisorArn')) {
        ctx.warn('vm-vmware-needs-hypervisor', 'HypervisorArn',
          "'RestoreTo' is 'VMware', but 'HypervisorArn' is not set. Fix: set the ARN of the Backup gateway hypervisor to restore to.");
      }
      const stray = EC2_KEYS.filter(k => ctx.has(k));
      if (stray.length > 0) {
        ctx.warn('vm-key-for-other-target', stray[0],
          `${stray.map(k => `'${ctx.spelling(k)}'`).join(', ')} apply to restores to EC2, but 'RestoreTo' is 'VMware', so AWS Backup ignores them. Fix: remove them.`);
      }
    } else if (target === 'EC2Instance' || target === 'EBSVolume') {
      const stray = VMWARE_KEYS.filter(k => ctx.has(k));
      if (stray.length > 0) {
        ctx.warn('vm-key-for-other-target', stray[0],
          `${stray.map(k => `'${ctx.spelling(k)}'`).join(', ')} apply to restores to VMware, but 'RestoreTo' is${ctx.show('RestoreTo')}, so AWS Backup ignores them. Fix: remove them.`);
      }
    }
  },
};
