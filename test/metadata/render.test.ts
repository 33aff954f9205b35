/**
 * What each typed factory renders: the exact key names and string formats AWS Backup expects, the
 * ResourceType, and nothing for unset props. Tokens (resources of the same stack) render as CloudFormation
 * expressions and are never rejected.
 */
import { CfnParameter, Duration, Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as fsx from 'aws-cdk-lib/aws-fsx';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ARN, expectRendered, newStack, restore, TYPE } from './support';
import {
  DynamoDbRestoreEncryption, Ec2RestoreInstanceProfile, OntapSecurityStyle, OntapTieringPolicy, OntapVolumeType,
  OpenZfsDeploymentType, RecoveryPoint, RestoreJob, RestoreMetadata, S3RestoreEncryption,
} from '../../src';
import { informationOnlyKeys } from '../../src/resource-types/validate';

const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const importedKey = (s: Stack) => kms.Key.fromKeyArn(s, 'Key', KEY_ARN);
const subnet = (s: Stack, id: string) =>
  (s.node.tryFindChild(`Subnet${id}`) as ec2.ISubnet | undefined) ?? ec2.Subnet.fromSubnetId(s, `Subnet${id}`, `subnet-0${id}`);
const sg = (s: Stack, id: string) => ec2.SecurityGroup.fromSecurityGroupId(s, `Sg${id}`, `sg-0${id}`);
/** A key of the same stack: its ARN is a token (Fn::GetAtt). */
const keyArnOf = (s: Stack, key: kms.Key) => ({ 'Fn::GetAtt': [s.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] });
/** A list with tokens renders as a CloudFormation Fn::Join. */
const joined = Match.objectLike({ 'Fn::Join': Match.anyValue() });

describe('DynamoDB', () => {
  test('every prop', () => {
    const stack = restore(s => RestoreMetadata.dynamoDb({
      targetTableName: 'orders-restored', encryption: DynamoDbRestoreEncryption.KMS, kmsKey: importedKey(s), deletionProtection: true,
    }), ARN.dynamodb);
    expectRendered(stack, 'DynamoDB', {
      targetTableName: 'orders-restored', encryptionType: 'KMS', kmsMasterKeyArn: KEY_ARN, deletionProtection: 'true',
    });
  });

  test('only the table name; a KMS key alone sets KMS encryption (token)', () => {
    expectRendered(restore(() => RestoreMetadata.dynamoDb({ targetTableName: 'orders-restored' })), 'DynamoDB', {
      targetTableName: 'orders-restored', encryptionType: Match.absent(), kmsMasterKeyArn: Match.absent(), deletionProtection: Match.absent(),
    });
    const stack = newStack();
    const key = new kms.Key(stack, 'TableKey');
    restore(() => RestoreMetadata.dynamoDb({ targetTableName: 'orders-restored', kmsKey: key }), ARN.dynamodb, stack);
    expectRendered(stack, 'DynamoDB', { encryptionType: 'KMS', kmsMasterKeyArn: keyArnOf(stack, key) });
  });
});

describe('RDS instance', () => {
  test('every prop', () => {
    const stack = restore(s => RestoreMetadata.rdsInstance({
      instanceIdentifier: 'orders-db',
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE),
      subnetGroup: rds.SubnetGroup.fromSubnetGroupName(s, 'Subnets', 'dr-db-subnets'),
      securityGroups: [sg(s, '1'), sg(s, '2')],
      availabilityZone: 'us-east-1a',
      multiAz: false,
      port: 5432,
      storageType: rds.StorageType.GP3,
      allocatedStorage: 100,
      iops: 12000,
      optionGroup: rds.OptionGroup.fromOptionGroupName(s, 'Options', 'dr-options'),
      parameterGroup: rds.ParameterGroup.fromParameterGroupName(s, 'Params', 'dr-params'),
      publiclyAccessible: false,
      iamAuthentication: true,
      cloudwatchLogsExports: ['postgresql', 'upgrade'],
      deletionProtection: true,
      copyTagsToSnapshot: true,
      additionalMetadata: { StorageThroughput: '500', LicenseModel: 'postgresql-license' },
    }), ARN.rdsSnapshot);
    expectRendered(stack, 'RDS', {
      DBInstanceIdentifier: 'orders-db',
      DBInstanceClass: 'db.r6g.large',
      DBSubnetGroupName: 'dr-db-subnets',
      VpcSecurityGroupIds: '["sg-01","sg-02"]',
      AvailabilityZone: 'us-east-1a',
      MultiAZ: 'false',
      Port: '5432',
      StorageType: 'gp3',
      AllocatedStorage: '100',
      Iops: '12000',
      OptionGroupName: 'dr-options',
      DBParameterGroupName: 'dr-params',
      PubliclyAccessible: 'false',
      EnableIAMDatabaseAuthentication: 'true',
      EnableCloudwatchLogsExports: '["postgresql","upgrade"]',
      DeletionProtection: 'true',
      CopyTagsToSnapshot: 'true',
      StorageThroughput: '500',
      LicenseModel: 'postgresql-license',
      RestoreTime: Match.absent(),
      UseLatestRestorableTime: Match.absent(),
    });
  });

  test('point in time, and security groups of the same stack (tokens)', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
    const group = new ec2.SecurityGroup(stack, 'Db', { vpc });
    restore(() => RestoreMetadata.rdsInstance({
      instanceIdentifier: 'orders-db', securityGroups: [group], restoreTime: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
    }), ARN.continuousRds, stack);
    expectRendered(stack, 'RDS', {
      DBInstanceIdentifier: 'orders-db',
      VpcSecurityGroupIds: joined,
      RestoreTime: '2024-01-02T03:04:05Z',
      DBInstanceClass: Match.absent(),
      Port: Match.absent(),
      MultiAZ: Match.absent(),
    });
  });
});

describe('clusters', () => {
  test('Aurora: every prop; the engine sets Engine and EngineVersion', () => {
    const stack = restore(s => RestoreMetadata.auroraCluster({
      clusterIdentifier: 'orders',
      engine: rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_05_2 }),
      subnetGroup: rds.SubnetGroup.fromSubnetGroupName(s, 'Subnets', 'dr-db-subnets'),
      parameterGroup: rds.ParameterGroup.fromParameterGroupName(s, 'Params', 'dr-cluster-params'),
      securityGroups: [sg(s, '1')],
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      port: 3306,
      kmsKey: importedKey(s),
      iamAuthentication: true,
      cloudwatchLogsExports: ['error'],
      copyTagsToSnapshot: true,
      deletionProtection: false,
      backtrackWindow: Duration.hours(24),
      databaseName: 'orders',
    }), ARN.clusterSnapshot);
    expectRendered(stack, 'Aurora', {
      DBClusterIdentifier: 'orders',
      Engine: 'aurora-mysql',
      EngineVersion: '8.0.mysql_aurora.3.05.2',
      DBSubnetGroupName: 'dr-db-subnets',
      DBClusterParameterGroupName: 'dr-cluster-params',
      VpcSecurityGroupIds: '["sg-01"]',
      AvailabilityZones: '["us-east-1a","us-east-1b"]',
      Port: '3306',
      KmsKeyId: KEY_ARN,
      EnableIAMDatabaseAuthentication: 'true',
      EnableCloudwatchLogsExports: '["error"]',
      CopyTagsToSnapshot: 'true',
      DeletionProtection: 'false',
      BacktrackWindow: '86400',
      DatabaseName: 'orders',
    });
  });

  test('Aurora: only the required props', () => {
    expectRendered(restore(() => RestoreMetadata.auroraCluster({ clusterIdentifier: 'orders', engine: rds.DatabaseClusterEngine.AURORA_POSTGRESQL }), ARN.clusterSnapshot), 'Aurora', {
      DBClusterIdentifier: 'orders',
      Engine: 'aurora-postgresql',
      EngineVersion: Match.absent(),
      Port: Match.absent(),
      KmsKeyId: Match.absent(),
      VpcSecurityGroupIds: Match.absent(),
      BacktrackWindow: Match.absent(),
      DBSubnetGroupName: Match.absent(),
    });
  });

  test('DocumentDB: every prop, a key of the same stack (token)', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'DocsKey');
    restore(s => RestoreMetadata.documentDbCluster({
      clusterIdentifier: 'docs',
      engineVersion: '5.0.0',
      subnetGroupName: 'dr-docdb',
      clusterParameterGroupName: 'dr-docdb-params',
      kmsKey: key,
      port: 27017,
      securityGroups: [sg(s, '1')],
      deletionProtection: true,
    }), ARN.clusterSnapshot, stack);
    expectRendered(stack, 'DocumentDB', {
      DBClusterIdentifier: 'docs',
      Engine: 'docdb',
      EngineVersion: '5.0.0',
      DBSubnetGroupName: 'dr-docdb',
      DBClusterParameterGroupName: 'dr-docdb-params',
      KmsKeyId: keyArnOf(stack, key),
      Port: '27017',
      VpcSecurityGroupIds: '["sg-01"]',
      DeletionProtection: 'true',
      BacktrackWindow: Match.absent(),
    });
  });

  test('Neptune: the engine is set, unset props are absent', () => {
    expectRendered(restore(() => RestoreMetadata.neptuneCluster({ clusterIdentifier: 'graph', engineVersion: '1.3.2.0', subnetGroupName: 'dr-neptune' }), ARN.clusterSnapshot), 'Neptune', {
      DBClusterIdentifier: 'graph',
      Engine: 'neptune',
      EngineVersion: '1.3.2.0',
      DBSubnetGroupName: 'dr-neptune',
      DBClusterParameterGroupName: Match.absent(),
      KmsKeyId: Match.absent(),
      Port: Match.absent(),
    });
  });
});

describe('EBS', () => {
  test('every prop', () => {
    expectRendered(restore(s => RestoreMetadata.ebsVolume({
      availabilityZone: 'us-east-1a',
      volumeType: ec2.EbsDeviceVolumeType.GP3,
      volumeSize: Size.gibibytes(200),
      iops: 6000,
      throughput: 500,
      encrypted: true,
      kmsKey: importedKey(s),
    }), ARN.ebsSnapshot), 'EBS', {
      availabilityZone: 'us-east-1a', volumeType: 'gp3', volumeSize: '200', iops: '6000', throughput: '500', encrypted: 'true', kmsKeyId: KEY_ARN,
    });
  });

  test('only the zone; a key of the same stack sets encrypted (token)', () => {
    expectRendered(restore(() => RestoreMetadata.ebsVolume({ availabilityZone: 'us-east-1a' }), ARN.ebsSnapshot), 'EBS', {
      availabilityZone: 'us-east-1a',
      volumeType: Match.absent(),
      volumeSize: Match.absent(),
      iops: Match.absent(),
      throughput: Match.absent(),
      encrypted: Match.absent(),
      kmsKeyId: Match.absent(),
    });
    const stack = newStack();
    const key = new kms.Key(stack, 'VolumeKey');
    restore(() => RestoreMetadata.ebsVolume({ availabilityZone: stack.availabilityZones[0], kmsKey: key }), ARN.ebsSnapshot, stack);
    expectRendered(stack, 'EBS', { encrypted: 'true', kmsKeyId: keyArnOf(stack, key) });
  });
});

describe('EC2', () => {
  test('every prop', () => {
    // Only keys "Restore an Amazon EC2 instance" lists: no VpcId (information only), no top-level KmsKeyId.
    expectRendered(restore(s => RestoreMetadata.ec2Instance({
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.LARGE),
      subnet: subnet(s, '1'),
      securityGroups: [sg(s, '1'), sg(s, '2')],
      instanceProfile: Ec2RestoreInstanceProfile.NONE,
      requireImdsv2: true,
      disableApiTermination: true,
      ebsOptimized: true,
      blockDevices: [
        { deviceName: '/dev/xvda', kmsKey: importedKey(s), volumeType: ec2.EbsDeviceVolumeType.GP3, volumeSizeGiB: 16, iops: 3000, throughput: 125, deleteOnTermination: true },
        { deviceName: '/dev/xvdb', encrypted: false },
      ],
      additionalMetadata: { InstanceInitiatedShutdownBehavior: 'stop' },
    }), ARN.ami), 'EC2', Match.exact({
      InstanceType: 'm7g.large',
      SubnetId: 'subnet-01',
      SecurityGroupIds: '["sg-01","sg-02"]',
      IamInstanceProfileName: 'null',
      RequireIMDSv2: 'true',
      DisableApiTermination: 'true',
      EbsOptimized: 'true',
      BlockDeviceMappings: JSON.stringify([
        { DeviceName: '/dev/xvda', Ebs: { DeleteOnTermination: true, Iops: 3000, VolumeSize: 16, VolumeType: 'gp3', Throughput: 125, Encrypted: true, KmsKeyId: KEY_ARN } },
        { DeviceName: '/dev/xvdb', Ebs: { Encrypted: false } },
      ]),
      InstanceInitiatedShutdownBehavior: 'stop',
    }) as any);
  });

  test('no props: everything from the backup; a subnet of the same stack (tokens), never a VpcId', () => {
    expectRendered(restore(() => RestoreMetadata.ec2Instance(), ARN.ami), 'EC2', Match.exact({}) as any);
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
    restore(() => RestoreMetadata.ec2Instance({ subnet: vpc.publicSubnets[0], securityGroups: [new ec2.SecurityGroup(stack, 'App', { vpc })] }), ARN.ami, stack);
    expectRendered(stack, 'EC2', { VpcId: Match.absent(), KmsKeyId: Match.absent(), SubnetId: { Ref: Match.anyValue() }, SecurityGroupIds: joined });
  });

  test("AWS's BlockDeviceMappings example passes through fromMap; a key without Encrypted, SnapshotId, a top-level KmsKeyId or AvailabilityZone fail", () => {
    // The example of "Restore an Amazon EC2 instance" (restoring-ec2.html), as AWS prints it.
    const example = [
      { DeviceName: '/def/tuvw', Ebs: { DeleteOnTermination: true, Iops: 3000, VolumeSize: 16, VolumeType: 'gp3', Throughput: 125, Encrypted: true, KmsKeyId: 'arn:aws:kms:us-west-2:123456789012:key/ab3cde45-67f8-9g01-hi2j-3456klmno7p8' } },
      { DeviceName: '/abc/xyz', Ebs: { DeleteOnTermination: false, Iops: 3000, VolumeSize: 16, VolumeType: 'gp3', Throughput: 125, Encrypted: false } },
    ];
    restore(() => RestoreMetadata.fromMap({ 'BlockDeviceMappings': JSON.stringify(example), 'aws:backup:request-id': 'e9908485' }, 'EC2'), ARN.ami);
    const keyOnly = [{ DeviceName: '/dev/xvda', Ebs: { KmsKeyId: KEY_ARN } }];
    expect(() => restore(() => RestoreMetadata.fromMap({ BlockDeviceMappings: JSON.stringify(keyOnly) }, 'EC2'), ARN.ami))
      .toThrow(/'BlockDeviceMappings' item #1 sets 'Ebs.KmsKeyId' without 'Ebs.Encrypted' true/);
    const snapshot = [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: 'snap-1' } }];
    expect(() => restore(() => RestoreMetadata.fromMap({ BlockDeviceMappings: JSON.stringify(snapshot) }, 'EC2'), ARN.ami))
      .toThrow(/'Ebs.SnapshotId', which AWS Backup does not support/);
    expect(() => restore(() => RestoreMetadata.fromMap({ KmsKeyId: KEY_ARN }, 'EC2'), ARN.ami))
      .toThrow(/'KmsKeyId' is not a key StartRestoreJob takes for EC2 restores.*Fix: override the volumes' key in BlockDeviceMappings/);
    expect(() => restore(() => RestoreMetadata.fromMap({ AvailabilityZone: 'us-east-1a' }, 'EC2'), ARN.ami))
      .toThrow(/'AvailabilityZone' is not a key StartRestoreJob takes.*Fix: choose the subnet \(SubnetId\)/);
  });
});

describe('S3', () => {
  test('every prop', () => {
    expectRendered(restore(s => RestoreMetadata.s3({
      destinationBucketName: 'orders-restored',
      newBucket: true,
      encryption: S3RestoreEncryption.SSE_KMS,
      kmsKey: importedKey(s),
      restoreAcls: false,
      itemsToRestore: ['s3://orders/reports/'],
      restoreTime: new Date('2021-11-27T03:30:27Z'),
    }), ARN.continuousS3), 'S3', {
      DestinationBucketName: 'orders-restored',
      NewBucket: 'true',
      EncryptionType: 'SSE-KMS',
      KMSKey: KEY_ARN,
      RestoreACLs: 'false',
      ItemsToRestore: '["s3://orders/reports/"]',
      RestoreTime: '2021-11-27T03:30:27Z',
    });
  });

  test('only the bucket; a key of the same stack sets SSE-KMS (token); the bucket name may be a token', () => {
    expectRendered(restore(() => RestoreMetadata.s3({ destinationBucketName: 'orders-restored' })), 'S3', {
      DestinationBucketName: 'orders-restored',
      NewBucket: Match.absent(),
      EncryptionType: Match.absent(),
      KMSKey: Match.absent(),
      RestoreACLs: Match.absent(),
      ItemsToRestore: Match.absent(),
      RestoreTime: Match.absent(),
    });
    const stack = newStack();
    const key = new kms.Key(stack, 'BucketKey');
    const bucket = new s3.Bucket(stack, 'Target', { versioned: true });
    restore(() => RestoreMetadata.s3({ destinationBucketName: bucket.bucketName, kmsKey: key }), ARN.backup, stack);
    expectRendered(stack, 'S3', { DestinationBucketName: { Ref: Match.anyValue() }, EncryptionType: 'SSE-KMS', KMSKey: keyArnOf(stack, key) });
  });
});

describe('FSx', () => {
  // The two examples of "Restore an FSx file system" (restoring-fsx.html), as AWS prints them.
  test("AWS's CLI example (Windows) and recorded example (Lustre) pass through fromMap without errors", () => {
    const windows = {
      SubnetIds: '["subnet-1234","subnet-5678"]',
      StorageType: 'HDD',
      SecurityGroupIds: '["sg-bb5efdc4","sg-0faa52"]',
      WindowsConfiguration: '{"DeploymentType": "MULTI_AZ_1","PreferredSubnetId": "subnet-1234","ThroughputCapacity": "32"}',
    };
    const stack = restore(() => RestoreMetadata.fromMap(windows, 'FSx'), ARN.fsx);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('key-spelling|unknown-key'));
    const lustre = {
      StorageType: 'SSD',
      KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/123456a-123b-123c-defg-1h2i2345678',
      StorageCapacity: '1200',
      VpcId: 'vpc-0ab0979fa431ad326',
      FileSystemType: 'LUSTRE',
      LustreConfiguration: '{"WeeklyMaintenanceStartTime":"4:10:30","DeploymentType":"PERSISTENT_1","PerUnitStorageThroughput":50,"CopyTagsToBackups":true}',
      FileSystemId: 'fs-0ca11fb3d218a35c2',
      SubnetIds: '["subnet-0e66e94eb43235351"]',
    };
    restore(() => RestoreMetadata.fromMap(lustre, 'FSx'), ARN.fsx);
    // FileSystemType and FileSystemId are recorded but not in the page's list: the handler drops them.
    expect(informationOnlyKeys('FSx', lustre).sort()).toEqual(['FileSystemId', 'FileSystemType']);
  });

  test('Lustre: every prop', () => {
    expectRendered(restore(s => RestoreMetadata.fsxLustre({
      subnets: [subnet(s, '1')],
      securityGroups: [sg(s, '1')],
      kmsKey: importedKey(s),
      deploymentType: fsx.LustreDeploymentType.PERSISTENT_2,
      perUnitStorageThroughput: 250,
      weeklyMaintenanceStartTime: new fsx.LustreMaintenanceTime({ day: fsx.Weekday.SUNDAY, hour: 2, minute: 30 }),
    }), ARN.fsx), 'FSx', {
      SubnetIds: '["subnet-01"]',
      SecurityGroupIds: '["sg-01"]',
      KmsKeyId: KEY_ARN,
      LustreConfiguration: '{"DeploymentType":"PERSISTENT_2","PerUnitStorageThroughput":250,"WeeklyMaintenanceStartTime":"7:02:30"}',
    });
  });

  test('Lustre: only subnets', () => {
    expectRendered(restore(s => RestoreMetadata.fsxLustre({ subnets: [subnet(s, '1')] }), ARN.fsx), 'FSx', {
      SubnetIds: '["subnet-01"]', SecurityGroupIds: Match.absent(), KmsKeyId: Match.absent(), LustreConfiguration: Match.absent(),
    });
  });

  test('Windows: every prop, subnets of the same stack (tokens)', () => {
    expectRendered(restore(s => RestoreMetadata.fsxWindows({
      subnets: [subnet(s, '1'), subnet(s, '2')],
      activeDirectoryId: 'd-1234567890',
      throughputCapacity: 32,
      preferredSubnet: subnet(s, '1'),
      securityGroups: [sg(s, '1')],
      kmsKey: importedKey(s),
    }), ARN.fsx), 'FSx', {
      SubnetIds: '["subnet-01","subnet-02"]',
      SecurityGroupIds: '["sg-01"]',
      KmsKeyId: KEY_ARN,
      WindowsConfiguration: '{"ActiveDirectoryId":"d-1234567890","ThroughputCapacity":32,"PreferredSubnetId":"subnet-01"}',
    });
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    restore(() => RestoreMetadata.fsxWindows({ subnets: vpc.publicSubnets, activeDirectoryId: 'd-1234567890', preferredSubnet: vpc.publicSubnets[0] }), ARN.fsx, stack);
    expectRendered(stack, 'FSx', { SubnetIds: joined, WindowsConfiguration: joined });
  });

  test('ONTAP: every prop; no subnets', () => {
    expectRendered(restore(() => RestoreMetadata.fsxOntap({
      storageVirtualMachineId: 'svm-0123456789abcdef0',
      volumeName: 'orders_restored',
      junctionPath: '/orders',
      volumeType: OntapVolumeType.RW,
      securityStyle: OntapSecurityStyle.UNIX,
      size: Size.gibibytes(10),
      storageEfficiencyEnabled: true,
      tieringPolicy: OntapTieringPolicy.AUTO,
      tieringCoolingPeriod: Duration.days(31),
    }), ARN.fsx), 'FSx', {
      Name: 'orders_restored',
      OntapConfiguration: '{"storageVirtualMachineId":"svm-0123456789abcdef0","junctionPath":"/orders","ontapVolumeType":"RW","securityStyle":"UNIX",'
        + '"sizeInMegabytes":10240,"storageEfficiencyEnabled":true,"tieringPolicy":{"name":"AUTO","coolingPeriod":31}}',
      SubnetIds: Match.absent(),
      KmsKeyId: Match.absent(),
    });
  });

  test('OpenZFS: every prop, and only subnets', () => {
    expectRendered(restore(s => RestoreMetadata.fsxOpenZfs({
      subnets: [subnet(s, '1')], deploymentType: OpenZfsDeploymentType.SINGLE_AZ_2, throughputCapacity: 320, diskIops: 10000,
    }), ARN.fsx), 'FSx', {
      SubnetIds: '["subnet-01"]',
      // "Do not include Mode when Iops is specified" (restoring-fsx.html)
      OpenZFSConfiguration: '{"DeploymentType":"SINGLE_AZ_2","ThroughputCapacity":320,"DiskIopsConfiguration":{"Iops":10000}}',
    });
    expectRendered(restore(s => RestoreMetadata.fsxOpenZfs({ subnets: [subnet(s, '1')] }), ARN.fsx), 'FSx', {
      SubnetIds: '["subnet-01"]', OpenZFSConfiguration: Match.absent(),
    });
  });
});

describe('Redshift', () => {
  test('cluster: every prop, roles of the same stack (tokens)', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Copy', { assumedBy: new iam.ServicePrincipal('redshift.amazonaws.com') });
    restore(s => redshiftCluster(s, role), ARN.redshift, stack);
    expectRendered(stack, 'Redshift', {
      RestoreType: 'CLUSTER_RESTORE',
      ClusterIdentifier: 'analytics-dr',
      NodeType: 'ra3.xlplus',
      NumberOfNodes: '2',
      ClusterSubnetGroupName: 'dr-redshift',
      VpcSecurityGroupIds: '["sg-01"]',
      IamRoles: joined,
      Port: '5439',
      Encrypted: 'true',
      KmsKeyId: KEY_ARN,
      PubliclyAccessible: 'false',
      AutomatedSnapshotRetentionPeriod: '7',
      AvailabilityZone: 'us-east-1a',
      EnhancedVpcRouting: 'true',
      ManageMasterPassword: 'true',
    });
  });

  test('cluster: only the identifier', () => {
    expectRendered(restore(() => RestoreMetadata.redshiftCluster({ clusterIdentifier: 'analytics-dr' }), ARN.redshift), 'Redshift', {
      RestoreType: 'CLUSTER_RESTORE',
      ClusterIdentifier: 'analytics-dr',
      NodeType: Match.absent(),
      Encrypted: Match.absent(),
      KmsKeyId: Match.absent(),
      IamRoles: Match.absent(),
      AutomatedSnapshotRetentionPeriod: Match.absent(),
    });
  });

  test('table: the names, with the public schema by default', () => {
    expectRendered(restore(() => RestoreMetadata.redshiftTable({
      clusterIdentifier: 'analytics', sourceDatabaseName: 'dev', sourceTableName: 'orders', newTableName: 'orders_restored',
    }), ARN.redshift), 'Redshift', {
      RestoreType: 'TABLE_RESTORE',
      ClusterIdentifier: 'analytics',
      SourceDatabaseName: 'dev',
      SourceSchemaName: 'public',
      SourceTableName: 'orders',
      NewTableName: 'orders_restored',
      TargetDatabaseName: Match.absent(),
      TargetSchemaName: Match.absent(),
    });
    expectRendered(restore(() => RestoreMetadata.redshiftTable({
      clusterIdentifier: 'analytics',
      sourceDatabaseName: 'dev',
      sourceSchemaName: 'sales',
      sourceTableName: 'orders',
      targetDatabaseName: 'dr',
      targetSchemaName: 'restored',
      newTableName: 'orders',
    }), ARN.redshift), 'Redshift', { SourceSchemaName: 'sales', TargetDatabaseName: 'dr', TargetSchemaName: 'restored' });
  });
});

function redshiftCluster(s: Stack, role: iam.IRole): RestoreMetadata {
  return RestoreMetadata.redshiftCluster({
    clusterIdentifier: 'analytics-dr',
    nodeType: 'ra3.xlplus',
    numberOfNodes: 2,
    subnetGroupName: 'dr-redshift',
    securityGroups: [sg(s, '1')],
    iamRoles: [role],
    port: 5439,
    kmsKey: importedKey(s),
    publiclyAccessible: false,
    automatedSnapshotRetention: Duration.days(7),
    availabilityZone: 'us-east-1a',
    enhancedVpcRouting: true,
    manageMasterPassword: true,
  });
}

describe('VirtualMachine', () => {
  test('to EC2: every prop', () => {
    expectRendered(restore(s => RestoreMetadata.virtualMachineToEc2({
      instanceType: new ec2.InstanceType('m6i.large'),
      vpc: ec2.Vpc.fromVpcAttributes(s, 'Vpc', { vpcId: 'vpc-01', availabilityZones: ['us-east-1a'] }),
      subnet: subnet(s, '1'),
      securityGroups: [sg(s, '1')],
      instanceProfileName: 'app-profile',
      requireImdsv2: true,
      kmsKey: importedKey(s),
    })), 'VirtualMachine', {
      RestoreTo: 'EC2Instance',
      InstanceType: 'm6i.large',
      VpcId: 'vpc-01',
      SubnetId: 'subnet-01',
      SecurityGroupIds: '["sg-01"]',
      IamInstanceProfileName: 'app-profile',
      RequireIMDSv2: 'true',
      IsEncrypted: 'true',
      KmsKeyId: KEY_ARN,
    });
  });

  test('to EC2: no props', () => {
    expectRendered(restore(() => RestoreMetadata.virtualMachineToEc2()), 'VirtualMachine', Match.exact({ RestoreTo: 'EC2Instance' }) as any);
  });

  test('to VMware: every prop, disks as a JSON array of {DiskId, Label}', () => {
    expectRendered(restore(() => RestoreMetadata.virtualMachineToVmware({
      hypervisorArn: 'arn:aws:backup-gateway:us-east-1:123456789012:hypervisor/hype-1',
      vmName: 'app-restored',
      vmPath: '/dc1/vm/dr',
      computeResourceName: 'cluster-1',
      vmDatastore: 'datastore-1',
      disks: [{ diskId: '2000', label: 'Hard disk 1' }],
    })), 'VirtualMachine', {
      RestoreTo: 'VMware',
      HypervisorArn: 'arn:aws:backup-gateway:us-east-1:123456789012:hypervisor/hype-1',
      VMName: 'app-restored',
      VMPath: '/dc1/vm/dr',
      ComputeResourceName: 'cluster-1',
      VMDatastore: 'datastore-1',
      DisksToRestore: '[{"DiskId":"2000","Label":"Hard disk 1"}]',
    });
    expectRendered(restore(() => RestoreMetadata.virtualMachineToVmware({ hypervisorArn: 'arn:aws:backup-gateway:us-east-1:123456789012:hypervisor/hype-1' })), 'VirtualMachine', {
      RestoreTo: 'VMware', VMName: Match.absent(), DisksToRestore: Match.absent(),
    });
  });
});

describe('CloudFormation', () => {
  test('every prop, a parameter of the same stack (token)', () => {
    expectRendered(restore(() => RestoreMetadata.cloudFormationStack({
      stackName: 'orders-restored', changeSetName: 'restore', changeSetDescription: 'DR restore', stackParameters: { Env: 'dr' },
    })), 'CloudFormation', {
      StackName: 'orders-restored', ChangeSetName: 'restore', ChangeSetDescription: 'DR restore', StackParameters: '{"Env":"dr"}',
    });
    const stack = newStack();
    const env = new CfnParameter(stack, 'Env');
    restore(() => RestoreMetadata.cloudFormationStack({ stackName: 'orders-restored', changeSetName: 'restore', stackParameters: { Env: env.valueAsString } }), ARN.backup, stack);
    expectRendered(stack, 'CloudFormation', { StackParameters: joined, ChangeSetDescription: Match.absent() });
  });
});

describe('Timestream', () => {
  test('every prop, an error-report bucket of the same stack (token)', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Rejected');
    restore(() => RestoreMetadata.timestreamTable({
      databaseName: 'metrics',
      tableName: 'cpu-restored',
      memoryStoreRetention: Duration.hours(24),
      magneticStoreRetention: Duration.days(365),
      rejectedDataBucket: bucket,
      rejectedDataKeyPrefix: 'errors/',
    }), ARN.backup, stack);
    expectRendered(stack, 'Timestream', {
      DatabaseName: 'metrics',
      TableName: 'cpu-restored',
      MemoryStoreRetentionPeriodInHours: '24',
      MagneticStoreRetentionPeriodInDays: '365',
      MagneticStoreWriteProperties: joined,
    });
  });

  test('only the names; magnetic writes without a bucket', () => {
    expectRendered(restore(() => RestoreMetadata.timestreamTable({ databaseName: 'metrics', tableName: 'cpu-restored' })), 'Timestream', {
      DatabaseName: 'metrics',
      TableName: 'cpu-restored',
      MemoryStoreRetentionPeriodInHours: Match.absent(),
      MagneticStoreRetentionPeriodInDays: Match.absent(),
      MagneticStoreWriteProperties: Match.absent(),
    });
    expectRendered(restore(() => RestoreMetadata.timestreamTable({ databaseName: 'metrics', tableName: 'cpu-restored', enableMagneticStoreWrites: false })), 'Timestream', {
      MagneticStoreWriteProperties: '{"EnableMagneticStoreWrites":false}',
    });
  });
});

describe('tokens are never rejected', () => {
  test.each([
    ['DynamoDB', { targetTableName: 'T', kmsMasterKeyArn: 'K', encryptionType: 'E' }],
    ['S3', { DestinationBucketName: 'B', KMSKey: 'K', EncryptionType: 'E', RestoreTime: 'R' }],
    ['RDS', { DBInstanceIdentifier: 'I', Port: 'P', VpcSecurityGroupIds: 'G' }],
    ['EBS', { availabilityZone: 'Z', volumeType: 'V', iops: 'I' }],
    ['FSx', { SubnetIds: 'S', WindowsConfiguration: 'W' }],
    ['Redshift', { RestoreType: 'R', ClusterIdentifier: 'C', AutomatedSnapshotRetentionPeriod: 'A' }],
    ['VirtualMachine', { RestoreTo: 'R', DisksToRestore: 'D' }],
    ['CloudFormation', { StackName: 'S', ChangeSetName: 'C', StackParameters: 'P' }],
    ['EC2', { IamInstanceProfileName: 'I', SecurityGroupIds: 'G' }],
  ])('%s: every value a parameter, the recovery point too', (resourceType, names) => {
    // GIVEN values that would break rules if they were these literal letters
    const stack = newStack();
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(names)) values[k] = new CfnParameter(stack, `P${v}${k}`).valueAsString;
    const arn = new CfnParameter(stack, 'Arn').valueAsString;
    // WHEN / THEN
    expect(() => new RestoreJob(stack, 'Restore', { recoveryPoint: RecoveryPoint.fromArn(arn), metadata: RestoreMetadata.fromMap(values, resourceType) })).not.toThrow();
  });

  test('a continuous-recovery-point rule is skipped when the ARN is a token', () => {
    const stack = newStack();
    const arn = new CfnParameter(stack, 'Arn').valueAsString;
    expect(() => new RestoreJob(stack, 'Restore', {
      recoveryPoint: RecoveryPoint.fromArn(arn), metadata: RestoreMetadata.s3({ destinationBucketName: 'orders-restored', restoreTime: new Date() }),
    })).not.toThrow();
  });
});

describe('restore role and keys', () => {
  test('S3 restores add AWSBackupServiceRolePolicyForS3Restore to the default role', () => {
    const stack = restore(() => RestoreMetadata.s3({ destinationBucketName: 'orders-restored' }));
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: Match.arrayWith([Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore'])] })]),
    });
  });

  test.each([
    ['DynamoDB', () => RestoreMetadata.dynamoDb({ targetTableName: 'orders-restored' }), ARN.dynamodb],
    ['EBS', () => RestoreMetadata.ebsVolume({ availabilityZone: 'us-east-1a' }), ARN.ebsSnapshot],
    ['Redshift', () => RestoreMetadata.redshiftCluster({ clusterIdentifier: 'analytics-dr' }), ARN.redshift],
  ])('%s restores get the general restore policy only', (_type, metadata, arn) => {
    const stack = restore(metadata, arn);
    const roles = Template.fromStack(stack).findResources('AWS::IAM::Role', {
      Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })] } },
    });
    const policies = JSON.stringify(Object.values(roles).map(r => r.Properties.ManagedPolicyArns));
    expect(policies).toContain('service-role/AWSBackupServiceRolePolicyForRestores');
    expect(policies).not.toContain('S3Restore');
  });

  test('the restore role may use the KMS key a factory names', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'TableKey');
    restore(() => RestoreMetadata.dynamoDb({ targetTableName: 'orders-restored', kmsKey: key }), ARN.dynamodb, stack);
    // The key's use, and CreateGrant only for grants the AWS service asks for (kms:GrantIsForAWSResource).
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['kms:Decrypt']), Resource: keyArnOf(stack, key) }),
          Match.objectLike({ Action: 'kms:CreateGrant', Resource: keyArnOf(stack, key), Condition: { Bool: { 'kms:GrantIsForAWSResource': true } } }),
        ]),
      },
    });
  });
});

describe('additionalMetadata', () => {
  test('a key a typed prop already sets is an error', () => {
    expect(() => restore(() => RestoreMetadata.dynamoDb({ targetTableName: 'orders', additionalMetadata: { TargetTableName: 'other' } })))
      .toThrow(/additionalMetadata key 'TargetTableName' is also set by a typed prop \(as 'targetTableName'\)/);
  });

  test('fromMap keeps working with the same rules, and renders as given', () => {
    const stack = restore(() => RestoreMetadata.fromMap({ targetTableName: 'orders-restored', encryptionType: 'Default' }, 'DynamoDB'), ARN.dynamodb);
    Template.fromStack(stack).hasResourceProperties(TYPE, { ResourceType: 'DynamoDB', Metadata: { targetTableName: 'orders-restored', encryptionType: 'Default' } });
  });
});
