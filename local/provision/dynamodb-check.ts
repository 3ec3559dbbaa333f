import { randomUUID } from "node:crypto";
import { BatchExecuteStatementCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { IDEMPOTENCY_TABLE } from "../../functions/core/tables";
import { ForeignEmulatorError } from "../errors";

const PK = IDEMPOTENCY_TABLE.partitionKey;

/** One statement, as the idempotency store sends its statements (BatchExecuteStatement); its error code. */
const run = async (dynamo: DynamoDBClient, Statement: string, values: readonly string[]) => {
  const Parameters = values.map((value) => ({ S: value }));
  const { Responses = [] } = await dynamo.send(
    new BatchExecuteStatementCommand({ Statements: [{ Statement, Parameters, ConsistentRead: true }] }),
  );
  return { code: Responses[0]?.Error?.Code, item: Responses[0]?.Item };
};

const LOST = new Set(["DuplicateItem", "ConditionalCheckFailed"]);

/**
 * The first INSERT, tolerant of its own retry: when the answer to it was lost and the SDK sent it again, the
 * retry finds the item it wrote itself. The key is a fresh random one, so an item holding our value is ours.
 */
const insertFirst = async (dynamo: DynamoDBClient, insert: string, table: string, key: string) => {
  const created = await run(dynamo, insert, [key, "first"]);
  if (!created.code || !LOST.has(created.code)) return created.code;
  const read = await run(dynamo, `SELECT * FROM "${table}" WHERE "${PK}" = ?`, [key]);
  return read.item?.batchId?.S === "first" ? undefined : created.code;
};

/**
 * Checks, on a probe item of the idempotency table, the two things fifoq's exactly-once effect rests on: a
 * PartiQL `INSERT` of an existing key fails (put-if-absent), and a conditional `UPDATE` whose condition is false
 * fails and changes nothing. An emulator that gets either wrong (moto 5.1 gets both wrong) is refused with
 * `ForeignEmulatorError`, before anything runs on it. The probe item is deleted afterwards.
 */
export const checkDynamoDbSemantics = async (
  dynamo: DynamoDBClient,
  table: string,
  endpoint: string,
): Promise<void> => {
  const key = `probe#${randomUUID()}`;
  const refuse = (problem: string) => new ForeignEmulatorError(endpoint, problem);
  const insert = `INSERT INTO "${table}" VALUE {'${PK}': ?, 'batchId': ?}`;
  try {
    const created = await insertFirst(dynamo, insert, table, key);
    if (created) throw refuse(`refused a PartiQL INSERT of a new key (${created})`);
    const again = await run(dynamo, insert, [key, "second"]);
    if (!LOST.has(again.code ?? ""))
      throw refuse("let a PartiQL INSERT overwrite an existing item (no put-if-absent)");
    const update = `UPDATE "${table}" SET "batchId" = ? WHERE "${PK}" = ? AND "batchId" = ?`;
    const updated = await run(dynamo, update, ["third", key, "not-the-batch"]);
    if (updated.code !== "ConditionalCheckFailed")
      throw refuse("let a conditional PartiQL UPDATE succeed although its condition was false");
    const read = await run(dynamo, `SELECT * FROM "${table}" WHERE "${PK}" = ?`, [key]);
    if (read.item?.batchId?.S !== "first")
      throw refuse("changed an item that a failed statement must not change");
  } finally {
    await run(dynamo, `DELETE FROM "${table}" WHERE "${PK}" = ?`, [key]).catch(() => undefined);
  }
};
