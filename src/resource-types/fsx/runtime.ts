/** Deploy-time adapters for the file system an FSx restore creates (Lustre, Windows, ONTAP, OpenZFS). Handler bundle only. */
import { DeleteFileSystemCommand, DeleteFileSystemRequest, DescribeFileSystemsCommand, FileSystem, FSxClient, TagResourceCommand } from '@aws-sdk/client-fsx';
import type { RestoredFsxFileSystemAttributes } from '../../restore-job-handler/contract';
import {
  Budget, call, DeleteAdapter, Described, isAwsError, parseArn, ReadAdapter, RemoveContext, RemoveProgress, RestoredResourceNotFound,
  RestoredResourceUnusable, tagList, text,
} from '../runtime-support';

/** The handlers' FSx client: the SDK's own retries off, `call` retries. */
export const fsx = new FSxClient({ maxAttempts: 1 });

const NOUN = 'FSx file system';
const FILE_SYSTEM_NOT_FOUND = ['FileSystemNotFound'];

function fileSystemId(arn: string): string {
  return parseArn(arn, 'fsx', 'file-system/', NOUN).id;
}

/** Describe one file system; throws RestoredResourceNotFound when FSx does not know it. */
export async function describeFileSystem(arn: string, budget: Budget): Promise<FileSystem> {
  const id = fileSystemId(arn);
  try {
    const out = await call('DescribeFileSystems', abortSignal =>
      fsx.send(new DescribeFileSystemsCommand({ FileSystemIds: [id] }), { abortSignal }), budget);
    const fileSystem = out.FileSystems?.find(f => f.FileSystemId === id);
    if (fileSystem === undefined) throw new RestoredResourceNotFound(NOUN, id, arn);
    return fileSystem;
  } catch (error) {
    if (isAwsError(error, FILE_SYSTEM_NOT_FOUND)) throw new RestoredResourceNotFound(NOUN, id, arn, undefined, (error as Error).name);
    throw error;
  }
}

/**
 * Lifecycle: CREATING → AVAILABLE (UPDATING, MISCONFIGURED: usable, recoverable); FAILED and
 * MISCONFIGURED_UNAVAILABLE are not left without a change by the owner; DELETING.
 *
 * @see https://docs.aws.amazon.com/fsx/latest/LustreGuide/file-system-lifecycle-states.html
 * @see https://docs.aws.amazon.com/fsx/latest/APIReference/API_FileSystem.html
 */
export const FSX_FILE_SYSTEM_READER: ReadAdapter<RestoredFsxFileSystemAttributes> = {
  kind: 'fsx-file-system',
  noun: NOUN,
  identifier: fileSystemId,
  async describe(arn: string, budget: Budget): Promise<Described<RestoredFsxFileSystemAttributes>> {
    const fileSystem = await describeFileSystem(arn, budget);
    const id = fileSystem.FileSystemId ?? fileSystemId(arn);
    const lifecycle = fileSystem.Lifecycle ?? 'UNKNOWN';
    if (lifecycle === 'DELETING') throw new RestoredResourceNotFound(NOUN, id, arn, 'being deleted (lifecycle DELETING)');
    if (lifecycle === 'FAILED' || lifecycle === 'MISCONFIGURED_UNAVAILABLE') {
      throw new RestoredResourceUnusable(NOUN, id, arn, `in lifecycle ${lifecycle}`, fileSystem.FailureDetails?.Message);
    }
    if (lifecycle === 'CREATING') return { ready: false, status: lifecycle };
    return {
      ready: true,
      attributes: {
        FileSystemId: id,
        // ONTAP file systems have no file-system DNS name (their SVMs have endpoints): empty.
        DNSName: text(fileSystem.DNSName),
        FileSystemType: text(fileSystem.FileSystemType),
        LustreMountName: text(fileSystem.LustreConfiguration?.MountName),
      },
    };
  },
};

// --- delete (removalPolicy: DESTROY) ---

/**
 * DeleteFileSystem without a final backup (the recovery point is the backup): Windows takes one by default, so
 * SkipFinalBackup is set for Windows, Lustre and OpenZFS. An ONTAP file system takes no such option, and must have
 * no volumes or SVMs left (AWS Backup restores ONTAP volumes, not file systems, so DESTROY never gets here for them).
 *
 * @see https://docs.aws.amazon.com/fsx/latest/APIReference/API_DeleteFileSystem.html
 */
function deleteRequest(FileSystemId: string, type: string | undefined): DeleteFileSystemRequest {
  switch (type) {
    case 'WINDOWS': return { FileSystemId, WindowsConfiguration: { SkipFinalBackup: true } };
    case 'LUSTRE': return { FileSystemId, LustreConfiguration: { SkipFinalBackup: true } };
    case 'OPENZFS': return { FileSystemId, OpenZFSConfiguration: { SkipFinalBackup: true } };
    default: return { FileSystemId };
  }
}

export const FSX_FILE_SYSTEM_DELETER: DeleteAdapter = {
  noun: NOUN,
  identifier: fileSystemId,
  async remove(arn: string, { budget }: RemoveContext): Promise<RemoveProgress> {
    let fileSystem: FileSystem;
    try {
      fileSystem = await describeFileSystem(arn, budget);
    } catch (error) {
      if (error instanceof RestoredResourceNotFound) return 'deleting';
      throw error;
    }
    if (fileSystem.Lifecycle === 'DELETING') return 'deleting';
    if (fileSystem.Lifecycle === 'CREATING' || fileSystem.Lifecycle === 'UPDATING') return 'waiting';
    try {
      await call('DeleteFileSystem', abortSignal =>
        fsx.send(new DeleteFileSystemCommand(deleteRequest(fileSystemId(arn), fileSystem.FileSystemType)), { abortSignal }), budget);
      return 'deleting';
    } catch (error) {
      if (isAwsError(error, FILE_SYSTEM_NOT_FOUND)) return 'deleting';
      throw error;
    }
  },
  async isGone(arn: string, budget: Budget): Promise<boolean> {
    try {
      await describeFileSystem(arn, budget);
      return false;
    } catch (error) {
      if (error instanceof RestoredResourceNotFound) return true;
      throw error;
    }
  },
  async tag(arn: string, tags: Readonly<Record<string, string>>, budget: Budget): Promise<void> {
    await call('TagResource', abortSignal =>
      fsx.send(new TagResourceCommand({ ResourceARN: arn, Tags: tagList(tags) }), { abortSignal }), budget);
  },
};
