/**
 * `npm run demo`: the example DR app (examples/dr-app.ts) "deployed" against a local, simulated AWS.
 *
 * Synthesizes the app, starts the local-aws stand-ins on 127.0.0.1 (AWS Backup emulator, Lambda and Step
 * Functions running aws-cdk-lib's real Provider framework and this library's bundled handlers), seeds the
 * vault 'prod-dr-copies', then drives the stack's Custom::BackupRestoreJob resources the way CloudFormation
 * does: Create (with a progress bar per restore job, and the restored database's endpoint read at deploy time by
 * its Custom::BackupRestoredResource), an Update that changes one restore input, and Delete. Then the DR drill
 * (examples/dr-drill.ts): the whole stack created from one consistent moment (RecoveryPointSet), destroyed with
 * removalPolicy DESTROY, and what its restores created counted: nothing is left.
 * Nothing is deployed anywhere and no address but loopback is contacted.
 *
 *   npx projen bundle && npx ts-node --project test/tsconfig.json scripts/demo.ts [--clock-scale N]
 */
import './lib/offline-env';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, CustomResource, Stack } from 'aws-cdk-lib';
import { buildDrApp, DrStack, PROD } from '../examples/dr-app';
import { buildDrillApp } from '../examples/dr-drill';
import type { RecoveryPointSet, RestoreJob } from '../src';
import { CfnTemplate, CloudFormationDriver, EventOutcome, LocalAws, RestoreJobView, StartInfo, startLocalAws } from '../test/local-aws';
import { Output, ProgressDisplay } from './lib/progress';
import { newApp, synthesizeApp } from './lib/synth-app';
import { restoreJobIdOf } from '../src/restore-job-handler/physical-id';

const ROOT = path.resolve(__dirname, '..');
const BUNDLES = [path.join(ROOT, 'assets', 'restore-job-handler', 'restore-job.lambda', 'index.js')];
const SIMULATED = 'SIMULATED: AWS is emulated in this process on 127.0.0.1 (loopback only). Nothing is deployed, no AWS account is used.';
const SIMULATED_END = 'SIMULATED: AWS was emulated on 127.0.0.1 (loopback only). Nothing was deployed, no AWS account was used.';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** The four RestoreJobs of the example stack, by construct id. */
const RESOURCES = ['RestoreOrders', 'RestoreFiles', 'RestoreDatabase', 'RestoreArchive'] as const;
type ResourceName = typeof RESOURCES[number];

export interface DemoOptions {
  /** Virtual seconds per real second. @default 300 */
  readonly clockScale?: number;
  /** Where to print. @default process.stdout */
  readonly out?: Output;
  /** Redraw progress bars in place. @default out.isTTY */
  readonly tty?: boolean;
  /** Real ms between plain progress lines. @default 2000 */
  readonly progressLineIntervalMs?: number;
}

export interface DemoJob {
  readonly resource: string;
  readonly restoreJobId?: string;
  readonly recoveryPointArn?: string;
  readonly createdResourceArn?: string;
  readonly status?: string;
}

export interface DemoResult {
  readonly ok: boolean;
  readonly failures: readonly string[];
  readonly created: readonly DemoJob[];
  readonly updated?: DemoJob;
  readonly deleted: readonly string[];
  readonly wallMs: number;
  /** What `cdk-backup-restore status` printed while the stack was creating. */
  readonly statusTool?: string;
  /** The restored database's endpoint, as its Custom::BackupRestoredResource read it at deploy time. */
  readonly databaseEndpoint?: { readonly address: string; readonly port: string };
  /** The DR drill (examples/dr-drill.ts). */
  readonly drill?: DemoDrill;
}

export interface DemoDrill {
  /** The stack's status after the create and after the delete. */
  readonly created: string;
  readonly deleted: string;
  /** The recovery points the RecoveryPointSet chose, in the order of its resource ARNs. */
  readonly recoveryPointArns: readonly string[];
  readonly spreadSeconds?: number;
  /** What the drill's restores created, and which of those still exist after the stack delete. */
  readonly restored: readonly string[];
  readonly left: readonly string[];
}

interface Seeded {
  /** The recovery point each `latest()` job must choose. */
  readonly expected: Record<ResourceName, string>;
}

const rpArn = (account: string, id: string) => `arn:aws:backup:us-east-1:${account}:recovery-point:${id}`;

/** Seed the DR vault: several recovery points per resource (one newer PARTIAL), each with recorded metadata. */
function seedVault(aws: LocalAws, out: (line: string) => void): Seeded {
  const now = aws.clock.now();
  const account = aws.accountId;
  const prodKey = `arn:aws:kms:us-east-1:${PROD.account}:key/0d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6`;
  const ordersMetadata = (n: number) => ({
    'targetTableName': 'Orders', 'encryptionType': 'KMS', 'kmsMasterKeyArn': prodKey, 'deletionProtection': 'true', 'aws:backup:request-id': `orders-backup-${n}`,
  });
  const filesMetadata = () => ({
    'file-system-id': PROD.fileSystemId, 'Encrypted': 'true', 'KmsKeyId': prodKey, 'PerformanceMode': 'generalPurpose', 'newFileSystem': 'false',
  });
  const databaseMetadata = () => ({
    DBInstanceIdentifier: 'orders-db', Engine: 'postgres', Port: '5432', DBInstanceClass: 'db.r6g.large', MultiAZ: 'false', StorageType: 'gp3',
  });
  const points = [
    // Orders: the newest COMPLETED one is 2 h old; a newer PARTIAL one must be skipped; one is past maxAge (2 days).
    { id: 'A1000000-0000-4000-8000-000000000001', resource: 'RestoreOrders', arn: PROD.ordersTableArn, type: 'DynamoDB', ageMs: 3 * 24 * HOUR, status: 'COMPLETED', md: ordersMetadata(1) },
    { id: 'A1000000-0000-4000-8000-000000000002', resource: 'RestoreOrders', arn: PROD.ordersTableArn, type: 'DynamoDB', ageMs: 26 * HOUR, status: 'COMPLETED', md: ordersMetadata(2) },
    { id: 'A1000000-0000-4000-8000-000000000003', resource: 'RestoreOrders', arn: PROD.ordersTableArn, type: 'DynamoDB', ageMs: 2 * HOUR, status: 'COMPLETED', md: ordersMetadata(3), expected: true },
    { id: 'A1000000-0000-4000-8000-000000000004', resource: 'RestoreOrders', arn: PROD.ordersTableArn, type: 'DynamoDB', ageMs: 25 * MINUTE, status: 'PARTIAL', md: ordersMetadata(4) },
    // The shared file system: newest COMPLETED 3 h old, a newer PARTIAL one.
    { id: 'B2000000-0000-4000-8000-000000000001', resource: 'RestoreFiles', arn: PROD.fileSystemArn, type: 'EFS', ageMs: 2 * 24 * HOUR, status: 'COMPLETED', md: filesMetadata() },
    { id: 'B2000000-0000-4000-8000-000000000002', resource: 'RestoreFiles', arn: PROD.fileSystemArn, type: 'EFS', ageMs: 27 * HOUR, status: 'COMPLETED', md: filesMetadata() },
    { id: 'B2000000-0000-4000-8000-000000000003', resource: 'RestoreFiles', arn: PROD.fileSystemArn, type: 'EFS', ageMs: 3 * HOUR, status: 'COMPLETED', md: filesMetadata(), expected: true },
    { id: 'B2000000-0000-4000-8000-000000000004', resource: 'RestoreFiles', arn: PROD.fileSystemArn, type: 'EFS', ageMs: 40 * MINUTE, status: 'PARTIAL', md: filesMetadata() },
    // The Orders database: newest COMPLETED 4 h old, a newer PARTIAL one.
    { id: 'C3000000-0000-4000-8000-000000000001', resource: 'RestoreDatabase', arn: PROD.ordersDbArn, type: 'RDS', ageMs: 28 * HOUR, status: 'COMPLETED', md: databaseMetadata() },
    { id: 'C3000000-0000-4000-8000-000000000002', resource: 'RestoreDatabase', arn: PROD.ordersDbArn, type: 'RDS', ageMs: 4 * HOUR, status: 'COMPLETED', md: databaseMetadata(), expected: true },
    { id: 'C3000000-0000-4000-8000-000000000003', resource: 'RestoreDatabase', arn: PROD.ordersDbArn, type: 'RDS', ageMs: 50 * MINUTE, status: 'PARTIAL', md: databaseMetadata() },
  ] as const;
  const durations: Record<string, number> = { RestoreOrders: 20 * 60, RestoreFiles: 35 * 60, RestoreDatabase: 25 * 60 };
  const expected: Partial<Record<ResourceName, string>> = {};

  aws.backup.seedVault({ name: PROD.vaultName });
  out(`Seeded backup vault '${PROD.vaultName}' (account ${account}):`);
  for (const p of points) {
    const arn = rpArn(account, p.id);
    aws.backup.seedRecoveryPoint({
      recoveryPointArn: arn,
      backupVaultName: PROD.vaultName,
      resourceType: p.type,
      resourceArn: p.arn,
      creationDate: now - p.ageMs,
      status: p.status,
      restoreMetadata: { ...p.md },
      restore: { durationSeconds: durations[p.resource] },
    });
    if ('expected' in p) expected[p.resource] = arn;
    out(`  ${p.type.padEnd(8)} ${arn}  ${ago(p.ageMs).padStart(9)}  ${p.status.padEnd(9)}  ${Object.keys(p.md).length} recorded metadata keys`);
  }
  // The archive: a pinned recovery point, a restore of hours (cold storage) the deploy waits for in links.
  aws.backup.seedRecoveryPoint({
    recoveryPointArn: PROD.archiveRecoveryPointArn,
    backupVaultName: PROD.vaultName,
    resourceType: 'EFS',
    resourceArn: `arn:aws:elasticfilesystem:us-east-1:${PROD.account}:file-system/${PROD.archiveFileSystemId}`,
    creationDate: now - 7 * 24 * HOUR,
    status: 'COMPLETED',
    restoreMetadata: { 'file-system-id': PROD.archiveFileSystemId },
    backupSizeInBytes: 2 * 1024 ** 4,
    restore: { durationSeconds: 2 * 3600 },
  });
  expected.RestoreArchive = PROD.archiveRecoveryPointArn;
  out(`  ${'EFS'.padEnd(8)} ${PROD.archiveRecoveryPointArn}  ${ago(7 * 24 * HOUR).padStart(9)}  COMPLETED  (archive, pinned ARN)`);
  return { expected: expected as Record<ResourceName, string> };
}

function ago(ms: number): string {
  if (ms >= 48 * HOUR) return `${Math.round(ms / (24 * HOUR))} d ago`;
  if (ms >= HOUR) return `${Math.round(ms / HOUR)} h ago`;
  return `${Math.round(ms / MINUTE)} min ago`;
}

/** Keeps each restore job's progress bar up to date from the emulator (DescribeRestoreJob's PercentDone). */
class JobProgress {
  private readonly labelByRequest = new Map<string, string>();
  private readonly labelByJob = new Map<string, string>();
  /** Rows whose CloudFormation request is answered while the job goes on (waitForCompletion: false). */
  private readonly answered = new Map<string, string>();
  private readonly listeners: { jobStarted: (view: RestoreJobView, info: StartInfo) => void; progress: (view: RestoreJobView) => void };

  constructor(private readonly aws: LocalAws, private readonly display: ProgressDisplay) {
    this.listeners = {
      jobStarted: (view, info) => {
        const requestId = this.aws.lambda.invocationForTrace(info.traceId)?.requestId;
        const label = requestId !== undefined ? this.labelByRequest.get(requestId) : undefined;
        if (label === undefined) return;
        this.labelByJob.set(view.restoreJobId, label);
        this.show(label, view);
      },
      progress: view => {
        const label = this.labelByJob.get(view.restoreJobId);
        if (label !== undefined) this.show(label, view);
      },
    };
    aws.backup.on('jobStarted', this.listeners.jobStarted);
    aws.backup.on('progress', this.listeners.progress);
  }

  public expect(requestId: string, label: string, note?: string): void {
    this.labelByRequest.set(requestId, label);
    this.display.track(label, 'STARTING', note);
  }

  public finish(label: string, outcome: EventOutcome): void {
    const r = outcome.response;
    const ok = r?.Status === 'SUCCESS';
    const jobStatus = String(r?.Data?.Status ?? '');
    const job = r?.PhysicalResourceId ? this.aws.backup.job(restoreJobIdOf(r.PhysicalResourceId)) : undefined;
    if (ok && jobStatus !== 'COMPLETED' && job) {
      // Not waited for (no Status attribute): CloudFormation has its answer, the bar keeps following the job.
      const note = `CloudFormation: SUCCESS at ${job.status}, not waiting`;
      this.answered.set(label, note);
      this.display.update(label, job.status, job.percentDone, note);
      return;
    }
    this.display.update(label, ok ? 'COMPLETED' : 'FAILED', job?.percentDone, ok ? 'CloudFormation: SUCCESS' : `CloudFormation: ${r?.Reason ?? 'no response'}`);
  }

  public close(): void {
    this.aws.backup.off('jobStarted', this.listeners.jobStarted);
    this.aws.backup.off('progress', this.listeners.progress);
  }

  private show(label: string, view: RestoreJobView): void {
    const vm = this.aws.clock.now() - view.creationDate;
    this.display.update(label, view.status, view.percentDone,
      `job ${view.restoreJobId.slice(0, 8)}…  ${Math.round(vm / MINUTE)} min (emulated)${this.answered.has(label) ? `  ${this.answered.get(label)}` : ''}`);
  }
}

/** The CloudFormation resource of a RestoreJob, and its logical id (wherever the example puts the construct). */
function cfnOf(job: RestoreJob | RecoveryPointSet): { cfn: CfnResource; logicalId: string } {
  const cfn = (job.node.findChild('Resource') as CustomResource).node.defaultChild as CfnResource;
  return { cfn, logicalId: Stack.of(job).getLogicalId(cfn) };
}

/** The wait links of a RestoreJob (a timeout over 55 minutes), in order: their logical ids. */
function linksOf(job: RestoreJob): string[] {
  return job.node.children
    .filter(c => /^Wait\d+$/.test(c.node.id))
    .sort((a, b) => Number(a.node.id.slice(4)) - Number(b.node.id.slice(4)))
    .map(c => Stack.of(job).getLogicalId((c as CustomResource).node.defaultChild as CfnResource));
}

/** Run the packaged status tool against the stand-ins, as a user would (`npx cdk-backup-restore status <stack>`). */
async function runStatusTool(aws: LocalAws, stackName: string): Promise<{ code: number; output: string }> {
  const cli = path.join(ROOT, 'assets', 'cli', 'cdk-backup-restore.js');
  // Asynchronously: the stand-ins it talks to run in this very process.
  return new Promise(resolve => {
    execFile(process.execPath, [cli, 'status', stackName], { env: { ...process.env, ...aws.environment() }, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, output: `${stdout}${stderr}` }));
  });
}

function newRequestId(aws: LocalAws, n: number): string {
  return `demo-${aws.seed}-${n}-${Math.random().toString(16).slice(2, 10)}`;
}

/** The log message the handler wrote for a CloudFormation request (JSON log lines), if any. */
function handlerMessage(aws: LocalAws, requestId: string, contains: string): string | undefined {
  const invocations = new Set(aws.lambda.invocations().filter(i => i.requestId === requestId).map(i => i.invocationId));
  for (const line of aws.lambda.logLines()) {
    if (line.invocationId === undefined || !invocations.has(line.invocationId) || !line.text.includes(contains)) continue;
    try {
      return String((JSON.parse(line.text) as { message?: unknown }).message);
    } catch {
      return line.text;
    }
  }
  return undefined;
}

/** The Custom::BackupRestoredResource of a template that reads what a RestoreJob resource created (accessors such as asDatabaseInstance). */
function readOf(template: CfnTemplate, jobLogicalId: string): string | undefined {
  return Object.entries(template.Resources).find(([, r]) => r.Type === 'Custom::BackupRestoredResource'
    && JSON.stringify((r.Properties as { CreatedResourceArn?: unknown } | undefined)?.CreatedResourceArn) === JSON.stringify({ 'Fn::GetAtt': [jobLogicalId, 'CreatedResourceArn'] }))?.[0];
}

/**
 * The environment the application stack's function gets, as CloudFormation would resolve it: its values import the
 * data stack's exports (Fn::ImportValue), which resolve against the data stack's deployed resources.
 */
function appEnvironment(
  app: App, data: DrStack, appStackName: string, functionLogicalId: string, driver: CloudFormationDriver,
): Record<string, string> {
  const assembly = app.synth();
  const exports = new Map<string, unknown>();
  type Outputs = { Outputs?: Record<string, { Value: unknown; Export?: { Name?: string } }> };
  for (const output of Object.values((assembly.getStackByName(data.stackName).template as Outputs).Outputs ?? {})) {
    if (output.Export?.Name) exports.set(output.Export.Name, output.Value);
  }
  const fn = (assembly.getStackByName(appStackName).template as CfnTemplate).Resources[functionLogicalId];
  const variables = ((fn?.Properties as { Environment?: { Variables?: Record<string, unknown> } } | undefined)?.Environment?.Variables) ?? {};
  // Each Fn::ImportValue becomes the exported expression, which the data stack's resolver resolves.
  const inline = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(inline);
    if (value === null || typeof value !== 'object') return value;
    const imported = (value as { 'Fn::ImportValue'?: unknown })['Fn::ImportValue'];
    if (typeof imported === 'string') {
      if (!exports.has(imported)) throw new Error(`${appStackName}: no export ${imported} in ${data.stackName}`);
      return exports.get(imported);
    }
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, inline(v)]));
  };
  return Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, String(driver.resolver.resolve(inline(value)))]));
}

/**
 * Step 6: the DR drill of examples/dr-drill.ts, in the same emulated account. Seeds recovery points so that the
 * table's newest backup has no file-system backup within the hour (the set must go back to an older moment), creates
 * the whole stack (the RecoveryPointSet first, then the two DESTROY restores), destroys it, and counts what the
 * drill's restores created that still exists.
 */
async function runDrill(
  aws: LocalAws, say: (line?: string) => void, check: (condition: unknown, message: string) => boolean, tempDirs: string[],
): Promise<DemoDrill> {
  const t = Date.now();
  const app = newApp();
  tempDirs.push(app.outdir);
  const { stack } = buildDrillApp(app);
  const synthesized = synthesizeApp(app, stack);
  const { drill } = stack;
  const idOf = (construct: RestoreJob | RecoveryPointSet) => cfnOf(construct).logicalId;
  say(`\n[6/6] DRILL examples/dr-drill.ts: stack ${stack.stackName}, synthesized in ${Date.now() - t} ms: a RecoveryPointSet (maxSkew 1 h), ` +
    'RestoreOrders and RestoreFiles with removalPolicy DESTROY, a smoke-test function (inline code: not run here)');

  const now = aws.clock.now();
  const point = (n: number) => rpArn(aws.accountId, `D4000000-0000-4000-8000-00000000000${n}`);
  const seeds = [
    { n: 1, type: 'DynamoDB', arn: PROD.ordersTableArn, ageMs: 20 * MINUTE, seconds: 10 * 60, note: "the table's newest: no file-system backup within 1 h of it" },
    { n: 2, type: 'DynamoDB', arn: PROD.ordersTableArn, ageMs: 70 * MINUTE, seconds: 10 * 60, note: '' },
    { n: 3, type: 'EFS', arn: PROD.fileSystemArn, ageMs: 110 * MINUTE, seconds: 15 * 60, note: "the file system's newest" },
  ];
  say(`      seeded in '${PROD.vaultName}' (the points of steps 3-5 are there too, older):`);
  for (const p of seeds) {
    aws.backup.seedRecoveryPoint({
      recoveryPointArn: point(p.n),
      backupVaultName: PROD.vaultName,
      resourceType: p.type,
      resourceArn: p.arn,
      creationDate: now - p.ageMs,
      status: 'COMPLETED',
      restore: { durationSeconds: p.seconds },
    });
    say(`        ${p.type.padEnd(8)} ${point(p.n)}  ${`${p.ageMs / MINUTE} min ago`.padStart(11)}${p.note ? `  (${p.note})` : ''}`);
  }

  const driver = aws.track(new CloudFormationDriver(aws, synthesized).deploy());
  await driver.prewarm(2);
  const label = (logicalId: string) => String(synthesized.template.Resources[logicalId]?.Metadata?.['aws:cdk:path'] ?? logicalId)
    .replace(`${stack.stackName}/`, '').replace(/\/Resource(\/Default)?$/, '');
  const onEvent = (logicalId: string, outcome: EventOutcome) => {
    const r = outcome.response;
    say(`    ${outcome.event.RequestType.toUpperCase().padEnd(6)} ${label(logicalId).padEnd(26)} ${synthesized.template.Resources[logicalId]?.Type.padEnd(32)} ` +
      `${r?.Status ?? 'NO RESPONSE'}  (${Math.round(outcome.virtualMs / MINUTE)} min emulated)${r?.Status === 'FAILED' ? `  ${r.Reason}` : ''}`);
  };

  say(`  CREATE ${stack.stackName}`);
  const created = await driver.createStack({ onEvent });
  say(`    stack: ${created.stackStatus}`);
  check(created.stackStatus === 'CREATE_COMPLETE', `drill: create ended ${created.stackStatus}`);
  const set = (driver.state(idOf(drill.set)).data ?? {}) as Record<string, string>;
  const recoveryPointArns = [set.RecoveryPointArn0, set.RecoveryPointArn1];
  const spreadSeconds = set.SpreadSeconds !== undefined ? Number(set.SpreadSeconds) : undefined;
  say('  One moment for both (RecoveryPointSet, chosen once at deploy time):');
  say(`    Orders table   ${recoveryPointArns[0] ?? '-'}${recoveryPointArns[0] === point(2) ? '  (not its newest: that one is 20 min old)' : ''}`);
  say(`    file system    ${recoveryPointArns[1] ?? '-'}`);
  say(`    spread         ${spreadSeconds === undefined ? '-' : `${spreadSeconds} s (${Math.round(spreadSeconds / 60)} min)`}, within maxSkew 1 h`);
  check(recoveryPointArns[0] === point(2) && recoveryPointArns[1] === point(3), `drill: the set chose ${recoveryPointArns.join(', ')}`);
  check(spreadSeconds === 40 * 60, `drill: spread ${set.SpreadSeconds}, expected 2400`);

  const jobIds = [drill.orders, drill.files].map(job => String(driver.state(idOf(job)).data?.RestoreJobId ?? ''));
  const restored = aws.resources.list().filter(r => r.restoreJobId !== undefined && jobIds.includes(r.restoreJobId));
  say(`    restored       ${restored.map(r => r.arn).join(', ') || '-'}`);
  check(restored.length === 2 && restored.every(r => aws.resources.exists(r.arn)), `drill: ${restored.length} restored resources exist, expected 2`);

  say(`  DELETE ${stack.stackName} (cdk destroy)`);
  const deleted = await driver.deleteStack({ onEvent });
  say(`    stack: ${deleted.stackStatus}`);
  check(deleted.stackStatus === 'DELETE_COMPLETE', `drill: delete ended ${deleted.stackStatus}`);
  const left = restored.filter(r => aws.resources.exists(r.arn)).map(r => r.arn);
  say(`  Left of what the drill's restores created: ${left.length === 0 ? 'nothing' : left.join(', ')}` +
    `  (${restored.filter(r => aws.resources.get(r.arn)?.deletedBy === 'api').length} of ${restored.length} deleted by the handler, waited for until gone)`);
  check(left.length === 0, `drill: still there after the delete: ${left.join(', ')}`);
  const inFlight = aws.inFlight();
  check(inFlight.executions === 0 && inFlight.requests.length === 0, `drill: work still in flight: ${JSON.stringify(inFlight)}`);
  return { created: created.stackStatus, deleted: deleted.stackStatus, recoveryPointArns, spreadSeconds, restored: restored.map(r => r.arn), left };
}

export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const started = Date.now();
  const stdout: Output = options.out ?? process.stdout;
  const say = (line = '') => stdout.write(`${line}\n`);
  const failures: string[] = [];
  const check = (condition: unknown, message: string) => {
    if (!condition) failures.push(message);
    return Boolean(condition);
  };
  const clockScale = options.clockScale ?? 300;
  const tempDirs: string[] = [];
  let aws: LocalAws | undefined;
  const created: DemoJob[] = [];
  const deleted: string[] = [];
  let updated: DemoJob | undefined;
  let statusTool: string | undefined;
  let databaseEndpoint: DemoResult['databaseEndpoint'];
  let drill: DemoDrill | undefined;

  say('='.repeat(100));
  say(SIMULATED);
  say('='.repeat(100));
  try {
    const missing = BUNDLES.filter(b => !fs.existsSync(b));
    if (missing.length > 0) throw new Error(`handler bundles missing (${missing.map(m => path.relative(ROOT, m)).join(', ')}). Run: npx projen bundle`);

    // 1. Synthesize the example app.
    let t = Date.now();
    const app = newApp();
    tempDirs.push(app.outdir);
    const { stack, appStack } = buildDrApp(app);
    const synthesized = synthesizeApp(app, stack);
    const jobs: Record<ResourceName, RestoreJob> = {
      RestoreOrders: stack.orders, RestoreFiles: stack.files, RestoreDatabase: stack.database, RestoreArchive: stack.archive,
    };
    const logicalId = (resource: ResourceName) => cfnOf(jobs[resource]).logicalId;
    const resourceCount = Object.keys(synthesized.template.Resources).length;
    const countOf = (type: string) => Object.values(synthesized.template.Resources).filter(r => r.Type === type).length;
    say(`\n[1/6] Synthesized examples/dr-app.ts: stack ${stack.stackName} (account ${stack.account}, ${stack.region}), ` +
      `${resourceCount} resources, ${countOf('Custom::BackupRestoreJob')} Custom::BackupRestoreJob, ${countOf('Custom::BackupRestoredResource')} Custom::BackupRestoredResource (${Date.now() - t} ms)`);
    say(`      and stack ${appStack.stackName}: the application (a Lambda function on the restored table, file system and database; ` +
      'its inline code is not run here)');

    // 2. Local AWS.
    aws = await startLocalAws({ clockScale, seed: 'demo', accountId: stack.account, region: stack.region, progressIntervalSeconds: 60 });
    say(`\n[2/6] Local AWS on 127.0.0.1: Backup ${aws.backup.endpoint}, Lambda ${aws.lambda.endpoint}, Step Functions ${aws.sfn.endpoint}`);
    say(`      clock: 1 real second = ${clockScale} emulated seconds (a 35-minute restore takes ~${Math.round(2100 / clockScale)} s)`);
    const seeded = seedVault(aws, line => say(`      ${line}`));

    const driver = aws.track(new CloudFormationDriver(aws, synthesized).deploy());
    // One warm sandbox per function for each restore that runs at once: with one, the parallel create cold-started
    // 9 more mid-deploy, each ~0.5-3 s real under CPU load, i.e. minutes of emulated time against each resource's
    // 1-hour ServiceTimeout (the demo test failed with "no response" under load).
    await driver.prewarm(RESOURCES.length);
    say(`      deployed ${aws.lambda.functionNames().length} Lambda functions and the Provider's state machine into the stand-ins`);

    // 3. Create: CloudFormation creates independent resources in parallel.
    const databaseRead = readOf(synthesized.template, logicalId('RestoreDatabase'));
    if (!databaseRead) throw new Error('the example stack has no Custom::BackupRestoredResource for RestoreDatabase (asDatabaseInstance)');
    say(`\n[3/6] CREATE ${stack.stackName}: ${RESOURCES.length} Custom::BackupRestoreJob resources, then RestoreDatabase's Custom::BackupRestoredResource`);
    const display = new ProgressDisplay(stdout, { tty: options.tty, lineIntervalMs: options.progressLineIntervalMs });
    const progress = new JobProgress(aws, display);
    let n = 0;
    // A RestoreJob of hours is its resource (which starts the job) and then its wait links, created in order.
    driver.markStack('CREATE_IN_PROGRESS');
    let statusShown = false;
    let read: EventOutcome | undefined;
    const outcomes = await Promise.all(RESOURCES.map(async resource => {
      const requestId = newRequestId(aws!, ++n);
      const links = linksOf(jobs[resource]);
      progress.expect(requestId, resource, links.length > 0 ? `a restore of hours: ${links.length} wait links` : 'finding the newest recovery point…');
      const outcome = await driver.create(logicalId(resource), { requestId });
      if (resource === 'RestoreDatabase' && outcome.response?.Status === 'SUCCESS') {
        // asDatabaseInstance(): the endpoint is read from the restored instance (DescribeDBInstances), once the job is done.
        read = await driver.create(databaseRead, { properties: driver.propertiesOf(databaseRead) });
      }
      if (links.length === 0 || outcome.response?.Status !== 'SUCCESS') {
        progress.finish(resource, outcome);
        return outcome;
      }
      let last = outcome;
      for (const link of links) {
        last = await driver.create(link);
        if (last.response?.Status !== 'SUCCESS') break;
      }
      progress.finish(resource, last);
      // The job's id and recovery point are the RestoreJob resource's; what it created, the last link's.
      const data = { ...(outcome.response?.Data ?? {}), ...(last.response?.Data ?? {}) };
      return { ...last, response: last.response ? { ...last.response, Data: data } : undefined };
    }).map((p, i) => (RESOURCES[i] === 'RestoreArchive' ? p : p.then(async out => {
      // When a short restore is done while the archive goes on: the status tool, once.
      if (!statusShown) {
        statusShown = true;
        const status = await runStatusTool(aws!, stack.stackName);
        // Above the progress bars (log() redraws them below on a terminal).
        display.log(`  $ npx cdk-backup-restore status ${stack.stackName}    (while the stack is still creating)`);
        for (const line of status.output.trimEnd().split('\n')) display.log(`    ${line}`);
        statusTool = status.output;
        check(status.code === 0 && status.output.includes('RestoreArchive'), `status tool: exit ${status.code}`);
      }
      return out;
    }))));
    display.stop();
    driver.markStack(outcomes.every(o => o.response?.Status === 'SUCCESS') ? 'CREATE_COMPLETE' : 'CREATE_FAILED');
    say('');
    RESOURCES.forEach((resource, i) => {
      const r = outcomes[i].response;
      const data = (r?.Data ?? {}) as Record<string, string>;
      const job = data.RestoreJobId ? aws!.backup.job(data.RestoreJobId) : undefined;
      created.push({
        resource,
        restoreJobId: data.RestoreJobId,
        recoveryPointArn: data.RecoveryPointArn,
        createdResourceArn: data.CreatedResourceArn,
        status: data.Status,
      });
      say(`  ${resource}: CloudFormation ${r?.Status ?? 'NO RESPONSE'}${r?.Status === 'FAILED' ? ` (${r.Reason})` : ''}`);
      say(`    RestoreJobId        ${data.RestoreJobId ?? '-'}`);
      const why = resource === 'RestoreArchive' ? `  (pinned; a ${Math.round((job ? job.endsAt - job.creationDate : 0) / HOUR)}-hour restore, waited for in ${linksOf(jobs[resource]).length} links)`
        : data.RecoveryPointArn === seeded.expected[resource] ? '  (newest COMPLETED; newer PARTIAL skipped)' : '';
      say(`    RecoveryPointArn    ${data.RecoveryPointArn ?? '-'}${why}`);
      say(`    CreatedResourceArn  ${data.CreatedResourceArn ?? '-'}`);
      if (job) say(`    metadata keys sent  ${job.metadataKeys.join(', ')}  (values are never shown)`);
      if (resource === 'RestoreDatabase') {
        const attributes = (read?.response?.Data ?? {}) as Record<string, string>;
        const model = data.CreatedResourceArn ? aws!.resources.get(data.CreatedResourceArn)?.details : undefined;
        say(`    Custom::BackupRestoredResource: CloudFormation ${read?.response?.Status ?? 'NO RESPONSE'}${read?.response?.Status === 'FAILED' ? ` (${read.response.Reason})` : ''}`);
        say(`    Endpoint            ${attributes.EndpointAddress ?? '-'}:${attributes.EndpointPort ?? '-'}  (read at deploy time: DescribeDBInstances on ${attributes.DBInstanceIdentifier ?? '-'})`);
        if (attributes.EndpointAddress) databaseEndpoint = { address: attributes.EndpointAddress, port: attributes.EndpointPort };
        check(read?.response?.Status === 'SUCCESS', `RestoreDatabase: the endpoint read did not succeed (${read?.response?.Reason ?? 'no response'})`);
        check(model?.kind === 'rds-instance' && attributes.EndpointAddress === model.address && attributes.EndpointPort === String(model.port),
          'RestoreDatabase: the endpoint read is not the restored instance\'s');
      }
      check(r?.Status === 'SUCCESS', `${resource}: create did not succeed (${r?.Reason ?? 'no response'})`);
      check(data.RestoreJobId, `${resource}: no RestoreJobId`);
      check(data.RecoveryPointArn === seeded.expected[resource], `${resource}: restored ${data.RecoveryPointArn}, expected ${seeded.expected[resource]}`);
      check(data.Status === 'COMPLETED' && data.CreatedResourceArn, `${resource}: no CreatedResourceArn / not COMPLETED`);
    });
    check(created[0].createdResourceArn?.endsWith(':table/orders-dr'), 'RestoreOrders: the created table is not orders-dr');
    // The application stack's function gets the endpoint through the data stack's exports.
    const env = appEnvironment(app, stack, appStack.stackName, appStack.getLogicalId(appStack.handler.node.defaultChild as CfnResource), driver);
    say(`\n  ${appStack.stackName}: its function would get ORDERS_TABLE=${env.ORDERS_TABLE ?? '-'} DB_HOST=${env.DB_HOST ?? '-'} DB_PORT=${env.DB_PORT ?? '-'}`);
    check(databaseEndpoint && env.DB_HOST === databaseEndpoint.address && env.DB_PORT === databaseEndpoint.port,
      `${appStack.stackName}: DB_HOST/DB_PORT are not the endpoint read at deploy time`);
    check(env.ORDERS_TABLE === 'orders-dr', `${appStack.stackName}: ORDERS_TABLE is not the restored table's name`);

    // 4. Update: a new target table name for Orders is a new restore input, so a new job.
    say(`\n[4/6] UPDATE ${stack.stackName}: RestoreOrders targetTableName orders-dr -> orders-dr-v2 (RestoreFiles, RestoreDatabase, RestoreArchive unchanged: no event)`);
    t = Date.now();
    const app2 = newApp();
    tempDirs.push(app2.outdir);
    const v2 = buildDrApp(app2).stack;
    const { cfn, logicalId: ordersV2 } = cfnOf(v2.orders);
    if (ordersV2 !== logicalId('RestoreOrders')) throw new Error(`the Orders restore changed its logical id (${ordersV2})`);
    cfn.addPropertyOverride('Metadata.targetTableName', 'orders-dr-v2');
    const synthesized2 = synthesizeApp(app2, v2);
    say(`      re-synthesized in ${Date.now() - t} ms`);
    const updateDisplay = new ProgressDisplay(stdout, { tty: options.tty, lineIntervalMs: options.progressLineIntervalMs });
    const updateProgress = new JobProgress(aws, updateDisplay);
    const updateRequest = newRequestId(aws, ++n);
    updateProgress.expect(updateRequest, 'RestoreOrders', 'finding the newest recovery point…');
    const upd = await driver.update(logicalId('RestoreOrders'), { from: synthesized2, requestId: updateRequest });
    updateProgress.finish('RestoreOrders', upd.update);
    updateDisplay.stop();
    updateProgress.close();
    progress.close();
    const ud = (upd.update.response?.Data ?? {}) as Record<string, string>;
    updated = { resource: 'RestoreOrders', restoreJobId: ud.RestoreJobId, recoveryPointArn: ud.RecoveryPointArn, createdResourceArn: ud.CreatedResourceArn, status: ud.Status };
    say(`\n  RestoreOrders: CloudFormation ${upd.update.response?.Status ?? 'NO RESPONSE'}${upd.update.response?.Status === 'FAILED' ? ` (${upd.update.response.Reason})` : ''}`);
    say(`    RestoreJobId        ${ud.RestoreJobId ?? '-'}  (new job; was ${created[0].restoreJobId})`);
    say(`    RecoveryPointArn    ${ud.RecoveryPointArn ?? '-'}`);
    say(`    CreatedResourceArn  ${ud.CreatedResourceArn ?? '-'}`);
    check(upd.update.response?.Status === 'SUCCESS', `update failed (${upd.update.response?.Reason ?? 'no response'})`);
    check(ud.RestoreJobId && ud.RestoreJobId !== created[0].restoreJobId, 'update did not start a new restore job');
    check(ud.CreatedResourceArn?.endsWith(':table/orders-dr-v2'), 'update: the created table is not orders-dr-v2');
    if (upd.cleanup) {
      const retained = handlerMessage(aws, upd.cleanup.event.RequestId, 'retained');
      say(`    CloudFormation then deleted the old physical id (restore job ${restoreJobIdOf(upd.cleanup.event.PhysicalResourceId ?? '')}): ${upd.cleanup.response?.Status ?? 'NO RESPONSE'}`);
      if (retained) say(`    handler: "${retained}"`);
      check(upd.cleanup.response?.Status === 'SUCCESS', 'cleanup delete of the old job failed');
    } else {
      check(false, 'update kept the same physical id: no cleanup delete');
    }

    // 5. Delete the stack: every RestoreJob, in reverse order.
    say(`\n[5/6] DELETE ${stack.stackName}`);
    for (const resource of [...RESOURCES].reverse()) {
      // Dependents first: a restore of hours' wait links and the read of what it created, then the RestoreJob resource.
      const existing = new Set(driver.describe().resources.map(r => r.logicalId));
      const dependents = [...linksOf(jobs[resource]).reverse(), ...(resource === 'RestoreDatabase' ? [databaseRead] : [])];
      for (const dependent of dependents.filter(l => existing.has(l))) {
        const gone = await driver.delete(dependent);
        check(gone.response?.Status === 'SUCCESS', `${resource}: delete of ${dependent} failed`);
      }
      const out = await driver.delete(logicalId(resource));
      const retained = handlerMessage(aws, out.event.RequestId, 'retained');
      say(`  ${resource}: CloudFormation ${out.response?.Status ?? 'NO RESPONSE'} (restore job ${restoreJobIdOf(out.event.PhysicalResourceId ?? '')})`);
      if (retained) say(`    handler: "${retained}"`);
      if (check(out.response?.Status === 'SUCCESS', `${resource}: delete failed (${out.response?.Reason ?? 'no response'})`)) deleted.push(resource);
    }
    const stats = aws.backup.stats();
    say(`\n  AWS Backup calls: ${Object.entries(stats.callsByOperation).map(([op, c]) => `${op} ${c}`).join(', ')}; restore jobs started: ${stats.jobsStarted}`);
    const ownJobs = new Set([...created.map(j => j.restoreJobId), updated?.restoreJobId].filter(id => id !== undefined));
    const retained = aws.resources.list().filter(r => r.restoreJobId !== undefined && ownJobs.has(r.restoreJobId) && aws!.resources.exists(r.arn));
    say(`  Restored resources are retained by design (removalPolicy RETAIN, the default: AWS Backup cannot undo a restore): ${retained.length} still exist.`);
    check(retained.length === ownJobs.size, `RETAIN: ${retained.length} of the ${ownJobs.size} restored resources still exist`);
    const inFlight = aws.inFlight();
    check(inFlight.executions === 0 && inFlight.requests.length === 0, `work still in flight: ${JSON.stringify(inFlight)}`);

    // 6. The DR drill: one consistent moment, DESTROY, nothing left.
    drill = await runDrill(aws, say, check, tempDirs);
  } catch (error) {
    failures.push(`demo aborted: ${(error as Error).stack ?? String(error)}`);
  } finally {
    await aws?.close();
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  }

  const wallMs = Date.now() - started;
  say('');
  if (failures.length === 0) {
    say(`Demo OK in ${(wallMs / 1000).toFixed(1)} s: 4 restore jobs created (the database endpoint read at deploy time), 1 updated (new job), 4 deleted ` +
      `(restored resources retained); drill: ${drill?.restored.length} restored from one moment (spread ${Math.round((drill?.spreadSeconds ?? 0) / 60)} min), destroyed, nothing left.`);
  } else {
    say(`Demo FAILED in ${(wallMs / 1000).toFixed(1)} s:`);
    for (const f of failures) say(`  - ${f}`);
  }
  say('All servers closed.');
  say('='.repeat(100));
  say(SIMULATED_END);
  say('='.repeat(100));
  return { ok: failures.length === 0, failures, created, updated, deleted, wallMs, statusTool, databaseEndpoint, drill };
}

function parseClockScale(argv: readonly string[]): number | undefined {
  const i = argv.indexOf('--clock-scale');
  const raw = i >= 0 ? argv[i + 1] : process.env.DEMO_CLOCK_SCALE;
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!(value > 0)) throw new Error(`--clock-scale must be a positive number (got ${raw})`);
  return value;
}

if (require.main === module) {
  runDemo({ clockScale: parseClockScale(process.argv.slice(2)) }).then(result => {
    process.exitCode = result.ok ? 0 : 1;
    // Everything is closed; if a stray handle kept the process alive, do not hang the terminal.
    setTimeout(() => process.exit(process.exitCode), 3000).unref();
  }, error => {
    console.error(error);
    process.exitCode = 1;
  });
}
