import { describe, expect, it } from "vitest";
import { apiError, fakeApi, json } from "../client/fake-api";
import { cli } from "./cli-io";

const env = { FIFOQ_URL: "https://api.example.test/v1", FIFOQ_OPERATOR_KEY: "operator-key" };

/** A dead letter as the API returns it, left `redriving` by a redrive claimed at `claimedAt`. */
const letter = (claimedAt: string) => ({
  id: "dl-1",
  queue: "orders",
  messageId: "dl-1",
  groupId: "g",
  dedupId: "d",
  body: { amount: -1 },
  attributes: {},
  receiveCount: 1,
  firstSentAt: "2020-01-01T00:00:00.000Z",
  deadLetteredAt: "2020-01-01T00:00:01.000Z",
  lastError: null,
  status: "redriving",
  redriveClaimedAt: claimedAt,
});

describe("fifoq dlq redrive --force and uncertain redrives (against a fake API)", () => {
  it("explains REDRIVE_UNCERTAIN (exit 1) and sends ?force=true only with --force", async () => {
    // Arrange
    const api = fakeApi((request) =>
      request.url.searchParams.get("force") === "true"
        ? json(202, { id: "dl-1", status: "redriven", messageId: "m-2" })
        : apiError(409, "REDRIVE_UNCERTAIN"),
    );

    // Act
    const refused = await cli(["dlq", "redrive", "orders", "dl-1"], { env, fetch: api.fetch });
    const forced = await cli(["dlq", "redrive", "orders", "dl-1", "--force"], { env, fetch: api.fetch });

    // Assert
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("REDRIVE_UNCERTAIN");
    expect(refused.stderr).toContain("add --force to send it anyway");
    expect(forced).toMatchObject({ code: 0, stdout: "redriven dl-1 → message m-2 on orders\n" });
    expect(api.seen.map((request) => request.url.search)).toEqual(["", "?force=true"]);
  });

  it("refuses --force with --all (exit 2, nothing sent): redrive-all never forces", async () => {
    // Arrange
    const api = fakeApi(() => json(202, { redriven: 0 }));

    // Act
    const result = await cli(["dlq", "redrive", "orders", "--all", "--force"], { env, fetch: api.fetch });

    // Assert
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--all never forces");
    expect(api.seen).toHaveLength(0);
  });

  it("--all lists the uncertain ones it did not send and exits 1; --json carries them", async () => {
    // Arrange
    const api = fakeApi((request) =>
      request.url.pathname.endsWith("/redrive")
        ? json(202, { redriven: 2, uncertain: ["dl-7", "dl-\u001b[31m8"] })
        : json(200, { queues: [{ name: "orders", depth: 0, inFlight: 0, deadLetters: 4 }] }),
    );

    // Act
    const human = await cli(["dlq", "redrive", "orders", "--all"], { env, fetch: api.fetch });
    const machine = await cli(["--json", "dlq", "redrive", "orders", "--all"], { env, fetch: api.fetch });

    // Assert
    expect(human.code).toBe(1);
    expect(human.stdout).toContain("2 uncertain (left redriving over 5 minutes ago; they may have run)");
    expect(human.stdout).toContain("  dl-7\n  dl-\\x1b[31m8\n");
    expect(human.stdout + human.stderr).toContain("fifoq dlq redrive orders <id> --force");
    expect(machine.code).toBe(1);
    expect(JSON.parse(machine.stdout)).toMatchObject({ redriven: 2, uncertain: ["dl-7", "dl-\u001b[31m8"] });
    expect(api.seen.every((request) => request.url.searchParams.get("force") === null)).toBe(true);
  });

  it("dlq show and list mark a record left redriving long ago as uncertain, with the command to force it", async () => {
    // Arrange: claimed in 2020, long past SQS's 5-minute window whatever the clock says
    const api = fakeApi((request) =>
      request.url.pathname.endsWith("/dead-letters")
        ? json(200, { items: [letter("2020-01-01T00:00:02.000Z")] })
        : json(200, letter("2020-01-01T00:00:02.000Z")),
    );

    // Act
    const shown = await cli(["dlq", "show", "orders", "dl-1"], { env, fetch: api.fetch });
    const listed = await cli(["dlq", "list", "orders"], { env, fetch: api.fetch });

    // Assert
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/status +redriving \(uncertain\)\n/);
    expect(shown.stdout).toMatch(/redrive claimed +2020-01-01 00:00:02\n/);
    expect(shown.stdout).toContain("it may have been sent and run");
    expect(shown.stdout).toContain("fifoq dlq redrive orders dl-1 --force");
    expect(listed.stdout).toContain("redriving (uncertain)");
  });

  it("a record claimed a moment ago is redriving, not uncertain (a redrive finishes it)", async () => {
    // Arrange: claimed far in the future of any test clock, so always within the window
    const api = fakeApi(() => json(200, letter("2999-01-01T00:00:00.000Z")));

    // Act
    const shown = await cli(["dlq", "show", "orders", "dl-1"], { env, fetch: api.fetch });

    // Assert
    expect(shown.stdout).toMatch(/status +redriving\n/);
    expect(shown.stdout).not.toContain("uncertain");
  });
});
