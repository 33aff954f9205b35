/**
 * Opens API.md with a short guide (the docgen task runs this after jsii-docgen). jsii-docgen lists constructs, then
 * structs, then classes, each alphabetically, so `RestoreJobProps` comes thousands of lines after `RestoreJob`, and
 * `RecoveryPoint` and `RestoreMetadata` after every struct. The guide links the types a user starts with, in the
 * order a restore uses them; each of them has an example (test/api-examples.test.ts).
 */
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';

const PACKAGE = 'cdk-backup-restore';

/** The types a user starts with, and what each is for. */
export const GUIDE: ReadonlyArray<readonly [type: string, what: string]> = [
  ['RestoreJob', 'the construct: restores an AWS Backup recovery point when the stack deploys'],
  ['RestoreJobProps', 'its properties'],
  ['RecoveryPoint', 'which backup to restore: `RecoveryPoint.fromArn(...)` or `RecoveryPoint.latest(...)`'],
  ['RestoreMetadata', 'what to restore it as: one factory per resource type (`efs`, `dynamoDb`, `rdsInstance`, …) with its props'],
  ['RecoveryPointSet', 'one recovery point per resource, all from the same moment, for several RestoreJobs'],
];

/** API.md as jsii-docgen wrote it, with the guide after its title. Throws if a guide entry has no section. */
export function withGuide(apiMd: string): string {
  const [title, ...rest] = apiMd.split('\n');
  const missing = GUIDE.filter(([type]) => !apiMd.includes(`id="${PACKAGE}.${type}"`)).map(([type]) => type);
  if (missing.length > 0) {
    throw new Error(`api-guide: API.md has no section for ${missing.join(', ')}. Fix: update GUIDE in scripts/api-guide.ts.`);
  }
  const guide = [
    '',
    '**Start here** (every type below has an example):',
    '',
    ...GUIDE.map(([type, what]) => `- [${type}](#${PACKAGE}.${type}): ${what}`),
  ];
  return [title, ...guide, ...rest].join('\n');
}

if (require.main === module) {
  const file = path.join(__dirname, '..', 'API.md');
  writeFileSync(file, withGuide(readFileSync(file, 'utf8')));
}
