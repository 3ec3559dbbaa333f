import type { MessageStatus } from "../../../contract";
import type { DedupScope } from "../config/types";
import { type Claim, type Commit, claimKey, commitKey } from "../idempotency/store-port";
import { checkId } from "../producer/fields";
import type { ScheduledMessage } from "../scheduled/types";
import { type DeadLetterTrace, decideStatus, type StatusEvidence } from "./decide";
import { InvalidStatusQueryError, MessageNotFoundError } from "./errors";

/**
 * The reads the status route makes, each a bounded number of requests on a key (no scan): the adapters
 * implement them on DynamoDB (`adapters/status/status-sources.ts`).
 */
export interface StatusSources {
  /** Strongly consistent reads of claims and of commits by key (the idempotency store's own reads). */
  readonly idempotency?: {
    readClaims(keys: readonly string[]): Promise<ReadonlyMap<string, Claim>>;
    readCommits(keys: readonly string[]): Promise<ReadonlyMap<string, Commit>>;
  };
  /** The message's latest dead letter (one Query on the `byDedup` index). */
  latestDeadLetter(queue: string, groupId: string, dedupId: string): Promise<DeadLetterTrace | undefined>;
  /** The scheduled record holding (group, dedupId), if the deployment has delayed messages. */
  readonly scheduled?: (
    queue: string,
    groupId: string,
    dedupId: string,
  ) => Promise<ScheduledMessage | undefined>;
}

export interface StatusQuery {
  readonly queue: string;
  /** Raw: checked here as a publish checks them (a `fifoq-` dedupId, a schedule tick's, is allowed). */
  readonly groupId: string | undefined;
  readonly dedupId: string;
  /** How the queue's consumer keys its idempotency records; undefined: not known, they are not read. */
  readonly idempotency: { readonly scope: DedupScope; readonly windowSeconds: number } | undefined;
  readonly nowMs: number;
}

const checked = (field: "groupId" | "dedupId", value: string | undefined): string => {
  if (value === undefined || value === "") throw new InvalidStatusQueryError(field, "is required");
  const problem = checkId(value);
  if (problem) throw new InvalidStatusQueryError(field, problem);
  return value;
};

/** The claim, then its batch's commit only when the claim is not done by itself: 1 or 2 reads. */
const readClaim = async (
  sources: NonNullable<StatusSources["idempotency"]>,
  queue: string,
  scope: DedupScope,
  ids: { readonly groupId: string; readonly dedupId: string },
): Promise<StatusEvidence["claim"]> => {
  const key = claimKey(queue, scope, ids);
  const claim = (await sources.readClaims([key])).get(key);
  if (!claim || claim.done) return claim && { claim };
  const batch = commitKey(queue, claim.batchId);
  return { claim, commit: (await sources.readCommits([batch])).get(batch) };
};

/**
 * `GET /queues/{queue}/messages/{dedupId}?groupId=`: reads the three stores at once (at most 5 requests) and
 * decides (`decide.ts`). Nothing recorded: `MessageNotFoundError`, never an invented state.
 */
export const lookupStatus = async (query: StatusQuery, sources: StatusSources): Promise<MessageStatus> => {
  const groupId = checked("groupId", query.groupId);
  const dedupId = checked("dedupId", query.dedupId);
  const { queue, idempotency } = query;
  const useClaims = sources.idempotency && idempotency && idempotency.windowSeconds > 0;
  const [claim, deadLetter, scheduled] = await Promise.all([
    useClaims ? readClaim(sources.idempotency, queue, idempotency.scope, { groupId, dedupId }) : undefined,
    sources.latestDeadLetter(queue, groupId, dedupId),
    sources.scheduled?.(queue, groupId, dedupId),
  ]);
  const windowSeconds = idempotency?.windowSeconds ?? 0;
  const answer = decideStatus(
    { claim, deadLetter, scheduled },
    { queue, groupId, dedupId, nowMs: query.nowMs, windowSeconds },
  );
  if (!answer.found) throw new MessageNotFoundError(answer.reason);
  return answer.status;
};
