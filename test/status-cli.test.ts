/**
 * `cdk-backup-restore status`: the bundled CLI (assets/cli/cdk-backup-restore.js, built by `npx projen bundle`)
 * run as a child process against the local AWS harness — the CloudFormation and CloudWatch Logs stand-ins, the
 * Backup emulator — through the real SDK clients inside the bundle. What ships is what is tested.
 * The child gets the harness's environment only: region, dummy credentials, no EC2 metadata, loopback endpoints.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import { CloudFormationDriver, LocalAws, startLocalAws } from './local-aws';
import { RecoveryPoint, RestoreJob, RestoreMetadata } from '../src';
import { restoreJobIdOf } from '../src/restore-job-handler/physical-id';

jest.setTimeout(90_000);

const CLI = path.join(__dirname, '..', 'assets', 'cli', 'cdk-backup-restore.js');
const ACCOUNT = '123456789012';
const rp = (n: number) => `arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:0C000000-0000-4000-8000-00000000000${n}`;
const RP = { ok: rp(1), failed: rp(2), long: rp(3), watched: rp(4), hours: rp(5) };
const FAILED_MESSAGE = 'Access denied: the restore role cannot call elasticfilesystem:CreateFilesystem (example).';
/** A metadata value: the CLI must never print it (GetTemplate returns the template with it). */
const SECRET = 'creation-token-8b1f-status-cli-must-not-print';

let aws: LocalAws;

beforeAll(async () => {
  expect(fs.existsSync(CLI)).toBe(true); // `npx projen bundle` builds it (the test task runs it first)
  // Small ListStackResources pages, so every CLI run has to follow NextToken.
  aws = await startLocalAws({ clockScale: 600, seed: 11, cloudFormationPageSize: 4 });
  const seed = (arn: string, restore: Parameters<LocalAws['backup']['seedRecoveryPoint']>[0]['restore']) =>
    aws.backup.seedRecoveryPoint({ recoveryPointArn: arn, backupVaultName: 'Vault', resourceType: 'EFS', restore });
  seed(RP.ok, { durationSeconds: 600 });
  seed(RP.failed, { durationSeconds: 300, outcome: 'FAILED', statusMessage: FAILED_MESSAGE });
  seed(RP.long, { durationSeconds: 3000 });
  seed(RP.watched, { durationSeconds: 1500 });
  seed(RP.hours, { durationSeconds: 5400 });
});

afterAll(async () => {
  await aws?.close();
});

function deploy(stackName: string, recoveryPointArn: string, constructId = 'Restore', timeout?: Duration): Promise<CloudFormationDriver> {
  return aws.deploy((stack: Stack) => {
    new RestoreJob(stack, constructId, {
      recoveryPoint: RecoveryPoint.fromArn(recoveryPointArn),
      timeout,
      metadata: RestoreMetadata.fromMap({ 'file-system-id': 'fs-0123456789abcdef0', 'newFileSystem': 'true', 'CreationToken': SECRET }, 'EFS'),
    });
  }, { stackName }).prewarm();
}

interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the bundled CLI with the harness's environment (and nothing else from this process). */
function runCli(args: string[], env: Record<string, string> = aws.environment(), timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString('utf8'); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI did not exit within ${timeoutMs} ms; stdout so far:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', code => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Resolves once the handler started a job for the recovery point and logged it (what the CLI looks for). */
async function jobStartedAndLogged(recoveryPointArn: string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const job = aws.backup.listJobs().find(j => j.recoveryPointArn === recoveryPointArn);
    if (job && job.status === 'RUNNING' && aws.lambda.logLines().some(l => l.text.includes('"restore job started"') && l.text.includes(job.restoreJobId))) {
      return job.restoreJobId;
    }
    await new Promise(r => setTimeout(r, 20));
  }
  throw new Error(`no job started and logged for ${recoveryPointArn} (a handler bundle older than the "restore job started" line with stackId? npx projen bundle)`);
}

const block = (stdout: string, title: string) => {
  const lines = stdout.split('\n');
  const start = lines.findIndex(l => l.startsWith(title));
  if (start < 0) throw new Error(`no '${title}' block in:\n${stdout}`);
  const end = lines.findIndex((l, i) => i > start && l === '');
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
};

test('a completed RestoreJob: COMPLETED, 100 %, the created resource; exit code 0', async () => {
  const driver = await deploy('StatusCompleted', RP.ok);
  const created = await driver.createStack();
  expect(created.stackStatus).toBe('CREATE_COMPLETE');
  const logicalId = driver.logicalId('Restore');
  const jobId = restoreJobIdOf(driver.state('Restore').physicalResourceId!);
  const job = aws.backup.job(jobId)!;

  const out = await runCli(['status', 'StatusCompleted']);

  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  expect(out.stdout.split('\n')[0]).toBe('Stack StatusCompleted  CREATE_COMPLETE  (1 restore job)');
  expect(block(out.stdout, 'Restore ')).toBe([
    'Restore  COMPLETED  [####################]  100%',
    `  restore job     ${jobId}`,
    `  resource        CREATE_COMPLETE  ${logicalId}`,
    `  recovery point  ${RP.ok}`,
    `  created         ${job.createdResourceArn}`,
  ].join('\n'));
  expect(job.createdResourceArn).toMatch(/^arn:aws:elasticfilesystem:/);
  // Plain lines: not a terminal, so no escape sequences; no metadata value anywhere.
  expect(out.stdout).not.toContain('\u001b');
  expect(out.stdout + out.stderr).not.toContain(SECRET);
  // The resource list came in pages (page size 4 here): the CLI followed NextToken.
  expect(driver.describe().resources.length).toBeGreaterThan(4);
  expect(aws.cloudFormation.stats().ListStackResources).toBeGreaterThanOrEqual(2);
});

test('a FAILED RestoreJob: the StatusMessage is shown and the exit code is 1', async () => {
  const driver = await deploy('StatusFailed', RP.failed);
  const created = await driver.create('Restore');
  expect(created.response?.Status).toBe('FAILED');

  const out = await runCli(['status', 'StatusFailed']);

  expect(out.code).toBe(1);
  expect(out.stderr).toBe('');
  const text = block(out.stdout, 'Restore ');
  expect(text).toMatch(/^Restore {2}FAILED {5}\[#*-*\] +\d+%$/m);
  expect(text).toContain(`  resource        CREATE_FAILED  ${driver.logicalId('Restore')}`);
  expect(text).toContain(`  message         ${FAILED_MESSAGE}`);
  expect(text).toContain('  created         -');
});

test('a stack still creating: the job RUNNING with its progress, the resource CREATE_IN_PROGRESS (found through the handler logs)', async () => {
  const driver = await deploy('StatusCreating', RP.long);
  const creating = driver.createStack();
  try {
    const jobId = await jobStartedAndLogged(RP.long);
    // CloudFormation knows no physical id yet: only the handler's log line names the job.
    const resource = driver.describe().resources.find(r => r.logicalId === driver.logicalId('Restore'))!;
    expect(resource).toMatchObject({ status: 'CREATE_IN_PROGRESS', physicalResourceId: undefined });

    const out = await runCli(['status', 'StatusCreating']);

    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout.split('\n')[0]).toBe('Stack StatusCreating  CREATE_IN_PROGRESS  (1 restore job)');
    const text = block(out.stdout, 'Restore ');
    expect(text).toMatch(/^Restore {2}RUNNING {4}\[#*-+\] +\d+% {2}ETA ~\d\d:\d\d UTC \(expected 50 min\)$/m);
    expect(text).toContain(`  restore job     ${jobId}  (from the handler logs)`);
    expect(text).toContain(`  resource        CREATE_IN_PROGRESS  ${driver.logicalId('Restore')}`);
    expect(text).toContain(`  recovery point  ${RP.long}`);
    expect(text).toContain('  created         -');
    expect(aws.logs.stats().FilterLogEvents).toBeGreaterThanOrEqual(1);
    // The percentage is AWS Backup's PercentDone at that moment: between 0 and 100, bar to match.
    const [, bar, percent] = /\[(#*-*)\] +(\d+)%/.exec(text)!;
    expect(Number(percent)).toBeLessThan(100);
    expect(bar.length).toBe(20);
  } finally {
    const created = await creating;
    expect(created.stackStatus).toBe('CREATE_COMPLETE');
  }
});

test('--watch prints each change as plain lines and ends when the job ends', async () => {
  const driver = await deploy('StatusWatched', RP.watched, 'Files');
  const creating = driver.createStack();
  let out: CliResult;
  try {
    await jobStartedAndLogged(RP.watched);
    out = await runCli(['status', 'StatusWatched', '--watch', '--interval', '0.3']);
  } finally {
    expect((await creating).stackStatus).toBe('CREATE_COMPLETE');
  }

  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  expect(out.stdout).not.toContain('\u001b');
  const frames = out.stdout.split(/\n(?=Stack StatusWatched )/);
  expect(frames.length).toBeGreaterThanOrEqual(2);
  expect(frames[0]).toMatch(/^Files {2}RUNNING {4}\[#*-+\] +\d+%/m);
  expect(frames[0]).toContain('CREATE_IN_PROGRESS');
  const last = frames[frames.length - 1];
  expect(last).toMatch(/^Files {2}COMPLETED {2}\[#{20}\] {2}100%$/m);
  expect(last).toContain(`  resource        CREATE_COMPLETE  ${driver.logicalId('Files')}`);
  const job = aws.backup.listJobs().find(j => j.recoveryPointArn === RP.watched)!;
  expect(last).toContain(`  created         ${job.createdResourceArn}`);
  // Each frame differs from the one before (an unchanged refresh prints nothing).
  for (let i = 1; i < frames.length; i++) expect(frames[i].trim()).not.toBe(frames[i - 1].trim());
});

test('a restore longer than an hour: one row, its job from the starting resource, the wait link in progress', async () => {
  const driver = await deploy('StatusHours', RP.hours, 'Archive', Duration.hours(3));
  const links = driver.logicalIdsOfType('Custom::BackupRestoreJobWait');
  expect(links).toHaveLength(4);
  const first = links.find(id => driver.stack.template.Resources[id].Properties?.Segment === '1')!;
  const creating = driver.createStack();
  try {
    const jobId = await jobStartedAndLogged(RP.hours);
    for (let i = 0; i < 500 && driver.describe().resources.find(r => r.logicalId === first)?.status !== 'CREATE_IN_PROGRESS'; i++) {
      await new Promise(r => setTimeout(r, 20));
    }

    const out = await runCli(['status', 'StatusHours']);

    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout.split('\n')[0]).toBe('Stack StatusHours  CREATE_IN_PROGRESS  (1 restore job)');
    const text = block(out.stdout, 'Archive ');
    expect(text).toMatch(/^Archive {2}RUNNING {4}\[#*-+\] +\d+% {2}ETA ~\d\d:\d\d UTC \(expected 90 min\)$/m);
    expect(text).toContain(`  restore job     ${jobId}\n`);
    expect(text).toContain(`  resource        CREATE_COMPLETE  ${driver.logicalId('Archive')}  waiting, segment 1 of 4 (CREATE_IN_PROGRESS)`);
  } finally {
    expect((await creating).stackStatus).toBe('CREATE_COMPLETE');
  }
});

test('a stack that does not exist: exit code 3 and CloudFormation\'s message', async () => {
  const out = await runCli(['status', 'NoSuchStack']);
  expect(out.code).toBe(3);
  expect(out.stdout).toBe('');
  expect(out.stderr).toBe('cdk-backup-restore: ValidationError: Stack with id NoSuchStack does not exist\n');
});

test('usage errors: exit code 2 with the usage on stderr', async () => {
  for (const args of [[], ['status'], ['status', 'A', 'B'], ['status', 'A', '--interval', '0'], ['status', 'A', '--colour'], ['list', 'A']]) {
    const out = await runCli(args);
    expect({ args, code: out.code }).toEqual({ args, code: 2 });
    expect(out.stderr).toContain('Usage: cdk-backup-restore status <stack-name>');
    expect(out.stdout).toBe('');
  }
  const help = await runCli(['--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('Exit codes: 0 all fine, 1 a restore job FAILED/ABORTED');
});

test('--profile and --region: credentials and Region from a named profile, endpoints from the environment', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'status-cli-profile-'));
  try {
    const credentials = path.join(dir, 'credentials');
    fs.writeFileSync(credentials, '[drill]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n');
    const config = path.join(dir, 'config');
    fs.writeFileSync(config, '');
    const env = Object.fromEntries(Object.entries(aws.environment())
      .filter(([k]) => !['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'].includes(k)));
    Object.assign(env, { AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: config, HOME: dir });

    const withoutRegion = await runCli(['status', 'StatusCompleted', '--profile', 'drill'], env);
    expect(withoutRegion.code).toBe(3);
    expect(withoutRegion.stderr).toMatch(/Region is missing/);

    const out = await runCli(['status', 'StatusCompleted', '--profile', 'drill', '--region', 'us-east-1'], env);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('Restore  COMPLETED');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
