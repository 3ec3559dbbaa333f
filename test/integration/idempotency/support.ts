import { randomUUID } from "node:crypto";
import { connect, createServer, type Socket } from "node:net";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { inject } from "vitest";
import { createDynamoDbClient } from "../../../functions/adapters/aws-clients";
import { createDynamoDbIdempotencyStore } from "../../../functions/adapters/dynamodb/idempotency-store";
import type { DedupScope } from "../../../functions/core/config/types";
import { createIdempotencyGuard } from "../../../functions/core/idempotency/guard";
import { provisionTables } from "../../../local/provision/dynamodb";
import { createMemoryLogger } from "../../support/memory-logger";
import { guardBatch } from "../../unit/idempotency/support";

export const WINDOW_S = 3600;

/** A uniquely named idempotency table in the run's DynamoDB Local, for one test file. */
export const createIdempotencyTable = async () => {
  const endpoint = inject("dynamoDbEndpoint");
  const dynamo = createDynamoDbClient({ endpoint });
  const table = `fifoq-idempotency-${randomUUID().slice(0, 8)}`;
  await provisionTables(dynamo, { idempotency: table, deadLetters: `${table}-dead-letters` });
  return { endpoint, dynamo, table };
};

/** Counts the HTTP requests a client sends (each attempt, retries included), by command name. */
export const countRequests = (client: DynamoDBClient): string[] => {
  const sent: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(String(context.commandName));
      return next(args);
    },
    { step: "deserialize", name: `countRequests-${randomUUID()}` },
  );
  return sent;
};

export interface GuardOptions {
  readonly dynamo: DynamoDBClient;
  readonly table: string;
  readonly queue?: string;
  readonly clock?: () => number;
  readonly scope?: DedupScope;
  readonly commitIntervalMs?: number;
}

export const dynamoGuard = (options: GuardOptions) =>
  createIdempotencyGuard(createDynamoDbIdempotencyStore({ dynamo: options.dynamo, table: options.table }), {
    queue: options.queue ?? "orders",
    scope: options.scope ?? "messageGroup",
    windowSeconds: WINDOW_S,
    logger: createMemoryLogger(),
    clock: options.clock ?? Date.now,
    ...(options.commitIntervalMs === undefined ? {} : { commitIntervalMs: options.commitIntervalMs }),
  });

/**
 * Per test (`setup()`), a fresh queue `<prefix>-<n>`, which keeps the tests' keys apart in the file's table; a
 * guard on it whose clock the file shares; `at(batchId, nowMs)`, which sets that clock and returns the batch
 * that starts then with `budgetMs`; and `t0`, the test's start.
 */
export const guardPerQueue = (
  target: () => { readonly dynamo: DynamoDBClient; readonly table: string },
  prefix: string,
  budgetMs: number,
) => {
  let queueNo = 0;
  const clock = { nowMs: Date.now() };
  return () => {
    queueNo += 1;
    const queue = `${prefix}-${queueNo}`;
    const guard = () => dynamoGuard({ ...target(), queue, clock: () => clock.nowMs });
    const at = (batchId: string, nowMs: number) => {
      clock.nowMs = nowMs;
      return guardBatch(batchId, nowMs, budgetMs);
    };
    return { queue, guard, at, t0: Date.now() };
  };
};

/**
 * A TCP proxy in front of DynamoDB Local that the test can stop and start again on the same port: "DynamoDB
 * stopped" without stopping the DynamoDB Local that the whole run shares.
 */
export const startProxy = async (target: string) => {
  const { hostname, port: targetPort } = new URL(target);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(targetPort), hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) =>
    new Promise<number>((resolve) => {
      server.listen(port, "127.0.0.1", () => {
        const address = server.address();
        resolve(typeof address === "object" && address ? address.port : port);
      });
    });
  const port = await listen(0);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
    restart: () => listen(port),
  };
};
