import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FifoqClient, FifoqRedirectError, FifoqResponseTooLargeError } from "../../../client/src/index.js";
import { type LoopbackServer, startLoopbackServer, streamEndlessly } from "../../support/loopback-server";

const DEFAULT_LIMIT = 16 * 1024 * 1024;
/** What loopback sockets hold between the server's writes and the client's reads (about 4 MB measured). */
const SOCKET_SLACK = 8 * 1024 * 1024;

describe("@fifoq/client against a hostile server on 127.0.0.1", () => {
  /** Where the redirects point: another port, which must never hear from the client. */
  let elsewhere: LoopbackServer;
  /** Answers 302 under /302/ and 307 under /307/, to `elsewhere`, same path. */
  let redirecting: LoopbackServer;
  /** Answers every request with a body that never ends, counting what it managed to write. */
  let endless: LoopbackServer;
  const written: number[] = [];

  beforeAll(async () => {
    elsewhere = await startLoopbackServer((_, response) => {
      response.writeHead(200, { "content-type": "application/json" }).end('{"queues":[]}');
    });
    redirecting = await startLoopbackServer((request, response) => {
      const [, status = "302", ...rest] = request.url.split("/");
      response.writeHead(Number(status), { location: `${elsewhere.origin}/${rest.join("/")}` }).end();
    });
    endless = await startLoopbackServer(async (_, response) => {
      written.push(await streamEndlessly(response));
    });
  });
  afterAll(async () => {
    await Promise.all([elsewhere?.close(), redirecting?.close(), endless?.close()]);
  });

  it.each([302, 307])(
    "never follows a %i with the producer or the operator key, nor sends the body on",
    async (status) => {
      // Arrange: a producer and an operator whose API URL redirects
      const url = `${redirecting.origin}/${status}/v1`;
      const producer = new FifoqClient({ url, apiKey: "producer-secret" });
      const operator = new FifoqClient({ url, apiKey: "operator-secret" });
      const before = redirecting.received.length;

      // Act
      const published = await producer
        .publish("orders", { body: { orderId: "o-1", amount: 1 }, groupId: "g", dedupId: "d" })
        .catch((error: unknown) => error);
      const redriven = await operator.redriveDeadLetter("orders", "dl-1").catch((error: unknown) => error);
      const listed = await operator.listDeadLetters("orders").catch((error: unknown) => error);

      // Assert: the other port heard nothing; each request was refused once, naming where it pointed
      expect(elsewhere.received).toEqual([]);
      for (const error of [published, redriven, listed]) {
        expect(error).toBeInstanceOf(FifoqRedirectError);
        expect(error).toMatchObject({ code: "REDIRECT_REFUSED", status });
        expect((error as FifoqRedirectError).location).toMatch(
          new RegExp(`^${elsewhere.origin}/v1/queues/orders`),
        );
      }
      expect(redirecting.received.length - before).toBe(3);
      expect(redirecting.received.at(-3)?.headers["x-api-key"]).toBe("producer-secret");
    },
  );

  it("stops reading an endless answer at the 16 MiB default, attempted once, neither buffered nor retried", async () => {
    // Arrange
    const client = new FifoqClient({ url: `${endless.origin}/v1`, apiKey: "k" });
    const before = endless.received.length;

    // Act
    const error = await client.queues().catch((caught: unknown) => caught);
    await expect.poll(() => written.length).toBe(before + 1);

    // Assert: the server could write the limit and what the sockets hold, never more
    expect(error).toBeInstanceOf(FifoqResponseTooLargeError);
    expect(error).toMatchObject({ code: "RESPONSE_TOO_LARGE", limitBytes: DEFAULT_LIMIT });
    expect(endless.received.length - before).toBe(1);
    expect(written.at(-1)).toBeGreaterThan(DEFAULT_LIMIT);
    expect(written.at(-1)).toBeLessThan(DEFAULT_LIMIT + SOCKET_SLACK);
  });

  it("honours a smaller maxResponseBytes the same way", async () => {
    // Arrange
    const client = new FifoqClient({ url: `${endless.origin}/v1`, apiKey: "k", maxResponseBytes: 100_000 });
    const before = endless.received.length;

    // Act
    const error = await client.listDeadLetters("orders").catch((caught: unknown) => caught);
    await expect.poll(() => written.length).toBe(before + 1);

    // Assert
    expect(error).toMatchObject({ code: "RESPONSE_TOO_LARGE", limitBytes: 100_000 });
    expect(endless.received.length - before).toBe(1);
    expect(written.at(-1)).toBeLessThan(100_000 + SOCKET_SLACK);
  });
});
