import { describe, expect, it } from "vitest";
import { fakeApi, json } from "../client/fake-api";
import { cli } from "./cli-io";

const ENV = { FIFOQ_URL: "https://api.example.test/v1", FIFOQ_API_KEY: "k", FIFOQ_OPERATOR_KEY: "op" };

const letter = (fields: Record<string, unknown>) => ({
  id: "dl-1",
  queue: "orders",
  messageId: "dl-1",
  groupId: "g",
  dedupId: "d",
  body: { n: 1 },
  attributes: {},
  receiveCount: 1,
  firstSentAt: "2024-05-01T12:00:00.000Z",
  deadLetteredAt: "2024-05-01T12:00:03.000Z",
  lastError: null,
  status: "new",
  ...fields,
});

describe("the CLI bounds and survives what a server sends", () => {
  it("cuts a huge body and a huge error message, saying where the whole is", async () => {
    // Arrange
    const shown = fakeApi(() => json(200, letter({ body: "x".repeat(200_000) })));
    const refused = fakeApi(() =>
      json(400, { error: { code: "C".repeat(5_000), message: "m".repeat(100_000) } }),
    );

    // Act
    const show = await cli(["dlq", "show", "orders", "dl-1"], { env: ENV, fetch: shown.fetch });
    const error = await cli(["queues"], { env: ENV, fetch: refused.fetch });

    // Assert
    const bodyLine = show.stdout.split("\n").find((line) => line.startsWith("  xxx")) ?? "";
    expect(bodyLine.length).toBeLessThanOrEqual(2 + 65_536);
    expect(bodyLine.endsWith("x…")).toBe(true);
    expect(show.stderr).toContain("the body is cut at 65,536 of 200,000 characters: --json prints it whole");
    expect(error.code).toBe(1);
    expect(error.stderr.length).toBeLessThan(2_300);
  });

  it("shows fields of the wrong type or an unknown status as text, without crashing", async () => {
    // Arrange: a status that names a prototype property, numbers and strings swapped, no attributes
    const api = fakeApi(() =>
      json(200, letter({ status: "__proto__", receiveCount: "many", deadLetteredAt: 5, attributes: null })),
    );

    // Act
    const show = await cli(["dlq", "show", "orders", "dl-1"], { env: ENV, fetch: api.fetch });
    const list = await cli(["dlq", "list", "orders"], {
      env: ENV,
      fetch: fakeApi(() => json(200, { items: [letter({ status: "constructor", receiveCount: null })] }))
        .fetch,
    });

    // Assert
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^status +__proto__$/m);
    expect(show.stdout).toMatch(/^receives +many$/m);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^dl-1 +g +constructor +null /m);
  });

  it("refuses a redirect from the API with exit 1 and its own code", async () => {
    // Arrange
    const api = fakeApi(() => new Response(null, { status: 301, headers: { location: "https://x.test/" } }));

    // Act
    const ran = await cli(["queues"], { env: ENV, fetch: api.fetch });

    // Assert
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain(
      'fifoq: REDIRECT_REFUSED GET https://api.example.test/v1/queues answered with a redirect (HTTP 301) to "https://x.test/"',
    );
    expect(api.seen).toHaveLength(1);
  });
});
