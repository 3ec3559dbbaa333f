import { describe, expect, it } from "vitest";
import { createApiHandler } from "../../../functions/api/create-api-handler";
import { scheduleRoutes } from "../../../functions/api/schedule-routes";
import { apiEvent, jsonBody } from "../../factories/api-gateway";
import { scheduleKitFixture } from "../../support/in-memory-schedules";
import { offlineApiDeps } from "../../support/offline-api-deps";
import { createResponseValidator } from "../../support/openapi-validator";

const OPERATOR = "operator-key-id";
const NOW = Date.UTC(2027, 0, 31, 8, 0);

/** The schedule routes on in-memory ports, with `count` API-managed schedules (`s-00`…) of `bodyChars` each. */
const setup = async (count: number, bodyChars = 1) => {
  const { deps } = scheduleKitFixture(NOW);
  const handler = createApiHandler(offlineApiDeps({ operatorKeyId: OPERATOR, now: () => NOW }), {
    routes: () => scheduleRoutes(deps),
  });
  const call = (method: string, target: string, body?: unknown) => {
    const [path = "", search = ""] = target.split("?");
    const query = Object.fromEntries(new URLSearchParams(search));
    return handler(apiEvent({ method, path, body, apiKeyId: OPERATOR, query }));
  };
  const names = Array.from({ length: count }, (_, index) => `s-${String(index).padStart(2, "0")}`);
  for (const name of [...names].reverse()) {
    const body = { cron: "0 3 * * *", queue: "orders", groupId: "g", body: "x".repeat(bodyChars) };
    expect((await call("PUT", `/schedules/${name}`, body)).statusCode).toBe(200);
  }
  return { call, names };
};

type Page = { schedules: { name: string }[]; nextCursor?: string };

/** Every page of `GET /schedules?<query>`, following `nextCursor`, with each answer's size in bytes. */
const allPages = async (call: Awaited<ReturnType<typeof setup>>["call"], query: string) => {
  const pages: { page: Page; bytes: number }[] = [];
  let cursor: string | undefined;
  do {
    const path = `/schedules?${query}${cursor ? `&cursor=${cursor}` : ""}`;
    const answer = await call("GET", path);
    expect(answer.statusCode).toBe(200);
    const page = jsonBody(answer) as Page;
    pages.push({ page, bytes: Buffer.byteLength(answer.body) });
    cursor = page.nextCursor;
  } while (cursor && pages.length < 50);
  return pages;
};

const validate = createResponseValidator();

describe("GET /schedules, a page at a time", () => {
  it("pages 20 by default: the configured schedule, then the stored ones by name, none repeated or missed", async () => {
    // Arrange
    const { call, names } = await setup(25);

    // Act
    const pages = await allPages(call, "");

    // Assert
    expect(pages.map(({ page }) => page.schedules.length)).toEqual([20, 6]);
    expect(pages.flatMap(({ page }) => page.schedules.map((schedule) => schedule.name))).toEqual([
      "nightly",
      ...names,
    ]);
    expect(pages[1]?.page.nextCursor).toBeUndefined();
    for (const { page } of pages) expect(validate("GET", "/schedules", 200, page)).toEqual([]);
  });

  it("continues after the configured schedules when a page ends exactly on the last of them", async () => {
    // Arrange
    const { call, names } = await setup(2);

    // Act
    const pages = await allPages(call, "limit=1");

    // Assert
    expect(pages.map(({ page }) => page.schedules.map((schedule) => schedule.name))).toEqual([
      ["nightly"],
      [names[0]],
      [names[1]],
    ]);
  });

  it("stops a page near 5 MB when the schedules carry large bodies, well under Lambda's 6 MB", async () => {
    // Arrange: 25 bodies of 240 KB, ~6 MB together
    const { call, names } = await setup(25, 240_000);

    // Act
    const pages = await allPages(call, "limit=100");

    // Assert
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]?.page.schedules.length).toBeLessThan(26);
    expect(Math.max(...pages.map(({ bytes }) => bytes))).toBeLessThan(5.5 * 1024 * 1024);
    expect(pages.flatMap(({ page }) => page.schedules.map((schedule) => schedule.name))).toEqual([
      "nightly",
      ...names,
    ]);
  });

  it.each([
    ["a cursor changed on the way", "cursor=eyJ2IjoxLCJzIjoiYSIsIm4iOiJOT1QgQSBOQU1FIn0", "INVALID_CURSOR"],
    ["a cursor that is no base64url JSON", "cursor=%21%21", "INVALID_CURSOR"],
    [
      "a cursor of another section",
      `cursor=${Buffer.from('{"v":1,"s":"x","n":"a"}').toString("base64url")}`,
      "INVALID_CURSOR",
    ],
    ["a limit of 0", "limit=0", "INVALID_QUERY"],
    ["a limit of 101", "limit=101", "INVALID_QUERY"],
    ["a limit that is no number", "limit=ten", "INVALID_QUERY"],
  ])("answers %s (%s) with 400 %s", async (_case, query, code) => {
    // Arrange
    const { call } = await setup(1);

    // Act
    const answer = await call("GET", `/schedules?${query}`);

    // Assert
    expect(answer.statusCode).toBe(400);
    expect(jsonBody(answer)).toMatchObject({ error: { code } });
    expect(validate("GET", "/schedules", 400, jsonBody(answer))).toEqual([]);
  });
});
