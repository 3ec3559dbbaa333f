import { describe, expect, it } from "vitest";
import { createApiHandler } from "../../../functions/api/create-api-handler";
import { deadLetterRoutes } from "../../../functions/api/dead-letter-routes";
import { producerRoutes } from "../../../functions/api/producer-routes";
import type { DeadLetterStore } from "../../../functions/core/dead-letters/store";
import { apiEvent, jsonBody } from "../../factories/api-gateway";
import { createMemoryDeadLetterStore, deadLetterRecordFactory } from "../../factories/dead-letters";
import { offlineApiDeps } from "../../support/offline-api-deps";

const OPERATOR = "operator-key-id";
const PRODUCER = "producer-key-id";

/** The whole route table on a memory dead-letter store; SQS is never reached by these requests. */
const handler = (store: DeadLetterStore) =>
  createApiHandler(offlineApiDeps({ operatorKeyId: OPERATOR }), {
    routes: (d) => [
      ...producerRoutes(d, { deadLetterCount: async () => 0 }),
      ...deadLetterRoutes(d, { store }),
    ],
  });

describe("key scopes: producer keys publish and list queues, operator keys also use the dead-letter routes", () => {
  const record = deadLetterRecordFactory({ id: "dl-1" });

  it.each([
    ["GET", "/queues/orders/dead-letters"],
    ["GET", "/queues/orders/dead-letters/dl-1"],
    ["POST", "/queues/orders/dead-letters/dl-1/redrive"],
    ["POST", "/queues/orders/dead-letters/redrive"],
    ["DELETE", "/queues/orders/dead-letters/dl-1"],
  ])("refuses %s %s to a producer key with 403 FORBIDDEN and touches nothing", async (method, path) => {
    // Arrange
    const store = createMemoryDeadLetterStore([record]);

    // Act
    const result = await handler(store)(apiEvent({ method, path, apiKeyId: PRODUCER }));

    // Assert
    expect(result.statusCode).toBe(403);
    expect(jsonBody(result)).toEqual({
      error: { code: "FORBIDDEN", message: expect.stringContaining("operator key") },
    });
    expect(store.records.get("dl-1")?.status).toBe("new");
  });

  it("lets an operator key read and discard a dead letter", async () => {
    // Arrange
    const store = createMemoryDeadLetterStore([record]);
    const call = handler(store);

    // Act
    const read = await call(apiEvent({ path: "/queues/orders/dead-letters/dl-1", apiKeyId: OPERATOR }));
    const discard = await call(
      apiEvent({ method: "DELETE", path: "/queues/orders/dead-letters/dl-1", apiKeyId: OPERATOR }),
    );

    // Assert
    expect(read.statusCode).toBe(200);
    expect(discard.statusCode).toBe(204);
  });

  it("lets both keys reach GET /queues and the publish routes", async () => {
    // Arrange
    const call = handler(createMemoryDeadLetterStore());
    const invalid = { body: 1 }; // no groupId: refused before SQS

    // Act
    const answers = await Promise.all(
      [PRODUCER, OPERATOR].flatMap((apiKeyId) => [
        call(apiEvent({ method: "POST", path: "/queues/orders/messages", body: invalid, apiKeyId })),
        call(
          apiEvent({
            method: "POST",
            path: "/queues/orders/messages/batch",
            body: { messages: [invalid] },
            apiKeyId,
          }),
        ),
      ]),
    );
    const listed = await call(apiEvent({ path: "/queues", apiKeyId: PRODUCER }));

    // Assert
    expect(answers.map((answer) => answer.statusCode)).toEqual([400, 400, 400, 400]);
    expect(listed.statusCode).not.toBe(403);
  });
});
