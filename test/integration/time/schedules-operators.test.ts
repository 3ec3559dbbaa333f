import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { FifoqClient } from "../../../client/src/index";
import { runFifoq } from "../../support/run-fifoq";
import { useFixtureStack } from "../local/fixture-stack";

/** The client's and the CLI's schedule operations against the served routes of the local stack (issue 19). */
describe("recurring schedules from the client and the CLI, through the local stack", () => {
  const stack = useFixtureStack({});
  const definition = {
    cron: "0 9 * * 1-5",
    timezone: "Europe/Berlin",
    queue: "fixture",
    groupId: "reports",
    body: { action: "ok" },
  };

  it("puts, shows, pauses, resumes, lists and deletes a schedule with the client", async () => {
    // Arrange
    const client = new FifoqClient({ url: stack.url, apiKey: stack.operatorKey });
    const name = `client-${randomUUID().slice(0, 8)}`;

    // Act
    const put = await client.putSchedule(name, definition);
    const paused = await client.pauseSchedule(name);
    const resumed = await client.resumeSchedule(name);
    const listed = await client.schedules();
    await client.deleteSchedule(name);
    const gone = await client.getSchedule(name).catch((error: unknown) => error);

    // Assert
    expect(put).toMatchObject({ name, ...definition, paused: false });
    expect(put.nextFires.length).toBeGreaterThan(0);
    expect(paused).toMatchObject({ name, paused: true, nextFires: [] });
    expect(resumed.paused).toBe(false);
    expect(listed.map((schedule) => schedule.name)).toContain(name);
    expect(gone).toMatchObject({ status: 404 });
  });

  it("does the same with fifoq schedules …, and the producer key is refused", async () => {
    // Arrange
    const name = `cli-${randomUUID().slice(0, 8)}`;
    const env = { FIFOQ_URL: stack.url, FIFOQ_API_KEY: stack.operatorKey, NO_COLOR: "1" };
    const fifoq = (...args: string[]) => runFifoq(["--json", "schedules", ...args], env);

    // Act
    const put = await fifoq("put", name, JSON.stringify(definition));
    const paused = await fifoq("pause", name);
    const listed = await fifoq("list");
    const removed = await fifoq("delete", name);
    const after = await fifoq("show", name);
    const producer = await runFifoq(["schedules", "list"], { ...env, FIFOQ_API_KEY: stack.apiKey });

    // Assert
    expect(put.code).toBe(0);
    expect(JSON.parse(put.stdout)).toMatchObject({ name, paused: false });
    expect(JSON.parse(paused.stdout)).toMatchObject({ name, paused: true });
    expect(listed.stdout).toContain(name);
    expect(removed.code).toBe(0);
    expect(after.code).toBe(1);
    expect(producer.code).toBe(1);
    expect(producer.stderr).toContain("FORBIDDEN");
  });
});
