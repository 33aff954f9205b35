/**
 * The Backup emulator driven by a client this project did not write: the AWS CLI (botocore), with
 * `--endpoint-url` on loopback. botocore builds its requests from its own service model (it sends
 * `…/recovery-points/` with a trailing slash, where the SDK for JavaScript sends none), so this catches what the
 * contract test against the SDK's schemas cannot. The AWS CLI is on this machine image but not on a fresh
 * machine: without it the tests are reported as skipped, as cfn-lint is in .ci/run.
 */
import { execFile, execFileSync } from 'child_process';
import { promisify } from 'util';
import { LocalAws, startLocalAws } from './index';

const run = promisify(execFile);
const HAS_AWS_CLI = (() => {
  try {
    execFileSync('aws', ['--version'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
})();
if (!HAS_AWS_CLI) console.log('aws-cli.test: skipped (the AWS CLI is not installed on this machine)');
const describeCli = HAS_AWS_CLI ? describe : describe.skip;

jest.setTimeout(60_000);

const ACCOUNT = '123456789012';
const RP = (n: number) => `arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:0C000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const RESOURCE = `arn:aws:elasticfilesystem:us-east-1:${ACCOUNT}:file-system/fs-0123456789abcdef0`;

let aws: LocalAws;

async function cli(...args: string[]): Promise<{ ok: true; json: any } | { ok: false; stderr: string }> {
  try {
    const { stdout } = await run('aws', ['--endpoint-url', aws.backup.endpoint, '--output', 'json', '--region', 'us-east-1', 'backup', ...args], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_MAX_ATTEMPTS: '1',
        AWS_RETRY_MODE: 'standard',
      },
      timeout: 30_000,
    });
    return { ok: true, json: stdout.trim() ? JSON.parse(stdout) : {} };
  } catch (error) {
    return { ok: false, stderr: String((error as { stderr?: string }).stderr ?? error) };
  }
}

beforeAll(async () => {
  if (!HAS_AWS_CLI) return;
  aws = await startLocalAws({ clockScale: 600, seed: 5 });
  aws.backup.seedVault({ name: 'Vault' });
  for (let i = 1; i <= 5; i++) {
    aws.backup.seedRecoveryPoint({
      recoveryPointArn: RP(i),
      backupVaultName: 'Vault',
      resourceType: 'EFS',
      resourceArn: RESOURCE,
      restoreMetadata: { 'file-system-id': 'fs-0123456789abcdef0', 'Encrypted': 'false' },
      restore: { durationSeconds: 60 },
    });
  }
});

afterAll(async () => {
  await aws?.close();
});

describeCli('the AWS CLI (botocore) against the Backup emulator', () => {
  test('start-restore-job and describe-restore-job; the token returns the same job', async () => {
    const args = ['start-restore-job', '--recovery-point-arn', RP(1), '--metadata', 'file-system-id=fs-0123456789abcdef0,newFileSystem=true',
      '--iam-role-arn', `arn:aws:iam::${ACCOUNT}:role/restore`, '--idempotency-token', 'cli-token-1', '--resource-type', 'EFS'];
    const started = await cli(...args);
    expect(started).toMatchObject({ ok: true, json: { RestoreJobId: expect.any(String) } });
    const again = await cli(...args);
    expect(again).toMatchObject({ ok: true, json: { RestoreJobId: (started as { json: { RestoreJobId: string } }).json.RestoreJobId } });

    const described = await cli('describe-restore-job', '--restore-job-id', (started as { json: { RestoreJobId: string } }).json.RestoreJobId);
    expect(described).toMatchObject({ ok: true, json: { RecoveryPointArn: RP(1), ResourceType: 'EFS', Status: expect.stringMatching(/PENDING|RUNNING|COMPLETED/) } });
  });

  test('get-recovery-point-restore-metadata (the ARN percent-encoded in the path)', async () => {
    const out = await cli('get-recovery-point-restore-metadata', '--backup-vault-name', 'Vault', '--recovery-point-arn', RP(2));
    expect(out).toMatchObject({ ok: true, json: { RecoveryPointArn: RP(2), ResourceType: 'EFS', RestoreMetadata: { 'file-system-id': 'fs-0123456789abcdef0' } } });
  });

  test('list-recovery-points-by-backup-vault: the trailing-slash path botocore sends, across pages', async () => {
    const out = await cli('list-recovery-points-by-backup-vault', '--backup-vault-name', 'Vault', '--page-size', '2');
    expect(out.ok).toBe(true);
    const arns = (out as { json: { RecoveryPoints: Array<{ RecoveryPointArn: string }> } }).json.RecoveryPoints.map(p => p.RecoveryPointArn).sort();
    expect(arns).toEqual([1, 2, 3, 4, 5].map(RP).sort());
  });

  test('list-recovery-points-by-resource', async () => {
    const out = await cli('list-recovery-points-by-resource', '--resource-arn', RESOURCE);
    expect(out.ok).toBe(true);
    expect((out as { json: { RecoveryPoints: unknown[] } }).json.RecoveryPoints).toHaveLength(5);
  });

  test.each([
    [['describe-restore-job', '--restore-job-id', 'no-such-job'], 'ResourceNotFoundException', 'DescribeRestoreJob'],
    [['list-recovery-points-by-backup-vault', '--backup-vault-name', 'NoVault'], 'ResourceNotFoundException', 'ListRecoveryPointsByBackupVault'],
    [['start-restore-job', '--recovery-point-arn', 'not-an-arn', '--metadata', 'a=b'], 'InvalidParameterValueException', 'StartRestoreJob'],
  ])('errors arrive as botocore reads them: %j → %s', async (args, code, operation) => {
    const out = await cli(...args);
    expect(out.ok).toBe(false);
    expect((out as { stderr: string }).stderr).toContain(`An error occurred (${code}) when calling the ${operation} operation`);
  });

  test('DependencyFailureException is an error code botocore names', async () => {
    aws.backup.failNext('DescribeRestoreJob', 'DependencyFailureException', 1);
    const out = await cli('describe-restore-job', '--restore-job-id', 'any');
    expect((out as { stderr: string }).stderr).toContain('An error occurred (DependencyFailureException) when calling the DescribeRestoreJob operation');
  });
});
