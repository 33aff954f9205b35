import { ResourceTypeRules } from '../../validation/types';
import { jsonArray, member } from '../rule-helpers';

/**
 * EC2 instance restore metadata: the keys "Restore an Amazon EC2 instance" lists as "the accepted metadata you
 * can pass to restore an Amazon EC2 recovery point" (a closed list), `vpcId` as its one information-only
 * attribute, and no top-level `KmsKeyId` or `AvailabilityZone` (a key override goes in
 * `BlockDeviceMappings[].Ebs.KmsKeyId` with `Encrypted`; the network is chosen by `SubnetId`).
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-ec2.html
 */
export const EC2_RULES: ResourceTypeRules = {
  // A restore launches a new instance (CreatedResourceArn names it; the AMI is the recovery point and stays).
  removal: { unsupported: () => undefined },
  resourceType: 'EC2',
  keys: {
    'InstanceType': { kind: 'string' },
    'KeyName': { kind: 'string' },
    'SubnetId': { kind: 'string' },
    'Architecture': { kind: 'string' },
    'EnaSupport': { kind: 'boolean' },
    'SecurityGroupIds': { kind: 'json-array' },
    // A new instance profile cannot be attached (stated): the original one, or none.
    'IamInstanceProfileName': { kind: 'enum', values: ['null', 'UseBackedUpValue'] },
    'CpuOptions': { kind: 'json-object' },
    'InstanceInitiatedShutdownBehavior': { kind: 'enum', values: ['stop', 'terminate'] },
    'HibernationOptions': { kind: 'json-object' },
    'DisableApiTermination': { kind: 'boolean' },
    'CreditSpecification': { kind: 'json-object' },
    'Placement': { kind: 'json-object' },
    'RootDeviceType': { kind: 'string' },
    'RamdiskId': { kind: 'string' },
    'KernelId': { kind: 'string' },
    'UserData': { kind: 'string' },
    'Monitoring': { kind: 'string' },
    'NetworkInterfaces': { kind: 'json-array' },
    'ElasticGpuSpecification': { kind: 'string' },
    'CapacityReservationSpecification': { kind: 'json-object' },
    'InstanceMarketOptions': { kind: 'json-object' },
    'LicenseSpecifications': { kind: 'string' },
    'EbsOptimized': { kind: 'boolean' },
    'VirtualizationType': { kind: 'string' },
    'Platform': { kind: 'string' },
    'RequireIMDSv2': { kind: 'boolean' },
    'BlockDeviceMappings': { kind: 'json-array' },
    'aws:backup:request-id': { kind: 'string' },
    // "AWS Backup accepts the following information-only attributes. However, including them will not affect
    // the restore: vpcId". AWS Backup records it as `VpcId`.
    'vpcId': { kind: 'string', ignoredByAws: true, spellings: ['VpcId'] },
    // Not in the page's list: StartRestoreJob ignores them, so a key override or a zone would be lost.
    'KmsKeyId': {
      kind: 'string',
      notAccepted: "override the volumes' key in BlockDeviceMappings, e.g. [{\"DeviceName\":\"/dev/xvda\",\"Ebs\":{\"Encrypted\":true,\"KmsKeyId\":\"<key ARN>\"}}] (the typed factory's blockDevices prop does).",
    },
    'AvailabilityZone': {
      kind: 'string',
      notAccepted: 'choose the subnet (SubnetId): the instance is launched in its Availability Zone.',
    },
  },
  check: ctx => {
    const type = ctx.value('InstanceType');
    if (type !== undefined && !/^[a-z0-9-]+\.[a-z0-9-]+$/.test(type)) {
      ctx.warn('ec2-instance-type', 'InstanceType',
        `'${ctx.spelling('InstanceType')}'${ctx.show('InstanceType')} does not look like an EC2 instance type such as 't3.micro'. Fix: pass an ec2.InstanceType to the typed factory.`);
    }
    if (ctx.value('IamInstanceProfileName') === 'UseBackedUpValue') {
      ctx.warn('ec2-instance-profile-pass-role', 'IamInstanceProfileName',
        `'IamInstanceProfileName'${ctx.show('IamInstanceProfileName')} keeps the backed-up instance profile: AWS Backup attaches the original instance profile, and the restore role needs iam:PassRole on that profile's role, which the default restore role does not have. Fix: grant it, e.g. \`role.grantPassRole(job.role)\`, then acknowledge this warning.`);
    }
    if (ctx.has('SubnetId') && ctx.has('NetworkInterfaces')) {
      ctx.warn('ec2-subnet-and-network-interfaces', 'NetworkInterfaces',
        `'SubnetId'${ctx.show('SubnetId')} and 'NetworkInterfaces' are both set; EC2 does not accept a subnet at both levels. Fix: put the subnet in the network interface, or remove NetworkInterfaces.`);
    }
    // BlockDeviceMappings: the page lists DeviceName, NoDevice, VirtualName and Ebs.{DeleteOnTermination, Iops,
    // VolumeSize, VolumeType, Throughput, Encrypted, KmsKeyId}; "SnapshotId and OutpostArn are not supported".
    // A KMS key override needs Encrypted true (troubleshooting: "set the encrypted attribute to true").
    for (const [i, mapping] of (jsonArray(ctx, 'BlockDeviceMappings') ?? []).entries()) {
      const where = `item #${i + 1}`;
      if (mapping === null || typeof mapping !== 'object' || Array.isArray(mapping) || typeof member(mapping as Record<string, unknown>, 'DeviceName') !== 'string') {
        ctx.error('ec2-block-device-mapping', 'BlockDeviceMappings',
          `'BlockDeviceMappings' ${where} is not an object with a string 'DeviceName'. Fix: write items like {"DeviceName":"/dev/xvda","Ebs":{"Encrypted":true,"KmsKeyId":"<key ARN>"}}.`);
        continue;
      }
      const ebs = member(mapping as Record<string, unknown>, 'Ebs');
      if (ebs === null || typeof ebs !== 'object' || Array.isArray(ebs)) continue;
      const e = ebs as Record<string, unknown>;
      for (const unsupported of ['SnapshotId', 'OutpostArn']) {
        if (member(e, unsupported) !== undefined) {
          ctx.error('ec2-block-device-unsupported', 'BlockDeviceMappings',
            `'BlockDeviceMappings' ${where} sets 'Ebs.${unsupported}', which AWS Backup does not support in an EC2 restore. Fix: remove it.`);
        }
      }
      const encrypted = member(e, 'Encrypted');
      if (member(e, 'KmsKeyId') !== undefined && encrypted !== true && encrypted !== 'true') {
        ctx.error('ec2-block-device-kms-requires-encryption', 'BlockDeviceMappings',
          `'BlockDeviceMappings' ${where} sets 'Ebs.KmsKeyId' without 'Ebs.Encrypted' true; AWS Backup overrides the key only on encrypted volumes. Fix: set "Encrypted": true next to the key.`);
      }
    }
  },
};
