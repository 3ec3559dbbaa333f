import { createHash } from "node:crypto";
import type { PublishMessageRequest } from "../contract/types";
import type { ChaosBody, PlannedMessage } from "./plan";

/** How a publish was answered: sent now, or scheduled (`releaseAt` in epoch ms). */
export interface Receipt {
  readonly scheduledId?: string;
  readonly releaseAt?: number;
}

/** A large message's body as published: its size and the hash of its JSON (what the consumer must see). */
export interface LargeDigest {
  readonly bytes: number;
  readonly sha256: string;
}

export const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** 4 KiB of filler that differs per message (hash chain of its id), repeated to any length. */
const filler = (id: string, length: number): string => {
  const chunks: string[] = [];
  let link = id;
  while (chunks.length < 64) {
    link = createHash("sha256").update(link).digest("base64url").slice(0, 64);
    chunks.push(link);
  }
  const block = chunks.join("");
  return block.repeat(Math.ceil(length / block.length)).slice(0, length);
};

/** The body of a large message: the plan's body with a filler that makes its JSON exactly `bytes` long. */
export const largeBody = (body: ChaosBody, bytes: number): { body: ChaosBody; digest: LargeDigest } => {
  const frame = JSON.stringify({ ...body, pad: "" }).length;
  const full: ChaosBody = { ...body, pad: filler(body.id, Math.max(0, bytes - frame)) };
  const json = JSON.stringify(full);
  return { body: full, digest: { bytes: Buffer.byteLength(json), sha256: sha256(json) } };
};

/** The timing fields a delayed message is sent with, fixed at its first attempt (a retry sends the same). */
export type Timing = Pick<PublishMessageRequest, "delaySeconds" | "notBefore">;

/**
 * A delayed message's timing: `delaySeconds`, `notBefore` on a whole second, or `notBefore` inside the second
 * the group's previous delayed message falls due (`previousReleaseAt`; without one, 2 s from now).
 */
export const timingOf = (message: PlannedMessage, now: number, previousReleaseAt?: number): Timing => {
  const delay = message.delay;
  if (!delay) return {};
  if (delay.kind === "seconds") return { delaySeconds: delay.seconds };
  if (delay.kind === "at")
    return { notBefore: new Date(Math.ceil(now / 1000) * 1000 + delay.seconds * 1000).toISOString() };
  if (previousReleaseAt === undefined) return { delaySeconds: 2 };
  const second = Math.floor(previousReleaseAt / 1000) * 1000;
  return { notBefore: new Date(second + delay.offsetMs).toISOString() };
};

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};

/** The receipt in a `202` or a batch entry's result (`scheduledId` and `releaseAt` for a delayed one). */
export const receiptOf = (answer: unknown): Receipt => {
  const fields = asRecord(answer);
  const releaseAt = typeof fields.releaseAt === "string" ? Date.parse(fields.releaseAt) : Number.NaN;
  return typeof fields.scheduledId === "string" && Number.isFinite(releaseAt)
    ? { scheduledId: fields.scheduledId, releaseAt }
    : {};
};
