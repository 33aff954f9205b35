/**
 * ValidateOptions.redactValues: at deploy time finding messages reach CloudFormation events and logs, and AWS
 * marks Metadata as sensitive, so no message may contain a metadata value. Every rule's failing case (the
 * same cases as rules.test.ts) runs through the validator with redactValues: true.
 */
import { Token } from 'aws-cdk-lib';
import { CASES } from './rule-cases';
import { ARN, newStack } from './support';
import { rulesFor } from '../../src/resource-types';
import { validateRestoreInput } from '../../src/resource-types/validate';
import { Finding } from '../../src/validation';
import { parseJson } from '../../src/validation/json';

const SOURCE = 'recorded in the backup';

/** The metadata and resource type a case's failing factory renders, or undefined when the factory itself throws. */
function rejected(c: (typeof CASES)[number]) {
  const stack = newStack();
  try {
    return c.reject(stack).bind(stack);
  } catch {
    return undefined; // a factory error (synth time only), not a validation finding
  }
}

/** Every string a value holds: the value itself and, for JSON, each string inside it. */
function parts(value: string): string[] {
  const out = [value];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  const parsed = parseJson(value);
  if (parsed !== null && typeof parsed === 'object') walk(parsed);
  return out;
}

/**
 * The ways a message could show a value: every message in src/validation shows values through `quote()`
 * ('…', cut after 80 characters) or JSON text ("…", cut likewise); an audit of the sources found no other interpolation of
 * a value. So a leak is the value in quotes, whole or cut. (A bare substring test would flag fix texts that
 * happen to contain the same word, e.g. a ChangeSetName 'restore' in "after the restore".)
 */
function shownForms(value: string): string[] {
  const forms = [`'${value}'`, `"${value}"`];
  // quote() and showPart() cut a long value after 80 characters
  if (value.length > 80) forms.push(`'${value.slice(0, 80)}…`, `${JSON.stringify(value).slice(0, 80)}…`);
  return forms;
}

/**
 * The values a message must not show: every value and every string inside a JSON value, except booleans and
 * the values AWS documents for an enum key (public constants that fix texts name, e.g. "must be one of
 * 'Default', 'KMS'").
 */
function secrets(resourceType: string | undefined, metadata: Record<string, string>): string[] {
  const rules = resourceType ? rulesFor(resourceType) : undefined;
  const out: string[] = [];
  for (const [key, value] of Object.entries(metadata)) {
    if (Token.isUnresolved(value)) continue;
    const spec = rules ? Object.entries(rules.keys).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1] : undefined;
    for (const part of parts(value)) {
      if (/^(true|false)$/i.test(part) || spec?.values?.includes(part) || part.trim() === '') continue;
      out.push(part);
    }
  }
  return out;
}

interface Outcome {
  readonly findings: Finding[];
  readonly metadata: Record<string, string>;
  readonly resourceType?: string;
}

function findingsOf(c: (typeof CASES)[number], redactValues: boolean): Outcome | undefined {
  const config = rejected(c);
  if (config === undefined) return undefined;
  const findings = validateRestoreInput({
    recoveryPointArn: c.rejectArn ?? ARN.backup,
    resourceType: config.resourceType,
    metadata: config.metadata,
  }, { isUnresolved: v => Token.isUnresolved(v), redactValues, source: () => SOURCE });
  return { findings, metadata: config.metadata, resourceType: config.resourceType };
}

describe.each(CASES)('redactValues: $rule', c => {
  test('the failing case still fails, and no message contains a metadata value', () => {
    const result = findingsOf(c, true);
    if (result === undefined) return; // rejected by the factory before validation
    const { findings, metadata, resourceType } = result;

    // THEN the rule still reports (redaction changes the words, not the verdict)
    if (c.error) expect(findings.some(f => f.severity === 'error')).toBe(true);
    else expect(findings.map(f => f.id)).toContain(`cdk-backup-restore:${c.warning}`);

    // AND no message holds any value of the metadata
    for (const f of findings) {
      for (const secret of secrets(resourceType, metadata)) {
        const shown = shownForms(secret).find(form => f.message.includes(form));
        expect({ id: f.id, message: f.message, contains: shown })
          .toEqual({ id: f.id, message: f.message, contains: undefined });
      }
    }
  });
});

test('the cases cover every rule file: at least one case per resource type with rules reaches the validator', () => {
  const types = new Set(CASES.map(c => rejected(c)?.resourceType).filter(t => t !== undefined));
  for (const t of ['EFS', 'DynamoDB', 'RDS', 'Aurora', 'EBS', 'EC2', 'S3', 'FSx', 'Redshift', 'VirtualMachine', 'CloudFormation', 'Timestream', 'EKS']) {
    expect(types).toContain(t);
  }
});

test('a redacted message names the key, the fix and where the value came from', () => {
  // GIVEN a recorded DynamoDB table name AWS would reject
  const findings = validateRestoreInput({ resourceType: 'DynamoDB', metadata: { targetTableName: 'ab' } },
    { redactValues: true, source: () => SOURCE });
  // THEN the message says what and where, not the value
  expect(findings).toHaveLength(1);
  expect(findings[0].message).toContain("'targetTableName' (recorded in the backup; value not shown) is not a valid DynamoDB table name");
  expect(findings[0].message).toContain('Fix:');
  expect(findings[0].message).not.toContain("'ab'");
});

test('redacted list items are named by position', () => {
  const findings = validateRestoreInput({ resourceType: 'EFS', metadata: { newFileSystem: 'true', ItemsToRestore: '["/ok","secret-dir"]' } },
    { redactValues: true });
  expect(findings.map(f => f.message).join('\n')).toMatch(/'ItemsToRestore' item #2 is not an absolute path/);
  expect(findings.map(f => f.message).join('\n')).not.toContain('secret-dir');
});

test('without redactValues (synth time) messages keep showing the value', () => {
  const findings = validateRestoreInput({ resourceType: 'DynamoDB', metadata: { targetTableName: 'ab' } });
  expect(findings[0].message).toContain("'targetTableName' (value: 'ab')");
});
