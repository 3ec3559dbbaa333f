import { callApi, sleep } from "./http-client";
import type { Plan, PlannedMessage } from "./plan";
import { type LargeDigest, largeBody, type Receipt, receiptOf, type Timing, timingOf } from "./publish-entry";
import type { Random } from "./random";

/** One accepted message: when, after how many requests, and how it was answered. */
export interface Published extends Receipt {
  readonly at: number;
  /** When its first request was sent (a request with an unknown outcome may have scheduled it then). */
  readonly firstSentAt: number;
  readonly attempts: number;
  /** Its `delaySeconds`, when it was sent with one (not `notBefore`). */
  readonly delaySeconds?: number;
  readonly large?: LargeDigest;
}

/** A duplicate publish of a delayed message answered before its release with another scheduledId. */
export interface DedupMiss {
  readonly id: string;
  readonly first: string;
  readonly again: string;
}

export interface PublishResult {
  readonly accepted: ReadonlyMap<string, Published>;
  readonly duplicatesSent: number;
  readonly dedupMisses: readonly DedupMiss[];
  /** Answers that can only be a bug (a 4xx other than 429 for a valid message). */
  readonly refused: readonly string[];
}

export interface PublisherSettings {
  readonly url: string;
  readonly apiKey: string;
  readonly queue: string;
  readonly publishSeconds: number;
  readonly deadlineMs: number;
  readonly random: Random;
  /** Told of each accepted message once (e.g. to plan its cancel). */
  readonly onAccepted?: (message: PlannedMessage, published: Published) => void;
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

interface Shared {
  readonly settings: PublisherSettings;
  readonly accepted: Map<string, Published>;
  readonly refused: string[];
  readonly dedupMisses: DedupMiss[];
  readonly duplicates: { at: number; message: PlannedMessage }[];
  /** Per message: its timing (fixed at the first request), first request time and request count. */
  readonly tries: Map<string, { timing: Timing; firstSentAt: number; attempts: number }>;
  /** Per group: the `releaseAt` of its last delayed message accepted. */
  readonly lastReleaseAt: Map<string, number>;
  readonly startedAt: number;
  readonly total: number;
}

/** Waits until the share of messages accepted so far is due, so publishing is spread over `publishSeconds`. */
const pace = async (shared: Shared) => {
  const due =
    shared.startedAt + (shared.accepted.size / shared.total) * shared.settings.publishSeconds * 1000;
  if (due > Date.now()) await sleep(due - Date.now());
};

/** The request entry of a message (a large body is made here and not kept), counting the attempt. */
const entryOf = (shared: Shared, message: PlannedMessage) => {
  const { body } = message;
  const tried = shared.tries.get(body.id) ?? {
    timing: timingOf(message, Date.now(), shared.lastReleaseAt.get(body.g)),
    firstSentAt: Date.now(),
    attempts: 0,
  };
  shared.tries.set(body.id, { ...tried, attempts: tried.attempts + 1 });
  const large = message.largeBytes === undefined ? undefined : largeBody(body, message.largeBytes);
  return {
    entry: { body: large?.body ?? body, groupId: body.g, dedupId: body.id, ...tried.timing },
    digest: large?.digest,
  };
};

/** Sends the head message of each chosen group (one request); returns the receipts of those accepted. */
const sendHeads = async (shared: Shared, heads: readonly PlannedMessage[]) => {
  const { url, apiKey, queue } = shared.settings;
  const done = new Map<string, Receipt & { large?: LargeDigest }>();
  const entries = heads.map((head) => entryOf(shared, head));
  const single = heads.length === 1 ? heads[0] : undefined;
  const answer = single
    ? await callApi(`${url}/queues/${queue}/messages`, apiKey, { method: "POST", body: entries[0]?.entry })
    : await callApi(`${url}/queues/${queue}/messages/batch`, apiKey, {
        method: "POST",
        body: { messages: entries.map(({ entry }) => entry) },
      });
  if (!answer.ok || RETRYABLE.has(answer.status)) return done;
  const digest = (index: number) => {
    const large = entries[index]?.digest;
    return large ? { large } : {};
  };
  if (single) {
    if (answer.status === 202) done.set(single.body.id, { ...receiptOf(answer.body), ...digest(0) });
    else
      shared.refused.push(`${single.body.id}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
    return done;
  }
  const results = (answer.body as { results?: { index: number; status: string }[] } | undefined)?.results;
  for (const result of results ?? []) {
    const head = heads[result.index];
    if (head && result.status === "accepted")
      done.set(head.body.id, { ...receiptOf(result), ...digest(result.index) });
  }
  if (answer.status !== 200)
    shared.refused.push(`batch: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
  return done;
};

const accept = (shared: Shared, head: PlannedMessage, receipt: Receipt & { large?: LargeDigest }) => {
  const tried = shared.tries.get(head.body.id);
  const published: Published = {
    ...receipt,
    at: Date.now(),
    firstSentAt: tried?.firstSentAt ?? Date.now(),
    attempts: tried?.attempts ?? 1,
    ...(tried?.timing.delaySeconds === undefined ? {} : { delaySeconds: tried.timing.delaySeconds }),
  };
  shared.accepted.set(head.body.id, published);
  if (receipt.releaseAt !== undefined) shared.lastReleaseAt.set(head.body.g, receipt.releaseAt);
  if (head.duplicate)
    shared.duplicates.push({ at: Date.now() + shared.settings.random.int(0, 3000), message: head });
  shared.settings.onAccepted?.(head, published);
};

/** Up to 10 groups' heads for one request; a large message (megabytes) always goes alone. */
const chooseQueues = (shared: Shared, pending: PlannedMessage[][]): PlannedMessage[][] => {
  const { random } = shared.settings;
  const chosen = random.shuffle(pending).slice(0, random.int(1, Math.min(10, pending.length)));
  const large = chosen.find((queue) => queue[0]?.largeBytes !== undefined);
  return large ? [large] : chosen;
};

/** One worker: its groups, each published strictly in order (the next only once the previous is accepted). */
const runWorker = async (shared: Shared, queues: PlannedMessage[][]) => {
  const { random, deadlineMs } = shared.settings;
  while (queues.some((queue) => queue.length > 0) && Date.now() < deadlineMs) {
    const chosen = chooseQueues(
      shared,
      queues.filter((queue) => queue.length > 0),
    );
    const heads = chosen.map((queue) => queue[0] as PlannedMessage);
    await pace(shared);
    const done = await sendHeads(shared, heads);
    for (const queue of chosen) {
      const head = queue[0];
      const receipt = head && done.get(head.body.id);
      if (!head || !receipt) continue;
      queue.shift();
      accept(shared, head, receipt);
    }
    if (done.size < heads.length) await sleep(random.int(100, 300));
  }
};

/** A duplicate of a delayed message answered before its release must name the same scheduled message. */
const checkDuplicate = (shared: Shared, message: PlannedMessage, again: Receipt | undefined) => {
  const first = shared.accepted.get(message.body.id);
  if (!first?.scheduledId || first.releaseAt === undefined || Date.now() >= first.releaseAt) return;
  if (again?.scheduledId !== first.scheduledId)
    shared.dedupMisses.push({
      id: message.body.id,
      first: first.scheduledId,
      again: again?.scheduledId ?? "-",
    });
};

/** Publishes each duplicate once more when it is due (the same dedupId and body; SQS must drop it). */
const sendDuplicates = async (shared: Shared, finished: () => boolean): Promise<number> => {
  let sent = 0;
  while (!finished() || shared.duplicates.length > 0) {
    if (Date.now() > shared.settings.deadlineMs) break;
    const due = shared.duplicates.findIndex((entry) => entry.at <= Date.now());
    if (due < 0) {
      await sleep(100);
      continue;
    }
    const [entry] = shared.duplicates.splice(due, 1);
    if (!entry) continue;
    const done = await sendHeads(shared, [entry.message]);
    if (done.size === 1) {
      sent += 1;
      checkDuplicate(shared, entry.message, done.get(entry.message.body.id));
    } else shared.duplicates.push({ ...entry, at: Date.now() + 500 });
  }
  return sent;
};

/**
 * Publishes the plan over the stack's HTTP API: single and batch requests (one message per group per
 * request, so each group keeps its order; a large message alone), retrying what the stack could not accept
 * (it is killed now and then) with the same dedupId and timing, and 2% of messages a second time.
 */
export const publish = async (plan: Plan, settings: PublisherSettings): Promise<PublishResult> => {
  const shared: Shared = {
    settings,
    accepted: new Map(),
    refused: [],
    dedupMisses: [],
    duplicates: [],
    tries: new Map(),
    lastReleaseAt: new Map(),
    startedAt: Date.now(),
    total: plan.all.length,
  };
  const workers = Math.min(8, plan.groups.length);
  const owned = Array.from({ length: workers }, (_, worker) =>
    plan.groups.filter((_, index) => index % workers === worker).map((g) => [...(plan.byGroup.get(g) ?? [])]),
  );
  let finished = false;
  const duplicates = sendDuplicates(shared, () => finished);
  await Promise.all(owned.map((queues) => runWorker(shared, queues)));
  finished = true;
  const duplicatesSent = await duplicates;
  return {
    accepted: shared.accepted,
    duplicatesSent,
    dedupMisses: shared.dedupMisses,
    refused: shared.refused,
  };
};
