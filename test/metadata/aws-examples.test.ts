/**
 * AWS's own examples, from each type's restore page (docs.aws.amazon.com/aws-backup/latest/devguide/<page>),
 * through RestoreMetadata.fromMap: they must synthesize without errors and without spelling or unknown-key
 * warnings; each wrong variant fails (or warns) as the page says.
 */
import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ARN, expectRendered, hasWarning, restore } from './support';
import { RestoreMetadata } from '../../src';

function passes(metadata: Record<string, string>, resourceType: string, arn: string): Stack {
  const stack = restore(() => RestoreMetadata.fromMap(metadata, resourceType), arn);
  Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('cdk-backup-restore:(key-spelling|unknown-key|missing-key|request-id-unsupported)'));
  return stack;
}

function fails(metadata: Record<string, string>, resourceType: string, arn: string, error: RegExp): void {
  expect(() => restore(() => RestoreMetadata.fromMap(metadata, resourceType), arn)).toThrow(error);
}

// A cluster's continuous recovery point has the plain recovery-point ARN (the PITR page's Aurora example).
describe('Aurora (restoring-aur.html, point-in-time-recovery.html)', () => {
  // The snapshot restore example of "Restoring an Amazon Aurora cluster" (recorded metadata), plus the cluster
  // identifier the page marks required ("// Required metadata: dbClusterIdentifier, engine").
  const snapshotExample = {
    EngineVersion: '5.6.10a',
    KmsKeyId: 'arn:aws:kms:us-east-1:234567890123:key/45678901-ab23-4567-8cd9-012d345e6f7',
    EngineMode: 'serverless',
    AvailabilityZones: '["us-east-1b","us-east-1e","us-east-1c"]',
    Port: '3306',
    DatabaseName: '',
    DBSubnetGroupName: 'default-vpc-05a3b07cf6e193e1g',
    VpcSecurityGroupIds: '["sg-012d52c68c6e88f00"]',
    ScalingConfiguration: '{"MinCapacity":2,"MaxCapacity":64,"AutoPause":true,"SecondsUntilAutoPause":300,"TimeoutAction":"RollbackCapacityChange"}',
    EnableIAMDatabaseAuthentication: 'false',
    DBClusterParameterGroupName: 'default.aurora5.6',
    CopyTagsToSnapshot: 'true',
    Engine: 'aurora',
    EnableCloudwatchLogsExports: '[]',
  };

  test("the page's snapshot example passes once the required cluster identifier is added; without it, an error", () => {
    passes({ ...snapshotExample, DBClusterIdentifier: 'orders-restored' }, 'Aurora', ARN.clusterSnapshot);
    fails(snapshotExample, 'Aurora', ARN.clusterSnapshot, /'DBClusterIdentifier' is required for Aurora restores/);
  });

  test('the keys as the page lists them (lower camel case) pass too', () => {
    passes({ dbClusterIdentifier: 'orders-restored', engine: 'aurora-mysql', restoreToTime: '2024-01-15T10:30:00Z' }, 'Aurora', ARN.backup);
  });

  test('PITR: restoreToTime, or UseLatestRestorableTime (the PITR page example); RestoreTime is an error naming restoreToTime', () => {
    passes({ DBClusterIdentifier: 'restored-aurora-cluster', Engine: 'aurora-mysql', UseLatestRestorableTime: 'true' }, 'Aurora', ARN.backup);
    const stack = passes({ DBClusterIdentifier: 'restored-aurora-cluster', Engine: 'aurora-mysql', restoreToTime: '2024-01-15T10:30:00Z' }, 'Aurora', ARN.backup);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('continuous-needs-restore-time'));
    fails({ DBClusterIdentifier: 'restored-aurora-cluster', Engine: 'aurora-mysql', RestoreTime: '2024-01-15T10:30:00Z' }, 'Aurora', ARN.backup,
      /'RestoreTime' is not a key AWS documents for Aurora restores.*did you mean 'restoreToTime'\?/);
    fails({ DBClusterIdentifier: 'c', Engine: 'aurora-mysql', restoreToTime: '2024-01-15T10:30:00Z', UseLatestRestorableTime: 'true' }, 'Aurora', ARN.backup,
      /'restoreToTime' .*and 'UseLatestRestorableTime' = 'true' exclude each other/);
  });

  test('the typed factory renders restoreToTime for a cluster', () => {
    const stack = restore(() => RestoreMetadata.neptuneCluster({ clusterIdentifier: 'graph-dr', restoreTime: new Date('2024-01-15T10:30:00Z') }), ARN.backup);
    expect(JSON.stringify(stack.resolve((stack.node.findChild('Restore').node.findChild('Resource').node.defaultChild as any)._cfnProperties)))
      .toContain('"restoreToTime":"2024-01-15T10:30:00Z"');
  });
});

describe('RDS (restoring-rds.html, point-in-time-recovery.html)', () => {
  test("RDS instances keep RestoreTime (RestoreDBInstanceToPointInTime, the PITR page's RDS example)", () => {
    passes({ DBInstanceIdentifier: 'restored-db-instance', Engine: 'mysql', UseLatestRestorableTime: 'false', RestoreTime: '2024-01-15T10:30:00Z' }, 'RDS', ARN.continuousRds);
  });
});

describe('EBS (restoring-ebs.html)', () => {
  test("the archived-snapshot example and the request id pass; the recorded example's volumeId is information only", () => {
    passes({ 'temporaryRestoreDays': '30', 'volumeType': 'gp3', 'volumeSize': '100', 'availabilityZone': 'us-east-1a', 'aws:backup:request-id': 'r-1' }, 'EBS', ARN.ebsSnapshot);
    hasWarning(restore(() => RestoreMetadata.fromMap({ encrypted: 'false', volumeId: 'vol-04cc95f3490b5ceea', availabilityZone: 'us-east-1a' }, 'EBS'), ARN.ebsSnapshot), 'ignored-key', "'volumeId'");
    fails({ temporaryRestoreDays: '181', availabilityZone: 'us-east-1a' }, 'EBS', ARN.ebsSnapshot, /'temporaryRestoreDays' .*must be between 0 and 180/);
  });

  test('file-level restore: restoreType with destinationBucketName and pathsToRestore; either half alone is an error', () => {
    passes({ restoreType: 'FILE_LEVEL', destinationBucketName: 'restored-files', pathsToRestore: '["/data/process/abc.txt"]', encryptionType: 'SSE-S3' }, 'EBS', ARN.ebsSnapshot);
    fails({ restoreType: 'FILE_LEVEL', destinationBucketName: 'restored-files' }, 'EBS', ARN.ebsSnapshot, /'pathsToRestore' is missing/);
    fails({ destinationBucketName: 'restored-files', pathsToRestore: '["/a"]' }, 'EBS', ARN.ebsSnapshot, /'restoreType' is not set/);
  });
});

describe('Timestream (timestream-restore.html)', () => {
  test("the page's list and the page's example both pass", () => {
    passes({ 'TableName': 'cpu', 'DestinationDatabase': 'metrics', 'EnableMagneticStoreWrites': 'true', 'aws:backup:request-id': 'r-1' }, 'Timestream', ARN.backup);
    passes({
      TableName: 'tablename',
      DatabaseName: 'databasename',
      MagneticStoreRetentionPeriodInDays: '1',
      MemoryStoreRetentionPeriodInHours: '1',
      MagneticStoreWriteProperties: '{"EnableMagneticStoreWrites":true,"MagneticStoreRejectedDataLocation":{"S3Configuration":{"BucketName":"bucketname","EncryptionOption":"SSE_S3"}}}',
    }, 'Timestream', ARN.backup);
  });
});

describe('Redshift (redshift-restores.html)', () => {
  test("the page's example passes; ClusterIdentifier is required", () => {
    passes({ RestoreType: 'CLUSTER_RESTORE', ClusterIdentifier: 'redshift-cluster-restore-78', Encrypted: 'true', KmsKeyId: '45e261e4-075a-46c7-9261-dfb91e1c739c' }, 'Redshift', ARN.redshift);
    fails({ RestoreType: 'CLUSTER_RESTORE', NodeType: 'ra3.xlplus' }, 'Redshift', ARN.redshift, /'ClusterIdentifier' is required for Redshift restores/);
  });
});

describe('EFS (restoring-efs.html)', () => {
  test('a new file system needs no file-system-id; the One Zone example passes; a misspelt newFileSystem is an error', () => {
    passes({ 'newFileSystem': 'true', 'singleAzFilesystem': 'true', 'availabilityZoneName': 'ap-northeast-3', 'aws:backup:request-id': 'r-1' }, 'EFS', ARN.backup);
    fails({ 'file-system-id': 'fs-1', 'newFileSytem': 'true' }, 'EFS', ARN.backup, /'newFileSytem' .*did you mean 'newFileSystem'\?/);
  });
});

describe('DynamoDB (restoring-dynamodb.html)', () => {
  test("the page's example passes (keys not case-sensitive, as the page says)", () => {
    const stack = restore(() => RestoreMetadata.fromMap({
      TargetTableName: 'TestRestoreTestTable', EncryptionType: 'KMS', kmsMasterKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/abcdefg',
    }, 'DynamoDB'), ARN.dynamodb);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('unknown-key|near-miss'));
    fails({ targetTabelName: 'orders' }, 'DynamoDB', ARN.dynamodb, /did you mean 'targetTableName'\?/);
  });
});

describe('EKS (restoring-eks.html)', () => {
  // The page's ARN, in the stack's Region (a cross-Region recovery point is rejected by RestoreJob).
  const EKS_ARN = 'arn:aws:backup:us-east-1:123456789012:recovery-point:composite:eks/my-cluster-20240115';
  const onEks = (metadata: Record<string, string>) => passes(metadata, 'EKS', EKS_ARN);

  test("the page's four CLI examples pass", () => {
    onEks({ clusterName: 'existing-cluster', newCluster: 'false' });
    onEks({ clusterName: 'existing-cluster', newCluster: 'false', namespaceLevelRestore: 'true', namespaces: '["ns-1","ns-2","ns-3","ns-4","ns-5"]' });
    // The page writes the key 'nestedrestorejobs' in lower case (keys are read case-insensitively): a spelling warning only.
    const nested = restore(() => RestoreMetadata.fromMap({
      clusterName: 'existing-cluster',
      newCluster: 'false',
      namespaceLevelRestore: 'true',
      nestedrestorejobs: '{"arn:aws:ec2:us-west-2::snapshot/snap-abc123":"{\\"AvailabilityZone\\":\\"us-west-2a\\"}"}',
    }, 'EKS'), EKS_ARN);
    hasWarning(nested, 'key-spelling', "'nestedrestorejobs'");
    onEks({
      clusterName: 'new-cluster',
      newCluster: 'true',
      clusterRole: 'arn:aws:iam::123456789012:role/EKSClusterRole',
      eksClusterVersion: '1.33',
      encryptionConfigProviderKeyArn: 'arn:aws:kms:us-west-2:123456789012:key/ecb2b326-784d-4ec0-8d07-20ab826b5a13',
      clusterVpcConfig: '{"vpcId":"vpc-1234","subnetIds":["subnet-1","subnet-2","subnet-3"],"securityGroupIds":["sg-123"]}',
      nodeGroups: '[{"nodeGroupId":"nodegroup-1","subnetIds":["subnet-1","subnet-2","subnet-3"],"nodeRole":"arn:aws:iam::123456789012:role/EKSNodeGroupRole","instanceTypes":["t3.small"],"launchTemplateId":"lt-0b13949aae3f2b867","launchTemplateVersion":"1"}]',
    });
  });

  test('wrong variants: no clusterName, six namespaces, a VPC config without security groups, a node group without its role; new-cluster keys on an existing cluster warn', () => {
    fails({ newCluster: 'false' }, 'EKS', EKS_ARN, /'clusterName' is required for EKS restores/);
    fails({ clusterName: 'c', namespaceLevelRestore: 'true', namespaces: '["a","b","c","d","e","f"]' }, 'EKS', EKS_ARN, /'namespaces' .*has 6 items; AWS Backup accepts at most 5/);
    fails({ clusterName: 'c', newCluster: 'true', clusterVpcConfig: '{"subnetIds":["subnet-1"]}' }, 'EKS', EKS_ARN, /'clusterVpcConfig' has no 'securityGroupIds'/);
    fails({ clusterName: 'c', newCluster: 'true', nodeGroups: '[{"nodeGroupId":"ng-1","subnetIds":["subnet-1"]}]' }, 'EKS', EKS_ARN, /'nodeGroups' item #1 has no 'nodeRole'/);
    fails({ clusterName: 'c', nweCluster: 'true' }, 'EKS', EKS_ARN, /did you mean 'newCluster'\?/);
    hasWarning(restore(() => RestoreMetadata.fromMap({ clusterName: 'c', eksClusterVersion: '1.33' }, 'EKS'), EKS_ARN), 'eks-new-cluster-keys-ignored', "'eksClusterVersion'");
    hasWarning(restore(() => RestoreMetadata.fromMap({ clusterName: 'c', namespaces: '["a"]' }, 'EKS'), EKS_ARN), 'eks-namespaces-without-namespace-restore');
  });

  test('RestoreMetadata.eks renders the page keys', () => {
    const stack = restore(s => RestoreMetadata.eks({
      clusterName: 'orders-dr',
      newCluster: true,
      kubernetesVersion: '1.33',
      network: {
        subnets: [ec2.Subnet.fromSubnetId(s, 'A', 'subnet-0a'), ec2.Subnet.fromSubnetId(s, 'B', 'subnet-0b')],
        securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(s, 'Sg', 'sg-01')],
      },
      namespaces: ['orders'],
      kubernetesRestoreOrder: ['v1/persistentvolumes', 'v1/pods'],
      manifestsOnly: false,
    }), EKS_ARN);
    expectRendered(stack, 'EKS', Match.exact({
      clusterName: 'orders-dr',
      newCluster: 'true',
      eksClusterVersion: '1.33',
      clusterVpcConfig: '{"subnetIds":["subnet-0a","subnet-0b"],"securityGroupIds":["sg-01"]}',
      namespaceLevelRestore: 'true',
      namespaces: '["orders"]',
      kubernetesRestoreOrder: '["v1/persistentvolumes","v1/pods"]',
      restoreKubernetesManifestsOnly: 'false',
    }) as any);
  });
});
