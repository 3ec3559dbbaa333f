import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bodyNotice } from "../../../client/src/dead-letter-body.js";
import { getDeadLetter } from "../../../functions/core/dead-letters/read";
import type { DeadLetterRecord } from "../../../functions/core/dead-letters/types";
import {
  createMemoryDeadLetterStore,
  deadLetterRecordFactory,
  lostBodyDeadLetterFactory,
  oversizeDeadLetterFactory,
} from "../../factories/dead-letters";
import { fakeApi, json } from "../client/fake-api";
import { cli } from "./cli-io";

const env = { FIFOQ_URL: "https://api.example.test/v1", FIFOQ_OPERATOR_KEY: "operator-key" };

/** `fifoq dlq show` of the answer the API's own read gives for `record` (`--json` when asked). */
const showAnswerOf = async (record: DeadLetterRecord, ...flags: string[]) => {
  const answer = await getDeadLetter(
    { queue: record.queue, id: record.id },
    { store: createMemoryDeadLetterStore([record]) },
  );
  const api = fakeApi(() => json(200, answer));
  return {
    answer,
    ran: await cli(["dlq", "show", "orders", record.id, ...flags], { env, fetch: api.fetch }),
  };
};

/** The lines after `body` (indented), up to the end. */
const bodyLines = (stdout: string) =>
  stdout
    .slice(stdout.indexOf("\nbody\n") + 6)
    .trimEnd()
    .split("\n");

describe("fifoq dlq show of a dead letter whose answer lacks its body", () => {
  it("says a body too large for one answer is not shown, with its size, that a redrive sends it whole and how to read it", async () => {
    // Arrange
    const record = oversizeDeadLetterFactory();

    // Act
    const { answer, ran } = await showAnswerOf(record);

    // Assert
    expect(answer).toMatchObject({ body: null, bodyOmittedBytes: 5_300_011 });
    expect(ran.code).toBe(0);
    expect(bodyLines(ran.stdout)).toEqual([
      "  (not shown: 5,300,011 bytes, over what one API answer can carry; a redrive sends it whole)",
      `  read it whole: fifoq dlq body orders ${record.id} > body.json`,
    ]);
    expect(ran.stderr).toBe("");
  });

  it("says a lost body is lost and that the dead letter cannot be redriven, instead of an empty line", async () => {
    // Arrange
    const record = lostBodyDeadLetterFactory();

    // Act
    const { answer, ran } = await showAnswerOf(record);

    // Assert
    expect(answer).toMatchObject({ body: "", bodyTruncated: true });
    expect(ran.code).toBe(0);
    expect(bodyLines(ran.stdout)).toEqual([
      "  (lost: its stored object was gone; this dead letter cannot be redriven — discard it)",
    ]);
  });

  it("prints the server's JSON as it is with --json, and a whole body as before", async () => {
    // Arrange
    const oversize = oversizeDeadLetterFactory();
    const whole = deadLetterRecordFactory({ body: { orderId: "o-1" } });

    // Act
    const asJson = await showAnswerOf(oversize, "--json");
    const plain = await showAnswerOf(whole);

    // Assert
    expect(JSON.parse(asJson.ran.stdout)).toEqual(asJson.answer);
    expect(asJson.ran.stdout).not.toContain("not shown");
    expect(bodyLines(plain.ran.stdout)).toEqual(["  {", '    "orderId": "o-1"', "  }"]);
  });

  it("tells of any value a server sends as the size in one short line of plain text", () => {
    fc.assert(
      fc.property(fc.anything(), (size) => {
        // Act
        const notice = bodyNotice({ bodyOmittedBytes: size });

        // Assert
        if (size === undefined || size === null) expect(notice).toBeUndefined();
        else {
          expect(notice?.kind).toBe("omitted");
          expect(notice?.text).toMatch(
            /^not shown: (\d{1,3}(,\d{3})* bytes, )?over what one API answer can carry; a redrive sends it whole$/,
          );
        }
      }),
    );
  });
});
