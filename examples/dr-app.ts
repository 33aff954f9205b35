/**
 * Example disaster-recovery app: brings up a DR environment from the production account's backups,
 * copied into a vault of the DR account (in the DR region), and runs the application on it.
 *
 * Stack `DisasterRecovery` (the data):
 *   - the Orders DynamoDB table, from its NEWEST recovery point, starting from the metadata AWS Backup
 *     recorded at backup time, with a new table name and the DR key as overrides;
 *   - the shared EFS file system, likewise from its newest recovery point, into a new encrypted file system,
 *     with mount targets in the DR VPC (a restore creates none: `asFileSystem` does);
 *   - the Orders PostgreSQL DB instance, from its newest recovery point, into the DR VPC (its endpoint is read
 *     from the instance when the stack deploys: `asDatabaseInstance`);
 *   - a large archive file system from a pinned recovery point in cold storage: a restore of hours, which the
 *     deploy still waits for (a timeout over 55 minutes waits in a chain of wait resources).
 *
 * Stack `DisasterRecoveryApp` (the application): a Lambda function in the DR VPC that reads and writes the
 * restored table, mounts the restored file system through an access point, and gets the database endpoint in
 * its environment.
 *
 * Synthesize it offline: `npx projen synth:example`; run it against the local AWS stand-ins: `npm run demo`.
 * Deploy it for real: see README "Deploy for real".
 */
import { Annotations, App, CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { RecoveryPoint, RestoreJob, RestoreMetadata } from '../src';

/** The DR account the example deploys to (unless CDK_DEFAULT_ACCOUNT says otherwise). */
export const DR_ACCOUNT = '222222222222';

/** The production side the DR environment is restored from. */
export const PROD = {
  account: '111111111111',
  /**
   * Vault of the DR account, in the DR region, that receives copies of production's backups (a cross-account
   * copy rule in production's backup plan). Its recovery points are the DR account's: their ARNs name it.
   */
  vaultName: 'prod-dr-copies',
  ordersTableArn: 'arn:aws:dynamodb:us-east-1:111111111111:table/Orders',
  fileSystemId: 'fs-0123456789abcdef0',
  fileSystemArn: 'arn:aws:elasticfilesystem:us-east-1:111111111111:file-system/fs-0123456789abcdef0',
  /**
   * The archive's copy in the DR account's vault: a copy's ARN names the account that holds it, not production's.
   * (Production's own recovery point could only be restored from here if production shared its vault.)
   */
  archiveRecoveryPointArn: `arn:aws:backup:us-east-1:${DR_ACCOUNT}:recovery-point:7D0C5B1A-3F4E-4C8B-9A2D-6E5F4A3B2C1D`,
  archiveFileSystemId: 'fs-0fedcba9876543210',
  ordersDbArn: 'arn:aws:rds:us-east-1:111111111111:db:orders-db',
};

/** The DR environment's restores: a construct, so the local demo and the tests can put it in their own stack. */
export class DrEnvironment extends Construct {
  public readonly orders: RestoreJob;
  public readonly files: RestoreJob;
  public readonly archive: RestoreJob;
  public readonly database: RestoreJob;
  /** The DR network: the restored database and the file system's mount targets are in it, and so is the application. */
  public readonly vpc: ec2.Vpc;
  /** The security group the restored database gets (the restore metadata names it). */
  public readonly databaseSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    // Isolated subnets: the application reaches DynamoDB through a gateway endpoint, the rest stays in the VPC.
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'app', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      gatewayEndpoints: { DynamoDb: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB } },
      restrictDefaultSecurityGroup: false,
    });
    this.databaseSecurityGroup = new ec2.SecurityGroup(this, 'DatabaseSecurityGroup', {
      vpc: this.vpc,
      description: 'The restored Orders database',
      allowAllOutbound: false,
    });

    const key = new kms.Key(this, 'DrKey', { enableKeyRotation: true, description: 'Encrypts restored DR data' });

    // The newest backup of prod's Orders table, at most two days old; everything AWS Backup recorded
    // (encryption, deletion protection, …) is kept except what the DR environment changes.
    this.orders = new RestoreJob(this, 'RestoreOrders', {
      recoveryPoint: RecoveryPoint.latest({
        backupVaultName: PROD.vaultName,
        resourceArn: PROD.ordersTableArn,
        maxAge: Duration.days(2),
      }),
      metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr', kmsKey: key }),
      useRecordedMetadata: true,
    });

    // The newest backup of prod's shared file system, into a new file system encrypted with the DR key.
    this.files = new RestoreJob(this, 'RestoreFiles', {
      recoveryPoint: RecoveryPoint.latest({ backupVaultName: PROD.vaultName, resourceArn: PROD.fileSystemArn }),
      metadata: RestoreMetadata.efs({ fileSystemId: PROD.fileSystemId, newFileSystem: true, kmsKey: key }),
      useRecordedMetadata: true,
    });

    // The newest backup of prod's Orders database, into the DR VPC under a DR name; the rest as recorded.
    this.database = new RestoreJob(this, 'RestoreDatabase', {
      recoveryPoint: RecoveryPoint.latest({ backupVaultName: PROD.vaultName, resourceArn: PROD.ordersDbArn, maxAge: Duration.days(2) }),
      metadata: RestoreMetadata.rdsInstance({
        instanceIdentifier: 'orders-db-dr',
        subnetGroup: new rds.SubnetGroup(this, 'DatabaseSubnets', {
          vpc: this.vpc,
          description: 'The restored Orders database',
          vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        }),
        securityGroups: [this.databaseSecurityGroup],
      }),
      useRecordedMetadata: true,
    });

    // A large archive from a pinned recovery point in cold storage: hours to restore, and the deploy waits for it
    // anyway (past 55 minutes the RestoreJob waits in links of 55 minutes), so its file system can be wired too.
    this.archive = new RestoreJob(this, 'RestoreArchive', {
      recoveryPoint: RecoveryPoint.fromArn(PROD.archiveRecoveryPointArn),
      metadata: RestoreMetadata.efs({ fileSystemId: PROD.archiveFileSystemId, newFileSystem: true }),
      timeout: Duration.hours(8),
    });

  }
}

/**
 * The DR stack: the restores, the restored resources as constructs (the table, the file system with its mount
 * targets, the database with its endpoint read at deploy time), and outputs for whoever runs the DR drill.
 */
export class DrStack extends Stack {
  public readonly dr: DrEnvironment;
  public readonly orders: RestoreJob;
  public readonly files: RestoreJob;
  public readonly archive: RestoreJob;
  public readonly database: RestoreJob;
  /** The restored Orders table (`asTable`). */
  public readonly ordersTable: dynamodb.ITable;
  /** The restored shared file system, with mount targets in the DR VPC (`asFileSystem`). */
  public readonly filesFileSystem: efs.IFileSystem;
  /** The restored Orders database, its endpoint read when the stack deploys (`asDatabaseInstance`). */
  public readonly ordersDatabase: rds.IDatabaseInstance;

  /** The zones of the DR VPC, named rather than looked up, so the example synthesizes offline. */
  public get availabilityZones(): string[] {
    return [`${this.region}a`, `${this.region}b`];
  }

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.dr = new DrEnvironment(this, 'Dr');
    const { orders, files, archive, database, vpc, databaseSecurityGroup } = this.dr;
    this.orders = orders;
    this.files = files;
    this.archive = archive;
    this.database = database;
    this.ordersTable = orders.asTable();
    this.filesFileSystem = files.asFileSystem({ vpc });
    this.ordersDatabase = database.asDatabaseInstance({ securityGroups: [databaseSecurityGroup] });
    new CfnOutput(this, 'OrdersTableArn', { value: orders.createdResourceArn });
    new CfnOutput(this, 'OrdersRecoveryPointArn', { value: orders.recoveryPointArn });
    new CfnOutput(this, 'FilesFileSystemArn', { value: files.createdResourceArn });
    new CfnOutput(this, 'ArchiveRestoreJobId', { value: archive.restoreJobId });
    new CfnOutput(this, 'ArchiveFileSystemArn', { value: archive.createdResourceArn });
    new CfnOutput(this, 'OrdersDatabaseEndpoint', { value: this.ordersDatabase.instanceEndpoint.socketAddress });
  }
}

/** Where the application mounts the restored file system. */
export const FILES_MOUNT_PATH = '/mnt/files';

/**
 * The application, in its own stack: a function in the DR VPC wired to the restored resources of `data`.
 * It reads and writes the Orders table, mounts the shared file system through an access point (the restored data
 * is in the `aws-backup-restore_<timestamp>` directory at its root: RestoreJob.EFS_RESTORE_DIRECTORY_PREFIX), and
 * connects to the Orders database, whose endpoint is in its environment.
 */
export class DrAppStack extends Stack {
  public readonly handler: lambda.Function;
  public readonly accessPoint: efs.AccessPoint;

  constructor(scope: Construct, id: string, data: DrStack, props?: StackProps) {
    super(scope, id, props);
    const vpc = data.dr.vpc;

    // The root of the file system: the restore directory's name is only known once the restore ran, so the
    // application looks for it (FILES_RESTORE_DIRECTORY_PREFIX below).
    this.accessPoint = new efs.AccessPoint(this, 'FilesAccess', {
      fileSystem: data.filesFileSystem,
      path: '/',
      posixUser: { uid: '1000', gid: '1000' },
    });

    this.handler = new lambda.Function(this, 'Orders', {
      // By name: lambda.Runtime.NODEJS_24_X exists from aws-cdk-lib 2.224; this app synthesizes on every version the
      // library supports (npx projen peer-versions).
      runtime: new lambda.Runtime('nodejs24.x', lambda.RuntimeFamily.NODEJS, { supportsInlineCode: true }),
      handler: 'index.handler',
      code: lambda.Code.fromInline([
        'const fs = require("fs");',
        'exports.handler = async () => {',
        '  const root = process.env.FILES_MOUNT_PATH;',
        '  const restored = fs.readdirSync(root).filter(d => d.startsWith(process.env.FILES_RESTORE_DIRECTORY_PREFIX));',
        '  return { table: process.env.ORDERS_TABLE, database: `${process.env.DB_HOST}:${process.env.DB_PORT}`, restored };',
        '};',
      ].join('\n')),
      description: 'DR application: the Orders service on the restored table, file system and database',
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      filesystem: lambda.FileSystem.fromEfsAccessPoint(this.accessPoint, FILES_MOUNT_PATH),
      timeout: Duration.seconds(30),
      environment: {
        ORDERS_TABLE: data.ordersTable.tableName,
        FILES_MOUNT_PATH,
        FILES_RESTORE_DIRECTORY_PREFIX: RestoreJob.EFS_RESTORE_DIRECTORY_PREFIX.slice(1),
        DB_HOST: data.ordersDatabase.dbInstanceEndpointAddress,
        DB_PORT: data.ordersDatabase.dbInstanceEndpointPort,
      },
    });
    data.ordersTable.grantReadWriteData(this.handler);
    // NFS to the mount targets: the function's file system config opens it already (lambda.FileSystem). The
    // database's port: opened from this stack (allowTo puts both rules here), as the data stack must not refer to
    // the application's security group (the application stack depends on the data stack).
    this.handler.connections.allowToDefaultPort(data.ordersDatabase);
    // The function keeps allowAllOutbound (it reaches DynamoDB through the gateway endpoint), so the egress rule
    // allowTo adds is redundant and CDK says it ignores it.
    Annotations.of(this.handler).acknowledgeWarning('@aws-cdk/aws-ec2:ipv4IgnoreEgressRule', 'allowAllOutbound covers the database port');
  }
}

/** Build the example app (used by `cdk synth`, the local demo and the lifecycle tests). */
export function buildDrApp(app: App = new App()): { app: App; stack: DrStack; appStack: DrAppStack } {
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT ?? DR_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'us-east-1' };
  const stack = new DrStack(app, 'DisasterRecovery', { env });
  const appStack = new DrAppStack(app, 'DisasterRecoveryApp', stack, { env });
  return { app, stack, appStack };
}

if (require.main === module) {
  buildDrApp().app.synth();
}
