import type { MessageStatus } from "../../../contract";
import type { DeadLetterRecord } from "../dead-letters/types";
import type { Claim, Commit } from "../idempotency/store-port";
import type { ScheduledMessage } from "../scheduled/types";

/**
 * Where a message is, decided from what fifoq records about its (queue, group, dedupId) — pure, no I/O.
 *
 * The records describe one message's life, and they may disagree in time (a dead letter later redriven and
 * processed leaves both a dead letter and a done claim). The answer is the FURTHEST stage any live record
 * shows, in this order:
 * 1. `processed`  — its idempotency claim is done (by its own transaction, or its slot in its batch's commit);
 * 2. `dead-lettered` — its latest dead letter is `new`, `redriving` or `discarded` (not sent back);
 * 3. `queued`     — a claim not done (received, running or waiting for a retry), a dead letter `redriven`
 *                   (sent back), or a scheduled record `released`: each within the idempotency window;
 * 4. `scheduled`  — its scheduled record is still waiting for its release.
 * Nothing of these: not found (never an invented state).
 * One exception: a scheduled record still waiting that was published AFTER the claim was done is a newer
 * message with the same ids (a delayed publish is not deduplicated against claims, and released after the
 * window it runs again), so it is `scheduled`, not `processed`.
 */

/** The message's latest dead letter, as the `byDedup` index projects it (`redrivenAt`: when `redriven`). */
export type DeadLetterTrace = Pick<DeadLetterRecord, "id" | "status"> &
  Partial<Pick<DeadLetterRecord, "redrivenAt">>;

/** What the stores hold: the claim and, unless done by itself, its batch's commit; the dead letter; the holder. */
export type StatusEvidence = Partial<{
  readonly claim: { readonly claim: Claim; readonly commit?: Commit | undefined } | undefined;
  readonly deadLetter: DeadLetterTrace | undefined;
  readonly scheduled: ScheduledMessage | undefined;
}>;

/** The message asked about, now (epoch ms), and its queue's idempotency window (0: off). */
export type StatusContext = Pick<MessageStatus, "queue" | "groupId" | "dedupId"> & {
  readonly nowMs: number;
  /** How long a release or a redrive still says `queued`. */
  readonly windowSeconds: number;
};

type Found = { readonly found: true; readonly status: MessageStatus };
/** `reason`: what the 404 says. */
type NotFound = { readonly found: false; readonly reason: string };
export type StatusAnswer = Found | NotFound;

/** The honest answer when nothing is recorded (the route's 404 `MESSAGE_NOT_FOUND`). */
export const NO_RECORD =
  "no record within the idempotency window: not published, already expired, or published and not yet received";

const iso = (epochMs: number | undefined) =>
  epochMs === undefined ? undefined : new Date(epochMs).toISOString();

/** When a live claim's effect was applied, or undefined when it is not done. */
const doneAt = ({ claim, commit }: NonNullable<StatusEvidence["claim"]>, nowMs: number) => {
  if (claim.expiresAtS * 1000 <= nowMs) return undefined;
  if (claim.done) return { atMs: claim.doneAtMs };
  if (commit?.doneSlots.includes(claim.slot)) return { atMs: commit.doneAtMs?.get(claim.slot) };
  return undefined;
};

const withinWindow = (atMs: number | undefined, context: StatusContext) =>
  atMs !== undefined && context.nowMs < atMs + context.windowSeconds * 1000;

/** A record that says the message is on its queue (or in a consumer's hands) now. */
const isQueued = (evidence: StatusEvidence, context: StatusContext): boolean => {
  const claim = evidence.claim?.claim;
  const { deadLetter, scheduled } = evidence;
  return (
    (claim !== undefined && claim.expiresAtS * 1000 > context.nowMs) ||
    (deadLetter?.status === "redriven" &&
      withinWindow(deadLetter.redrivenAt ? Date.parse(deadLetter.redrivenAt) : undefined, context)) ||
    (scheduled?.state === "released" && withinWindow(scheduled.releasedAt, context))
  );
};

const compact = (status: MessageStatus): MessageStatus =>
  Object.fromEntries(Object.entries(status).filter(([, value]) => value !== undefined)) as MessageStatus;

export const decideStatus = (evidence: StatusEvidence, context: StatusContext): StatusAnswer => {
  const { queue, groupId, dedupId } = context;
  const base = { queue, groupId, dedupId };
  const done = evidence.claim ? doneAt(evidence.claim, context.nowMs) : undefined;
  const { deadLetter, scheduled } = evidence;
  const waiting = scheduled?.state === "scheduled" ? scheduled : undefined;
  const newer = waiting && done?.atMs !== undefined && waiting.publishedAt > done.atMs;
  if (done && evidence.claim && !newer) {
    const { attempts } = evidence.claim.claim;
    const status = { ...base, status: "processed", processedAt: iso(done.atMs), attempts } as const;
    return { found: true, status: compact(status) };
  }
  if (deadLetter && deadLetter.status !== "redriven" && !newer) {
    return { found: true, status: { ...base, status: "dead-lettered", deadLetterId: deadLetter.id } };
  }
  if (isQueued(evidence, context) && !newer) return { found: true, status: { ...base, status: "queued" } };
  if (waiting) {
    const releaseAt = new Date(waiting.releaseAt).toISOString();
    return { found: true, status: { ...base, status: "scheduled", scheduledId: waiting.id, releaseAt } };
  }
  if (scheduled?.state === "cancelled") {
    return { found: false, reason: `scheduled message ${scheduled.id} was cancelled before its release` };
  }
  return { found: false, reason: NO_RECORD };
};
