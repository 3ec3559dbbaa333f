import { once } from "node:events";
import { createServer, type Server, type Socket } from "node:net";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { ListQueuesCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynamoDbClient } from "../../../functions/adapters/aws-clients";
import { createSqsClient } from "../../../functions/adapters/sqs/sqs-client";

/** An endpoint that accepts connections and never answers: a hung service, not an unreachable one. */
const startHungEndpoint = async (): Promise<{ server: Server; endpoint: string; sockets: Set<Socket> }> => {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return { server, endpoint: `http://127.0.0.1:${address.port}`, sockets };
};

describe("a hung endpoint fails the request at its timeout instead of hanging", () => {
  let hung: Awaited<ReturnType<typeof startHungEndpoint>>;

  beforeAll(async () => {
    hung = await startHungEndpoint();
  });

  afterAll(async () => {
    for (const socket of hung.sockets) socket.destroy();
    hung.server.close();
  });

  it("rejects a DynamoDB call with TimeoutError", async () => {
    // Arrange
    const dynamo = createDynamoDbClient({ endpoint: hung.endpoint, requestTimeoutMs: 200 });

    // Act
    const call = dynamo.send(new ListTablesCommand({}));

    // Assert
    await expect(call).rejects.toMatchObject({ name: "TimeoutError" });
    dynamo.destroy();
  }, 15_000);

  it("rejects an SQS call with TimeoutError", async () => {
    // Arrange
    const sqs = createSqsClient({ endpoint: hung.endpoint, requestTimeoutMs: 200 });

    // Act
    const call = sqs.send(new ListQueuesCommand({}));

    // Assert
    await expect(call).rejects.toMatchObject({ name: "TimeoutError" });
    sqs.destroy();
  }, 15_000);
});
