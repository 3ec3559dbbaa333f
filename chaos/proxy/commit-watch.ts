import type { ProxiedRequest } from "./fault-proxy";

type Json = Record<string, unknown>;

const COMMIT_PREFIX = "b#";

/** Operations that can write a commit item (TransactWriteItems always counts). */
const COMMIT_OPERATIONS = new Set([
  "BatchExecuteStatement",
  "ExecuteStatement",
  "ExecuteTransaction",
  "PutItem",
  "UpdateItem",
]);

const stringValue = (value: unknown): string | undefined =>
  typeof value === "object" && value !== null ? (Reflect.get(value, "S") as string | undefined) : undefined;

const isInsertOfCommit = (statement: unknown): boolean => {
  if (typeof statement !== "object" || statement === null) return false;
  const text = String(Reflect.get(statement, "Statement") ?? "");
  const parameters = Reflect.get(statement, "Parameters");
  const first = Array.isArray(parameters) ? stringValue(parameters[0]) : undefined;
  return /^\s*INSERT/i.test(text) && first?.startsWith(COMMIT_PREFIX) === true;
};

const keyOf = (write: unknown): string | undefined => {
  if (typeof write !== "object" || write === null) return undefined;
  const item = (Reflect.get(write, "Item") ?? Reflect.get(write, "Key")) as Json | undefined;
  return stringValue(item?.pk);
};

/**
 * Whether a DynamoDB request writes a commit: an UpdateItem or PutItem of a batch's `b#…` commit item (or a
 * PartiQL INSERT of one), or a TransactWriteItems (a record's staged writes with its completion).
 */
export const isCommitRequest = (request: ProxiedRequest): boolean => {
  const { operation } = request;
  if (operation === "TransactWriteItems") return true;
  if (!COMMIT_OPERATIONS.has(operation)) return false;
  let body: Json;
  try {
    body = JSON.parse(request.body.toString()) as Json;
  } catch {
    return false;
  }
  if (operation === "PutItem" || operation === "UpdateItem")
    return keyOf(body)?.startsWith(COMMIT_PREFIX) === true;
  const statements = body.Statements ?? body.TransactStatements ?? [body];
  return Array.isArray(statements) && statements.some(isInsertOfCommit);
};
