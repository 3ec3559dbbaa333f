/**
 * A body fifoq writes for itself when it must say more than the user's message: a first line `fifoq/1 <JSON
 * header>`, then the user's body as it was (never re-encoded). No body a producer publishes can look like one:
 * the API sends bodies as JSON text, which never starts with `f` followed by `ifoq/`. Used by redrive (the
 * ORIGINAL dedup id travels here, so a redrive needs no attribute slot and its SQS dedup id is always fifoq's
 * own) and by the claim check (the body is in the payload store; the header names it).
 */
const MARK = "fifoq/1 ";

/** A header line longer than this is not fifoq's (a real one is under 400 characters). */
const MAX_HEADER_CHARS = 4096;

export interface CarrierHeader {
  /** The message's ORIGINAL dedup id: its identity for the exactly-once effect. */
  readonly dedupId?: string | undefined;
  /** The payload store key of the body when it is not inline (claim check); the inline body is then empty. */
  readonly payload?: string | undefined;
}

export interface Carried {
  readonly header: CarrierHeader;
  /** The inline body ("" when the body is in the payload store). */
  readonly body: string;
}

/** The body fifoq sends: its header line, then the user's body (or nothing, when it is stored elsewhere). */
export const wrapBody = (header: CarrierHeader, body: string): string =>
  `${MARK}${JSON.stringify(header)}\n${body}`;

const optionalText = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

const parseHeader = (line: string): CarrierHeader | undefined => {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    const { dedupId, payload } = value as Record<string, unknown>;
    return { dedupId: optionalText(dedupId), payload: optionalText(payload) };
  } catch {
    return undefined;
  }
};

/** The header and inline body of a body fifoq wrapped, or undefined for any other body (the user's own). */
export const unwrapBody = (raw: string): Carried | undefined => {
  if (!raw.startsWith(MARK)) return undefined;
  const newline = raw.indexOf("\n", MARK.length);
  if (newline < 0 || newline > MARK.length + MAX_HEADER_CHARS) return undefined;
  const header = parseHeader(raw.slice(MARK.length, newline));
  return header ? { header, body: raw.slice(newline + 1) } : undefined;
};
