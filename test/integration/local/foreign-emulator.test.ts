import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CreateQueueCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqsClient } from "../../../functions/adapters/sqs/sqs-client";
import { startSqsEmulator } from "../../../local/emulators/sqs";
import { createMemoryLogger } from "../../support/memory-logger";
import { startFixtureStack } from "./fixture-stack";

interface Statement {
  readonly Statement: string;
  readonly Parameters?: readonly { readonly S?: string }[];
}

/**
 * A DynamoDB emulator that gets PartiQL wrong the way moto 5.1 does: `overwrites` lets an INSERT of an existing
 * key succeed, `ignoresConditions` lets an UPDATE succeed whatever its WHERE says. Everything else succeeds.
 */
const brokenDynamoDb = async (flaws: { overwrites: boolean; ignoresConditions: boolean }) => {
  const items = new Map<string, string>();
  const answer = (statement: Statement) => {
    const [key = "", value = ""] = (statement.Parameters ?? []).map((parameter) => parameter.S ?? "");
    if (statement.Statement.startsWith("INSERT")) {
      if (items.has(key) && !flaws.overwrites) return { Error: { Code: "DuplicateItem", Message: "exists" } };
      items.set(key, value);
      return {};
    }
    if (statement.Statement.startsWith("UPDATE")) {
      if (!flaws.ignoresConditions) return { Error: { Code: "ConditionalCheckFailed", Message: "no" } };
      items.set(statement.Parameters?.[1]?.S ?? "", value);
      return {};
    }
    if (statement.Statement.startsWith("SELECT")) {
      const found = items.get(key);
      return found === undefined ? {} : { Item: { pk: { S: key }, batchId: { S: found } } };
    }
    return {};
  };
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on("end", () => {
      const target = String(request.headers["x-amz-target"] ?? "");
      const input = JSON.parse(body || "{}") as { Statements?: Statement[] };
      const output = target.endsWith("BatchExecuteStatement")
        ? { Responses: (input.Statements ?? []).map(answer) }
        : { TableDescription: { TableStatus: "ACTIVE" } };
      response.setHeader("content-type", "application/x-amz-json-1.0");
      response.end(JSON.stringify(output));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

const start = (endpoints: { dynamoDbEndpoint?: string; sqsEndpoint?: string }) =>
  startFixtureStack({ logger: createMemoryLogger(), consumers: false, ...endpoints });

describe("npm start refuses an emulator that would break exactly-once, and says why", () => {
  it.each([
    [{ overwrites: true, ignoresConditions: false }, /INSERT .*existing item/],
    [{ overwrites: false, ignoresConditions: true }, /conditional PartiQL UPDATE/],
  ])("refuses a DynamoDB with the flaws %j", async (flaws, problem) => {
    // Arrange
    const broken = await brokenDynamoDb(flaws);

    // Act
    const started = start({ dynamoDbEndpoint: broken.endpoint });

    // Assert
    await expect(started).rejects.toThrow(problem);
    await expect(started).rejects.toThrow(/FIFOQ_DYNAMODB_ENDPOINT/);
    await broken.stop();
  });

  it("starts on DynamoDB Local, which honours put-if-absent and conditions", async () => {
    // Act
    const stack = await start({});

    // Assert
    expect(stack.url).toMatch(/^http:/);
    await stack.stop();
  });

  describe("a queue that exists with other attributes", () => {
    let sqs: Awaited<ReturnType<typeof startSqsEmulator>>;

    beforeAll(async () => {
      sqs = await startSqsEmulator();
      const client = createSqsClient({ endpoint: sqs.endpoint });
      const attributes = { FifoQueue: "true", VisibilityTimeout: "7" };
      await client.send(new CreateQueueCommand({ QueueName: "fixture-dlq.fifo", Attributes: attributes }));
      client.destroy();
    });
    afterAll(() => sqs?.stop());

    it("is reported as that, not as an emulator that is not running", async () => {
      // Act
      const started = start({ sqsEndpoint: sqs.endpoint });

      // Assert
      await expect(started).rejects.toThrow(
        /fixture-dlq\.fifo already exists with other attributes \(.*different value for attribute/,
      );
      await expect(started).rejects.not.toThrow(/is it running/);
    });
  });
});
