import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoopbackServer, startLoopbackServer } from "../../support/loopback-server";
import { runFifoq } from "../../support/run-fifoq";
import { UNSAFE_TEXT } from "../../support/unsafe-text";

const ESC = "\u001b";
const BEL = "\u0007";

/** A dead letter whose every string tries to forge output: line breaks, a bidi override, escapes. */
const HOSTILE_LETTER = {
  id: "dl-1",
  queue: "orders",
  messageId: "dl-1",
  groupId: "g\u2066",
  dedupId: "d-1",
  body: `text\nstatus          discarded${ESC}[2J`,
  attributes: { "k\nstatus          discarded": "v\u202e" },
  receiveCount: 3,
  firstSentAt: "2024-05-01T12:00:00.000Z",
  deadLetteredAt: "2024-05-01T12:00:03.000Z",
  lastError: {
    name: "Error",
    message: `boom\ndl-forged  g  redriven\n\u202enevirder`,
    at: "2024-05-01T12:00:03.000Z",
  },
  status: "new",
};

const json = (status: number, body: unknown) => ({ status, body: JSON.stringify(body) });

/** The hostile API's answers, by method and path (after its `/v1`). */
const answer = (method: string, path: string) => {
  if (method === "GET" && /^\/queues\/orders\/dead-letters(\?|$)/.test(path))
    return json(200, { items: [HOSTILE_LETTER] });
  if (method === "GET" && path === "/queues/orders/dead-letters/dl-1") return json(200, HOSTILE_LETTER);
  const code = `${ESC}]0;pwned${BEL}${ESC}[2J`;
  return json(400, { error: { code, message: `bad\nfifoq: all good${ESC}[0m` } });
};

describe("the fifoq CLI against a hostile server on 127.0.0.1", () => {
  let elsewhere: LoopbackServer;
  let hostile: LoopbackServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    elsewhere = await startLoopbackServer((_, response) => {
      response.writeHead(200, { "content-type": "application/json" }).end('{"items":[]}');
    });
    hostile = await startLoopbackServer((request, response) => {
      const redirect = /^\/r(30[27])(\/.*)$/.exec(request.url);
      if (redirect) {
        response.writeHead(Number(redirect[1]), { location: `${elsewhere.origin}${redirect[2]}` }).end();
        return;
      }
      const { status, body } = answer(request.method, request.url.replace(/^\/v1/, ""));
      response.writeHead(status, { "content-type": "application/json" }).end(body);
    });
    env = {
      FIFOQ_URL: `${hostile.origin}/v1`,
      FIFOQ_API_KEY: "producer-secret",
      FIFOQ_OPERATOR_KEY: "operator-secret",
    };
  });
  afterAll(async () => {
    await Promise.all([elsewhere?.close(), hostile?.close()]);
  });

  it("lists a dead letter whose lastError tries to forge a redriven row, as one escaped row", async () => {
    // Act
    const listed = await runFifoq(["dlq", "list", "orders"], env);
    const asJson = await runFifoq(["dlq", "list", "orders", "--json"], env);

    // Assert: one header, one row; the forgery spelled out inside it
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toMatch(UNSAFE_TEXT);
    const lines = listed.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^dl-1 +g\\u2066 +new +3 /);
    expect(lines[1]).toContain("boom\\ndl-forged  g  redriven\\n\\u202enevirder");
    expect(lines.filter((line) => /redriven\s*$/.test(line))).toEqual([]);
    expect(asJson.stdout).not.toMatch(UNSAFE_TEXT);
    expect(JSON.parse(asJson.stdout).items[0]).toEqual(HOSTILE_LETTER);
  });

  it("shows a dead letter whose strings try to forge a status discarded line, each on its own escaped line", async () => {
    // Act
    const shown = await runFifoq(["dlq", "show", "orders", "dl-1"], env);

    // Assert
    expect(shown.code).toBe(0);
    expect(shown.stdout).not.toMatch(UNSAFE_TEXT);
    const lines = shown.stdout.split("\n");
    expect(lines.filter((line) => /^\s*status\b/.test(line))).toEqual(["status          new"]);
    expect(shown.stdout).toContain("last error      Error: boom\\ndl-forged  g  redriven\\n\\u202enevirder");
    expect(shown.stdout).toContain("  k\\nstatus          discarded = v\\u202e");
    expect(shown.stdout).toContain("  text\\nstatus          discarded\\x1b[2J");
  });

  it("prints an error code full of terminal escapes, and a message with a line break, escaped on one line", async () => {
    // Act
    const refused = await runFifoq(["send", "orders", '{"orderId":"o-1","amount":1}', "--group", "g"], env);
    const asJson = await runFifoq(["send", "orders", "1", "--group", "g", "--json"], env);

    // Assert
    expect(refused.code).toBe(1);
    expect(refused.stderr).not.toMatch(UNSAFE_TEXT);
    expect(refused.stderr).toContain(
      "fifoq: \\x1b]0;pwned\\x07\\x1b[2J bad\\nfifoq: all good\\x1b[0m (HTTP 400)",
    );
    expect(refused.stderr.split("\n").filter((line) => line.startsWith("fifoq:"))).toHaveLength(1);
    expect(asJson.code).toBe(1);
    expect(asJson.stderr).not.toMatch(UNSAFE_TEXT);
    expect(JSON.parse(asJson.stderr).error.code).toBe(`${ESC}]0;pwned${BEL}${ESC}[2J`);
  });

  it.each([
    [
      "send with the producer key",
      "r307",
      ["send", "orders", '{"orderId":"o-1","amount":1}', "--group", "g"],
    ],
    ["dlq list with the operator key", "r302", ["dlq", "list", "orders"]],
    ["dlq redrive with the operator key", "r307", ["dlq", "redrive", "orders", "dl-1"]],
  ])(
    "refuses a redirect on %s (exit 1), naming where it pointed; the other port hears nothing",
    async (_, prefix, args) => {
      // Act
      const ran = await runFifoq(args, { ...env, FIFOQ_URL: `${hostile.origin}/${prefix}/v1` });

      // Assert
      expect(elsewhere.received).toEqual([]);
      expect(ran.code).toBe(1);
      expect(ran.stderr).toContain(`fifoq: REDIRECT_REFUSED`);
      expect(ran.stderr).toContain(`to "${elsewhere.origin}/v1/queues/orders/`);
    },
  );

  it("refuses an NDJSON line nested 6,000 deep, a malformed line and a deep argument as usage errors naming them", async () => {
    // Arrange: line 2 is 6,000 levels deep, line 4 is cut short
    const file = join(mkdtempSync(join(tmpdir(), "fifoq-deep-")), "deep.ndjson");
    const deep = `${"[".repeat(6_000)}${"]".repeat(6_000)}`;
    const lines = [
      '{"body":{"orderId":"o-1","amount":1},"groupId":"g"}',
      `{"body":${deep},"groupId":"g"}`,
      "",
      '{"body":{"orderId":',
    ];
    writeFileSync(file, lines.join("\n"));
    const before = hostile.received.length;

    // Act
    const fromFile = await runFifoq(["send", "orders", "--file", file], env);
    const fromArgument = await runFifoq(["send", "orders", deep, "--group", "g"], env);

    // Assert: exit 2, each named, no stack, nothing sent
    expect(fromFile.code).toBe(2);
    expect(fromFile.stderr).toContain("line 2 nests deeper than 100 levels (the API's limit)");
    expect(fromFile.stderr).toMatch(/line 4 is not valid JSON \(/);
    expect(fromArgument.code).toBe(2);
    expect(fromArgument.stderr).toContain("<json-body> nests deeper than 100 levels");
    for (const ran of [fromFile, fromArgument]) expect(ran.stderr).not.toMatch(/RangeError|\n\s+at /);
    expect(hostile.received.length).toBe(before);
  });
});
