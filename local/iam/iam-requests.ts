import type { DeployTarget } from "../../infra/iam/resolve-intrinsics";
import type { IamRequest } from "../../infra/iam/simulate";
import { schedulerRequests } from "./scheduler-requests";

/**
 * How IAM would see one SDK request of a local function: its action(s), resource ARN(s) and the condition keys
 * the request carries (`dynamodb:LeadingKeys`). `undefined`: a request this cannot read faithfully (the local
 * check allows it, as the README says).
 */

/** Plain data, so it crosses into a worker thread. */
export interface RequestNaming {
  readonly target: DeployTarget;
  /** A local queue name (`orders.fifo`) → the deployment's (`<stack>-orders.fifo`); unknown names stay. */
  readonly queues: Readonly<Record<string, string>>;
  /** A local table name → the deployment's (a declared effect table is `<stack>-<name>`); unknown names stay. */
  readonly tables: Readonly<Record<string, string>>;
  /** The partition key attribute of each table (by local name) whose key IAM may condition on. */
  readonly partitionKeys: Readonly<Record<string, string>>;
  /** A local schedule group → the deployment's (the stack's name). */
  readonly scheduleGroups: Readonly<Record<string, string>>;
  /** A local role ARN (the Scheduler's) → the deployment's. */
  readonly roles: Readonly<Record<string, string>>;
}

type Input = Readonly<Record<string, unknown>>;
type Item = Readonly<Record<string, { S?: string; N?: string } | undefined>>;

const arnBase = ({ target }: RequestNaming, service: string) =>
  `arn:${target.partition}:${service}:${target.region}:${target.account}`;

const sqsRequests = (naming: RequestNaming, command: string, input: Input): IamRequest[] | undefined => {
  const url = input.QueueUrl;
  if (typeof url !== "string") return undefined;
  const local = url.split("/").pop() ?? "";
  const name = Object.hasOwn(naming.queues, local) ? naming.queues[local] : local;
  // `SendMessageBatch` is authorised as `SendMessage`, `ChangeMessageVisibilityBatch` as `ChangeMessageVisibility`.
  const action = `sqs:${command.replace(/Command$/, "").replace(/Batch$/, "")}`;
  return [{ action, resource: `${arnBase(naming, "sqs")}:${name}` }];
};

const tableArn = (naming: RequestNaming, table: string, index?: unknown) => {
  const name = Object.hasOwn(naming.tables, table) ? naming.tables[table] : table;
  return `${arnBase(naming, "dynamodb")}:table/${name}${typeof index === "string" ? `/index/${index}` : ""}`;
};

const keyValue = (naming: RequestNaming, table: string, item: unknown): string | undefined => {
  const pk = Object.hasOwn(naming.partitionKeys, table) ? naming.partitionKeys[table] : undefined;
  const value = pk === undefined ? undefined : (item as Item | undefined)?.[pk];
  return value?.S ?? value?.N;
};

const request = (naming: RequestNaming, action: string, table: string, keys: unknown[], index?: unknown) => {
  const known = keys.filter((key): key is string => typeof key === "string");
  return {
    action: `dynamodb:${action}`,
    resource: tableArn(naming, table, index),
    // A key this cannot read is left out (not simulated); a request that names none carries none.
    ...(known.length > 0 ? { context: { "dynamodb:LeadingKeys": known } } : {}),
  };
};

/** `KeyConditionExpression`'s partition key value (`#queue = :queue`). */
const queryKey = (naming: RequestNaming, table: string, input: Input): string | undefined => {
  const pk = naming.partitionKeys[table];
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Item;
  for (const [, name, value] of String(input.KeyConditionExpression ?? "").matchAll(
    /([#\w]+)\s*=\s*(:\w+)/g,
  )) {
    const attribute = name?.startsWith("#") ? names[name] : name;
    if (attribute === pk && value) return values[value]?.S ?? values[value]?.N;
  }
  return undefined;
};

const PARTIQL_ACTIONS: Readonly<Record<string, string>> = {
  SELECT: "PartiQLSelect",
  INSERT: "PartiQLInsert",
  UPDATE: "PartiQLUpdate",
  DELETE: "PartiQLDelete",
};

/** One PartiQL statement: its verb, its table, and the partition key bound by `"pk" = ?` or `'pk': ?`. */
const statementRequest = (naming: RequestNaming, statement: unknown): IamRequest | undefined => {
  const { Statement: text = "", Parameters: parameters = [] } = (statement ?? {}) as {
    Statement?: string;
    Parameters?: { S?: string; N?: string }[];
  };
  const verb = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? "";
  const table = /(?:FROM|INTO|UPDATE)\s+"([^"]+)"(?:\."([^"]+)")?/i.exec(text);
  const action = PARTIQL_ACTIONS[verb];
  if (!action || !table?.[1]) return undefined;
  const pk = naming.partitionKeys[table[1]];
  const bound = pk === undefined ? null : new RegExp(`(?:"${pk}"\\s*=|'${pk}'\\s*:)\\s*\\?`).exec(text);
  const position = bound ? (text.slice(0, bound.index).match(/\?/g) ?? []).length : -1;
  const parameter = parameters[position];
  return request(naming, action, table[1], [parameter?.S ?? parameter?.N], table[2]);
};

type Items = Readonly<Record<string, unknown>>;

const ITEM_ACTIONS: Readonly<Record<string, string>> = {
  Put: "PutItem",
  Update: "UpdateItem",
  Delete: "DeleteItem",
  ConditionCheck: "ConditionCheckItem",
  Get: "GetItem",
};

/** TransactWriteItems / TransactGetItems: each item is authorised by its own action. */
const transactRequests = (naming: RequestNaming, items: unknown): (IamRequest | undefined)[] =>
  ((items ?? []) as Items[]).flatMap((entry) =>
    Object.entries(entry).map(([kind, value]) => {
      const action = ITEM_ACTIONS[kind];
      const { TableName: table, Key: key, Item: item } = (value ?? {}) as Input;
      if (!action || typeof table !== "string") return undefined;
      return request(naming, action, table, [keyValue(naming, table, key ?? item)]);
    }),
  );

/** BatchWriteItem / BatchGetItem: one request per table, with every key it names. */
const batchRequests = (naming: RequestNaming, action: string, requestItems: unknown): IamRequest[] =>
  Object.entries((requestItems ?? {}) as Items).map(([table, entries]) => {
    const list = (Array.isArray(entries) ? entries : ((entries as Input)?.Keys ?? [])) as Input[];
    const keys = list.map((entry) => {
      const put = entry.PutRequest as Input | undefined;
      const remove = entry.DeleteRequest as Input | undefined;
      return keyValue(naming, table, put?.Item ?? remove?.Key ?? entry);
    });
    return request(naming, action, table, keys);
  });

const dynamoRequests = (
  naming: RequestNaming,
  command: string,
  input: Input,
): (IamRequest | undefined)[] | undefined => {
  const operation = command.replace(/Command$/, "");
  switch (operation) {
    case "BatchExecuteStatement":
      return ((input.Statements ?? []) as unknown[]).map((s) => statementRequest(naming, s));
    case "ExecuteStatement":
      return [statementRequest(naming, input)];
    case "ExecuteTransaction":
      return ((input.TransactStatements ?? []) as unknown[]).map((s) => statementRequest(naming, s));
    case "TransactWriteItems":
    case "TransactGetItems":
      return transactRequests(naming, input.TransactItems);
    case "BatchWriteItem":
    case "BatchGetItem":
      return batchRequests(naming, operation, input.RequestItems);
  }
  const table = input.TableName;
  if (typeof table !== "string") return undefined;
  const key =
    operation === "Query" ? queryKey(naming, table, input) : keyValue(naming, table, input.Key ?? input.Item);
  return [request(naming, operation, table, operation === "Scan" ? [] : [key], input.IndexName)];
};

/** The IAM requests of one SDK command, or `undefined` when any part of it cannot be read. */
export const iamRequestsOf = (
  naming: RequestNaming,
  client: string,
  command: string,
  input: Input,
): IamRequest[] | undefined => {
  const requests = client.startsWith("SQS")
    ? sqsRequests(naming, command, input)
    : client.startsWith("Scheduler")
      ? schedulerRequests(naming, command, input)
      : dynamoRequests(naming, command, input);
  if (!requests || requests.length === 0 || requests.some((r) => r === undefined)) return undefined;
  return requests as IamRequest[];
};
