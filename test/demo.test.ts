/**
 * Smoke test of `npm run demo` (scripts/demo.ts) on its non-interactive path: plain progress lines, a fast
 * harness clock. Needs the handler bundles (`npx projen bundle`, which the test task runs first).
 * No timing assertions: only what the demo prints and reports.
 */
import { runDemo } from '../scripts/demo';

jest.setTimeout(90_000);

test('the demo creates, updates and deletes every restore job and prints both attributes', async () => {
  let printed = '';
  const out = { isTTY: false, write: (text: string) => { printed += text; return true; } };

  const result = await runDemo({ clockScale: 600, out, tty: false, progressLineIntervalMs: 500 });

  expect(result.failures).toEqual([]);
  expect(result.ok).toBe(true);
  expect(result.created.map(j => j.resource)).toEqual(['RestoreOrders', 'RestoreFiles', 'RestoreArchive']);
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
  expect(result.created[2].createdResourceArn).toMatch(/:file-system\/fs-[0-9a-f]{17}$/);
  expect(printed).toMatch(/a 2-hour restore, waited for in 10 links/);

  // The status tool ran once while the stack was still creating, and found the archive still restoring.
  expect(result.statusTool).toMatch(/Stack DisasterRecovery +CREATE_IN_PROGRESS/);
  expect(result.statusTool).toMatch(/Dr\/RestoreArchive +RUNNING +\[#*-+\]/);
  expect(printed).toContain('$ npx cdk-backup-restore status DisasterRecovery');

  // The newest COMPLETED recovery points were chosen (the newer PARTIAL ones skipped).
  expect(result.created[0].recoveryPointArn).toMatch(/:recovery-point:A1000000-0000-4000-8000-000000000003$/);
  expect(result.created[1].recoveryPointArn).toMatch(/:recovery-point:B2000000-0000-4000-8000-000000000003$/);

  // The update restored again into the new table; delete kept everything.
  expect(result.updated?.restoreJobId).not.toBe(result.created[0].restoreJobId);
  expect(result.updated?.createdResourceArn).toMatch(/:table\/orders-dr-v2$/);
  expect(result.deleted).toEqual(['RestoreArchive', 'RestoreFiles', 'RestoreOrders']);
  expect(printed).toContain('the restored resource is retained');

  // Plain lines only (no cursor movement), progress included, and the simulation is stated at both ends.
  expect(printed).not.toContain('\x1b[');
  expect(printed).toMatch(/RestoreFiles +\[#+-*\] +\d+% +RUNNING/);
  const lines = printed.trim().split('\n');
  expect(lines.slice(0, 3).join('\n')).toContain('SIMULATED: AWS is emulated in this process on 127.0.0.1');
  expect(lines.slice(-3).join('\n')).toContain('SIMULATED: AWS was emulated on 127.0.0.1');
});
