/** Deploy-time adapters for the table a DynamoDB restore creates (delete only: nothing to read). Handler bundle only. */
import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient, TableDescription, TagResourceCommand } from '@aws-sdk/client-dynamodb';
import {
  Budget, call, DeleteAdapter, DeletionRefused, isAwsError, parseArn, RemoveContext, RemoveProgress, tagList,
} from '../runtime-support';

/** The handlers' DynamoDB client: the SDK's own retries off, `call` retries. */
export const dynamodb = new DynamoDBClient({ maxAttempts: 1 });

const NOUN = 'DynamoDB table';
const TABLE_NOT_FOUND = ['ResourceNotFoundException'];
/** A table being created or updated cannot be deleted yet (ResourceInUseException): try again at the next poll. */
const TABLE_BUSY = ['ResourceInUseException'];

function tableName(arn: string): string {
  return parseArn(arn, 'dynamodb', 'table/', NOUN).id;
}

/** The table, or undefined when DynamoDB does not know it. */
async function describeTable(arn: string, budget: Budget): Promise<TableDescription | undefined> {
  try {
    const out = await call('DescribeTable', abortSignal =>
      dynamodb.send(new DescribeTableCommand({ TableName: tableName(arn) }), { abortSignal }), budget);
    return out.Table;
  } catch (error) {
    if (isAwsError(error, TABLE_NOT_FOUND)) return undefined;
    throw error;
  }
}

/**
 * DeleteTable: an ACTIVE table is deleted, one CREATING or UPDATING answers ResourceInUseException, one already
 * DELETING answers no error, one that does not exist ResourceNotFoundException.
 *
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteTable.html
 */
export const DYNAMODB_TABLE_DELETER: DeleteAdapter = {
  noun: NOUN,
  identifier: tableName,
  async remove(arn: string, { budget }: RemoveContext): Promise<RemoveProgress> {
    const table = await describeTable(arn, budget);
    if (table === undefined || table.TableStatus === 'DELETING') return 'deleting';
    if (table.DeletionProtectionEnabled) {
      throw new DeletionRefused(`The ${NOUN} ${tableName(arn)} (${arn}) has deletion protection on, so removalPolicy DESTROY cannot delete it. ` +
        `Fix: turn deletion protection off (UpdateTable DeletionProtectionEnabled=false, or leave deletionProtection out of the restore metadata) and delete the stack again, or delete the ${NOUN} yourself.`);
    }
    try {
      await call('DeleteTable', abortSignal => dynamodb.send(new DeleteTableCommand({ TableName: tableName(arn) }), { abortSignal }), budget);
      return 'deleting';
    } catch (error) {
      if (isAwsError(error, TABLE_NOT_FOUND)) return 'deleting';
      if (isAwsError(error, TABLE_BUSY)) return 'waiting';
      throw error;
    }
  },
  async isGone(arn: string, budget: Budget): Promise<boolean> {
    return (await describeTable(arn, budget)) === undefined;
  },
  async tag(arn: string, tags: Readonly<Record<string, string>>, budget: Budget): Promise<void> {
    await call('TagResource', abortSignal =>
      dynamodb.send(new TagResourceCommand({ ResourceArn: arn, Tags: tagList(tags) }), { abortSignal }), budget);
  },
};
