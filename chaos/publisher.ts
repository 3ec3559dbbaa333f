import { callApi, sleep } from "./http-client";
import type { ChaosBody, Plan, PlannedMessage } from "./plan";
import type { Random } from "./random";

export interface PublishResult {
  /** dedupId → when it was accepted. */
  readonly accepted: ReadonlyMap<string, number>;
  readonly duplicatesSent: number;
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
}

const entryOf = (body: ChaosBody) => ({ body, groupId: body.g, dedupId: body.id });

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

interface Shared {
  readonly settings: PublisherSettings;
  readonly accepted: Map<string, number>;
  readonly refused: string[];
  readonly duplicates: { at: number; message: PlannedMessage }[];
  readonly startedAt: number;
  readonly total: number;
}

/** Waits until the share of messages accepted so far is due, so publishing is spread over `publishSeconds`. */
const pace = async (shared: Shared) => {
  const due =
    shared.startedAt + (shared.accepted.size / shared.total) * shared.settings.publishSeconds * 1000;
  if (due > Date.now()) await sleep(due - Date.now());
};

/** Sends the head message of each chosen group (one request); returns the ones accepted. */
const sendHeads = async (shared: Shared, heads: readonly PlannedMessage[]): Promise<Set<string>> => {
  const { url, apiKey, queue } = shared.settings;
  const done = new Set<string>();
  const single = heads.length === 1 ? heads[0] : undefined;
  const answer = single
    ? await callApi(`${url}/queues/${queue}/messages`, apiKey, { method: "POST", body: entryOf(single.body) })
    : await callApi(`${url}/queues/${queue}/messages/batch`, apiKey, {
        method: "POST",
        body: { messages: heads.map((head) => entryOf(head.body)) },
      });
  if (!answer.ok || RETRYABLE.has(answer.status)) return done;
  if (single) {
    if (answer.status === 202) done.add(single.body.id);
    else
      shared.refused.push(`${single.body.id}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
    return done;
  }
  const results =
    (answer.body as { results?: { index: number; status: string }[] } | undefined)?.results ?? [];
  for (const result of results) {
    const head = heads[result.index];
    if (head && result.status === "accepted") done.add(head.body.id);
  }
  if (answer.status !== 200)
    shared.refused.push(`batch: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
  return done;
};

/** One worker: its groups, each published strictly in order (the next only once the previous is accepted). */
const runWorker = async (shared: Shared, queues: PlannedMessage[][]) => {
  const { random, deadlineMs } = shared.settings;
  while (queues.some((queue) => queue.length > 0) && Date.now() < deadlineMs) {
    const pending = queues.filter((queue) => queue.length > 0);
    const chosen = random.shuffle(pending).slice(0, random.int(1, Math.min(10, pending.length)));
    const heads = chosen.map((queue) => queue[0] as PlannedMessage);
    await pace(shared);
    const done = await sendHeads(shared, heads);
    for (const queue of chosen) {
      const head = queue[0];
      if (!head || !done.has(head.body.id)) continue;
      queue.shift();
      shared.accepted.set(head.body.id, Date.now());
      if (head.duplicate) shared.duplicates.push({ at: Date.now() + random.int(0, 3000), message: head });
    }
    if (done.size < heads.length) await sleep(random.int(100, 300));
  }
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
    if (done.size === 1) sent += 1;
    else shared.duplicates.push({ ...entry, at: Date.now() + 500 });
  }
  return sent;
};

/**
 * Publishes the plan over the stack's HTTP API: single and batch requests (one message per group per
 * request, so each group keeps its order), retrying what the stack could not accept (it is killed now and
 * then) with the same dedupId, and 2% of messages a second time.
 */
export const publish = async (plan: Plan, settings: PublisherSettings): Promise<PublishResult> => {
  const shared: Shared = {
    settings,
    accepted: new Map(),
    refused: [],
    duplicates: [],
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
  return { accepted: shared.accepted, duplicatesSent: await duplicates, refused: shared.refused };
};
