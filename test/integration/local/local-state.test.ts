import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { type SpawnedStack, spawnLocalStack } from "../../support/spawn-local-stack";

const CONFIG = fileURLToPath(new URL("./fixtures/fixture.config.ts", import.meta.url));

/** `npm start` on the fixture config, with its own DynamoDB Local and fauxqs keeping their data in `stateDir`. */
const start = (stateDir: string, args: readonly string[] = []) =>
  spawnLocalStack({ config: CONFIG, stateDir, args });

const deadLetterIds = async (stack: Pick<SpawnedStack, "url" | "operatorKey">) => {
  const response = await fetch(`${stack.url}/queues/fixture/dead-letters`, {
    headers: { "x-api-key": stack.operatorKey },
  });
  expect(response.status).toBe(200);
  const page = (await response.json()) as { items: { id: string }[] };
  return page.items.map((item) => item.id);
};

const publishPermanentFailure = async (stack: SpawnedStack): Promise<string> => {
  const response = await fetch(`${stack.url}/queues/fixture/messages`, {
    method: "POST",
    headers: { "x-api-key": stack.apiKey, "content-type": "application/json" },
    body: JSON.stringify({ body: { action: "permanent" }, groupId: "g-state", dedupId: randomUUID() }),
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { messageId: string }).messageId;
};

describe("npm start keeps its state in the state directory until --reset", () => {
  const stateDir = mkdtempSync(join(tmpdir(), "fifoq-restart-"));
  let stack: SpawnedStack | undefined;
  afterAll(async () => {
    await stack?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it("keeps the keys and a dead letter across a restart, says so, and forgets both after --reset", async () => {
    // Arrange: a first start makes the keys and, through the consumer and the recorder, a dead letter
    stack = await start(stateDir);
    const first = stack;
    const firstBanner = first.output();
    const id = await publishPermanentFailure(first);
    await vi.waitFor(async () => expect(await deadLetterIds(first)).toContain(id), {
      timeout: 30_000,
      interval: 200,
    });
    await first.stop();

    // Act: start again on the same state, then once more with --reset
    stack = await start(stateDir);
    const second = stack;
    const keptIds = await deadLetterIds(second);
    const secondBanner = second.output();
    await second.stop();
    stack = await start(stateDir, ["--reset"]);
    const third = stack;
    const idsAfterReset = await deadLetterIds(third);
    const oldOperatorKey = await fetch(`${third.url}/queues/fixture/dead-letters`, {
      headers: { "x-api-key": first.operatorKey },
    });

    // Assert: the same keys and the dead letter after the restart; the banner says what is kept once
    expect([second.apiKey, second.operatorKey]).toEqual([first.apiKey, first.operatorKey]);
    expect(keptIds).toContain(id);
    expect(firstBanner).toMatch(/state: +kept in .* across restarts/);
    expect(secondBanner).toMatch(/state: +restored from /);
    // …and after --reset, new keys, no dead letter, and the banner of a first start
    expect(third.apiKey).not.toBe(first.apiKey);
    expect(oldOperatorKey.status).toBe(403);
    expect(idsAfterReset).toEqual([]);
    expect(third.output()).toMatch(/state: +kept in .* across restarts/);
  }, 300_000);
});
