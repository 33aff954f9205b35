import { ResourceTypeRules } from '../types';

/**
 * EBS volume restore metadata (keys are lower camel case on AWS's side).
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-ebs.html
 */
export const EBS_RULES: ResourceTypeRules = {
  resourceType: 'EBS',
  keys: {
    availabilityZone: { kind: 'string' },
    encrypted: { kind: 'boolean' },
    kmsKeyId: { kind: 'string' },
    volumeType: { kind: 'enum', values: ['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard'] },
    volumeSize: { kind: 'integer', min: 1, max: 65536 },
    iops: { kind: 'integer', min: 100 },
    throughput: { kind: 'integer', min: 125 },
  },
  requiredInferred: ['availabilityZone'],
  check: ctx => {
    // kmsKeyId ⇒ encrypted=true (inferred: the restore-testing metadata pairs them).
    if (ctx.has('kmsKeyId') && !ctx.isUnresolved('encrypted') && ctx.bool('encrypted') !== true) {
      ctx.warn('ebs-kms-requires-encryption', 'kmsKeyId',
        `'${ctx.spelling('kmsKeyId')}'${ctx.show('kmsKeyId')} is set, but 'encrypted' is${ctx.has('encrypted') ? ctx.show('encrypted') : ' not set'}, so the key may be ignored. Fix: set encrypted to 'true', or remove kmsKeyId.`);
    }
    const type = ctx.value('volumeType');
    if (type === undefined) return;
    // IOPS only for io1/io2/gp3; throughput only for gp3 (inferred from the EBS volume types).
    if (ctx.has('iops') && !['io1', 'io2', 'gp3'].includes(type)) {
      ctx.warn('ebs-iops-volume-type', 'iops',
        `'${ctx.spelling('iops')}'${ctx.show('iops')} is set, but 'volumeType'${ctx.show('volumeType')} takes no provisioned IOPS (only io1, io2 and gp3 do). Fix: remove iops, or choose io1, io2 or gp3.`);
    }
    if (ctx.has('throughput') && type !== 'gp3') {
      ctx.warn('ebs-throughput-volume-type', 'throughput',
        `'${ctx.spelling('throughput')}'${ctx.show('throughput')} is set, but 'volumeType'${ctx.show('volumeType')} takes no provisioned throughput (only gp3 does). Fix: remove throughput, or choose gp3.`);
    }
    if ((type === 'io1' || type === 'io2') && !ctx.has('iops')) {
      ctx.warn('ebs-iops-required', 'volumeType',
        `'volumeType'${ctx.show('volumeType')} is a Provisioned IOPS type, but 'iops' is not set. Fix: set iops.`);
    }
  },
};
