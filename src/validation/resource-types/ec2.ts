import { ResourceTypeRules } from '../types';

/**
 * EC2 instance restore metadata: the defaults come from the backup, and any RunInstances-like key the
 * backup's restore metadata lists is accepted (an open key set).
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-ec2.html
 */
export const EC2_RULES: ResourceTypeRules = {
  resourceType: 'EC2',
  openKeySet: true,
  keys: {
    InstanceType: { kind: 'string' },
    SubnetId: { kind: 'string' },
    SecurityGroupIds: { kind: 'json-array' },
    // A new instance profile cannot be attached (stated): the original one, or none.
    IamInstanceProfileName: { kind: 'enum', values: ['null', 'UseBackedUpValue'] },
    RequireIMDSv2: { kind: 'boolean' },
    DisableApiTermination: { kind: 'boolean' },
    InstanceInitiatedShutdownBehavior: { kind: 'enum', values: ['stop', 'terminate'] },
    VpcId: { kind: 'string' },
    AvailabilityZone: { kind: 'string' },
    KmsKeyId: { kind: 'string' },
    EbsOptimized: { kind: 'boolean' },
    NetworkInterfaces: { kind: 'json-array' },
    Placement: { kind: 'json-object' },
    CpuOptions: { kind: 'json-object' },
    CreditSpecification: { kind: 'json-object' },
    HibernationOptions: { kind: 'json-object' },
    MetadataOptions: { kind: 'json-object' },
    KeyName: { kind: 'string' },
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
  },
};
