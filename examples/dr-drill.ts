/**
 * Example DR drill: restore the environment from ONE moment, prove it works, leave nothing behind.
 *
 *   - a RecoveryPointSet picks, once at deploy time, the newest moment T at which the Orders table and the shared
 *     file system both have a backup within 1 hour of T: the table and the files agree with each other;
 *   - both restores use `removalPolicy: DESTROY`: `cdk destroy` deletes the restored table and file system (and
 *     the mount targets `asFileSystem` created) and waits until they are gone;
 *   - a smoke-test function reads the restored table and mounts the restored file system.
 *
 * Synthesize it offline: `npx projen synth:example`; run the drill against the local AWS stand-ins: `npm run demo`
 * (its drill step deploys this stack, shows the spread of the set, destroys it and counts what is left).
 */
import { Annotations, App, CfnOutput, Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { PROD } from './dr-app';
import { RecoveryPointSet, RestoreJob, RestoreMetadata } from '../src';

/** The drill's restores: a construct, so the local demo and the tests can put it in their own stack. */
export class DrDrill extends Construct {
  public readonly set: RecoveryPointSet;
  public readonly orders: RestoreJob;
  public readonly files: RestoreJob;
  public readonly smokeTest: lambda.Function;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    // One moment for both: the newest T with a backup of each within [T - 1 hour, T], at most 2 days old.
    this.set = new RecoveryPointSet(this, 'Moment', {
      backupVaultName: PROD.vaultName,
      resourceArns: [PROD.ordersTableArn, PROD.fileSystemArn],
      maxSkew: Duration.hours(1),
      maxAge: Duration.days(2),
    });

    this.orders = new RestoreJob(this, 'RestoreOrders', {
      recoveryPoint: this.set.recoveryPointFor(PROD.ordersTableArn),
      metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-drill' }),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.files = new RestoreJob(this, 'RestoreFiles', {
      recoveryPoint: this.set.recoveryPointFor(PROD.fileSystemArn),
      metadata: RestoreMetadata.efs({ fileSystemId: PROD.fileSystemId, newFileSystem: true }),
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // The drill's proof: a function that reads the restored table and lists the restored files. Isolated subnets:
    // the function reaches DynamoDB through a gateway endpoint.
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'app', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      gatewayEndpoints: { DynamoDb: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB } },
    });
    const table = this.orders.asTable();
    const fileSystem = this.files.asFileSystem({ vpc });
    const accessPoint = new efs.AccessPoint(this, 'Data', {
      fileSystem,
      path: '/',
      posixUser: { uid: '1000', gid: '1000' },
    });
    this.smokeTest = new lambda.Function(this, 'SmokeTest', {
      // By name, as examples/dr-app.ts does (nodejs20.x is deprecated; Runtime.NODEJS_24_X is not in every aws-cdk-lib
      // version the library supports).
      runtime: new lambda.Runtime('nodejs24.x', lambda.RuntimeFamily.NODEJS, { supportsInlineCode: true }),
      handler: 'index.handler',
      code: lambda.Code.fromInline([
        "const fs = require('fs');",
        'exports.handler = async () => ({',
        '  table: process.env.TABLE_NAME,',
        // The restored data sits in /aws-backup-restore_<timestamp>/ at the file system's root.
        "  restoreDirectories: fs.readdirSync('/mnt/data').filter(d => d.startsWith(process.env.RESTORE_DIRECTORY_PREFIX)),",
        '});',
      ].join('\n')),
      vpc,
      filesystem: lambda.FileSystem.fromEfsAccessPoint(accessPoint, '/mnt/data'),
      environment: { TABLE_NAME: table.tableName, RESTORE_DIRECTORY_PREFIX: RestoreJob.EFS_RESTORE_DIRECTORY_PREFIX },
      timeout: Duration.seconds(30),
    });
    table.grantReadData(this.smokeTest);
    // NFS to the mount targets: the function's file system config opens it (lambda.FileSystem), in both security
    // groups; the function keeps allowAllOutbound, so CDK ignores the egress rule and says so.
    Annotations.of(this.smokeTest).acknowledgeWarning('@aws-cdk/aws-ec2:ipv4IgnoreEgressRule', 'allowAllOutbound covers NFS');
  }
}

/** The drill stack: deploy, invoke the smoke test, `cdk destroy`. */
export class DrDrillStack extends Stack {
  public readonly drill: DrDrill;

  /** The zones of the drill's VPC, named rather than looked up, so the example synthesizes offline. */
  public get availabilityZones(): string[] {
    return [`${this.region}a`, `${this.region}b`];
  }

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.drill = new DrDrill(this, 'Drill');
    new CfnOutput(this, 'SpreadSeconds', { value: this.drill.set.spreadSeconds });
    new CfnOutput(this, 'SmokeTestFunction', { value: this.drill.smokeTest.functionName });
  }
}

/** Build the drill app (used by `cdk synth`, the local demo and the tests). */
export function buildDrillApp(app: App = new App()): { app: App; stack: DrDrillStack } {
  const stack = new DrDrillStack(app, 'DisasterRecoveryDrill', {
    env: { account: process.env.CDK_DEFAULT_ACCOUNT ?? '222222222222', region: process.env.CDK_DEFAULT_REGION ?? 'us-east-1' },
  });
  return { app, stack };
}

if (require.main === module) {
  buildDrillApp().app.synth();
}
