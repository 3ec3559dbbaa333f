import { describe, expect, it } from "vitest";
import { answerBatch, apiError, fakeApi, json } from "../client/fake-api";
import { cli } from "./cli-io";

const ENV = {
  FIFOQ_URL: "https://api.example.test/v1",
  FIFOQ_API_KEY: "producer-key",
  FIFOQ_OPERATOR_KEY: "operator-key",
};
const QUEUES = { queues: [{ name: "orders", depth: 3, inFlight: 1, deadLetters: 2 }] };

describe("fifoq CLI (in process, fake API)", () => {
  it("prints help with exit code 0 and refuses an unknown command with exit code 2", async () => {
    // Act
    const help = await cli(["--help"]);
    const unknown = await cli(["bogus"]);

    // Assert
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: fifoq");
    expect(help.stdout).toContain("Exit codes: 0 done, 1 the API refused");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'bogus'");
  });

  it("refuses a body that is not JSON and a message without --group with exit code 2, sending nothing", async () => {
    // Arrange
    const api = fakeApi(() => json(202, {}));

    // Act
    const badJson = await cli(["send", "orders", "{oops"], { env: ENV, fetch: api.fetch });
    const noGroup = await cli(["send", "orders", "{}"], { env: ENV, fetch: api.fetch });

    // Assert
    expect(badJson).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("<json-body> is not valid JSON"),
    });
    expect(noGroup).toMatchObject({ code: 2, stderr: expect.stringContaining("--group <id> is required") });
    expect(api.seen).toHaveLength(0);
  });

  it("uses the producer key for queues and the operator key for dead letters", async () => {
    // Arrange
    const api = fakeApi((request) =>
      request.url.pathname.endsWith("/queues") ? json(200, QUEUES) : json(200, { items: [] }),
    );

    // Act
    const queues = await cli(["queues"], { env: ENV, fetch: api.fetch });
    const list = await cli(["dlq", "list", "orders", "--status", "new"], { env: ENV, fetch: api.fetch });

    // Assert
    expect(queues.code).toBe(0);
    expect(queues.stdout).toBe(
      "QUEUE   DEPTH  IN FLIGHT  DEAD LETTERS\norders      3          1             2\n",
    );
    expect(list).toMatchObject({ code: 0, stdout: "no dead letters on orders matching the filter\n" });
    expect(api.seen.map((request) => request.headers["x-api-key"])).toEqual(["producer-key", "operator-key"]);
  });

  it("prints the API's code and exits 1 when it refuses; --json puts the error on stderr as JSON", async () => {
    // Arrange
    const api = fakeApi(() => apiError(403, "FORBIDDEN"));

    // Act
    const human = await cli(["dlq", "show", "orders", "x"], { env: ENV, fetch: api.fetch });
    const machine = await cli(["dlq", "show", "orders", "x", "--json"], { env: ENV, fetch: api.fetch });

    // Assert
    expect(human.code).toBe(1);
    expect(human.stderr).toContain("fifoq: FORBIDDEN FORBIDDEN from the fake API (HTTP 403)");
    expect(human.stderr).toContain("need an operator key");
    expect(machine.code).toBe(1);
    expect(machine.stdout).toBe("");
    expect(JSON.parse(machine.stderr)).toEqual({
      error: { code: "FORBIDDEN", message: "FORBIDDEN from the fake API (HTTP 403)" },
    });
  });

  it("sends NDJSON from standard input in batches and summarises, exit 1 when some failed", async () => {
    // Arrange
    const api = fakeApi(answerBatch((entry) => entry.dedupId === "bad"));
    const stdin = [
      '{"body":1,"groupId":"a","dedupId":"ok-1"}',
      "",
      '{"body":2,"groupId":"b","dedupId":"bad"}',
    ].join("\n");

    // Act
    const human = await cli(["send", "orders", "--file", "-"], { env: ENV, fetch: api.fetch, stdin });
    const machine = await cli(["send", "orders", "--file", "-", "--json"], {
      env: ENV,
      fetch: api.fetch,
      stdin,
    });

    // Assert
    expect(human.code).toBe(1);
    expect(human.stdout).toBe("1 accepted, 1 failed of 2\n  line 3: REJECTED_BY_QUEUE refused\n");
    expect(JSON.parse(machine.stdout)).toEqual({
      accepted: 1,
      failed: 1,
      failures: [{ line: 3, code: "REJECTED_BY_QUEUE", message: "refused", retryable: false }],
    });
  });

  it("redrives --all following more: true and prints the total", async () => {
    // Arrange
    const answers = [QUEUES, { redriven: 1, more: true }, { redriven: 1 }];
    const api = fakeApi((_, seen) => json(seen.length === 1 ? 200 : 202, answers[seen.length - 1]));

    // Act
    const result = await cli(["dlq", "redrive", "orders", "--all"], { env: ENV, fetch: api.fetch });

    // Assert
    expect(result).toMatchObject({ code: 0, stdout: "redriven 2 dead letter(s) of orders in 2 call(s)\n" });
  });

  it("needs a target: no URL is a usage error (exit 2) that says where the URL comes from", async () => {
    const result = await cli(["queues"], { env: {}, cwd: "/" });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no API URL: pass --url or set FIFOQ_URL");
  });
});
