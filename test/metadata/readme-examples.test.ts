/**
 * The README's resource-type examples, compiled (ts-jest type-checks this file) and synthesized. Each example
 * is the code between a `// README:start` and `// README:end` pair; the last test checks that README.md shows
 * exactly these examples, so the README cannot drift from code that compiles.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as fsx from 'aws-cdk-lib/aws-fsx';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  Ec2RestoreInstanceProfile, EfsPerformanceMode, OntapTieringPolicy, RecoveryPoint, RestoreJob, RestoreMetadata,
} from '../../src';

const ENV = { account: '123456789012', region: 'us-east-1' };

class EfsExample extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    // README:start
    new RestoreJob(this, 'RestoreFiles', {
      recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45'),
      metadata: RestoreMetadata.efs({
        fileSystemId: 'fs-0123456789abcdef0',
        kmsKey: new kms.Key(this, 'FilesKey'),
        performanceMode: EfsPerformanceMode.GENERAL_PURPOSE,
      }),
    });
    // README:end
  }
}

class DynamoDbExample extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    // README:start
    const tableKey = new kms.Key(this, 'TableKey');
    const job = new RestoreJob(this, 'RestoreOrders', {
      recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:8F1E2D3C-4B5A-4697-8877-665544332211'),
      metadata: RestoreMetadata.dynamoDb({
        targetTableName: 'orders-restored',
        kmsKey: tableKey, // renders encryptionType=KMS and kmsMasterKeyArn; the restore role may use the key
        deletionProtection: true,
      }),
    });
    // job.createdResourceArn is the new table's ARN
    // README:end
    void job;
  }
}

class RdsExample extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    // README:start
    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2 });
    const dbSecurityGroup = new ec2.SecurityGroup(this, 'Db', { vpc });
    const subnetGroup = new rds.SubnetGroup(this, 'DbSubnets', { vpc, description: 'restored databases' });
    new RestoreJob(this, 'RestoreOrdersDb', {
      recoveryPoint: RecoveryPoint.fromArn('arn:aws:rds:us-east-1:123456789012:snapshot:awsbackup:job-1eb3b5e7-9eb0-435a-a80b-108b488b0d45'),
      metadata: RestoreMetadata.rdsInstance({
        instanceIdentifier: 'orders-db-dr',
        instanceType: ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE), // DBInstanceClass 'db.r6g.large'
        subnetGroup,
        securityGroups: [dbSecurityGroup],
        multiAz: true,
        storageType: rds.StorageType.GP3,
        additionalMetadata: { AutoMinorVersionUpgrade: 'true' }, // any other RestoreDBInstanceFromDBSnapshot parameter
      }),
    });
    // README:end
  }
}

class AuroraExample extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    // README:start
    new RestoreJob(this, 'RestoreOrdersCluster', {
      recoveryPoint: RecoveryPoint.fromArn('arn:aws:rds:us-east-1:123456789012:cluster-snapshot:awsbackup:job-2c3d4e5f-0a1b-4c2d-9e8f-7a6b5c4d3e2f'),
      metadata: RestoreMetadata.auroraCluster({
        clusterIdentifier: 'orders-dr',
        engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
        port: 5432,
      }),
    });
    // README:end
  }
}

class DocumentDbNeptuneExample extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    // README:start
    new RestoreJob(this, 'RestoreCatalog', {
      recoveryPoint: RecoveryPoint.fromArn('arn:aws:rds:us-east-1:123456789012:cluster-snapshot:awsbackup:job-3d4e5f60-1a2b-4c3d-8e9f-0a1b2c3d4e5f'),
      metadata: RestoreMetadata.documentDbCluster({ clusterIdentifier: 'catalog-dr', subnetGroupName: 'dr-docdb' }),
    });
    new RestoreJob(this, 'RestoreGraph', {
      recoveryPoint: RecoveryPoint.fromArn('arn:aws:rds:us-east-1:123456789012:cluster-snapshot:awsbackup:job-4e5f6071-2b3c-4d4e-9f0a-1b2c3d4e5f60'),
      metadata: RestoreMetadata.neptuneCluster({ clusterIdentifier: 'graph-dr', subnetGroupName: 'dr-neptune' }),
    });
    // README:end
  }
}

class EbsExample extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    // README:start
    new RestoreJob(this, 'RestoreDataVolume', {
      recoveryPoint: RecoveryPoint.fromArn('arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0'),
      metadata: RestoreMetadata.ebsVolume({
        availabilityZone: 'us-east-1a',
        volumeType: ec2.EbsDeviceVolumeType.GP3,
        volumeSize: Size.gibibytes(200),
        iops: 6000, // io1, io2 and gp3 only
        throughput: 250, // gp3 only
      }),
    });
    // README:end
  }
}

class Ec2Example extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    // README:start
    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2 });
    new RestoreJob(this, 'RestoreAppServer', {
      recoveryPoint: RecoveryPoint.fromArn('arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0'),
      metadata: RestoreMetadata.ec2Instance({
        instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.LARGE),
        subnet: vpc.privateSubnets[0],
        securityGroups: [new ec2.SecurityGroup(this, 'App', { vpc })],
        instanceProfile: Ec2RestoreInstanceProfile.NONE, // or ORIGINAL: a new profile cannot be attached
        requireImdsv2: true,
        // a key override goes per volume (BlockDeviceMappings[].Ebs.KmsKeyId, with Encrypted)
        blockDevices: [{ deviceName: '/dev/xvda', kmsKey: new kms.Key(this, 'VolumeKey') }],
      }),
    });
    // README:end
  }
}

class S3Example extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    // README:start
    new RestoreJob(this, 'RestoreReports', {
      // a continuous backup: RestoreTime is required (and rejected for snapshot recovery points)
      recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:continuous:s3-reports-1a2b3c4d'),
      metadata: RestoreMetadata.s3({
        destinationBucketName: 'reports-restored',
        newBucket: true,
        kmsKey: new kms.Key(this, 'ReportsKey'), // renders EncryptionType=SSE-KMS
        itemsToRestore: ['s3://reports/2024/'], // at most 5
        restoreTime: new Date('2024-06-01T00:00:00Z'),
      }),
    });
    // README:end
  }
}

class FsxExample extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    // README:start
    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2 });
    new RestoreJob(this, 'RestoreScratch', {
      recoveryPoint: RecoveryPoint.fromArn('arn:aws:fsx:us-east-1:123456789012:backup/backup-0123456789abcdef0'),
      metadata: RestoreMetadata.fsxLustre({
        subnets: [vpc.privateSubnets[0]],
        deploymentType: fsx.LustreDeploymentType.PERSISTENT_2,
        perUnitStorageThroughput: 250,
      }),
    });
    new RestoreJob(this, 'RestoreShares', {
      recoveryPoint: RecoveryPoint.fromArn('arn:aws:fsx:us-east-1:123456789012:backup/backup-0fedcba9876543210'),
      metadata: RestoreMetadata.fsxWindows({
        subnets: vpc.privateSubnets,
        preferredSubnet: vpc.privateSubnets[0],
        activeDirectoryId: 'd-1234567890',
        throughputCapacity: 32,
      }),
    });
    new RestoreJob(this, 'RestoreVolume', {
      recoveryPoint: RecoveryPoint.fromArn('arn:aws:fsx:us-east-1:123456789012:backup/backup-00112233445566778'),
      metadata: RestoreMetadata.fsxOntap({
        storageVirtualMachineId: 'svm-0123456789abcdef0',
        volumeName: 'orders_restored',
        junctionPath: '/orders-restored',
        tieringPolicy: OntapTieringPolicy.AUTO,
        tieringCoolingPeriod: Duration.days(31),
      }),
    });
    new RestoreJob(this, 'RestoreZfs', {
      recoveryPoint: RecoveryPoint.fromArn('arn:aws:fsx:us-east-1:123456789012:backup/backup-08899aabbccddeeff'),
      metadata: RestoreMetadata.fsxOpenZfs({ subnets: [vpc.privateSubnets[0]], throughputCapacity: 160 }),
    });
    // README:end
  }
}

class RedshiftExample extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    // README:start
    const copyRole = new iam.Role(this, 'CopyRole', { assumedBy: new iam.ServicePrincipal('redshift.amazonaws.com') });
    new RestoreJob(this, 'RestoreWarehouse', {
      recoveryPoint: RecoveryPoint.fromArn('arn:aws:redshift:us-east-1:123456789012:snapshot:analytics/awsbackup:job-1eb3b5e7-9eb0-435a-a80b-108b488b0d45'),
      metadata: RestoreMetadata.redshiftCluster({
        clusterIdentifier: 'analytics-dr',
        nodeType: 'ra3.xlplus',
        numberOfNodes: 2,
        iamRoles: [copyRole],
        automatedSnapshotRetention: Duration.days(7), // 0 to 35 days
      }),
    });
    new RestoreJob(this, 'RestoreOrdersTable', {
      recoveryPoint: RecoveryPoint.fromArn('arn:aws:redshift:us-east-1:123456789012:snapshot:analytics/awsbackup:job-5f607182-3c4d-4e5f-8a9b-2c3d4e5f6071'),
      metadata: RestoreMetadata.redshiftTable({
        clusterIdentifier: 'analytics',
        sourceDatabaseName: 'dev',
        sourceTableName: 'orders',
        newTableName: 'orders_restored',
      }),
    });
    // README:end
  }
}

class VirtualMachineExample extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    // README:start
    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2 });
    new RestoreJob(this, 'MigrateVm', {
      recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:6A7B8C9D-0E1F-4A2B-8C3D-4E5F6A7B8C9D'),
      metadata: RestoreMetadata.virtualMachineToEc2({
        instanceType: ec2.InstanceType.of(ec2.InstanceClass.M6I, ec2.InstanceSize.LARGE),
        vpc,
        subnet: vpc.privateSubnets[0],
      }),
    });
    new RestoreJob(this, 'RestoreVm', {
      recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:7B8C9D0E-1F2A-4B3C-9D4E-5F6A7B8C9D0E'),
      metadata: RestoreMetadata.virtualMachineToVmware({
        hypervisorArn: 'arn:aws:backup-gateway:us-east-1:123456789012:hypervisor/hype-0123456789abcdef0',
        vmName: 'app-restored',
        disks: [{ diskId: '2000', label: 'Hard disk 1' }], // omit (or list every disk) for a full restore
      }),
    });
    // README:end
  }
}

class CloudFormationExample extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    // README:start
    new RestoreJob(this, 'RestoreAppStack', {
      recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:8C9D0E1F-2A3B-4C4D-8E5F-6A7B8C9D0E1F'),
      metadata: RestoreMetadata.cloudFormationStack({
        stackName: 'orders-app-dr',
        changeSetName: 'restore',
        stackParameters: { Environment: 'dr' },
      }),
    });
    // README:end
  }
}

class TimestreamExample extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    // README:start
    new RestoreJob(this, 'RestoreMetrics', {
      recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:9D0E1F2A-3B4C-4D5E-9F6A-7B8C9D0E1F2A'),
      metadata: RestoreMetadata.timestreamTable({
        databaseName: 'metrics',
        tableName: 'cpu_restored',
        memoryStoreRetention: Duration.hours(24),
        magneticStoreRetention: Duration.days(365), // at least the original table's, or older data is lost
        rejectedDataBucket: new s3.Bucket(this, 'RejectedWrites'),
      }),
    });
    // README:end
  }
}

class EksExample extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    // README:start
    new RestoreJob(this, 'RestoreOrdersNamespace', {
      recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:composite:eks/orders-20240115'),
      metadata: RestoreMetadata.eks({
        clusterName: 'orders-dr', // an existing cluster (newCluster: true has AWS Backup create it)
        namespaces: ['orders', 'billing'], // up to 5; renders namespaceLevelRestore=true
      }),
    });
    // README:end
  }
}

const EXAMPLES: Array<[string, new (scope: Construct, id: string) => Stack]> = [
  ['EFS', EfsExample],
  ['DynamoDB', DynamoDbExample],
  ['RDS', RdsExample],
  ['Aurora', AuroraExample],
  ['DocumentDB and Neptune', DocumentDbNeptuneExample],
  ['EBS', EbsExample],
  ['EC2', Ec2Example],
  ['S3', S3Example],
  ['FSx', FsxExample],
  ['Redshift', RedshiftExample],
  ['VirtualMachine', VirtualMachineExample],
  ['CloudFormation', CloudFormationExample],
  ['Timestream', TimestreamExample],
  ['EKS', EksExample],
];

test.each(EXAMPLES)('the %s example synthesizes', (_name, Example) => {
  const stack = new Example(new App(), 'Example');
  expect(Object.keys(Template.fromStack(stack).findResources('Custom::BackupRestoreJob')).length).toBeGreaterThan(0);
});

/** The examples as they appear in this file, dedented. */
function examplesInThisFile(): string[] {
  const source = readFileSync(__filename, 'utf8');
  return [...source.matchAll(/\/\/ README:start\n([\s\S]*?)\n\s*\/\/ README:end/g)].map(m => dedent(m[1]));
}

/** The TypeScript blocks of README.md's resource-types section. */
function examplesInReadme(): string[] {
  const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.split('<!-- resource-types:start -->')[1]?.split('<!-- resource-types:end -->')[0] ?? '';
  return [...section.matchAll(/```ts\n([\s\S]*?)\n```/g)].map(m => dedent(m[1]));
}

function dedent(text: string): string {
  const lines = text.split('\n');
  const indent = Math.min(...lines.filter(l => l.trim() !== '').map(l => l.match(/^ */)![0].length));
  return lines.map(l => l.slice(indent)).join('\n').trim();
}

test('README.md shows exactly these examples, in this order', () => {
  expect(examplesInReadme()).toEqual(examplesInThisFile());
});
