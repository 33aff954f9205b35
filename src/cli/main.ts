/**
 * `cdk-backup-restore status <stack-name> [--watch] [--interval <seconds>] [--region <region>] [--profile <name>]`
 *
 * Bundled by esbuild (task bundle:cli) into assets/cli/cdk-backup-restore.js, the package's `bin`, with the AWS
 * SDK clients inside. Credentials and endpoints: the AWS SDK's default chain (AWS_PROFILE, AWS_REGION,
 * AWS_ENDPOINT_URL_<SERVICE>, …); it calls nothing but CloudFormation, CloudWatch Logs and AWS Backup.
 */
import { BackupClient } from '@aws-sdk/client-backup';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { renderReport } from './render';
import { collectStatus, StackReport, StatusClients, StatusError } from './status';

/** Exit codes (README "Watch a restore"). */
export const EXIT = {
  /** Every RestoreJob listed is fine (completed, or still running without --watch). */
  OK: 0,
  /** A restore job FAILED or was ABORTED, or a RestoreJob resource failed. */
  JOB_FAILED: 1,
  /** Bad command line. */
  USAGE: 2,
  /** AWS said no (stack not found, credentials, access denied, throttled beyond retries, no network). */
  AWS_ERROR: 3,
} as const;

export const USAGE = `Usage: cdk-backup-restore status <stack-name> [options]

Lists each RestoreJob of a deployed or deploying stack: restore job, status, progress, ETA,
recovery point and the created resource.

Options:
  --watch              redraw until every restore job has ended
  --interval <sec>     seconds between refreshes with --watch (default 10)
  --region <region>    AWS Region (default: the SDK's, e.g. AWS_REGION)
  --profile <name>     named profile from the shared AWS config files
  -h, --help           this help

Exit codes: 0 all fine, 1 a restore job FAILED/ABORTED (or its resource failed),
            2 usage error, 3 AWS error (stack not found, credentials, access, network).`;

export interface Args {
  readonly stackName: string;
  readonly watch: boolean;
  readonly intervalSeconds: number;
  readonly region?: string;
  readonly profile?: string;
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): Args | 'help' {
  const positional: string[] = [];
  let watch = false;
  let intervalSeconds = 10;
  let region: string | undefined;
  let profile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value.`);
      return v;
    };
    switch (name) {
      case '-h': case '--help': return 'help';
      case '--watch': case '-w': watch = true; break;
      case '--interval': {
        const raw = value();
        intervalSeconds = Number(raw);
        if (!Number.isFinite(intervalSeconds) || intervalSeconds <= 0) throw new UsageError(`--interval must be a positive number of seconds (got '${raw}').`);
        break;
      }
      case '--region': region = value(); break;
      case '--profile': profile = value(); break;
      default:
        if (name.startsWith('-')) throw new UsageError(`Unknown option ${name}.`);
        positional.push(arg);
    }
  }
  if (positional[0] !== 'status') throw new UsageError(positional.length === 0 ? 'Missing command.' : `Unknown command '${positional[0]}'.`);
  if (positional.length !== 2) throw new UsageError(positional.length < 2 ? 'Missing <stack-name>.' : `Unexpected argument '${positional[2]}'.`);
  return { stackName: positional[1], watch, intervalSeconds, region, profile };
}

export function createClients(args: Pick<Args, 'region' | 'profile'>): StatusClients {
  // Bounded waits: a hung connection must not freeze `--watch` (the SDK retries a timed-out request).
  const config = {
    ...(args.region ? { region: args.region } : {}),
    ...(args.profile ? { profile: args.profile } : {}),
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  };
  return { cloudFormation: new CloudFormationClient(config), logs: new CloudWatchLogsClient(config), backup: new BackupClient(config) };
}

export interface Io {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

/** Run the command line; resolves with the exit code. */
export async function main(argv: readonly string[], io: Io = process): Promise<number> {
  let args: Args | 'help';
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`cdk-backup-restore: ${error.message}\n\n${USAGE}\n`);
    return EXIT.USAGE;
  }
  if (args === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return EXIT.OK;
  }
  // The SDK warns on Node.js < 22 that its releases after January 2027 will need Node.js 22. The SDK inside this
  // bundle is pinned and never updates under the user, so the warning would only add noise to every run.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const clients = createClients(args);
  try {
    return await (args.watch ? watchStatus(clients, args, io) : once(clients, args, io));
  } catch (error) {
    io.stderr.write(`cdk-backup-restore: ${describeAwsError(error)}\n`);
    return EXIT.AWS_ERROR;
  } finally {
    for (const client of Object.values(clients)) client.destroy();
  }
}

const isTerminal = (io: Io) => io.stdout.isTTY === true;
const wantsColor = (io: Io) => isTerminal(io) && io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb';
const exitCodeOf = (report: StackReport) => (report.jobs.some(j => j.failed) ? EXIT.JOB_FAILED : EXIT.OK);

async function once(clients: StatusClients, args: Args, io: Io): Promise<number> {
  const report = await collectStatus(clients, args.stackName);
  io.stdout.write(`${renderReport(report, { color: wantsColor(io) }).join('\n')}\n`);
  return exitCodeOf(report);
}

/**
 * Refresh until every row is done. On a terminal the block is redrawn in place; otherwise a block is printed
 * only when it changed (plain lines, nothing rewritten), so a CI log shows each step once.
 */
async function watchStatus(clients: StatusClients, args: Args, io: Io): Promise<number> {
  const tty = isTerminal(io);
  let drawnLines = 0;
  let previous: string | undefined;
  let failures = 0;
  for (;;) {
    let report: StackReport;
    try {
      report = await collectStatus(clients, args.stackName);
      failures = 0;
    } catch (error) {
      // The first read must work (a wrong stack name is an error at once); later, ride out a few blips.
      if (previous === undefined || error instanceof StatusError || ++failures >= 3) throw error;
      io.stderr.write(`cdk-backup-restore: ${describeAwsError(error)} (retrying)\n`);
      await sleep(args.intervalSeconds * 1000);
      continue;
    }
    const finished = report.jobs.every(j => j.done);
    const lines = renderReport(report, { color: wantsColor(io) });
    const text = lines.join('\n');
    if (tty) {
      const footer = finished ? '' : `\nRefreshing every ${args.intervalSeconds} s; Ctrl-C to stop.`;
      // Up to the first line drawn last time, clear to the end of the screen, draw again.
      io.stdout.write(`${drawnLines > 0 ? `\u001b[${drawnLines}F\u001b[J` : ''}${text}${footer}\n`);
      drawnLines = screenLines(footer ? [...lines, footer.slice(1)] : lines, io.stdout.columns);
    } else if (text !== previous) {
      io.stdout.write(`${previous === undefined ? '' : '\n'}${text}\n`);
    }
    previous = text;
    if (finished) return exitCodeOf(report);
    await sleep(args.intervalSeconds * 1000);
  }
}

/** Rows the lines take on a terminal `columns` wide (a long ARN wraps). */
function screenLines(lines: readonly string[], columns: number | undefined): number {
  // eslint-disable-next-line no-control-regex
  const visible = (line: string) => line.replace(/\u001b\[[0-9;]*m/g, '').length;
  return lines.reduce((n, line) => n + (columns && columns > 0 ? Math.max(1, Math.ceil(visible(line) / columns)) : 1), 0);
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** `Name: message` of an AWS SDK error (the stack-not-found ValidationError included). */
export function describeAwsError(error: unknown): string {
  const e = error as Error & { $metadata?: unknown };
  if (e instanceof StatusError) return e.message;
  if (e?.name === 'CredentialsProviderError') return `no AWS credentials: ${e.message}`;
  return e?.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : String(e?.message ?? error);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(code => {
    process.exitCode = code;
  }, error => {
    process.stderr.write(`cdk-backup-restore: ${describeAwsError(error)}\n`);
    process.exitCode = EXIT.AWS_ERROR;
  });
}
