import { describe, expect, it } from "vitest";
import type { DeadLetter } from "../../../client/src/index.js";
import { allowedFor, bodyFileName, bodyNoticeOf } from "../../../console/src/views/record-view";
import { getDeadLetter } from "../../../functions/core/dead-letters/read";
import type { DeadLetterRecord } from "../../../functions/core/dead-letters/types";
import {
  createMemoryDeadLetterStore,
  deadLetterRecordFactory,
  lostBodyDeadLetterFactory,
  oversizeDeadLetterFactory,
} from "../../factories/dead-letters";

/** The record as the API's own read answers it, and what the record view shows of it. */
const shownFor = async (record: DeadLetterRecord) => {
  const letter: DeadLetter = await getDeadLetter(
    { queue: record.queue, id: record.id },
    { store: createMemoryDeadLetterStore([record]) },
  );
  return { letter, notice: bodyNoticeOf(letter), allowed: allowedFor(letter) };
};

describe("console record view: a dead letter whose answer lacks its body", () => {
  it("shows a notice in place of a body too large for one answer, and still offers Redrive", async () => {
    // Act
    const { notice, allowed } = await shownFor(oversizeDeadLetterFactory());

    // Assert
    expect(notice).toEqual({
      kind: "omitted",
      text: "Not shown: 5,300,011 bytes, over what one API answer can carry; a redrive sends it whole.",
    });
    expect(allowed).toEqual({ redrive: true, discard: true });
  });

  it("shows a lost body as lost, and disables Redrive with the reason while Discard stays", async () => {
    // Act
    const { notice, allowed } = await shownFor(lostBodyDeadLetterFactory());

    // Assert
    expect(notice).toEqual({
      kind: "lost",
      text: "Lost: its stored object was gone; this dead letter cannot be redriven — discard it.",
    });
    expect(allowed).toEqual({
      redrive: false,
      discard: true,
      reason: "Its body is lost (its stored object was gone): it cannot be redriven. Discard it.",
    });
  });

  it("keeps the status's reasons for a lost body that is being redriven or already discarded", () => {
    // Act
    const redriving = allowedFor({ status: "redriving", bodyTruncated: true });
    const discarded = allowedFor({ status: "discarded", bodyTruncated: true });

    // Assert
    expect(redriving).toEqual({
      redrive: false,
      discard: false,
      reason:
        "Its body is lost (its stored object was gone): it cannot be redriven. Being redriven: it can no longer be discarded.",
    });
    expect(discarded).toEqual({ redrive: false, discard: false, reason: "This dead letter is discarded." });
  });

  it("shows a whole body as before: no notice, both actions for a new one", async () => {
    // Act
    const { letter, notice, allowed } = await shownFor(deadLetterRecordFactory({ body: { orderId: "o-1" } }));

    // Assert
    expect(letter.body).toEqual({ orderId: "o-1" });
    expect(notice).toBeUndefined();
    expect(allowed).toEqual({ redrive: true, discard: true });
  });
});

describe("console record view: the downloaded body's file name", () => {
  it("keeps a message id's characters and turns any other into _ (no path, no quote, bounded)", () => {
    // Act
    const names = [
      bodyFileName("0f6a-4c1e.9_b"),
      bodyFileName('../../etc/"passwd"\u202e'),
      bodyFileName("x".repeat(500)),
    ];

    // Assert
    expect(names[0]).toBe("dead-letter-0f6a-4c1e.9_b.txt");
    expect(names[1]).toBe("dead-letter-.._.._etc__passwd__.txt");
    expect(names[2]).toBe(`dead-letter-${"x".repeat(128)}.txt`);
  });
});
