import type { ProxiedRequest } from "./fault-proxy";

type Json = Record<string, unknown>;

const COMMIT_PREFIX = "b#";

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
 * Whether a DynamoDB request writes a batch commit: a PartiQL INSERT of a `b#…` item (BatchExecuteStatement,
 * ExecuteStatement, ExecuteTransaction), or any TransactWriteItems (a commit staged with effects).
 */
export const isCommitRequest = (request: ProxiedRequest): boolean => {
  const { operation } = request;
  if (operation === "TransactWriteItems") return true;
  if (!["BatchExecuteStatement", "ExecuteStatement", "ExecuteTransaction", "PutItem"].includes(operation))
    return false;
  let body: Json;
  try {
    body = JSON.parse(request.body.toString()) as Json;
  } catch {
    return false;
  }
  if (operation === "PutItem") return keyOf(body)?.startsWith(COMMIT_PREFIX) === true;
  const statements = body.Statements ?? body.TransactStatements ?? [body];
  return Array.isArray(statements) && statements.some(isInsertOfCommit);
};
