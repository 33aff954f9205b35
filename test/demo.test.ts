/**
 * Smoke test of `npm run demo` (scripts/demo.ts) on its non-interactive path: plain progress lines, the demo's own
 * harness clock. Needs the handler bundles (`npx projen bundle`, which the test task runs first).
 * No timing assertions: only what the demo prints and reports.
 *
 * Clock: 300 emulated seconds per real second, the demo's default. At 600 the test failed under heavy CPU load
 * (other test runs on the 2 cores) with "create did not succeed (no response)": every real millisecond of work
 * costs `scale` emulated ones, so ~2.5 s real of stalls ate the 25 emulated minutes between the 35-minute Files
 * restore and its resource's 1-hour ServiceTimeout, and the driver (as CloudFormation) gave up. Not a handler bug:
 * the demo prewarmed one sandbox per function, and its four parallel restores cold-started 9 more mid-deploy; it
 * now prewarms four. 300 doubles the slack to ~5 s real (with two busy loops beside it, 300 and one sandbox still
 * failed; 300 and four passed).
 */
import { runDemo } from '../scripts/demo';

jest.setTimeout(240_000);

test('the demo creates, updates and deletes every restore job, prints both attributes and the database endpoint, and runs the drill', async () => {
  let printed = '';
  const out = { isTTY: false, write: (text: string) => { printed += text; return true; } };

  const result = await runDemo({ clockScale: 300, out, tty: false, progressLineIntervalMs: 1000 });

  expect(result.failures).toEqual([]);
  expect(result.ok).toBe(true);
  for (const step of ['[1/6] Synthesized', '[2/6] Local AWS', '[3/6] CREATE', '[4/6] UPDATE', '[5/6] DELETE', '[6/6] DRILL']) expect(printed).toContain(step);
  expect(result.created.map(j => j.resource)).toEqual(['RestoreOrders', 'RestoreFiles', 'RestoreDatabase', 'RestoreArchive']);
  for (const job of result.created) {
    expect(job.restoreJobId).toMatch(/^[0-9A-F-]{36}$/);
    expect(printed).toContain(`RestoreJobId        ${job.restoreJobId}`);
    expect(printed).toContain(`RecoveryPointArn    ${job.recoveryPointArn}`);
  }
  // Every job reports what it created, the archive (a restore of hours, waited for in links) too.
  for (const job of result.created) {
    expect(job.status).toBe('COMPLETED');
    expect(printed).toContain(`CreatedResourceArn  ${job.createdResourceArn}`);
  }
  expect(result.created[0].createdResourceArn).toMatch(/:table\/orders-dr$/);
  expect(result.created[1].createdResourceArn).toMatch(/:file-system\/fs-[0-9a-f]{17}$/);
  expect(result.created[2].createdResourceArn).toMatch(/:db:orders-db-dr$/);
  expect(result.created[3].createdResourceArn).toMatch(/:file-system\/fs-[0-9a-f]{17}$/);
  expect(printed).toMatch(/a 2-hour restore, waited for in 10 links/);

  // The restored database's endpoint, read at deploy time by its Custom::BackupRestoredResource, is printed, and the
  // application stack's function gets that same endpoint (through the data stack's exports).
  expect(result.databaseEndpoint?.address).toMatch(/^orders-db-dr\.[a-z0-9]{12}\.us-east-1\.rds\.amazonaws\.com$/);
  expect(result.databaseEndpoint?.port).toBe('5432');
  expect(printed).toContain(`Endpoint            ${result.databaseEndpoint?.address}:5432  (read at deploy time: DescribeDBInstances on orders-db-dr)`);
  expect(printed).toContain(`DisasterRecoveryApp: its function would get ORDERS_TABLE=orders-dr DB_HOST=${result.databaseEndpoint?.address} DB_PORT=5432`);

  // The status tool ran once while the stack was still creating, and found the archive still restoring.
  expect(result.statusTool).toMatch(/Stack DisasterRecovery +CREATE_IN_PROGRESS/);
  expect(result.statusTool).toMatch(/Dr\/RestoreArchive +RUNNING +\[#*-+\]/);
  expect(printed).toContain('$ npx cdk-backup-restore status DisasterRecovery');

  // The newest COMPLETED recovery points were chosen (the newer PARTIAL ones skipped).
  expect(result.created[0].recoveryPointArn).toMatch(/:recovery-point:A1000000-0000-4000-8000-000000000003$/);
  expect(result.created[1].recoveryPointArn).toMatch(/:recovery-point:B2000000-0000-4000-8000-000000000003$/);
  expect(result.created[2].recoveryPointArn).toMatch(/:recovery-point:C3000000-0000-4000-8000-000000000002$/);

  // The update restored again into the new table; delete kept everything.
  expect(result.updated?.restoreJobId).not.toBe(result.created[0].restoreJobId);
  expect(result.updated?.createdResourceArn).toMatch(/:table\/orders-dr-v2$/);
  expect(result.deleted).toEqual(['RestoreArchive', 'RestoreDatabase', 'RestoreFiles', 'RestoreOrders']);
  expect(printed).toContain('the restored resource is retained');
  expect(printed).toContain('Restored resources are retained by design (removalPolicy RETAIN, the default: AWS Backup cannot undo a restore): 5 still exist.');

  // The drill: both restores from one moment 40 minutes wide (the table's newest backup, with no file-system backup
  // within the hour, is not used), the stack destroyed, and nothing the drill restored is left.
  expect(result.drill).toMatchObject({ created: 'CREATE_COMPLETE', deleted: 'DELETE_COMPLETE', spreadSeconds: 2400, left: [] });
  expect(result.drill?.recoveryPointArns).toEqual([
    expect.stringMatching(/:recovery-point:D4000000-0000-4000-8000-000000000002$/),
    expect.stringMatching(/:recovery-point:D4000000-0000-4000-8000-000000000003$/),
  ]);
  expect(result.drill?.restored).toEqual([expect.stringMatching(/:table\/orders-drill$/), expect.stringMatching(/:file-system\/fs-[0-9a-f]{17}$/)]);
  expect(printed).toContain('spread         2400 s (40 min), within maxSkew 1 h');
  expect(printed).toContain("Left of what the drill's restores created: nothing  (2 of 2 deleted by the handler, waited for until gone)");

  // Plain lines only (no cursor movement), progress included, and the simulation is stated at both ends.
  expect(printed).not.toContain('\x1b[');
  expect(printed).toMatch(/RestoreFiles +\[#+-*\] +\d+% +RUNNING/);
  const lines = printed.trim().split('\n');
  expect(lines.slice(0, 3).join('\n')).toContain('SIMULATED: AWS is emulated in this process on 127.0.0.1');
  expect(lines.slice(-3).join('\n')).toContain('SIMULATED: AWS was emulated on 127.0.0.1');
});
