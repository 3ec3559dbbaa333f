import { FifoqClientError } from "./errors.js";
import { escapeText } from "./escape-text.js";
import { dlqPath, type Send } from "./transport.js";
import type { DeadLetterBodyChunk } from "./types.js";

/**
 * The most calls one body read makes: a 5 MiB body of the heaviest characters takes about 8 answers, so a
 * server that keeps answering `nextOffset` past this is not reading a real body.
 */
const MAX_BODY_CALLS = 64;

/** `GET /queues/{queue}/dead-letters/{id}/body?offset=`: one slice of the raw body. */
export const deadLetterBodyChunk = (
  send: Send,
  input: { readonly queue: string; readonly id: string; readonly offset?: number | undefined },
  signal?: AbortSignal,
): Promise<DeadLetterBodyChunk> =>
  send({
    method: "GET",
    path: `${dlqPath(input.queue, input.id)}/body`,
    query: { offset: input.offset },
    signal,
  });

const invalid = (id: string, why: string) =>
  new FifoqClientError("INVALID_RESPONSE", `reading the body of dead letter ${escapeText(id, 80)}: ${why}`);

/** The slice's text, checked against where it was asked to start and what the previous slices said. */
const checked = (chunk: DeadLetterBodyChunk, offset: number, total: number | undefined, id: string) => {
  if (typeof chunk.text !== "string" || chunk.offset !== offset)
    throw invalid(id, `the answer for offset ${offset} is not a slice starting there`);
  if (total !== undefined && chunk.totalLength !== total)
    throw invalid(id, "the body's length changed between answers");
  const end = offset + chunk.text.length;
  if (typeof chunk.totalLength !== "number" || end > chunk.totalLength)
    throw invalid(id, `the slice ends at ${end}, past the body's length ${String(chunk.totalLength)}`);
  if (chunk.nextOffset !== undefined && (chunk.nextOffset !== end || chunk.text.length === 0))
    throw invalid(id, `nextOffset ${String(chunk.nextOffset)} does not follow the slice (ends at ${end})`);
  if (chunk.nextOffset === undefined && end !== chunk.totalLength)
    throw invalid(id, `the slices end at ${end} of ${String(chunk.totalLength)}`);
  return chunk.text;
};

/**
 * A dead letter's whole raw body (the text SQS delivered), read slice by slice from offset 0 along
 * `nextOffset`; at most `MAX_BODY_CALLS` calls, each slice checked to follow the previous one.
 */
export const readDeadLetterBody = async (
  send: Send,
  queue: string,
  id: string,
  signal?: AbortSignal,
): Promise<string> => {
  const parts: string[] = [];
  let offset = 0;
  let total: number | undefined;
  for (let calls = 0; calls < MAX_BODY_CALLS; calls++) {
    const chunk = await deadLetterBodyChunk(send, { queue, id, offset }, signal);
    parts.push(checked(chunk, offset, total, id));
    total = chunk.totalLength;
    if (chunk.nextOffset === undefined) return parts.join("");
    offset = chunk.nextOffset;
  }
  throw invalid(id, `the API still answered a nextOffset after ${MAX_BODY_CALLS} calls; stopped reading`);
};
