import { relative } from "node:path";
import type { LocalStack } from "./start-local-stack";

type BannerInput = Pick<
  LocalStack,
  "url" | "apiKey" | "operatorKey" | "queues" | "sqsEndpoint" | "dynamoDbEndpoint"
>;

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
    `  send:     curl -sS -X POST '${stack.url}/queues/${first}/messages' ${key} -H 'content-type: application/json' -d '${body}'`,
    `  queues:   curl -sS '${stack.url}/queues' ${key}`,
    `  dead letters (operator key): curl -sS '${stack.url}/queues/${first}/dead-letters' -H 'x-api-key: ${stack.operatorKey}'`,
    "  Ctrl-C stops everything.",
    "",
  ].join("\n");
};
