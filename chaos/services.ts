import { join } from "node:path";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ListQueuesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { createDynamoDbClient } from "../functions/adapters/aws-clients";
import { createSqsClient } from "../functions/adapters/sqs/sqs-client";
import type { Cleanup } from "../local/cleanup";
import { startDynamoDbLocal } from "../local/emulators/dynamodb-local";
import { freePort } from "../local/emulators/free-port";
import { createEffectTable } from "../test/support/effect-table";
import { EFFECT_TABLE } from "./chaos.config";
import { appendEntry } from "./effect-log";
import { spawnTsx, stopChild, waitUntil } from "./processes/children";
import { isCommitRequest } from "./proxy/commit-watch";
import { type FaultProxy, type ProxiedRequest, startFaultProxy } from "./proxy/fault-proxy";
import { createFaultInjector, type FaultInjector, isProvisioning } from "./proxy/faults";
import type { Random } from "./random";

/** The emulators, each in a process of its own, the fault proxies in front of them, and direct clients. */
export interface ChaosServices {
  /** Straight to the emulators, for the run's own reads. */
  readonly direct: { readonly sqs: SQSClient; readonly dynamo: DynamoDBClient };
  readonly sqsProxy: FaultProxy;
  readonly dynamoProxy: FaultProxy;
  readonly faults: { readonly sqs: FaultInjector; readonly dynamodb: FaultInjector };
  /** Called once after the DynamoDB proxy forwarded a commit while armed. */
  onCommit(callback: (() => void) | undefined): void;
}

/** The dead-letter queues' visibility timeout in this run: a recorder killed mid-batch is retried in seconds. */
export const CHAOS_DLQ_VISIBILITY_SECONDS = 10;

/** The stack creates `<name>-dlq.fifo` with 6 × the recorder's timeout (180 s); the run shortens it. */
export const shortenDlqVisibility = (request: ProxiedRequest): Buffer => {
  if (request.operation !== "CreateQueue") return request.body;
  const body = JSON.parse(request.body.toString()) as {
    QueueName?: string;
    Attributes?: Record<string, string>;
  };
  if (!body.QueueName?.endsWith("-dlq.fifo")) return request.body;
  const Attributes = { ...body.Attributes, VisibilityTimeout: String(CHAOS_DLQ_VISIBILITY_SECONDS) };
  return Buffer.from(JSON.stringify({ ...body, Attributes }));
};

const startFauxqsProcess = async (logDir: string, env: NodeJS.ProcessEnv, cleanup: Cleanup) => {
  const port = await freePort();
  const child = spawnTsx(
    "chaos/processes/sqs-emulator.ts",
    { ...env, CHAOS_SQS_PORT: String(port) },
    join(logDir, "fauxqs.log"),
    "pipe",
  );
  cleanup.add("fauxqs process", () => stopChild(child));
  const endpoint = `http://127.0.0.1:${port}`;
  const sqs = createSqsClient({ endpoint, requestTimeoutMs: 1000 });
  const up = await waitUntil(
    () =>
      sqs.send(new ListQueuesCommand({})).then(
        () => true,
        () => false,
      ),
    child,
    30_000,
  );
  if (!up) throw new Error(`fauxqs did not start; see ${join(logDir, "fauxqs.log")}`);
  sqs.destroy();
  return endpoint;
};

/** Chaos message ids (`g-007-m00012`, `x-01-m00000`) as they appear at the end of claim keys. */
const MESSAGE_ID = /[gx]-\d+-m\d{5}/g;
const WRITES = new Set(["TransactWriteItems", "UpdateItem", "PutItem", "BatchExecuteStatement"]);

/** Faults on DynamoDB writes go to the run's log, with the messages they concern where the body names them. */
const logWriteFault = (effectLog: string, request: ProxiedRequest, kind: string): void => {
  if (!WRITES.has(request.operation)) return;
  const ids = [...new Set(request.body.toString().match(MESSAGE_ID) ?? [])];
  appendEntry(effectLog, { k: "fault", op: request.operation, kind, at: Date.now(), ids });
};

export const startChaosServices = async (input: {
  readonly rate: number;
  readonly random: Random;
  readonly logDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly cleanup: Cleanup;
  readonly effectLog: string;
}): Promise<ChaosServices> => {
  const dynamoLocal = await startDynamoDbLocal();
  input.cleanup.add("DynamoDB Local", () => dynamoLocal.stop());
  const sqsEndpoint = await startFauxqsProcess(input.logDir, input.env, input.cleanup);
  const direct = {
    sqs: createSqsClient({ endpoint: sqsEndpoint }),
    dynamo: createDynamoDbClient({ endpoint: dynamoLocal.endpoint }),
  };
  input.cleanup.add("direct clients", () => {
    direct.sqs.destroy();
    direct.dynamo.destroy();
  });
  await createEffectTable(direct.dynamo, EFFECT_TABLE);
  const faults = {
    sqs: createFaultInjector({
      service: "sqs",
      rate: input.rate,
      random: input.random,
      exempt: isProvisioning("sqs"),
    }),
    dynamodb: createFaultInjector({
      service: "dynamodb",
      rate: input.rate,
      random: input.random,
      exempt: isProvisioning("dynamodb"),
      onFault: (request, kind) => logWriteFault(input.effectLog, request, kind),
    }),
  };
  let onCommit: (() => void) | undefined;
  const sqsProxy = await startFaultProxy(sqsEndpoint, {
    decide: faults.sqs.decide,
    rewrite: shortenDlqVisibility,
  });
  const dynamoProxy = await startFaultProxy(dynamoLocal.endpoint, {
    decide: faults.dynamodb.decide,
    forwarded: (request) => {
      if (!onCommit || !isCommitRequest(request)) return;
      const callback = onCommit;
      onCommit = undefined;
      callback();
    },
  });
  input.cleanup.add("fault proxies", () =>
    Promise.all([sqsProxy.close(), dynamoProxy.close()]).then(() => undefined),
  );
  return {
    direct,
    sqsProxy,
    dynamoProxy,
    faults,
    onCommit: (callback) => {
      onCommit = callback;
    },
  };
};
