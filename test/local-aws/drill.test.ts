/**
 * The DR drill of examples/dr-drill.ts through the whole harness: deploy the environment from one consistent moment
 * (RecoveryPointSet), see the spread, destroy the stack, and count what the restores left behind: nothing.
 * Needs `npx projen bundle`.
 */
import { LocalAws, startLocalAws } from './index';
import { PROD } from '../../examples/dr-app';
import { DrDrill } from '../../examples/dr-drill';

jest.setTimeout(240_000);

const HOUR = 3_600_000;
const rp = (n: number) => `arn:aws:backup:us-east-1:123456789012:recovery-point:D1111000-0000-4000-8000-${String(n).padStart(12, '0')}`;

let aws: LocalAws;

beforeAll(async () => {
  aws = await startLocalAws({ clockScale: 600, seed: 77 });
  const now = aws.clock.now();
  const seed = (n: number, resourceType: string, resourceArn: string, ageMs: number) => aws.backup.seedRecoveryPoint({
    recoveryPointArn: rp(n), backupVaultName: PROD.vaultName, resourceType, resourceArn, creationDate: now - ageMs, restore: { durationSeconds: 300 },
  });
  // The table's newest backup (20 min) has no file-system backup within an hour; 6 hours ago both were taken, 40 minutes apart.
  seed(1, 'DynamoDB', PROD.ordersTableArn, 20 * 60_000);
  seed(2, 'DynamoDB', PROD.ordersTableArn, 6 * HOUR);
  seed(3, 'EFS', PROD.fileSystemArn, 6 * HOUR + 40 * 60_000);
  seed(4, 'EFS', PROD.fileSystemArn, 30 * HOUR);
});

afterAll(async () => {
  await aws?.close();
});

test('a drill restores from one moment, and destroying the stack leaves nothing restored behind', async () => {
  const driver = await aws.deploy(stack => new DrDrill(stack, 'Drill'), { stackName: 'Drill' }).prewarm(2);

  // WHEN the drill deploys
  const created = await driver.createStack();

  // THEN both restores come from the moment 6 hours ago, 40 minutes apart (the table's newest backup is not used)
  expect(created.stackStatus).toBe('CREATE_COMPLETE');
  const set = driver.state(driver.logicalId('Drill/Moment')).data!;
  expect(Number(set.SpreadSeconds)).toBe(40 * 60);
  const jobs = aws.backup.listJobs();
  expect(jobs.map(j => j.recoveryPointArn).sort()).toEqual([rp(2), rp(3)]);
  const restored = aws.resources.list().filter(r => jobs.some(j => j.restoreJobId === r.restoreJobId));
  expect(restored).toHaveLength(2);
  expect(restored.every(r => aws.resources.exists(r.arn))).toBe(true);

  // WHEN the drill is over
  const deleted = await driver.deleteStack();

  // THEN nothing the restores created is left
  expect(deleted.stackStatus).toBe('DELETE_COMPLETE');
  expect(restored.filter(r => aws.resources.exists(r.arn))).toEqual([]);
  expect(aws.resources.list().filter(r => r.deletedBy === 'api').map(r => r.arn).sort()).toEqual(restored.map(r => r.arn).sort());
});
