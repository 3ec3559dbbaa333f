import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseDuration } from "../../../client/src/cli/timing-flags.js";
import { startTimeStub } from "../client/time-stub";
import { cli } from "./cli-io";

describe("fifoq CLI: delayed messages (against a stub of the API on 127.0.0.1)", () => {
  let stub: Awaited<ReturnType<typeof startTimeStub>>;
  let env: Record<string, string>;

  beforeEach(async () => {
    stub = await startTimeStub(3);
    env = { FIFOQ_URL: stub.url, FIFOQ_API_KEY: "producer-key", FIFOQ_OPERATOR_KEY: "operator-key" };
  });
  afterEach(() => stub.close());

  it("reads 90s, 10m, 2h, 3d and bare seconds, and refuses other durations", () => {
    // Act
    const read = ["90s", "10m", "2h", "3d", "45"].map(parseDuration);

    // Assert
    expect(read).toEqual([90, 600, 7200, 259_200, 45]);
    for (const bad of ["", "10x", "1.5m", "-5s", "366d", "m"]) expect(() => parseDuration(bad)).toThrow();
  });

  it("sends --delay as delaySeconds and --at as notBefore, and prints the scheduled id", async () => {
    // Act
    const delayed = await cli(["send", "orders", "{}", "--group", "g", "--dedup", "d", "--delay", "10m"], {
      env,
    });
    const at = await cli(
      ["--json", "send", "orders", "{}", "--group", "g", "--dedup", "e", "--at", "2027-01-31T10:00:00+01:00"],
      { env },
    );

    // Assert
    expect(delayed).toMatchObject({ code: 0, stderr: "" });
    expect(delayed.stdout).toBe(
      "scheduled s-new on orders (group g, dedup d), released at 2027-01-31T09:00:00.000Z\n",
    );
    expect(JSON.parse(at.stdout)).toMatchObject({ scheduledId: "s-new", dedupId: "e" });
    expect(stub.seen.map((request) => JSON.parse(request.body))).toEqual([
      { body: {}, groupId: "g", dedupId: "d", delaySeconds: 600 },
      { body: {}, groupId: "g", dedupId: "e", notBefore: "2027-01-31T10:00:00+01:00" },
    ]);
  });

  it("refuses --delay with --at, a bad duration and a time without a zone (exit 2, nothing sent)", async () => {
    // Act
    const both = await cli(
      ["send", "orders", "{}", "--group", "g", "--delay", "1m", "--at", "2027-01-01T00:00:00Z"],
      {
        env,
      },
    );
    const badDelay = await cli(["send", "orders", "{}", "--group", "g", "--delay", "soon"], { env });
    const badAt = await cli(["send", "orders", "{}", "--group", "g", "--at", "2027-01-01 00:00"], { env });

    // Assert
    expect(both).toMatchObject({ code: 2, stderr: expect.stringContaining("either --delay or --at") });
    expect(badDelay).toMatchObject({ code: 2, stderr: expect.stringContaining("90s, 10m, 2h, 3d") });
    expect(badAt).toMatchObject({ code: 2, stderr: expect.stringContaining("not an RFC 3339 time") });
    expect(stub.seen).toHaveLength(0);
  });

  it("lists a page with the next cursor, shows one, and --json prints the page", async () => {
    // Act
    const list = await cli(["scheduled", "list", "orders", "--limit", "2"], { env });
    const json = await cli(["--json", "scheduled", "list", "orders", "--cursor", "s-02"], { env });
    const show = await cli(["scheduled", "show", "orders", "s-01"], { env });

    // Assert
    expect(list.code).toBe(0);
    expect(list.stdout.split("\n")[0]).toMatch(/^ID\s+GROUP\s+DEDUP\s+STATE\s+RELEASE AT \(UTC\)$/);
    expect(list.stdout).toContain("s-02  g-1    d-s-02  scheduled  2027-01-31 09:00:00");
    expect(list.stderr).toContain("more: fifoq scheduled list orders --cursor s-02");
    expect(JSON.parse(json.stdout).items.map((item: { id: string }) => item.id)).toEqual(["s-03"]);
    expect(show.stdout).toContain("release at      2027-01-31 09:00:00");
    expect(stub.seen.map((request) => request.url.search)).toEqual(["?limit=2", "?cursor=s-02", ""]);
  });

  it("cancels before release (exit 0) and exits 1 with ALREADY_RELEASED after it", async () => {
    // Act
    const cancelled = await cli(["scheduled", "cancel", "orders", "s-01"], { env });
    const late = await cli(["scheduled", "cancel", "orders", "s-03"], { env });
    const noId = await cli(["scheduled", "cancel", "orders"], { env });

    // Assert
    expect(cancelled).toMatchObject({ code: 0, stdout: "cancelled s-01 on orders\n" });
    expect(late.code).toBe(1);
    expect(late.stderr).toContain("ALREADY_RELEASED");
    expect(noId.code).toBe(2);
    expect(stub.items.map((item) => item.state)).toEqual(["cancelled", "scheduled", "released"]);
  });

  it("escapes control characters of the API's text", async () => {
    // Arrange
    stub.items.splice(0, 1, { ...(stub.items[0] as (typeof stub.items)[number]), groupId: "g\u001b[2J" });

    // Act
    const list = await cli(["scheduled", "list", "orders"], { env });
    const show = await cli(["scheduled", "show", "orders", "s-01"], { env });

    // Assert
    expect(list.stdout).not.toContain("\u001b");
    expect(list.stdout).toContain("g\\x1b[2J");
    expect(show.stdout).not.toContain("\u001b");
  });
});

describe("fifoq CLI: schedules and status (against a stub of the API on 127.0.0.1)", () => {
  let stub: Awaited<ReturnType<typeof startTimeStub>>;
  let env: Record<string, string>;

  beforeEach(async () => {
    stub = await startTimeStub(1);
    env = { FIFOQ_URL: stub.url, FIFOQ_OPERATOR_KEY: "operator-key" };
  });
  afterEach(() => stub.close());

  it("lists schedules with their next fire, and puts one from an argument or standard input", async () => {
    // Arrange
    const definition = '{"cron":"0 * * * *","queue":"orders","groupId":"g","body":1}';

    // Act
    const list = await cli(["schedules", "list"], { env });
    const fromArg = await cli(["schedules", "put", "hourly", definition], { env });
    const fromStdin = await cli(["--json", "schedules", "put", "hourly2", "--file", "-"], {
      env,
      stdin: definition,
    });

    // Assert
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(
      /daily-report\s+0 9 \* \* 1-5\s+Europe\/Berlin\s+orders\s+active\s+2027-02-01 08:00:00/,
    );
    expect(fromArg).toMatchObject({ code: 0, stdout: expect.stringMatching(/^saved hourly\n/) });
    expect(JSON.parse(fromStdin.stdout)).toMatchObject({ name: "hourly2", cron: "0 * * * *" });
    expect(stub.seen.filter((request) => request.method === "PUT").map((request) => request.body)).toEqual([
      definition,
      definition,
    ]);
  });

  it("refuses a put without a definition, with two, or with bad JSON (exit 2, nothing sent)", async () => {
    // Act
    const none = await cli(["schedules", "put", "x"], { env });
    const bad = await cli(["schedules", "put", "x", "{oops"], { env });
    const array = await cli(["schedules", "put", "x", "[]"], { env });

    // Assert
    expect(none).toMatchObject({ code: 2, stderr: expect.stringContaining("one of the two") });
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining("not valid JSON") });
    expect(array).toMatchObject({ code: 2, stderr: expect.stringContaining("must be a JSON object") });
    expect(stub.seen).toHaveLength(0);
  });

  it("pauses, resumes and deletes, and exits 1 with NOT_FOUND for an unknown schedule", async () => {
    // Act
    const paused = await cli(["schedules", "pause", "daily-report"], { env });
    const resumed = await cli(["schedules", "resume", "daily-report"], { env });
    const deleted = await cli(["schedules", "delete", "daily-report"], { env });
    const missing = await cli(["schedules", "show", "daily-report"], { env });

    // Assert
    expect(paused.stdout).toMatch(/^paused daily-report\n[\s\S]*paused/);
    expect(resumed.stdout).toContain("next fires: 2027-02-01 08:00:00, 2027-02-02 08:00:00");
    expect(deleted).toMatchObject({ code: 0, stdout: "deleted daily-report\n" });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("NOT_FOUND");
  });

  it("prints a message's status, and needs --group", async () => {
    // Act
    const found = await cli(["status", "orders", "order-1", "--group", "g"], { env });
    const noGroup = await cli(["status", "orders", "order-1"], { env });

    // Assert
    expect(found).toMatchObject({
      code: 0,
      stdout: "processed order-1 on orders (group g) at 2027-01-01T00:00:00.000Z after 2 attempt(s)\n",
    });
    expect(noGroup).toMatchObject({ code: 2, stderr: expect.stringContaining("--group <id> is required") });
  });
});
