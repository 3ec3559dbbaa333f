import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { loadConfig } from "../../../functions/core/config/load";
import type { ResolvedConfig } from "../../../functions/core/config/types";
import { functionId } from "../../../infra/iam/function-id";
import type { FunctionPolicies, PolicyDocument } from "../../../infra/iam/function-policies";
import { synthesizeLocalPolicies } from "../../../local/iam/local-iam";
import { type LocalStack, startLocalStack } from "../../../local/start-local-stack";
import { waitForLogLine } from "../../support/log-lines";
import { createMemoryLogger } from "../../support/memory-logger";
import { useStarted } from "../../support/use-started";
import { startFixtureStack } from "./fixture-stack";

const FIXTURE_CONFIG = fileURLToPath(new URL("./fixtures/fixture.config.ts", import.meta.url));
const LEDGER_CONFIG = fileURLToPath(new URL("./fixtures/ledger.config.ts", import.meta.url));

const tablesFor = () => {
  const suffix = randomUUID().slice(0, 8);
  return { idempotency: `fifoq-idempotency-${suffix}`, deadLetters: `fifoq-dead-letters-${suffix}` };
};

/** `policies` with `action` taken out of every statement of function `fn` (a statement left empty goes). */
const withoutAction = (policies: FunctionPolicies, fn: string, action: string): FunctionPolicies => {
  const weaken = (document: PolicyDocument): PolicyDocument => ({
    ...document,
    Statement: document.Statement.flatMap((statement) => {
      const actions = [statement.Action].flat().filter((name) => name !== action);
      return actions.length === 0 ? [] : [{ ...statement, Action: actions }];
    }),
  });
  return { ...policies, [fn]: (policies[fn] ?? []).map(weaken) };
};

const publish = (stack: LocalStack, body: unknown, queue = "fixture") =>
  fetch(`${stack.url}/queues/${queue}/messages`, {
    method: "POST",
    headers: { "x-api-key": stack.apiKey, "content-type": "application/json" },
    body: JSON.stringify({ body, groupId: "g-iam", dedupId: randomUUID() }),
  });

const listQueues = (stack: LocalStack) =>
  fetch(`${stack.url}/queues`, { headers: { "x-api-key": stack.operatorKey } });

describe("local IAM check (npm start's FIFOQ_LOCAL_IAM=on)", () => {
  let config: ResolvedConfig;
  beforeAll(async () => {
    config = await loadConfig(FIXTURE_CONFIG);
  });

  describe("with the policies the stack synthesizes", () => {
    const logger = createMemoryLogger();
    const stack = useStarted("the checked stack", () => startFixtureStack({ logger, iam: "on" }));

    it("lets the whole flow through: publish, consume, list queues and dead letters", async () => {
      // Act
      const published = await publish(stack, { action: "ok" });
      const { messageId } = (await published.json()) as { messageId: string };
      const queues = await listQueues(stack);
      const deadLetters = await fetch(`${stack.url}/queues/fixture/dead-letters`, {
        headers: { "x-api-key": stack.operatorKey },
      });

      // Assert
      expect(published.status).toBe(202);
      await waitForLogLine(logger, { outcome: "processed", queue: "fixture", messageId }, 30_000);
      expect(queues.status).toBe(200);
      expect(deadLetters.status).toBe(200);
      expect(JSON.stringify(logger.lines)).not.toContain("AccessDeniedException");
    });
  });

  describe("with a weakened policy injected", () => {
    const logger = createMemoryLogger();
    const stack = useStarted("the weakened stack", async () => {
      const tables = tablesFor();
      const real = await synthesizeLocalPolicies(config, tables);
      const weakened = withoutAction(
        withoutAction(real, functionId("api"), "sqs:GetQueueAttributes"),
        functionId("consumer", "fixture"),
        "dynamodb:PartiQLInsert",
      );
      return startFixtureStack({ logger, tables, iam: { policies: weakened } });
    });

    it("refuses the API's GetQueueAttributes with AccessDeniedException (GET /queues answers 500)", async () => {
      // Act
      const response = await listQueues(stack);

      // Assert
      expect(response.status).toBe(500);
      expect(JSON.stringify(await response.json())).toContain(
        "SQS refused GetQueueAttributes (AccessDeniedException)",
      );
    });

    it("refuses the consumer's claim (PartiQLInsert) with AccessDeniedException, so the record fails", async () => {
      // Act
      const published = await publish(stack, { action: "ok" });
      const { messageId } = (await published.json()) as { messageId: string };

      // Assert
      expect(published.status).toBe(202);
      const line = await waitForLogLine(logger, { outcome: "failed", queue: "fixture", messageId }, 30_000);
      expect(JSON.stringify(line.error)).toMatch(
        /AccessDeniedException|not authorized to perform: dynamodb:PartiQLInsert/,
      );
    });
  });

  describe("with a consumer that stages writes on a declared effect table", () => {
    const logger = createMemoryLogger();
    const stack = useStarted("the ledger stack", async () =>
      startLocalStack({
        config: await loadConfig(LEDGER_CONFIG),
        dynamoDbEndpoint: inject("dynamoDbEndpoint"),
        tables: tablesFor(),
        port: 0,
        logger,
        iam: "on",
      }),
    );

    it("lets its transaction through: the table is named as the deployment names it", async () => {
      // Act
      const published = await publish(stack, { account: `acct-${randomUUID()}` }, "ledger");
      const { messageId } = (await published.json()) as { messageId: string };

      // Assert
      expect(published.status).toBe(202);
      await waitForLogLine(logger, { outcome: "processed", queue: "ledger", messageId }, 30_000);
      expect(JSON.stringify(logger.lines)).not.toContain("AccessDeniedException");
    });
  });
});
