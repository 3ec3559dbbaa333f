import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toEnvelope } from "../../../functions/core/consumer/message";
import { buildRedriveMessage } from "../../../functions/core/dead-letters/redrive-message";
import { toDeadLetter } from "../../../functions/core/dead-letters/to-dead-letter";
import { checkIn, checkOut } from "../../../functions/core/payloads/claim-check";
import type { PayloadStore } from "../../../functions/core/payloads/payload-store";
import { SQS_MAX_MESSAGE_BYTES, typedMessageSize } from "../../../functions/core/producer/message-size";
import { sqsRecordFactory } from "../../factories/sqs";

const asTyped = (values: Readonly<Record<string, string>>) =>
  Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, { dataType: "String", stringValue: value }]),
  );

const memoryPayloads = (): PayloadStore => {
  const objects = new Map<string, string>();
  return {
    put: async (key, body) => void objects.set(key, body),
    get: async (key) => objects.get(key) ?? Promise.reject(new Error(`no ${key}`)),
  };
};

/** Attribute names as producers may send them (`__proto__` and friends are ordinary names). */
const attributeName = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "tenant"),
  fc.stringMatching(/^[A-Za-z0-9_.-]{1,20}$/).filter((name) => !/^(aws\.|amazon\.|fifoq-)/i.test(name)),
);

const attributes = fc.dictionary(attributeName, fc.string({ minLength: 1, maxLength: 50 }), {
  maxKeys: 10,
  noNullPrototype: false,
});

/** `size` UTF-8 bytes of JSON text (a string of é and a). */
const jsonOfBytes = (size: number) =>
  JSON.stringify(`${"é".repeat(Math.floor((size - 2) / 2))}${"a".repeat((size - 2) % 2)}`);

/**
 * A message: attributes, then a body from empty to whatever room SQS's 1 MiB leaves beside them (in UTF-8
 * bytes): small ones of any text, some of any size, and some within 100 bytes of the limit.
 */
const message = attributes.chain((attrs) => {
  const room = SQS_MAX_MESSAGE_BYTES - typedMessageSize("", asTyped(attrs));
  const body = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.string({ unit: "grapheme", maxLength: 200 }).map((text) => JSON.stringify(text)),
    },
    { weight: 2, arbitrary: fc.integer({ min: 2, max: room }).map(jsonOfBytes) },
    { weight: 2, arbitrary: fc.integer({ min: room - 100, max: room }).map(jsonOfBytes) },
  );
  return body.map((raw) => ({ raw, attrs }));
});

describe("dead letter → redrive → consume, byte for byte (property)", () => {
  it("gives the consumer and the next dead letter the same body, attributes and original dedup id", async () => {
    await fc.assert(
      fc.asyncProperty(
        message,
        fc.stringMatching(/^[A-Za-z0-9-]{1,64}$/),
        async ({ raw, attrs }, dedupId) => {
          // Arrange: the dead letter the recorder made of the message
          const payloads = memoryPayloads();
          const dlq = sqsRecordFactory({ rawBody: raw, groupId: "g", dedupId, attributes: attrs });
          const record = toDeadLetter(dlq, undefined, {
            queue: "orders",
            now: 1,
            redriveToken: "t".repeat(32),
            body: raw,
          });

          // Act: redrive (claim check when needed), then the consumer's and the recorder's view of the message
          const message = buildRedriveMessage(record);
          const sqsBody = await checkIn(
            {
              body: record.rawBody,
              header: { dedupId: record.dedupId },
              attributes: asTyped(attrs),
              payloadKey: "k",
            },
            payloads,
          );
          const delivered = sqsRecordFactory({
            rawBody: sqsBody,
            groupId: "g",
            dedupId: message.deduplicationId,
            attributes: attrs,
          });
          const consumed = await checkOut(delivered.body, payloads);
          const again = toDeadLetter(delivered, undefined, {
            queue: "orders",
            now: 2,
            redriveToken: "u".repeat(32),
            body: consumed,
          });

          // Assert
          expect(typedMessageSize(sqsBody, asTyped(attrs))).toBeLessThanOrEqual(SQS_MAX_MESSAGE_BYTES);
          expect(consumed === raw).toBe(true);
          expect(toEnvelope(delivered, "orders").dedupId).toBe(dedupId);
          expect(toEnvelope(delivered, "orders").attributes).toEqual(attrs);
          expect(again.rawBody === raw).toBe(true);
          expect(again.dedupId).toBe(dedupId);
          expect(again.attributes).toEqual(attrs);
        },
      ),
      { numRuns: 60 },
    );
  });
});
