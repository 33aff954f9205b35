import type { RecoveryPointByBackupVault } from '@aws-sdk/client-backup';
import { chooseSet, ResourcePoints } from '../../src/restore-job-handler/recovery-point-set-choice';

const TABLE = 'arn:aws:dynamodb:us-east-1:111111111111:table/Orders';
const FILES = 'arn:aws:elasticfilesystem:us-east-1:111111111111:file-system/fs-0123456789abcdef0';
const DB = 'arn:aws:rds:us-east-1:111111111111:db:customers';
const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-20T00:00:00Z');

function point(resourceArn: string, id: string, atMs: number, extra: Partial<RecoveryPointByBackupVault> = {}): RecoveryPointByBackupVault {
  return {
    RecoveryPointArn: `arn:aws:backup:us-east-1:111111111111:recovery-point:${id}`,
    ResourceArn: resourceArn,
    CreationDate: new Date(atMs),
    Status: 'COMPLETED',
    ...extra,
  };
}

function chosenIds(resources: ResourcePoints[], maxSkewMs = HOUR, createdAfter?: Date): string[] | 'none' {
  const choice = chooseSet(resources, { maxSkewMs, createdAfter });
  return choice.kind === 'none' ? 'none' : choice.points.map(p => p.recoveryPointArn.split(':').pop()!);
}

describe('chooseSet', () => {
  test('the newest points of each resource when they are within maxSkew of each other', () => {
    // GIVEN two resources backed up together every day
    const resources = [
      { resourceArn: TABLE, points: [point(TABLE, 't-old', T0), point(TABLE, 't-new', T0 + 24 * HOUR)] },
      { resourceArn: FILES, points: [point(FILES, 'f-old', T0 + 10 * 60_000), point(FILES, 'f-new', T0 + 24 * HOUR + 20 * 60_000)] },
    ];
    // WHEN
    const choice = chooseSet(resources, { maxSkewMs: HOUR });
    // THEN the newest of each, in the order of the resources given, with their spread
    expect(choice).toEqual({
      kind: 'chosen',
      points: [
        { resourceArn: TABLE, recoveryPointArn: resources[0].points[1].RecoveryPointArn, creationDate: new Date(T0 + 24 * HOUR) },
        { resourceArn: FILES, recoveryPointArn: resources[1].points[1].RecoveryPointArn, creationDate: new Date(T0 + 24 * HOUR + 20 * 60_000) },
      ],
      oldest: new Date(T0 + 24 * HOUR),
      newest: new Date(T0 + 24 * HOUR + 20 * 60_000),
      spreadMs: 20 * 60_000,
    });
  });

  test('a resource with no point near the newest point of another goes back to the newest moment they share', () => {
    // GIVEN the table has a newer backup (22 h) that the file system has no point near; they share 00:00–00:30
    const resources = [
      { resourceArn: TABLE, points: [point(TABLE, 't-0000', T0), point(TABLE, 't-2200', T0 + 22 * HOUR)] },
      { resourceArn: FILES, points: [point(FILES, 'f-0030', T0 + 30 * 60_000), point(FILES, 'f-1000', T0 + 10 * HOUR)] },
    ];
    // WHEN / THEN not each one's newest (22:00 and 10:00 are 12 hours apart), but the pair from one moment
    expect(chosenIds(resources)).toEqual(['t-0000', 'f-0030']);
  });

  test('within the chosen window each resource gets its newest point, not the one nearest the others', () => {
    const resources = [
      { resourceArn: TABLE, points: [point(TABLE, 't-1', T0), point(TABLE, 't-2', T0 + 40 * 60_000)] },
      { resourceArn: FILES, points: [point(FILES, 'f-1', T0 + 50 * 60_000)] },
    ];
    // T = 00:00 + 1 h (the newest moment with a point of each in [T − 1 h, T]): t-2 (00:40) and f-1 (00:50).
    expect(chosenIds(resources)).toEqual(['t-2', 'f-1']);
  });

  test('skew exactly at the bound is accepted; one millisecond more is not', () => {
    const at = (ms: number) => [
      { resourceArn: TABLE, points: [point(TABLE, 't', T0)] },
      { resourceArn: FILES, points: [point(FILES, 'f', T0 + ms)] },
    ];
    const exact = chooseSet(at(HOUR), { maxSkewMs: HOUR });
    expect(exact.kind === 'chosen' && exact.spreadMs).toBe(HOUR);
    expect(chooseSet(at(HOUR + 1), { maxSkewMs: HOUR }).kind).toBe('none');
    // (and the same the other way round)
    expect(chosenIds(at(-HOUR))).toEqual(['t', 'f']);
    expect(chosenIds(at(-HOUR - 1))).toBe('none');
  });

  test('maxSkew 0 needs points created at the same moment', () => {
    const resources = [
      { resourceArn: TABLE, points: [point(TABLE, 't-1', T0), point(TABLE, 't-2', T0 + HOUR)] },
      { resourceArn: FILES, points: [point(FILES, 'f-1', T0), point(FILES, 'f-2', T0 + HOUR + 1)] },
    ];
    expect(chosenIds(resources, 0)).toEqual(['t-1', 'f-1']);
  });

  test('a tie on creation date goes to the greater ARN, whatever the listing order', () => {
    const points = [point(TABLE, 'x1', T0), point(TABLE, 'x2', T0)];
    const other = { resourceArn: FILES, points: [point(FILES, 'f', T0)] };
    expect(chosenIds([{ resourceArn: TABLE, points }, other])).toEqual(['x2', 'f']);
    expect(chosenIds([{ resourceArn: TABLE, points: [...points].reverse() }, other])).toEqual(['x2', 'f']);
  });

  test('the listing order never changes the choice', () => {
    const table = [point(TABLE, 't-a', T0), point(TABLE, 't-b', T0 + 5 * HOUR), point(TABLE, 't-c', T0 + 9 * HOUR)];
    const files = [point(FILES, 'f-a', T0 + 30 * 60_000), point(FILES, 'f-b', T0 + 5 * HOUR + 59 * 60_000), point(FILES, 'f-c', T0 + 11 * HOUR)];
    const db = [point(DB, 'd-a', T0 + 5 * HOUR + 30 * 60_000), point(DB, 'd-b', T0 + 12 * HOUR)];
    const expected = ['t-b', 'f-b', 'd-a'];
    const resources = (t: typeof table, f: typeof files, d: typeof db) =>
      [{ resourceArn: TABLE, points: t }, { resourceArn: FILES, points: f }, { resourceArn: DB, points: d }];
    expect(chosenIds(resources(table, files, db))).toEqual(expected);
    expect(chosenIds(resources([...table].reverse(), [files[1], files[2], files[0]], [...db].reverse()))).toEqual(expected);
  });

  test('AVAILABLE counts like COMPLETED; other statuses are skipped even when they would fit', () => {
    const resources = [
      { resourceArn: TABLE, points: [point(TABLE, 't-old', T0), point(TABLE, 't-available', T0 + 5 * HOUR, { Status: 'AVAILABLE' })] },
      { resourceArn: FILES, points: [point(FILES, 'f-old', T0), point(FILES, 'f-partial', T0 + 5 * HOUR, { Status: 'PARTIAL' }), point(FILES, 'f-new', T0 + 5 * HOUR + 60_000)] },
    ];
    expect(chosenIds(resources)).toEqual(['t-available', 'f-new']);
    resources[1].points.pop(); // without f-new the PARTIAL one is not taken: back to 00:00
    expect(chosenIds(resources)).toEqual(['t-old', 'f-old']);
  });

  test('composite parents are never chosen (their children are the restorable parts)', () => {
    const resources = [
      { resourceArn: TABLE, points: [point(TABLE, 't-old', T0), point(TABLE, 't-parent', T0 + 5 * HOUR, { IsParent: true })] },
      { resourceArn: FILES, points: [point(FILES, 'f-old', T0), point(FILES, 'f-new', T0 + 5 * HOUR)] },
    ];
    expect(chosenIds(resources)).toEqual(['t-old', 'f-old']);
    // A composite's child (it has a parent ARN and a member identifier) is a point like any other.
    resources[0].points.push(point(TABLE, 't-child', T0 + 5 * HOUR, {
      ParentRecoveryPointArn: 'arn:aws:backup:us-east-1:111111111111:recovery-point:t-parent', CompositeMemberIdentifier: 'OrdersTable',
    }));
    expect(chosenIds(resources)).toEqual(['t-child', 'f-new']);
  });

  test('createdAfter limits the candidates (maxAge arrives as the later of the two)', () => {
    const resources = [
      { resourceArn: TABLE, points: [point(TABLE, 't-old', T0), point(TABLE, 't-new', T0 + 24 * HOUR)] },
      { resourceArn: FILES, points: [point(FILES, 'f-old', T0), point(FILES, 'f-lagging', T0 + 22 * HOUR)] },
    ];
    // Without a bound the old pair is the only one within an hour.
    expect(chosenIds(resources)).toEqual(['t-old', 'f-old']);
    // With one, there is no such moment: the deploy fails instead of restoring a set older than asked for.
    const choice = chooseSet(resources, { maxSkewMs: HOUR, createdAfter: new Date(T0 + HOUR) });
    expect(choice.kind).toBe('none');
    // A point created exactly at createdAfter is not after it.
    expect(chosenIds(resources, 3 * HOUR, new Date(T0 + 22 * HOUR))).toBe('none');
    expect(chosenIds(resources, 3 * HOUR, new Date(T0 + 22 * HOUR - 1))).toEqual(['t-new', 'f-lagging']);
  });

  test('points of another resource in the listing are ignored', () => {
    const resources = [
      { resourceArn: TABLE, points: [point(TABLE, 't', T0), point(FILES, 'stray', T0 + 5 * HOUR)] },
      { resourceArn: FILES, points: [point(FILES, 'f', T0 + 5 * HOUR)] },
    ];
    expect(chosenIds(resources)).toBe('none');
  });

  test('no such moment: each resource with its newest usable point, or what was skipped', () => {
    // GIVEN a table backed up daily and a file system whose only points failed or are parents
    const resources = [
      { resourceArn: TABLE, points: [point(TABLE, 't-old', T0), point(TABLE, 't-new', T0 + 24 * HOUR)] },
      { resourceArn: FILES, points: [point(FILES, 'f-partial', T0, { Status: 'PARTIAL' }), point(FILES, 'f-parent', T0, { IsParent: true })] },
    ];
    // WHEN
    const choice = chooseSet(resources, { maxSkewMs: HOUR });
    // THEN
    expect(choice).toEqual({
      kind: 'none',
      resources: [
        {
          resourceArn: TABLE,
          listed: 2,
          usable: 2,
          notCompleted: 0,
          compositeParents: 0,
          tooOld: 0,
          newest: { recoveryPointArn: resources[0].points[1].RecoveryPointArn, creationDate: new Date(T0 + 24 * HOUR) },
        },
        { resourceArn: FILES, listed: 2, usable: 0, notCompleted: 1, compositeParents: 1, tooOld: 0 },
      ],
    });
  });

  test('one resource: its newest usable point, spread 0', () => {
    const choice = chooseSet([{ resourceArn: TABLE, points: [point(TABLE, 'a', T0), point(TABLE, 'b', T0 + HOUR)] }], { maxSkewMs: HOUR });
    expect(choice).toMatchObject({ kind: 'chosen', spreadMs: 0, points: [{ recoveryPointArn: expect.stringMatching(/:b$/) }] });
  });

  test('a large listing is chosen from quickly (10 resources × 1000 points)', () => {
    const resources = Array.from({ length: 10 }, (_, r) => ({
      resourceArn: `${TABLE}${r}`,
      // hourly backups, each resource's a few minutes after the hour, for 1000 hours
      points: Array.from({ length: 1000 }, (_unused, i) => point(`${TABLE}${r}`, `r${r}-${i}`, T0 + i * HOUR + r * 3 * 60_000)),
    }));
    const started = Date.now();
    const choice = chooseSet(resources, { maxSkewMs: HOUR });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(choice.kind === 'chosen' && choice.points.map(p => p.recoveryPointArn.split(':').pop())).toEqual(
      Array.from({ length: 10 }, (_, r) => `r${r}-999`));
  });
});
