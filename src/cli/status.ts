/**
 * What `cdk-backup-restore status <stack>` knows about a stack: each RestoreJob (a `Custom::BackupRestoreJob`
 * resource, with the `Custom::BackupRestoreJobWait` links that wait for a long job), its restore job and what AWS
 * Backup says about it.
 *
 * How a job is found (the contract with the handlers):
 * - a resource with a physical id: the job id is the id's part before the first `|` (`restoreJobIdOf`);
 * - a resource still CREATE_IN_PROGRESS / UPDATE_IN_PROGRESS has no (new) physical id: the onEvent handler logs
 *   `{"message":"restore job started","restoreJobId":…,"stackId":…,"logicalResourceId":…}` to the provider's log
 *   group (the stack's `…/BackupRestoreJobProvider/HandlerLogs`); the newest matching line wins.
 *
 * Read-only: DescribeStacks, GetTemplate, ListStackResources, FilterLogEvents, DescribeRestoreJob.
 */
import { BackupClient, DescribeRestoreJobCommand, DescribeRestoreJobCommandOutput } from '@aws-sdk/client-backup';
import {
  CloudFormationClient, DescribeStacksCommand, GetTemplateCommand, ListStackResourcesCommand, StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { restoreJobIdOf } from '../restore-job-handler/physical-id';

export const RESTORE_JOB_TYPE = 'Custom::BackupRestoreJob';
export const RESTORE_JOB_WAIT_TYPE = 'Custom::BackupRestoreJobWait';
/** The message the onEvent handler logs when it started a job (src/restore-job-handler/restore-on-event.lambda.ts). */
export const JOB_STARTED_MESSAGE = 'restore job started';
const TERMINAL_JOB_STATUSES = new Set(['COMPLETED', 'FAILED', 'ABORTED']);
const FAILED_JOB_STATUSES = new Set(['FAILED', 'ABORTED']);

export interface StatusClients {
  readonly cloudFormation: CloudFormationClient;
  readonly logs: CloudWatchLogsClient;
  readonly backup: BackupClient;
}

/** What AWS Backup said about a job (undefined members: not reported). */
export interface JobView {
  readonly restoreJobId: string;
  /** PENDING, RUNNING, COMPLETED, ABORTED, FAILED; `NOT_VISIBLE` when AWS Backup does not describe the job. */
  readonly status: string;
  readonly percentDone?: number;
  readonly expectedCompletionTimeMinutes?: number;
  readonly creationDate?: Date;
  readonly completionDate?: Date;
  readonly recoveryPointArn?: string;
  readonly createdResourceArn?: string;
  readonly statusMessage?: string;
}

/** One RestoreJob of the stack. */
export interface RestoreJobRow {
  /** The construct path below the stack (`Orders/Restore`), or the logical id when the template has no path. */
  readonly constructPath: string;
  readonly logicalId: string;
  /** The resource's CloudFormation status; `NOT_STARTED` when CloudFormation has not begun it yet. */
  readonly resourceStatus: string;
  readonly resourceStatusReason?: string;
  /** How the job id was found. */
  readonly jobSource?: 'physical-id' | 'logs';
  readonly job?: JobView;
  /** Set while a wait link of a long restore is in progress. */
  readonly wait?: { readonly segment: number; readonly segments: number; readonly status: string };
  /** The row needs no more watching: its job ended and CloudFormation is not working on it. */
  readonly done: boolean;
  /** The job FAILED/ABORTED, or the resource failed. */
  readonly failed: boolean;
}

export interface StackReport {
  readonly stackName: string;
  readonly stackId: string;
  readonly stackStatus: string;
  readonly jobs: readonly RestoreJobRow[];
}

interface TemplateResource {
  readonly Type?: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

/** Read everything about the stack's RestoreJobs, once. */
export async function collectStatus(clients: StatusClients, stackName: string): Promise<StackReport> {
  const stacks = await clients.cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
  const stack = stacks.Stacks?.[0];
  if (!stack?.StackId) throw new StatusError(`Stack ${stackName} does not exist.`);
  const stackId = stack.StackId;

  const [templateOut, summaries] = await Promise.all([
    clients.cloudFormation.send(new GetTemplateCommand({ StackName: stackId })),
    listResources(clients.cloudFormation, stackId),
  ]);
  const template = parseTemplate(templateOut.TemplateBody);
  const byLogicalId = new Map(summaries.map(s => [s.LogicalResourceId!, s]));
  const stackPrefix = `${stack.StackName ?? stackName}/`;
  const pathOf = (logicalId: string) => {
    const p = template[logicalId]?.Metadata?.['aws:cdk:path'];
    return typeof p === 'string' ? p : undefined;
  };

  // The RestoreJobs: every Custom::BackupRestoreJob of the template (the resources CloudFormation lists, too,
  // in case the template could not be read).
  const mainIds = new Set<string>([
    ...Object.entries(template).filter(([, r]) => r.Type === RESTORE_JOB_TYPE).map(([id]) => id),
    ...summaries.filter(s => s.ResourceType === RESTORE_JOB_TYPE).map(s => s.LogicalResourceId!),
  ]);
  const waits = Object.entries(template).filter(([, r]) => r.Type === RESTORE_JOB_WAIT_TYPE).map(([id, r]) => ({
    logicalId: id, path: pathOf(id) ?? '', segment: Number(r.Properties?.Segment), segments: Number(r.Properties?.Segments),
  }));

  const stackInProgress = (stack.StackStatus ?? '').endsWith('_IN_PROGRESS');
  const pending: Array<{ logicalId: string; constructPath: string; summary?: StackResourceSummary; needsLogs: boolean; mainPath?: string }> = [];
  for (const logicalId of mainIds) {
    const summary = byLogicalId.get(logicalId);
    const cdkPath = pathOf(logicalId);
    const mainPath = cdkPath?.replace(/\/Resource(\/Default)?$/, '');
    const constructPath = mainPath?.startsWith(stackPrefix) ? mainPath.slice(stackPrefix.length) : mainPath ?? logicalId;
    const status = summary?.ResourceStatus ?? 'NOT_STARTED';
    if (status === 'DELETE_COMPLETE') continue;
    if (!summary && !stackInProgress) continue; // not in the deployed stack (an old template, a resource removed)
    const inProgress = status === 'CREATE_IN_PROGRESS' || status === 'UPDATE_IN_PROGRESS';
    pending.push({ logicalId, constructPath, summary, needsLogs: inProgress || !summary?.PhysicalResourceId, mainPath });
  }

  // Jobs of resources without a (new) physical id: the newest 'restore job started' line of the handler's logs.
  const logged = pending.some(p => p.needsLogs && p.summary)
    ? await jobsFromLogs(clients.logs, handlerLogGroup(template, byLogicalId), stackId, stack.CreationTime)
    : new Map<string, { restoreJobId: string; at: number }>();

  const rows = await Promise.all(pending.map(async p => {
    const status = p.summary?.ResourceStatus ?? 'NOT_STARTED';
    const physicalId = p.summary?.PhysicalResourceId;
    const fromLogs = logged.get(p.logicalId);
    let jobId: string | undefined;
    let jobSource: RestoreJobRow['jobSource'];
    const updatedAt = p.summary?.LastUpdatedTimestamp?.getTime() ?? 0;
    if (status === 'CREATE_IN_PROGRESS' && fromLogs) {
      [jobId, jobSource] = [fromLogs.restoreJobId, 'logs'];
    } else if (status === 'UPDATE_IN_PROGRESS' && fromLogs && fromLogs.at >= updatedAt) {
      // An update that starts a new job logs it; an update that keeps the job does not (the physical id's job stays).
      [jobId, jobSource] = [fromLogs.restoreJobId, 'logs'];
    } else if (physicalId && status !== 'CREATE_IN_PROGRESS') {
      [jobId, jobSource] = [restoreJobIdOf(physicalId), 'physical-id'];
    } else if (fromLogs && status.startsWith('CREATE_')) {
      // CREATE_FAILED without a physical id (a failure before the answer): the job it started, if any.
      [jobId, jobSource] = [fromLogs.restoreJobId, 'logs'];
    }
    const job = jobId ? await describe(clients.backup, jobId) : undefined;

    const linkPrefix = p.mainPath === undefined ? undefined : `${p.mainPath}/Wait`;
    const links = linkPrefix === undefined ? [] : waits.filter(w => w.path.startsWith(linkPrefix));
    const active = links
      .map(w => ({ ...w, status: byLogicalId.get(w.logicalId)?.ResourceStatus }))
      .filter(w => w.status?.endsWith('_IN_PROGRESS'))
      .sort((a, b) => b.segment - a.segment)[0];
    const waitFailed = links.map(w => byLogicalId.get(w.logicalId)).find(s => s?.ResourceStatus?.endsWith('_FAILED'));

    const resourceBusy = status.endsWith('_IN_PROGRESS') || active !== undefined || (status === 'NOT_STARTED' && stackInProgress);
    const jobEnded = job === undefined ? !resourceBusy : TERMINAL_JOB_STATUSES.has(job.status) || job.status === 'NOT_VISIBLE';
    const row: RestoreJobRow = {
      constructPath: p.constructPath,
      logicalId: p.logicalId,
      resourceStatus: status,
      resourceStatusReason: p.summary?.ResourceStatusReason ?? waitFailed?.ResourceStatusReason,
      jobSource,
      job,
      wait: active ? {
        segment: Number.isFinite(active.segment) ? active.segment : links.indexOf(links.find(l => l.logicalId === active.logicalId)!) + 1,
        segments: Number.isFinite(active.segments) ? active.segments : links.length,
        status: active.status!,
      } : undefined,
      done: !resourceBusy && jobEnded,
      failed: (job !== undefined && FAILED_JOB_STATUSES.has(job.status)) || status.endsWith('_FAILED') || waitFailed !== undefined,
    };
    return row;
  }));
  rows.sort((a, b) => a.constructPath.localeCompare(b.constructPath));
  return { stackName: stack.StackName ?? stackName, stackId, stackStatus: stack.StackStatus ?? 'UNKNOWN', jobs: rows };
}

/** An error whose message is for the user as is (no AWS error name to add). */
export class StatusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StatusError';
  }
}

async function listResources(client: CloudFormationClient, stackId: string): Promise<StackResourceSummary[]> {
  const all: StackResourceSummary[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListStackResourcesCommand({ StackName: stackId, NextToken: token }));
    all.push(...(page.StackResourceSummaries ?? []));
    token = page.NextToken;
  } while (token);
  return all;
}

function parseTemplate(body: string | undefined): Record<string, TemplateResource> {
  if (!body) return {};
  try {
    const parsed = JSON.parse(body) as { Resources?: Record<string, TemplateResource> };
    return parsed.Resources ?? {};
  } catch {
    return {}; // a YAML template (not one the CDK deploys): fall back to the resource list alone
  }
}

/**
 * The handlers' log group: the stack's `AWS::Logs::LogGroup` under `BackupRestoreJobProvider/HandlerLogs` (its
 * physical id is the group's name); failing that, the onEvent function's default group `/aws/lambda/<name>`.
 */
export function handlerLogGroup(
  template: Record<string, TemplateResource>, resources: ReadonlyMap<string, StackResourceSummary>,
): string | undefined {
  const find = (type: string, pattern: RegExp) => Object.entries(template)
    .find(([id, r]) => r.Type === type && pattern.test(String(r.Metadata?.['aws:cdk:path'] ?? '')) && resources.get(id)?.PhysicalResourceId)?.[0];
  const group = find('AWS::Logs::LogGroup', /\/BackupRestoreJobProvider\/HandlerLogs(\/Resource)?$/);
  if (group) return resources.get(group)!.PhysicalResourceId;
  const onEvent = find('AWS::Lambda::Function', /\/BackupRestoreJobProvider\/OnEvent(\/Resource)?$/);
  return onEvent ? `/aws/lambda/${resources.get(onEvent)!.PhysicalResourceId}` : undefined;
}

/** logical id → the newest job the handler started for it in this stack. */
async function jobsFromLogs(client: CloudWatchLogsClient, logGroupName: string | undefined, stackId: string, since: Date | undefined) {
  const jobs = new Map<string, { restoreJobId: string; at: number }>();
  if (!logGroupName) return jobs;
  let token: string | undefined;
  do {
    const page = await client.send(new FilterLogEventsCommand({
      logGroupName,
      filterPattern: `"${JOB_STARTED_MESSAGE}"`,
      // Minus a minute: the stack's creation time and the log's timestamps come from different clocks.
      startTime: since ? since.getTime() - 60_000 : undefined,
      nextToken: token,
    }));
    for (const event of page.events ?? []) {
      const line = parseLogLine(event.message ?? '');
      if (!line || line.message !== JOB_STARTED_MESSAGE || line.stackId !== stackId) continue;
      if (typeof line.restoreJobId !== 'string' || typeof line.logicalResourceId !== 'string') continue;
      const at = event.timestamp ?? 0;
      const known = jobs.get(line.logicalResourceId);
      if (!known || at >= known.at) jobs.set(line.logicalResourceId, { restoreJobId: line.restoreJobId, at });
    }
    token = page.nextToken;
  } while (token);
  return jobs;
}

/**
 * The handler's JSON object in a log event: the whole message, or the part after Lambda's text-format prefix
 * (`<time>\t<request id>\tINFO\t{…}`), or the `message` of Lambda's JSON log format.
 */
export function parseLogLine(text: string): Record<string, unknown> | undefined {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(start, end + 1));
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const record = parsed as Record<string, unknown>;
  if (typeof record.message === 'string' && record.message.trimStart().startsWith('{')) return parseLogLine(record.message) ?? record;
  if (record.message !== null && typeof record.message === 'object' && !Array.isArray(record.message)) {
    return record.message as Record<string, unknown>;
  }
  return record;
}

async function describe(client: BackupClient, restoreJobId: string): Promise<JobView> {
  let out: DescribeRestoreJobCommandOutput;
  try {
    out = await client.send(new DescribeRestoreJobCommand({ RestoreJobId: restoreJobId }));
  } catch (error) {
    // Just started (not visible yet) or too old for AWS Backup to remember: say so, keep the other rows.
    if ((error as Error).name === 'ResourceNotFoundException') return { restoreJobId, status: 'NOT_VISIBLE' };
    throw error;
  }
  const percent = out.PercentDone === undefined ? undefined : Number.parseFloat(out.PercentDone);
  return {
    restoreJobId,
    status: out.Status ?? 'UNKNOWN',
    percentDone: percent !== undefined && Number.isFinite(percent) ? percent : undefined,
    expectedCompletionTimeMinutes: out.ExpectedCompletionTimeMinutes,
    creationDate: out.CreationDate,
    completionDate: out.CompletionDate,
    recoveryPointArn: out.RecoveryPointArn,
    createdResourceArn: out.CreatedResourceArn,
    statusMessage: out.StatusMessage,
  };
}
