/**
 * Fault soak of Custom::BackupRestoreJob through the local AWS harness (test/local-aws).
 *
 *   npx ts-node --transpile-only scripts/soak.ts [--count N] [--seed S] [--concurrency C] [--clock-scale X]
 *   npx projen soak -- --count 200 --seed 7
 *
 * Needs the handler bundles (`npx projen bundle`). Exits 1 if an invariant is violated.
 */
// Offline: the SDK must never look for credentials or regions elsewhere, nor leave loopback.
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_DEFAULT_REGION ??= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID ??= 'AKIAIOSFODNN7EXAMPLE';
process.env.AWS_SECRET_ACCESS_KEY ??= 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
process.env.AWS_EC2_METADATA_DISABLED = 'true';

// eslint-disable-next-line import/first
import { formatSoakReport, runSoak, soakPassed } from '../test/local-aws/soak';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value)) throw new Error(`--${name} needs a number`);
  return value;
}

async function main(): Promise<void> {
  const count = arg('count', 500);
  const seed = arg('seed', 1);
  const report = await runSoak({
    count,
    seed,
    concurrency: arg('concurrency', 6),
    clockScale: arg('clock-scale', 300),
    onLifecycle: (done, total) => {
      if (done % 50 === 0 || done === total) process.stderr.write(`  ${done}/${total} lifecycles\n`);
    },
  });
  console.log(formatSoakReport(report));
  process.exitCode = soakPassed(report) ? 0 : 1;
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
