import { describe, expect, it } from "vitest";
import { stackCaller } from "../../support/stack-call";
import { useFixtureStack } from "../local/fixture-stack";

describe("recurring schedules over the API of the local stack (records in DynamoDB Local, its IAM checked)", () => {
  const stack = useFixtureStack();

  const call = stackCaller(
    () => stack.url,
    () => stack.operatorKey,
  );
  const definition = {
    cron: "0 9 * * 1-5",
    timezone: "Europe/Berlin",
    queue: "fixture",
    groupId: "g",
    body: 1,
  };

  it("creates, lists, pauses, resumes and deletes a schedule; a producer key may not", async () => {
    // Act
    const put = await call("PUT", "/schedules/weekday", definition);
    const listed = await call("GET", "/schedules");
    const paused = await call("POST", "/schedules/weekday/pause");
    const shown = await call("GET", "/schedules/weekday");
    const resumed = await call("POST", "/schedules/weekday/resume");
    const byProducer = await call("DELETE", "/schedules/weekday", undefined, stack.apiKey);
    const deleted = await call("DELETE", "/schedules/weekday");
    const gone = await call("GET", "/schedules/weekday");

    // Assert
    expect(put).toMatchObject({ status: 200, body: { name: "weekday", paused: false } });
    expect(listed.body?.schedules).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "weekday" })]),
    );
    expect(paused).toMatchObject({ status: 200, body: { paused: true, nextFires: [] } });
    expect(shown.body).toMatchObject({ paused: true });
    expect(resumed.body).toMatchObject({ paused: false });
    expect(resumed.body?.nextFires).toHaveLength(5);
    expect(byProducer.status).toBe(403);
    expect(deleted.status).toBe(204);
    expect(gone.status).toBe(404);
  });

  it("refuses a bad time zone with 400 INVALID_SCHEDULE naming the field", async () => {
    // Act
    const answer = await call("PUT", "/schedules/weekday", { ...definition, timezone: "Mars/Olympus" });

    // Assert
    expect(answer).toMatchObject({
      status: 400,
      body: { error: { code: "INVALID_SCHEDULE", details: [{ field: "timezone" }] } },
    });
  });

  it("pages GET /schedules: 25 stored schedules come back over two pages, none repeated or missed", async () => {
    // Arrange
    const names = Array.from({ length: 25 }, (_, index) => `paged-${String(index).padStart(2, "0")}`);
    for (const name of names) expect((await call("PUT", `/schedules/${name}`, definition)).status).toBe(200);

    // Act
    const pages: { schedules: { name: string }[]; nextCursor?: string }[] = [];
    let cursor: string | undefined;
    do {
      const answer = await call("GET", `/schedules${cursor ? `?cursor=${cursor}` : ""}`);
      expect(answer.status).toBe(200);
      const page = answer.body as { schedules: { name: string }[]; nextCursor?: string };
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor && pages.length < 10);
    const forged = Buffer.from(JSON.stringify({ v: 1, s: "a", n: "Not A Name" })).toString("base64url");
    const tampered = await call("GET", `/schedules?cursor=${forged}`);

    // Assert
    const listed = pages.flatMap((page) => page.schedules.map((schedule) => schedule.name));
    expect(pages).toHaveLength(2);
    expect(pages[0]?.schedules).toHaveLength(20);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.filter((name) => name.startsWith("paged-"))).toEqual(names);
    expect(tampered).toMatchObject({ status: 400, body: { error: { code: "INVALID_CURSOR" } } });
  });
});
