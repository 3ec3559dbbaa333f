import { relative } from "node:path";
import type { LocalStack } from "./start-local-stack";

type BannerInput = Pick<
  LocalStack,
  "url" | "apiKey" | "operatorKey" | "queues" | "sqsEndpoint" | "dynamoDbEndpoint" | "state"
>;

/** What is kept across restarts and what is not; said in full on the first start only. */
export const stateLines = (state: LocalStack["state"], cwd: string): string[] => {
  if (!state) return ["  state:    in memory only (nothing is kept after the stack stops)"];
  const where = `${relative(cwd, state.dir) || "."}/`;
  if (!state.fresh) return [`  state:    restored from ${where} (npm start -- --reset starts afresh)`];
  return [
    `  state:    kept in ${where} across restarts: tables (dead letters, idempotency), queues with their messages, the two keys, schedules;`,
    "            npm start -- --reset deletes it. Not kept: SQS's 5-minute deduplication memory, and an invocation",
    "            running at Ctrl-C (its messages come back after their visibility timeout). Emulators at",
    "            FIFOQ_SQS_ENDPOINT/FIFOQ_DYNAMODB_ENDPOINT keep what they keep.",
  ];
};

/** The exact line scripts wait for: the URL, the producer key and the operator key. */
export const readyLine = ({
  url,
  apiKey,
  operatorKey,
}: Pick<LocalStack, "url" | "apiKey" | "operatorKey">): string =>
  `fifoq local ready: ${url} api-key=${apiKey} operator-key=${operatorKey}`;

/** The ready line, then what runs where and two curl commands to try. */
export const readyBanner = (stack: BannerInput, cwd: string = process.cwd()): string => {
  const first = stack.queues[0]?.config.name ?? "orders";
  const body = '{"body":{"orderId":"o-1","amount":42},"groupId":"customer-42","dedupId":"order-o-1"}';
  const key = `-H 'x-api-key: ${stack.apiKey}'`;
  return [
    readyLine(stack),
    `  export FIFOQ_URL=${stack.url} FIFOQ_API_KEY=${stack.apiKey} FIFOQ_OPERATOR_KEY=${stack.operatorKey}`,
    `  queues:   ${stack.queues.map(({ config }) => `${config.name} → ${relative(cwd, config.handlerPath)}`).join(", ")}`,
    `  sqs:      ${stack.sqsEndpoint}   dynamodb: ${stack.dynamoDbEndpoint}`,
    ...stateLines(stack.state, cwd),
    `  send:     curl -sS -X POST '${stack.url}/queues/${first}/messages' ${key} -H 'content-type: application/json' -d '${body}'`,
    `  queues:   curl -sS '${stack.url}/queues' ${key}`,
    `  dead letters (operator key): curl -sS '${stack.url}/queues/${first}/dead-letters' -H 'x-api-key: ${stack.operatorKey}'`,
    "  Ctrl-C stops everything.",
    "",
  ].join("\n");
};
