import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConsumerModuleError } from "../../../local/errors";
import { createFunctionPool, type FunctionPool } from "../../../local/functions/worker/function-pool";
import { sqsRecordFactory } from "../../factories/sqs";
import { createMemoryLogger } from "../../support/memory-logger";
import type { PoolBody } from "./fixtures/pool-consumer";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const TIMEOUT_MS = 2000;

/** No idempotency window and no table: the consumer's edge needs no emulator for these records. */
const consumerEnv = (effects: string) => ({
  POOL_EFFECTS: effects,
  FIFOQ_QUEUE_NAME: "pool",
  FIFOQ_DLQ_URL: "http://127.0.0.1:9/000000000000/pool-dlq.fifo",
  FIFOQ_IDEMPOTENCY_WINDOW_SECONDS: "0",
  FIFOQ_DEDUP_SCOPE: "messageGroup",
  FIFOQ_SQS_ENDPOINT: "http://127.0.0.1:9",
});

const eventOf = (...bodies: PoolBody[]) => ({
  Records: bodies.map((body) => sqsRecordFactory({ body, groupId: body.id, messageId: `m-${body.id}` })),
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("consumer pool: each invocation in a worker, stopped at its deadline", () => {
  const logger = createMemoryLogger();
  let dir: string;
  let effects: string;
  let pool: FunctionPool;
  const never = new AbortController().signal;

  const start = (modulePath = fixture("pool-consumer.ts")) =>
    createFunctionPool({
      modulePath,
      moduleError: (reason) => new ConsumerModuleError("pool", modulePath, reason),
      settings: {
        functionName: "fifoq-pool-consumer",
        timeoutMs: TIMEOUT_MS,
        memorySizeMb: 256,
        region: "us-east-1",
      },
      env: consumerEnv(effects),
      logger,
    });

  /** Effect lines as `[what, id, threadId]`. */
  const effectLines = () =>
    existsSync(effects)
      ? readFileSync(effects, "utf8")
          .trim()
          .split("\n")
          .map((line) => line.split(" "))
      : [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "fifoq-pool-"));
    effects = join(dir, "effects.log");
  });
  afterEach(async () => {
    await pool?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs the module's handler through its own edge and answers with its batch response", async () => {
    // Arrange
    pool = start();
    await pool.warm();

    // Act
    const result = await pool.invoke(eventOf({ id: "a", action: "write" }), "req-1", never);

    // Assert
    expect(result).toEqual({ kind: "returned", value: { batchItemFailures: [] } });
    expect(effectLines().map(([what, id]) => [what, id])).toEqual([["done", "a"]]);
    expect(logger.lines).toContainEqual(expect.objectContaining({ outcome: "processed", queue: "pool" }));
  });

  it("has every line an invocation wrote (stdout and console) by the time it answers, though its worker then freezes", async () => {
    // Arrange
    pool = start();
    await pool.warm();
    const ids = Array.from({ length: 10 }, (_, n) => `line-${n}`);

    // Act
    const result = await pool.invoke(
      eventOf(...ids.map((id) => ({ id, action: "write" as const }))),
      "req-lines",
      never,
    );
    const seen = logger.lines.map((line) => line.messageId ?? line.message);

    // Assert: every record's outcome line and console line, read as soon as the answer came
    expect(result.kind).toBe("returned");
    for (const id of ids) {
      expect(seen).toContain(`m-${id}`);
      expect(seen).toContain(`console ${id}`);
    }
  });

  it("reuses a warm worker for the next invocation", async () => {
    // Arrange
    pool = start();

    // Act
    await pool.invoke(eventOf({ id: "a", action: "write" }), "req-1", never);
    await pool.invoke(eventOf({ id: "b", action: "write" }), "req-2", never);

    // Assert
    const [first, second] = effectLines();
    expect(first?.[2]).toBeDefined();
    expect(second?.[2]).toBe(first?.[2]);
  });

  it("stops a handler sleeping past the deadline: its later effect never happens, and the next invocation runs in a fresh worker", async () => {
    // Arrange
    pool = start();
    await pool.warm();

    // Act
    const timedOut = await pool.invoke(
      eventOf({ id: "slow", action: "sleep-then-write", ms: TIMEOUT_MS + 1000 }),
      "req-1",
      never,
    );
    await sleep(2000);
    const next = await pool.invoke(eventOf({ id: "next", action: "write" }), "req-2", never);

    // Assert
    expect(timedOut).toEqual({ kind: "timed-out" });
    expect(next).toEqual({ kind: "returned", value: { batchItemFailures: [] } });
    expect(effectLines().map(([what, id]) => [what, id])).toEqual([["done", "next"]]);
  });

  it("freezes a worker between invocations: a promise left pending resumes only in the next invocation", async () => {
    // Arrange
    pool = start();
    await pool.warm();

    // Act
    await pool.invoke(eventOf({ id: "left", action: "leave-pending", ms: 50 }), "req-1", never);
    await sleep(500);
    const whileFrozen = effectLines();
    await pool.invoke(eventOf({ id: "next", action: "sleep-then-write", ms: 200 }), "req-2", never);

    // Assert
    expect(whileFrozen).toEqual([]);
    expect(effectLines().map(([what, id]) => [what, id])).toEqual([
      ["resumed", "left"],
      ["done", "next"],
    ]);
  });

  it("reports a worker that exits during an invocation as a function error, then starts a fresh one", async () => {
    // Arrange
    pool = start();

    // Act
    const crashed = await pool.invoke(eventOf({ id: "x", action: "exit" }), "req-1", never);
    const next = await pool.invoke(eventOf({ id: "next", action: "write" }), "req-2", never);

    // Assert
    expect(crashed).toMatchObject({
      kind: "threw",
      error: { message: expect.stringMatching(/exited with code 3/) },
    });
    expect(next.kind).toBe("returned");
  });

  it("is abandoned when the mapping's stop grace runs out, and the worker stops", async () => {
    // Arrange
    pool = start();
    await pool.warm();
    const abandon = new AbortController();

    // Act
    const pending = pool.invoke(
      eventOf({ id: "slow", action: "sleep-then-write", ms: 1000 }),
      "req-1",
      abandon.signal,
    );
    await sleep(200);
    abandon.abort();
    const result = await pending;
    await sleep(1500);

    // Assert
    expect(result).toEqual({ kind: "abandoned" });
    expect(effectLines()).toEqual([]);
  });

  it("refuses a module without `handler = defineConsumer(...)` when warming, naming the queue and the path", async () => {
    // Arrange
    pool = start(fixture("not-a-consumer.ts"));

    // Act
    const warming = pool.warm();

    // Assert
    await expect(warming).rejects.toThrow(ConsumerModuleError);
    await expect(warming).rejects.toThrow(
      /queue "pool": consumer module .*not-a-consumer\.ts must `export const handler/,
    );
  });
});
