import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";

/**
 * Adds a fixed delay to every DynamoDB request (standing for the network round trip to DynamoDB) and counts
 * requests and write units. DynamoDB Local reports no consumed capacity for PartiQL batches, so write units
 * are computed from the items written, the way DynamoDB bills them: ceil(item bytes / 1 KB) per item write,
 * doubled inside transactions; a failed conditional write still costs its units.
 */
export interface DynamoMeter {
  requests: number;
  writeUnits: number;
  byCommand: Record<string, number>;
  reset(): void;
}

type Attr = Record<string, unknown>;

const attrSize = (value: unknown): number => {
  if (value === null || value === undefined) return 0;
  if (typeof value === "string") return Buffer.byteLength(value);
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return 21;
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, item) => sum + 1 + attrSize(item), 0);
  if (typeof value === "object") {
    const entries = Object.entries(value as Attr);
    const typed = entries.length === 1 && /^(S|N|B|BOOL|NULL|L|M|SS|NS|BS)$/.test(entries[0]?.[0] ?? "");
    if (typed) return attrSize(entries[0]?.[1]);
    return 3 + entries.reduce((sum, [key, item]) => sum + Buffer.byteLength(key) + 1 + attrSize(item), 0);
  }
  return 0;
};

/** Item size as DynamoDB counts it: attribute names plus values. */
export const itemBytes = (item: Attr): number =>
  Object.entries(item).reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + attrSize(value), 0);

const unitsFor = (item: Attr | undefined): number => Math.max(1, Math.ceil(itemBytes(item ?? {}) / 1024));

/** PartiQL statements carry their item in the parameters; the literal keys count too. */
const statementUnits = (statement: { Statement?: string; Parameters?: unknown[] }): number => {
  const text = statement.Statement ?? "";
  if (/^\s*SELECT/i.test(text)) return 0;
  const bytes =
    (statement.Parameters ?? []).reduce((sum: number, p) => sum + attrSize(p), 0) + text.length / 4;
  return Math.max(1, Math.ceil(bytes / 1024));
};

const writeUnits = (command: string, input: Record<string, unknown>): number => {
  switch (command) {
    case "PutItemCommand":
      return unitsFor(input.Item as Attr);
    case "UpdateItemCommand":
    case "DeleteItemCommand":
      return 1;
    case "BatchWriteItemCommand":
      return Object.values((input.RequestItems ?? {}) as Record<string, Attr[]>)
        .flat()
        .reduce((sum, request) => sum + unitsFor((request.PutRequest as Attr | undefined)?.Item as Attr), 0);
    case "TransactWriteItemsCommand":
      return ((input.TransactItems ?? []) as Attr[]).reduce(
        (sum, item) => sum + 2 * unitsFor((item.Put as Attr | undefined)?.Item as Attr),
        0,
      );
    case "BatchExecuteStatementCommand":
      return ((input.Statements ?? []) as { Statement?: string; Parameters?: unknown[] }[]).reduce(
        (sum, statement) => sum + statementUnits(statement),
        0,
      );
    case "ExecuteStatementCommand":
      return statementUnits(input as { Statement?: string; Parameters?: unknown[] });
    default:
      return 0;
  }
};

export const meterDynamo = (client: DynamoDBClient, delayMs: number): DynamoMeter => {
  const meter: DynamoMeter = {
    requests: 0,
    writeUnits: 0,
    byCommand: {},
    reset() {
      meter.requests = 0;
      meter.writeUnits = 0;
      meter.byCommand = {};
    },
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName ?? "unknown");
      meter.requests += 1;
      meter.byCommand[command] = (meter.byCommand[command] ?? 0) + 1;
      meter.writeUnits += writeUnits(command, args.input as Record<string, unknown>);
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      return next(args);
    },
    { step: "initialize", name: "fifoqBenchMeter" },
  );
  return meter;
};
