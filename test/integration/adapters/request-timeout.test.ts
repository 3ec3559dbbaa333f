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

  it.each([
    [
      "DynamoDB",
      (endpoint: string) => createDynamoDbClient({ endpoint, requestTimeoutMs: 200 }),
      new ListTablesCommand({}),
    ],
    [
      "SQS",
      (endpoint: string) => createSqsClient({ endpoint, requestTimeoutMs: 200 }),
      new ListQueuesCommand({}),
    ],
  ] as const)(
    "rejects a %s call with TimeoutError",
    async (_service, create, command) => {
      // Arrange
      const client = create(hung.endpoint) as { send(command: unknown): Promise<unknown>; destroy(): void };

      // Act
      const call = client.send(command);

      // Assert
      await expect(call).rejects.toMatchObject({ name: "TimeoutError" });
      client.destroy();
    },
    15_000,
  );
});
