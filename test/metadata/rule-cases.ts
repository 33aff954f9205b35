/**
 * Every metadata rule as a case that breaks it and a case that keeps it. Shared by rules.test.ts (through a
 * synthesized stack) and redaction.test.ts (the same failing cases, with values kept out of messages).
 */
import { Duration, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { ARN } from './support';
import {
  DynamoDbRestoreEncryption, Ec2RestoreInstanceProfile, RestoreMetadata, S3RestoreEncryption,
} from '../../src';

export type Factory = (stack: Stack) => RestoreMetadata;

export interface RuleCase {
  /** What the rule says. */
  readonly rule: string;
  /** Metadata that breaks the rule, and the recovery point it is restored from. */
  readonly reject: Factory;
  readonly rejectArn?: string;
  /** Metadata that keeps the rule. */
  readonly accept: Factory;
  readonly acceptArn?: string;
  /** For an error: what the thrown message must contain (the key, and the value where there is one). */
  readonly error?: RegExp;
  /** For a warning: its stable id, and optionally what its text must contain. */
  readonly warning?: string;
  readonly text?: string;
}

const key = (stack: Stack) => new kms.Key(stack, 'Key');
const subnet = (stack: Stack, id: string, az = 'us-east-1a') =>
  ec2.Subnet.fromSubnetAttributes(stack, id, { subnetId: `subnet-0${id.toLowerCase().replace(/[^0-9a-f]/g, '')}0000000`, availabilityZone: az });
const sg = (stack: Stack, id: string) => ec2.SecurityGroup.fromSecurityGroupId(stack, id, `sg-0${id.length}abcdef012345678`);
const dynamo = (extra: Record<string, string> = {}) => RestoreMetadata.fromMap({ targetTableName: 'orders-restored', ...extra }, 'DynamoDB');
const s3 = (extra: Record<string, string> = {}) => RestoreMetadata.fromMap({ DestinationBucketName: 'orders-restored', ...extra }, 'S3');
const rdsMap = (extra: Record<string, string> = {}) => RestoreMetadata.fromMap({ DBInstanceIdentifier: 'orders-db', ...extra }, 'RDS');
const aurora = (extra: Record<string, string> = {}) =>
  RestoreMetadata.fromMap({ DBClusterIdentifier: 'orders-cluster', Engine: 'aurora-mysql', ...extra }, 'Aurora');
const ebs = (extra: Record<string, string> = {}) => RestoreMetadata.fromMap({ availabilityZone: 'us-east-1a', ...extra }, 'EBS');
const ec2Map = (extra: Record<string, string> = {}) => RestoreMetadata.fromMap(extra, 'EC2');
const fsx = (extra: Record<string, string> = {}) => RestoreMetadata.fromMap(extra, 'FSx');
const redshift = (extra: Record<string, string> = {}) =>
  RestoreMetadata.fromMap({ RestoreType: 'CLUSTER_RESTORE', ClusterIdentifier: 'analytics-dr', ...extra }, 'Redshift');
const vm = (extra: Record<string, string> = {}) => RestoreMetadata.fromMap({ RestoreTo: 'EC2Instance', ...extra }, 'VirtualMachine');
const cfn = (extra: Record<string, string> = {}) =>
  RestoreMetadata.fromMap({ StackName: 'orders-restored', ChangeSetName: 'restore', ...extra }, 'CloudFormation');
const timestream = (extra: Record<string, string> = {}) =>
  RestoreMetadata.fromMap({ DatabaseName: 'metrics', TableName: 'cpu-restored', ...extra }, 'Timestream');
const windows = { SubnetIds: '["subnet-0a"]', WindowsConfiguration: '{"ActiveDirectoryId":"d-1234567890"}' };

export const CASES: RuleCase[] = [
  // ---- general: the recovery point ARN against the factory's resource type -----------------------------
  {
    rule: 'EFS metadata cannot restore an EBS snapshot',
    reject: () => RestoreMetadata.efs({ fileSystemId: 'fs-0123456789abcdef0' }),
    rejectArn: ARN.ebsSnapshot,
    accept: () => RestoreMetadata.efs({ fileSystemId: 'fs-0123456789abcdef0' }),
    acceptArn: ARN.backup,
    error: /an EBS snapshot ARN, which restores as EBS or Storage Gateway, not EFS/,
  },
  {
    rule: 'DynamoDB metadata cannot restore an AMI',
    reject: () => RestoreMetadata.dynamoDb({ targetTableName: 'orders-restored' }),
    rejectArn: ARN.ami,
    accept: () => RestoreMetadata.dynamoDb({ targetTableName: 'orders-restored' }),
    acceptArn: ARN.dynamodb,
    error: /not DynamoDB/,
  },
  {
    rule: 'DocumentDB metadata cannot restore an RDS DB snapshot',
    reject: () => RestoreMetadata.documentDbCluster({ clusterIdentifier: 'docs' }),
    rejectArn: ARN.rdsSnapshot,
    accept: () => RestoreMetadata.documentDbCluster({ clusterIdentifier: 'docs' }),
    acceptArn: ARN.clusterSnapshot,
    error: /not DocumentDB/,
  },
  {
    rule: 'RDS instance metadata for a cluster snapshot is suspicious (the cluster shape is inferred)',
    reject: () => RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db' }),
    rejectArn: ARN.clusterSnapshot,
    accept: () => RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db' }),
    acceptArn: ARN.rdsSnapshot,
    warning: 'resource-type-mismatch',
  },
  {
    rule: 'FSx metadata cannot restore an EBS snapshot',
    reject: s => RestoreMetadata.fsxLustre({ subnets: [subnet(s, 'A')] }),
    rejectArn: ARN.ebsSnapshot,
    accept: s => RestoreMetadata.fsxLustre({ subnets: [subnet(s, 'A')] }),
    acceptArn: ARN.fsx,
    error: /not FSx/,
  },

  // ---- DynamoDB ----------------------------------------------------------------------------------------
  {
    rule: 'DynamoDB: targetTableName is required',
    reject: () => RestoreMetadata.fromMap({ encryptionType: 'Default' }, 'DynamoDB'),
    accept: () => dynamo(),
    error: /'targetTableName' is required/,
  },
  {
    rule: 'DynamoDB: targetTableName is a valid table name',
    reject: () => dynamo({ targetTableName: 'ab' }),
    accept: () => RestoreMetadata.dynamoDb({ targetTableName: 'orders.restored_2024-01' }),
    error: /'targetTableName' \(value: 'ab'\) is not a valid DynamoDB table name/,
  },
  {
    rule: 'DynamoDB: kmsMasterKeyArn needs encryptionType KMS',
    reject: s => RestoreMetadata.dynamoDb({ targetTableName: 'orders-restored', kmsKey: key(s), encryption: DynamoDbRestoreEncryption.DEFAULT }),
    accept: s => RestoreMetadata.dynamoDb({ targetTableName: 'orders-restored', kmsKey: key(s) }),
    error: /'kmsMasterKeyArn' .*'encryptionType' \(value: 'Default'\) is not 'KMS'/,
  },
  {
    rule: 'DynamoDB: kmsMasterKeyArn without any encryptionType is rejected too',
    reject: () => dynamo({ kmsMasterKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' }),
    accept: () => dynamo({ kmsMasterKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', encryptionType: 'KMS' }),
    error: /'encryptionType' is not set/,
  },
  {
    rule: 'DynamoDB: encryptionType is Default or KMS, spelled as AWS spells it',
    reject: () => dynamo({ encryptionType: 'kms' }),
    accept: () => dynamo({ encryptionType: 'KMS' }),
    error: /'encryptionType' \(value: 'kms'\) must be spelled 'KMS'/,
  },
  {
    rule: 'DynamoDB: deletionProtection is a boolean string',
    reject: () => dynamo({ deletionProtection: 'yes' }),
    accept: () => RestoreMetadata.dynamoDb({ targetTableName: 'orders-restored', deletionProtection: true }),
    error: /'deletionProtection' \(value: 'yes'\) must be 'true' or 'false'/,
  },
  {
    rule: 'DynamoDB: unknown keys are probably typos',
    reject: () => dynamo({ tableClass: 'STANDARD' }),
    accept: () => dynamo({ 'aws:backup:request-id': 'dr-2024-01' }),
    warning: 'unknown-key',
    text: "'tableClass'",
  },
  {
    rule: 'additionalMetadata keys are validated like the typed ones',
    reject: () => RestoreMetadata.dynamoDb({ targetTableName: 'orders-restored', additionalMetadata: { deletionprotection: 'true' } }),
    accept: () => RestoreMetadata.dynamoDb({ targetTableName: 'orders-restored', additionalMetadata: { deletionProtection: 'true' } }),
    warning: 'key-spelling',
    text: "'deletionprotection'",
  },

  // ---- RDS instance -----------------------------------------------------------------------------------
  {
    rule: 'RDS: DBInstanceIdentifier is expected',
    reject: () => RestoreMetadata.fromMap({ DBInstanceClass: 'db.t3.micro' }, 'RDS'),
    accept: () => rdsMap(),
    warning: 'missing-key',
    text: "'DBInstanceIdentifier'",
  },
  {
    rule: 'RDS: DBInstanceIdentifier is a valid identifier',
    reject: () => RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders--db' }),
    accept: () => RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db-2' }),
    error: /'DBInstanceIdentifier' \(value: 'orders--db'\) is not a valid identifier/,
  },
  ...['EngineVersion', 'KmsKeyId', 'Encrypted', 'vpcId'].map((k): RuleCase => ({
    rule: `RDS: ${k} is information only, ignored by AWS`,
    reject: () => rdsMap({ [k]: k === 'Encrypted' ? 'true' : 'x-1' }),
    accept: () => rdsMap(),
    warning: 'ignored-key',
    text: `'${k}'`,
  })),
  {
    rule: 'RDS: DBInstanceClass has the db. prefix',
    reject: () => rdsMap({ DBInstanceClass: 'r6g.large' }),
    accept: () => RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db', instanceType: ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE) }),
    warning: 'rds-instance-class',
  },
  {
    rule: 'RDS: Iops only with io1, io2 or gp3 storage',
    reject: () => RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db', storageType: rds.StorageType.GP2, iops: 3000 }),
    accept: () => RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db', storageType: rds.StorageType.IO2, iops: 3000 }),
    warning: 'rds-iops-storage-type',
  },
  {
    rule: 'RDS: Port is a whole number',
    reject: () => rdsMap({ Port: 'postgres' }),
    accept: () => rdsMap({ Port: '5432' }),
    error: /'Port' \(value: 'postgres'\) must be a whole number/,
  },
  {
    rule: 'RDS: Port is 1150 to 65535',
    reject: () => RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db', port: 80 }),
    accept: () => RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db', port: 5432 }),
    error: /'Port' \(value: '80'\) must be between 1150 and 65535/,
  },
  {
    rule: 'RDS: StorageType is spelled as RDS spells it',
    reject: () => rdsMap({ StorageType: 'GP3' }),
    accept: () => rdsMap({ StorageType: 'gp3' }),
    error: /'StorageType' \(value: 'GP3'\) must be spelled 'gp3'/,
  },
  {
    rule: 'RDS: VpcSecurityGroupIds is a JSON array, not a comma-joined list',
    reject: () => rdsMap({ VpcSecurityGroupIds: 'sg-0a,sg-0b' }),
    accept: s => RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db', securityGroups: [sg(s, 'A'), sg(s, 'BB')] }),
    error: /'VpcSecurityGroupIds' .*must be a JSON array.*comma-joined list/,
  },
  {
    rule: 'RDS: RestoreTime and UseLatestRestorableTime exclude each other',
    reject: () => RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db', restoreTime: new Date('2024-01-02T03:04:05Z'), useLatestRestorableTime: true }),
    rejectArn: ARN.continuousRds,
    accept: () => RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db', restoreTime: new Date('2024-01-02T03:04:05Z') }),
    acceptArn: ARN.continuousRds,
    error: /'RestoreTime' \(value: '2024-01-02T03:04:05Z'\) and 'UseLatestRestorableTime'/,
  },
  {
    rule: 'RDS: a continuous recovery point needs a restore time',
    reject: () => RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db' }),
    rejectArn: ARN.continuousRds,
    accept: () => RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db', useLatestRestorableTime: true }),
    acceptArn: ARN.continuousRds,
    warning: 'rds-continuous-needs-restore-time',
  },
  {
    rule: 'RDS: a snapshot has no restore time',
    reject: () => RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db', restoreTime: new Date('2024-01-02T03:04:05Z') }),
    rejectArn: ARN.rdsSnapshot,
    accept: () => RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db' }),
    acceptArn: ARN.rdsSnapshot,
    warning: 'rds-restore-time-needs-continuous',
  },

  // ---- Aurora / DocumentDB / Neptune ------------------------------------------------------------------
  {
    rule: 'Aurora: only the cluster is restored',
    reject: () => RestoreMetadata.auroraCluster({ clusterIdentifier: 'orders', engine: rds.DatabaseClusterEngine.AURORA_POSTGRESQL }),
    accept: () => RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db' }),
    warning: 'cluster-instances-not-restored',
    text: 'Aurora cluster only',
  },
  {
    rule: 'DocumentDB: only the cluster is restored',
    reject: () => RestoreMetadata.documentDbCluster({ clusterIdentifier: 'docs' }),
    rejectArn: ARN.clusterSnapshot,
    accept: () => RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db' }),
    warning: 'cluster-instances-not-restored',
    text: 'DocumentDB cluster only',
  },
  {
    rule: 'Neptune: only the cluster is restored',
    reject: () => RestoreMetadata.neptuneCluster({ clusterIdentifier: 'graph' }),
    rejectArn: ARN.clusterSnapshot,
    accept: () => RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db' }),
    warning: 'cluster-instances-not-restored',
    text: 'Neptune cluster only',
  },
  {
    // "Restoring an Amazon Aurora cluster" (restoring-aur.html): "// Required metadata: dbClusterIdentifier, engine".
    rule: 'Aurora: DBClusterIdentifier and Engine are required',
    reject: () => RestoreMetadata.fromMap({ DBClusterIdentifier: 'orders' }, 'Aurora'),
    accept: () => aurora(),
    error: /'Engine' is required for Aurora restores/,
  },
  {
    // The DocumentDB page lists the keys without marking any required: still only expected.
    rule: 'DocumentDB: DBClusterIdentifier and Engine are expected',
    reject: () => RestoreMetadata.fromMap({ dbClusterIdentifier: 'catalog' }, 'DocumentDB'),
    accept: () => RestoreMetadata.fromMap({ dbClusterIdentifier: 'catalog', engine: 'docdb' }, 'DocumentDB'),
    acceptArn: ARN.clusterSnapshot,
    rejectArn: ARN.clusterSnapshot,
    warning: 'missing-key',
    text: "'Engine'",
  },
  {
    rule: 'Aurora: Engine is an Aurora engine',
    reject: () => aurora({ Engine: 'docdb' }),
    accept: () => aurora({ Engine: 'aurora-postgresql' }),
    warning: 'enum',
    text: "'Engine' \\(value: 'docdb'\\)",
  },
  {
    rule: 'Aurora: DBClusterIdentifier is a valid identifier',
    reject: () => aurora({ DBClusterIdentifier: '9orders' }),
    accept: () => aurora({ DBClusterIdentifier: 'orders9' }),
    error: /'DBClusterIdentifier' \(value: '9orders'\) is not a valid identifier/,
  },
  {
    rule: 'Aurora: backtracking is for Aurora MySQL only',
    reject: () => RestoreMetadata.auroraCluster({ clusterIdentifier: 'orders', engine: rds.DatabaseClusterEngine.AURORA_POSTGRESQL, backtrackWindow: Duration.hours(24) }),
    accept: () => RestoreMetadata.auroraCluster({ clusterIdentifier: 'orders', engine: rds.DatabaseClusterEngine.AURORA_MYSQL, backtrackWindow: Duration.hours(24) }),
    warning: 'aurora-backtrack-unsupported',
  },
  {
    rule: 'Neptune: no backtracking',
    reject: () => RestoreMetadata.neptuneCluster({ clusterIdentifier: 'graph', additionalMetadata: { BacktrackWindow: '3600' } }),
    accept: () => RestoreMetadata.neptuneCluster({ clusterIdentifier: 'graph' }),
    warning: 'neptune-backtrack-unsupported',
  },
  {
    rule: 'Aurora: BacktrackWindow is at most 72 hours',
    reject: () => RestoreMetadata.auroraCluster({ clusterIdentifier: 'orders', engine: rds.DatabaseClusterEngine.AURORA_MYSQL, backtrackWindow: Duration.hours(73) }),
    accept: () => RestoreMetadata.auroraCluster({ clusterIdentifier: 'orders', engine: rds.DatabaseClusterEngine.AURORA_MYSQL, backtrackWindow: Duration.hours(72) }),
    error: /'BacktrackWindow' \(value: '262800'\) must be between 0 and 259200/,
  },
  {
    rule: 'Aurora: ScalingConfiguration needs EngineMode serverless',
    reject: () => aurora({ EngineMode: 'provisioned', ScalingConfiguration: '{"MinCapacity":1}' }),
    accept: () => aurora({ EngineMode: 'serverless', ScalingConfiguration: '{"MinCapacity":1}' }),
    warning: 'aurora-scaling-needs-serverless',
  },
  {
    rule: 'Aurora: ScalingConfiguration is a JSON object',
    reject: () => aurora({ EngineMode: 'serverless', ScalingConfiguration: 'MinCapacity=1' }),
    accept: () => aurora({ EngineMode: 'serverless', ScalingConfiguration: '{"MinCapacity":1}' }),
    error: /'ScalingConfiguration' .*must be a JSON object/,
  },
  {
    rule: 'Aurora: a continuous recovery point needs a restore time',
    reject: () => aurora(),
    rejectArn: 'arn:aws:backup:us-east-1:123456789012:recovery-point:continuous:cluster-orders-1a2b',
    accept: () => aurora({ UseLatestRestorableTime: 'true' }),
    acceptArn: 'arn:aws:backup:us-east-1:123456789012:recovery-point:continuous:cluster-orders-1a2b',
    warning: 'aurora-continuous-needs-restore-time',
  },

  // ---- EBS --------------------------------------------------------------------------------------------
  {
    rule: 'EBS: availabilityZone is expected',
    reject: () => RestoreMetadata.fromMap({ volumeType: 'gp3' }, 'EBS'),
    rejectArn: ARN.ebsSnapshot,
    accept: () => RestoreMetadata.ebsVolume({ availabilityZone: 'us-east-1a' }),
    acceptArn: ARN.ebsSnapshot,
    warning: 'missing-key',
    text: "'availabilityZone'",
  },
  {
    rule: 'EBS: kmsKeyId needs encrypted=true',
    reject: s => RestoreMetadata.ebsVolume({ availabilityZone: 'us-east-1a', kmsKey: key(s), encrypted: false }),
    rejectArn: ARN.ebsSnapshot,
    accept: s => RestoreMetadata.ebsVolume({ availabilityZone: 'us-east-1a', kmsKey: key(s) }),
    acceptArn: ARN.ebsSnapshot,
    warning: 'ebs-kms-requires-encryption',
  },
  {
    rule: 'EBS: iops only for io1, io2 and gp3',
    reject: () => RestoreMetadata.ebsVolume({ availabilityZone: 'us-east-1a', volumeType: ec2.EbsDeviceVolumeType.GP2, iops: 4000 }),
    rejectArn: ARN.ebsSnapshot,
    accept: () => RestoreMetadata.ebsVolume({ availabilityZone: 'us-east-1a', volumeType: ec2.EbsDeviceVolumeType.GP3, iops: 4000 }),
    acceptArn: ARN.ebsSnapshot,
    warning: 'ebs-iops-volume-type',
  },
  {
    rule: 'EBS: throughput only for gp3',
    reject: () => RestoreMetadata.ebsVolume({ availabilityZone: 'us-east-1a', volumeType: ec2.EbsDeviceVolumeType.IO2, iops: 4000, throughput: 250 }),
    rejectArn: ARN.ebsSnapshot,
    accept: () => RestoreMetadata.ebsVolume({ availabilityZone: 'us-east-1a', volumeType: ec2.EbsDeviceVolumeType.GP3, throughput: 250 }),
    acceptArn: ARN.ebsSnapshot,
    warning: 'ebs-throughput-volume-type',
  },
  {
    rule: 'EBS: io1 and io2 volumes need iops',
    reject: () => RestoreMetadata.ebsVolume({ availabilityZone: 'us-east-1a', volumeType: ec2.EbsDeviceVolumeType.IO1 }),
    rejectArn: ARN.ebsSnapshot,
    accept: () => RestoreMetadata.ebsVolume({ availabilityZone: 'us-east-1a', volumeType: ec2.EbsDeviceVolumeType.IO1, iops: 1000 }),
    acceptArn: ARN.ebsSnapshot,
    warning: 'ebs-iops-required',
  },
  {
    rule: 'EBS: volumeType is an EBS volume type',
    reject: () => ebs({ volumeType: 'gp4' }),
    rejectArn: ARN.ebsSnapshot,
    accept: () => ebs({ volumeType: 'sc1' }),
    acceptArn: ARN.ebsSnapshot,
    error: /'volumeType' \(value: 'gp4'\) must be one of/,
  },
  {
    rule: 'EBS: volumeSize is at least 1 GiB',
    reject: () => RestoreMetadata.ebsVolume({ availabilityZone: 'us-east-1a', volumeSize: Size.gibibytes(0) }),
    rejectArn: ARN.ebsSnapshot,
    accept: () => RestoreMetadata.ebsVolume({ availabilityZone: 'us-east-1a', volumeSize: Size.gibibytes(100) }),
    acceptArn: ARN.ebsSnapshot,
    error: /'volumeSize' \(value: '0'\) must be between 1 and 65536/,
  },

  // ---- EC2 --------------------------------------------------------------------------------------------
  {
    rule: 'EC2: no new instance profile, only null or UseBackedUpValue',
    reject: () => ec2Map({ IamInstanceProfileName: 'my-app-profile' }),
    rejectArn: ARN.ami,
    accept: () => RestoreMetadata.ec2Instance({ instanceProfile: Ec2RestoreInstanceProfile.NONE }),
    acceptArn: ARN.ami,
    error: /'IamInstanceProfileName' \(value: 'my-app-profile'\) must be one of 'null', 'UseBackedUpValue'/,
  },
  {
    rule: 'EC2: the original instance profile needs PassRole',
    reject: () => RestoreMetadata.ec2Instance({ instanceProfile: Ec2RestoreInstanceProfile.ORIGINAL }),
    rejectArn: ARN.ami,
    accept: () => RestoreMetadata.ec2Instance({ instanceProfile: Ec2RestoreInstanceProfile.NONE }),
    acceptArn: ARN.ami,
    warning: 'ec2-instance-profile-pass-role',
  },
  {
    rule: 'EC2: InstanceType looks like an instance type',
    reject: () => ec2Map({ InstanceType: 'large' }),
    rejectArn: ARN.ami,
    accept: () => RestoreMetadata.ec2Instance({ instanceType: new ec2.InstanceType('m7g.large') }),
    acceptArn: ARN.ami,
    warning: 'ec2-instance-type',
  },
  {
    rule: 'EC2: SubnetId and NetworkInterfaces do not go together',
    reject: s => RestoreMetadata.ec2Instance({ subnet: subnet(s, 'A'), additionalMetadata: { NetworkInterfaces: '[{"DeviceIndex":0}]' } }),
    rejectArn: ARN.ami,
    accept: s => RestoreMetadata.ec2Instance({ subnet: subnet(s, 'A') }),
    acceptArn: ARN.ami,
    warning: 'ec2-subnet-and-network-interfaces',
  },
  {
    rule: 'EC2: SecurityGroupIds is a JSON array',
    reject: () => ec2Map({ SecurityGroupIds: 'sg-0a,sg-0b' }),
    rejectArn: ARN.ami,
    accept: () => ec2Map({ SecurityGroupIds: '["sg-0a","sg-0b"]' }),
    acceptArn: ARN.ami,
    error: /'SecurityGroupIds' .*must be a JSON array/,
  },

  // ---- S3 ---------------------------------------------------------------------------------------------
  {
    rule: 'S3: DestinationBucketName is required',
    reject: () => RestoreMetadata.fromMap({ NewBucket: 'true' }, 'S3'),
    accept: () => s3({ NewBucket: 'true' }),
    error: /'DestinationBucketName' is required/,
  },
  {
    rule: 'S3: DestinationBucketName is a valid bucket name',
    reject: () => RestoreMetadata.s3({ destinationBucketName: 'Orders_Restored' }),
    accept: () => RestoreMetadata.s3({ destinationBucketName: 'orders-restored.2024' }),
    error: /'DestinationBucketName' \(value: 'Orders_Restored'\) is not a valid S3 bucket name/,
  },
  {
    rule: 'S3: KMSKey only with SSE-KMS',
    reject: s => RestoreMetadata.s3({ destinationBucketName: 'orders-restored', kmsKey: key(s), encryption: S3RestoreEncryption.SSE_S3 }),
    accept: s => RestoreMetadata.s3({ destinationBucketName: 'orders-restored', kmsKey: key(s) }),
    // "KMSKey ... Only needed if encryption is SSE-KMS" (restoring-s3.html): a warning, not an error.
    warning: 's3-kms-key-requires-sse-kms',
    text: "'KMSKey' .*'EncryptionType' \\(value: 'SSE-S3'\\) is not 'SSE-KMS'",
  },
  {
    rule: 'S3: a continuous recovery point needs RestoreTime',
    reject: () => RestoreMetadata.s3({ destinationBucketName: 'orders-restored' }),
    rejectArn: ARN.continuousS3,
    accept: () => RestoreMetadata.s3({ destinationBucketName: 'orders-restored', restoreTime: new Date('2021-11-27T03:30:27Z') }),
    acceptArn: ARN.continuousS3,
    error: /needs 'RestoreTime'/,
  },
  {
    rule: 'S3: RestoreTime only for continuous recovery points',
    reject: () => RestoreMetadata.s3({ destinationBucketName: 'orders-restored', restoreTime: new Date('2021-11-27T03:30:27Z') }),
    rejectArn: ARN.backup,
    accept: () => RestoreMetadata.s3({ destinationBucketName: 'orders-restored' }),
    acceptArn: ARN.backup,
    error: /'RestoreTime' \(value: '2021-11-27T03:30:27Z'\) is set, but the recovery point is a snapshot/,
  },
  {
    rule: 'S3: RestoreTime is an ISO-8601 UTC timestamp',
    reject: () => s3({ RestoreTime: '2021-11-27 03:30:27' }),
    rejectArn: ARN.continuousS3,
    accept: () => s3({ RestoreTime: '2021-11-27T03:30:27Z' }),
    acceptArn: ARN.continuousS3,
    error: /'RestoreTime' \(value: '2021-11-27 03:30:27'\) must be an ISO-8601 UTC timestamp/,
  },
  {
    rule: 'S3: at most 5 ItemsToRestore',
    reject: () => RestoreMetadata.s3({ destinationBucketName: 'orders-restored', itemsToRestore: [1, 2, 3, 4, 5, 6].map(i => `s3://orders/${i}`) }),
    accept: () => RestoreMetadata.s3({ destinationBucketName: 'orders-restored', itemsToRestore: [1, 2, 3, 4, 5].map(i => `s3://orders/${i}`) }),
    error: /'ItemsToRestore' .*has 6 items; AWS Backup accepts at most 5/,
  },
  {
    rule: 'S3: ItemsToRestore are S3 URIs',
    reject: () => RestoreMetadata.s3({ destinationBucketName: 'orders-restored', itemsToRestore: ['reports/2024/'] }),
    accept: () => RestoreMetadata.s3({ destinationBucketName: 'orders-restored', itemsToRestore: ['s3://orders/reports/2024/'] }),
    warning: 's3-items-uri',
  },
  {
    rule: 'S3: EncryptionType is spelled as AWS spells it',
    reject: () => s3({ EncryptionType: 'sse-kms' }),
    accept: () => s3({ EncryptionType: 'original' }),
    error: /'EncryptionType' \(value: 'sse-kms'\) must be spelled 'SSE-KMS'/,
  },
  {
    rule: "S3: RestoreLatestVersionsUpTo is a count from 1, or 'all'",
    reject: () => s3({ RestoreLatestVersionsUpTo: '0' }),
    accept: () => s3({ RestoreLatestVersionsUpTo: 'all' }),
    error: /'RestoreLatestVersionsUpTo' \(value: '0'\)/,
  },

  // ---- FSx --------------------------------------------------------------------------------------------
  {
    // "You can specify ... ActiveDirectoryId" (restoring-fsx.html), and AWS's Windows example has none: a warning.
    rule: 'FSx Windows: without ActiveDirectoryId, a warning',
    reject: () => fsx({ SubnetIds: '["subnet-0a"]', WindowsConfiguration: '{"ThroughputCapacity":32}' }),
    rejectArn: ARN.fsx,
    accept: s => RestoreMetadata.fsxWindows({ subnets: [subnet(s, 'A')], activeDirectoryId: 'd-1234567890' }),
    acceptArn: ARN.fsx,
    warning: 'fsx-windows-active-directory',
    text: "'WindowsConfiguration' has no 'ActiveDirectoryId'",
  },
  {
    rule: 'FSx Windows: SubnetIds is required',
    reject: () => fsx({ WindowsConfiguration: windows.WindowsConfiguration }),
    rejectArn: ARN.fsx,
    accept: () => fsx(windows),
    acceptArn: ARN.fsx,
    error: /'SubnetIds' is required to restore an FSx for Windows File Server/,
  },
  {
    rule: 'FSx Windows: throughputCapacity is 8 to 12288',
    reject: s => RestoreMetadata.fsxWindows({ subnets: [subnet(s, 'A')], activeDirectoryId: 'd-1234567890', throughputCapacity: 4 }),
    rejectArn: ARN.fsx,
    accept: s => RestoreMetadata.fsxWindows({ subnets: [subnet(s, 'A')], activeDirectoryId: 'd-1234567890', throughputCapacity: 32 }),
    acceptArn: ARN.fsx,
    error: /'WindowsConfiguration.ThroughputCapacity' is 4/,
  },
  {
    rule: 'FSx Windows: the preferred subnet is one of the subnets',
    reject: s => RestoreMetadata.fsxWindows({ subnets: [subnet(s, 'A'), subnet(s, 'B', 'us-east-1b')], activeDirectoryId: 'd-1234567890', preferredSubnet: subnet(s, 'C') }),
    rejectArn: ARN.fsx,
    accept: s => {
      const a = subnet(s, 'A');
      return RestoreMetadata.fsxWindows({ subnets: [a, subnet(s, 'B', 'us-east-1b')], activeDirectoryId: 'd-1234567890', preferredSubnet: a });
    },
    acceptArn: ARN.fsx,
    warning: 'fsx-windows-preferred-subnet',
  },
  {
    rule: 'FSx ONTAP: storageVirtualMachineId is required',
    reject: () => fsx({ OntapConfiguration: '{"junctionPath":"/vol1"}' }),
    rejectArn: ARN.fsx,
    accept: () => RestoreMetadata.fsxOntap({ storageVirtualMachineId: 'svm-0123456789abcdef0', junctionPath: '/vol1' }),
    acceptArn: ARN.fsx,
    error: /'OntapConfiguration' .*has no 'storageVirtualMachineId'/,
  },
  {
    rule: 'FSx ONTAP: subnet ids are ignored',
    reject: () => RestoreMetadata.fsxOntap({ storageVirtualMachineId: 'svm-0123456789abcdef0', additionalMetadata: { SubnetIds: '["subnet-0a"]' } }),
    rejectArn: ARN.fsx,
    accept: () => RestoreMetadata.fsxOntap({ storageVirtualMachineId: 'svm-0123456789abcdef0' }),
    acceptArn: ARN.fsx,
    warning: 'fsx-ontap-subnets-ignored',
  },
  {
    rule: 'FSx ONTAP: junctionPath is absolute',
    reject: () => RestoreMetadata.fsxOntap({ storageVirtualMachineId: 'svm-0123456789abcdef0', junctionPath: 'vol1' }),
    rejectArn: ARN.fsx,
    accept: () => RestoreMetadata.fsxOntap({ storageVirtualMachineId: 'svm-0123456789abcdef0', junctionPath: '/vol1' }),
    acceptArn: ARN.fsx,
    error: /'OntapConfiguration.junctionPath' is "vol1"/,
  },
  {
    rule: 'FSx ONTAP: the tiering cooling period is 2 to 183 days',
    reject: () => RestoreMetadata.fsxOntap({ storageVirtualMachineId: 'svm-0123456789abcdef0', tieringCoolingPeriod: Duration.days(200) }),
    rejectArn: ARN.fsx,
    accept: () => RestoreMetadata.fsxOntap({ storageVirtualMachineId: 'svm-0123456789abcdef0', tieringCoolingPeriod: Duration.days(31) }),
    acceptArn: ARN.fsx,
    error: /'OntapConfiguration.coolingPeriod' is 200/,
  },
  {
    rule: 'FSx ONTAP: ontapVolumeType is RW or DP',
    reject: () => fsx({ OntapConfiguration: '{"storageVirtualMachineId":"svm-1","ontapVolumeType":"rw"}' }),
    rejectArn: ARN.fsx,
    accept: () => fsx({ OntapConfiguration: '{"storageVirtualMachineId":"svm-1","ontapVolumeType":"RW"}' }),
    acceptArn: ARN.fsx,
    error: /'OntapConfiguration.ontapVolumeType' is "rw"/,
  },
  {
    rule: 'FSx Lustre: subnetIds is required',
    reject: () => fsx({ LustreConfiguration: '{"DeploymentType":"PERSISTENT_2"}' }),
    rejectArn: ARN.fsx,
    accept: s => RestoreMetadata.fsxLustre({ subnets: [subnet(s, 'A')] }),
    acceptArn: ARN.fsx,
    error: /'SubnetIds' is required to restore an FSx for Lustre/,
  },
  {
    rule: 'FSx Lustre: deploymentType is a Lustre deployment type',
    reject: () => fsx({ SubnetIds: '["subnet-0a"]', LustreConfiguration: '{"DeploymentType":"PERSISTENT_3"}' }),
    rejectArn: ARN.fsx,
    accept: () => fsx({ SubnetIds: '["subnet-0a"]', LustreConfiguration: '{"DeploymentType":"PERSISTENT_2"}' }),
    acceptArn: ARN.fsx,
    error: /'LustreConfiguration.DeploymentType' is "PERSISTENT_3"/,
  },
  {
    rule: 'FSx OpenZFS: subnetIds is expected',
    reject: () => fsx({ OpenZFSConfiguration: '{"DeploymentType":"SINGLE_AZ_2"}' }),
    rejectArn: ARN.fsx,
    accept: s => RestoreMetadata.fsxOpenZfs({ subnets: [subnet(s, 'A')] }),
    acceptArn: ARN.fsx,
    warning: 'fsx-openzfs-needs-subnets',
  },
  {
    rule: 'FSx: without a configuration, subnetIds is still expected',
    reject: () => fsx({ KmsKeyId: 'alias/fsx' }),
    rejectArn: ARN.fsx,
    accept: () => fsx({ SubnetIds: '["subnet-0a"]' }),
    acceptArn: ARN.fsx,
    warning: 'fsx-needs-subnets',
  },
  {
    rule: 'FSx: one file system type per restore',
    reject: () => fsx({ ...windows, LustreConfiguration: '{}' }),
    rejectArn: ARN.fsx,
    accept: () => fsx(windows),
    acceptArn: ARN.fsx,
    warning: 'fsx-multiple-configurations',
  },
  {
    rule: 'FSx: subnetIds lists at least one subnet',
    reject: () => fsx({ SubnetIds: '[]' }),
    rejectArn: ARN.fsx,
    accept: () => fsx({ SubnetIds: '["subnet-0a"]' }),
    acceptArn: ARN.fsx,
    error: /'SubnetIds' .*has 0 items; at least 1 required/,
  },
  {
    // "DiskIopsConfiguration - ... Do not include Mode when Iops is specified." (restoring-fsx.html)
    rule: 'FSx OpenZFS: no Mode next to Iops',
    reject: () => fsx({ SubnetIds: '["subnet-0a"]', OpenZFSConfiguration: '{"DiskIopsConfiguration":{"Mode":"USER_PROVISIONED","Iops":6000}}' }),
    rejectArn: ARN.fsx,
    accept: s => RestoreMetadata.fsxOpenZfs({ subnets: [subnet(s, 'A')], diskIops: 6000 }),
    acceptArn: ARN.fsx,
    error: /'OpenZFSConfiguration.DiskIopsConfiguration' sets both 'Mode' and 'Iops'.*Fix: remove Mode/,
  },
  {
    // "DriveCacheType ... This parameter is required when StorageType is set to HDD." (restoring-fsx.html)
    rule: 'FSx Lustre: HDD storage needs DriveCacheType',
    reject: () => fsx({ SubnetIds: '["subnet-0a"]', StorageType: 'HDD', LustreConfiguration: '{"DeploymentType":"PERSISTENT_1"}' }),
    rejectArn: ARN.fsx,
    accept: () => fsx({ SubnetIds: '["subnet-0a"]', StorageType: 'HDD', LustreConfiguration: '{"DeploymentType":"PERSISTENT_1","DriveCacheType":"READ"}' }),
    acceptArn: ARN.fsx,
    error: /'LustreConfiguration' has no 'DriveCacheType'/,
  },

  // ---- Redshift ---------------------------------------------------------------------------------------
  {
    rule: 'Redshift: AutomatedSnapshotRetentionPeriod is 0 to 35',
    reject: () => RestoreMetadata.redshiftCluster({ clusterIdentifier: 'analytics-dr', automatedSnapshotRetention: Duration.days(36) }),
    rejectArn: ARN.redshift,
    accept: () => RestoreMetadata.redshiftCluster({ clusterIdentifier: 'analytics-dr', automatedSnapshotRetention: Duration.days(35) }),
    acceptArn: ARN.redshift,
    error: /'AutomatedSnapshotRetentionPeriod' \(value: '36'\) must be between 0 and 35/,
  },
  {
    rule: 'Redshift: a table restore names the source and the new table',
    reject: () => redshift({ RestoreType: 'TABLE_RESTORE', SourceDatabaseName: 'dev' }),
    rejectArn: ARN.redshift,
    accept: () => RestoreMetadata.redshiftTable({ clusterIdentifier: 'analytics', sourceDatabaseName: 'dev', sourceTableName: 'orders', newTableName: 'orders_restored' }),
    acceptArn: ARN.redshift,
    warning: 'redshift-table-restore-names',
    text: "'SourceSchemaName', 'SourceTableName', 'NewTableName' are missing",
  },
  {
    rule: 'Redshift: table keys are ignored by a cluster restore',
    reject: () => RestoreMetadata.redshiftCluster({ clusterIdentifier: 'analytics-dr', additionalMetadata: { NewTableName: 'orders' } }),
    rejectArn: ARN.redshift,
    accept: () => RestoreMetadata.redshiftCluster({ clusterIdentifier: 'analytics-dr' }),
    acceptArn: ARN.redshift,
    warning: 'redshift-table-keys-ignored',
  },
  {
    rule: 'Redshift: ClusterIdentifier is a valid identifier',
    reject: () => RestoreMetadata.redshiftCluster({ clusterIdentifier: 'Analytics-DR' }),
    rejectArn: ARN.redshift,
    accept: () => RestoreMetadata.redshiftCluster({ clusterIdentifier: 'analytics-dr' }),
    acceptArn: ARN.redshift,
    error: /'ClusterIdentifier' \(value: 'Analytics-DR'\) is not a valid Redshift cluster identifier/,
  },
  {
    rule: 'Redshift: RestoreType is expected',
    reject: () => RestoreMetadata.fromMap({ ClusterIdentifier: 'analytics-dr' }, 'Redshift'),
    rejectArn: ARN.redshift,
    accept: () => redshift(),
    acceptArn: ARN.redshift,
    warning: 'missing-key',
    text: "'RestoreType'",
  },
  {
    rule: 'Redshift: RestoreType is one of the restore types',
    reject: () => redshift({ RestoreType: 'FULL' }),
    rejectArn: ARN.redshift,
    accept: () => redshift({ RestoreType: 'NAMESPACE_RESTORE' }),
    acceptArn: ARN.redshift,
    error: /'RestoreType' \(value: 'FULL'\) must be one of/,
  },
  {
    rule: 'Redshift: KmsKeyId with Encrypted=false',
    reject: () => redshift({ KmsKeyId: 'alias/redshift', Encrypted: 'false' }),
    rejectArn: ARN.redshift,
    accept: () => redshift({ KmsKeyId: 'alias/redshift', Encrypted: 'true' }),
    acceptArn: ARN.redshift,
    warning: 'redshift-kms-requires-encryption',
  },

  // ---- VirtualMachine ---------------------------------------------------------------------------------
  {
    rule: 'VirtualMachine: RestoreTo is required',
    reject: () => RestoreMetadata.fromMap({ InstanceType: 't3.large' }, 'VirtualMachine'),
    accept: () => RestoreMetadata.virtualMachineToEc2({ instanceType: new ec2.InstanceType('t3.large') }),
    error: /'RestoreTo' is required/,
  },
  {
    rule: 'VirtualMachine: RestoreTo is VMware, EC2Instance or EBSVolume',
    reject: () => vm({ RestoreTo: 'EC2' }),
    accept: () => vm({ RestoreTo: 'EBSVolume' }),
    error: /'RestoreTo' \(value: 'EC2'\) must be one of 'VMware', 'EC2Instance', 'EBSVolume'/,
  },
  {
    rule: 'VirtualMachine: DisksToRestore items are {DiskId, Label}',
    reject: () => RestoreMetadata.fromMap({ RestoreTo: 'VMware', HypervisorArn: 'arn:aws:backup-gateway:us-east-1:123456789012:hypervisor/hype-1', DisksToRestore: '[{"DiskId":"2001"}]' }, 'VirtualMachine'),
    accept: () => RestoreMetadata.virtualMachineToVmware({ hypervisorArn: 'arn:aws:backup-gateway:us-east-1:123456789012:hypervisor/hype-1', disks: [{ diskId: '2000', label: 'Hard disk 1' }] }),
    error: /'DisksToRestore' item \{"DiskId":"2001"\} is not an object with string 'DiskId' and 'Label'/,
  },
  {
    rule: 'VirtualMachine: DisksToRestore lists disks, or is omitted',
    reject: () => RestoreMetadata.virtualMachineToVmware({ hypervisorArn: 'arn:aws:backup-gateway:us-east-1:123456789012:hypervisor/hype-1', disks: [] }),
    accept: () => RestoreMetadata.virtualMachineToVmware({ hypervisorArn: 'arn:aws:backup-gateway:us-east-1:123456789012:hypervisor/hype-1' }),
    error: /'DisksToRestore' .*has 0 items/,
  },
  {
    rule: 'VirtualMachine: a VMware restore names the hypervisor',
    reject: () => vm({ RestoreTo: 'VMware' }),
    accept: () => RestoreMetadata.virtualMachineToVmware({ hypervisorArn: 'arn:aws:backup-gateway:us-east-1:123456789012:hypervisor/hype-1' }),
    warning: 'vm-vmware-needs-hypervisor',
  },
  {
    rule: 'VirtualMachine: EC2 keys are ignored by a VMware restore',
    reject: () => RestoreMetadata.virtualMachineToVmware({ hypervisorArn: 'arn:aws:backup-gateway:us-east-1:123456789012:hypervisor/hype-1', additionalMetadata: { InstanceType: 't3.large' } }),
    accept: () => RestoreMetadata.virtualMachineToVmware({ hypervisorArn: 'arn:aws:backup-gateway:us-east-1:123456789012:hypervisor/hype-1', vmName: 'app-restored' }),
    warning: 'vm-key-for-other-target',
    text: "'InstanceType'",
  },
  {
    rule: 'VirtualMachine: VMware keys are ignored by a restore to EC2',
    reject: () => RestoreMetadata.virtualMachineToEc2({ additionalMetadata: { VMName: 'app' } }),
    accept: () => RestoreMetadata.virtualMachineToEc2({ requireImdsv2: true }),
    warning: 'vm-key-for-other-target',
    text: "'VMName'",
  },

  // ---- CloudFormation ---------------------------------------------------------------------------------
  {
    rule: 'CloudFormation: ChangeSetName is required',
    reject: () => RestoreMetadata.fromMap({ StackName: 'orders-restored' }, 'CloudFormation'),
    accept: () => cfn(),
    error: /'ChangeSetName' is required/,
  },
  {
    rule: 'CloudFormation: StackName is a valid stack name',
    reject: () => RestoreMetadata.cloudFormationStack({ stackName: 'orders_restored', changeSetName: 'restore' }),
    accept: () => RestoreMetadata.cloudFormationStack({ stackName: 'orders-restored', changeSetName: 'restore' }),
    error: /'StackName' \(value: 'orders_restored'\) is not a valid CloudFormation name/,
  },
  {
    rule: 'CloudFormation: ChangeSetName is a valid name',
    reject: () => cfn({ ChangeSetName: '1restore' }),
    accept: () => cfn({ ChangeSetName: 'restore-1' }),
    error: /'ChangeSetName' \(value: '1restore'\) is not a valid CloudFormation name/,
  },
  {
    rule: 'CloudFormation: ChangeSetDescription is at most 1024 characters',
    reject: () => RestoreMetadata.cloudFormationStack({ stackName: 'orders-restored', changeSetName: 'restore', changeSetDescription: 'x'.repeat(1025) }),
    accept: () => RestoreMetadata.cloudFormationStack({ stackName: 'orders-restored', changeSetName: 'restore', changeSetDescription: 'x'.repeat(1024) }),
    error: /'ChangeSetDescription' is 1025 characters/,
  },
  {
    rule: 'CloudFormation: StackParameters is a JSON object',
    reject: () => cfn({ StackParameters: '["Env=dr"]' }),
    accept: () => RestoreMetadata.cloudFormationStack({ stackName: 'orders-restored', changeSetName: 'restore', stackParameters: { Env: 'dr' } }),
    error: /'StackParameters' .*must be a JSON object/,
  },
  {
    rule: 'CloudFormation: the change set must be executed after the restore',
    reject: () => cfn(),
    accept: () => dynamo(),
    warning: 'cloudformation-change-set-not-executed',
  },

  // ---- Timestream -------------------------------------------------------------------------------------
  {
    rule: 'Timestream: magnetic retention must be at least the original',
    reject: () => RestoreMetadata.timestreamTable({ databaseName: 'metrics', tableName: 'cpu-restored', magneticStoreRetention: Duration.days(365) }),
    accept: () => RestoreMetadata.timestreamTable({ databaseName: 'metrics', tableName: 'cpu-restored', memoryStoreRetention: Duration.hours(24) }),
    warning: 'timestream-magnetic-retention',
    text: "'MagneticStoreRetentionPeriodInDays' \\(value: '365'\\)",
  },
  {
    rule: 'Timestream: memory retention is 1 to 8766 hours (key names inferred: a warning)',
    reject: () => timestream({ MemoryStoreRetentionPeriodInHours: '9000' }),
    accept: () => timestream({ MemoryStoreRetentionPeriodInHours: '8766' }),
    warning: 'integer-range',
    text: "'MemoryStoreRetentionPeriodInHours'",
  },
  {
    rule: 'Timestream: TableName and DatabaseName are expected',
    reject: () => RestoreMetadata.fromMap({ DatabaseName: 'metrics' }, 'Timestream'),
    accept: () => timestream(),
    warning: 'missing-key',
    text: "'TableName'",
  },
  {
    rule: 'Timestream: TableName is a valid table name',
    reject: () => timestream({ TableName: 'cp' }),
    accept: () => timestream({ TableName: 'cpu.v2' }),
    warning: 'timestream-table-name',
  },
  {
    rule: 'Timestream: MagneticStoreWriteProperties is a JSON object',
    reject: () => timestream({ MagneticStoreWriteProperties: 'true' }),
    accept: () => RestoreMetadata.timestreamTable({ databaseName: 'metrics', tableName: 'cpu-restored', enableMagneticStoreWrites: true }),
    warning: 'json-object',
  },

  // ---- rules from the restore pages (issue 9) and near misses (issue 8) -------------------------------------
  {
    rule: 'EFS: file-system-id only to restore into an existing file system',
    reject: () => RestoreMetadata.fromMap({ newFileSystem: 'false' }, 'EFS'),
    accept: () => RestoreMetadata.efs({ newFileSystem: true }),
    error: /'file-system-id' is missing, and 'newFileSystem' is not 'true'/,
  },
  {
    rule: 'EFS: ItemsToRestore over five warns',
    reject: () => RestoreMetadata.efs({ itemsToRestore: ['/secret-1', '/secret-2', '/secret-3', '/secret-4', '/secret-5', '/secret-6'] }),
    accept: () => RestoreMetadata.efs({ itemsToRestore: ['/secret-1'] }),
    warning: 'efs-items-over-five',
  },
  {
    rule: 'a key one edit from a known key is an error',
    reject: () => dynamo({ deletionProtecton: 'true' }),
    accept: () => dynamo({ deletionProtection: 'true' }),
    error: /'deletionProtecton' .*did you mean 'deletionProtection'\?/,
  },
  {
    rule: 'EC2: no top-level KmsKeyId',
    reject: () => ec2Map({ KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/secret-key' }),
    rejectArn: ARN.ami,
    accept: () => ec2Map({ BlockDeviceMappings: '[{"DeviceName":"/dev/xvda","Ebs":{"Encrypted":true,"KmsKeyId":"arn:aws:kms:us-east-1:123456789012:key/secret-key"}}]' }),
    acceptArn: ARN.ami,
    error: /'KmsKeyId' is not a key StartRestoreJob takes for EC2 restores/,
  },
  {
    rule: 'EC2: a BlockDeviceMappings key override needs Encrypted',
    reject: () => ec2Map({ BlockDeviceMappings: '[{"DeviceName":"/dev/secret","Ebs":{"KmsKeyId":"arn:aws:kms:us-east-1:123456789012:key/secret-key"}}]' }),
    rejectArn: ARN.ami,
    accept: () => ec2Map({ BlockDeviceMappings: '[{"DeviceName":"/dev/secret","Ebs":{"Encrypted":true,"KmsKeyId":"arn:aws:kms:us-east-1:123456789012:key/secret-key"}}]' }),
    acceptArn: ARN.ami,
    error: /'BlockDeviceMappings' item #1 sets 'Ebs.KmsKeyId' without 'Ebs.Encrypted' true/,
  },
  {
    rule: 'EBS: a file-level restore needs pathsToRestore',
    reject: () => RestoreMetadata.fromMap({ restoreType: 'FILE_LEVEL', destinationBucketName: 'secret-bucket' }, 'EBS'),
    rejectArn: ARN.ebsSnapshot,
    accept: () => RestoreMetadata.fromMap({ restoreType: 'FILE_LEVEL', destinationBucketName: 'secret-bucket', pathsToRestore: '["/secret/file.txt"]' }, 'EBS'),
    acceptArn: ARN.ebsSnapshot,
    error: /'pathsToRestore' is missing/,
  },
  {
    rule: 'EBS: pathsToRestore are absolute',
    reject: () => RestoreMetadata.fromMap({ restoreType: 'FILE_LEVEL', destinationBucketName: 'secret-bucket', pathsToRestore: '["secret/file.txt"]' }, 'EBS'),
    rejectArn: ARN.ebsSnapshot,
    accept: () => RestoreMetadata.fromMap({ restoreType: 'FILE_LEVEL', destinationBucketName: 'secret-bucket', pathsToRestore: '["/secret/file.txt"]' }, 'EBS'),
    acceptArn: ARN.ebsSnapshot,
    error: /'pathsToRestore' item "secret\/file.txt" is not an absolute path/,
  },
  {
    rule: 'Redshift: ClusterIdentifier is required',
    reject: () => RestoreMetadata.fromMap({ RestoreType: 'CLUSTER_RESTORE' }, 'Redshift'),
    rejectArn: ARN.redshift,
    accept: () => redshift(),
    acceptArn: ARN.redshift,
    error: /'ClusterIdentifier' is required for Redshift restores/,
  },
  {
    rule: 'EKS: clusterName is required',
    reject: () => RestoreMetadata.fromMap({ newCluster: 'false' }, 'EKS'),
    accept: () => RestoreMetadata.eks({ clusterName: 'secret-cluster' }),
    error: /'clusterName' is required for EKS restores/,
  },
  {
    rule: 'EKS: a node group needs its role',
    reject: () => RestoreMetadata.eks({ clusterName: 'secret-cluster', newCluster: true, additionalMetadata: { nodeGroups: '[{"nodeGroupId":"secret-ng","subnetIds":["subnet-secret"]}]' } }),
    accept: () => RestoreMetadata.eks({ clusterName: 'secret-cluster', newCluster: true, additionalMetadata: { nodeGroups: '[{"nodeGroupId":"secret-ng","subnetIds":["subnet-secret"],"nodeRole":"arn:aws:iam::123456789012:role/secret"}]' } }),
    error: /'nodeGroups' item #1 has no 'nodeRole'/,
  },
  {
    rule: 'EKS: new-cluster keys on an existing cluster are ignored',
    reject: () => RestoreMetadata.eks({ clusterName: 'secret-cluster', kubernetesVersion: '1.33' }),
    accept: () => RestoreMetadata.eks({ clusterName: 'secret-cluster', newCluster: true, kubernetesVersion: '1.33' }),
    warning: 'eks-new-cluster-keys-ignored',
  },
];
