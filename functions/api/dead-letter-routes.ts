import type {
  DeadLetter,
  DeadLetterBodyChunk,
  DeadLetterPage,
  RedriveAllResponse,
  RedriveResult,
} from "../../contract";
import { API_ROUTES } from "../../contract";
import { createDynamoDbDeadLetterStore } from "../adapters/dead-letters/dead-letter-store";
import { createSqsRedriveSender } from "../adapters/dead-letters/redrive-sender";
import { parseDeadLetterId } from "../core/dead-letters/dead-letter-id";
import { discardDeadLetter } from "../core/dead-letters/discard";
import { parseForce, parseGroupId, parseListQuery } from "../core/dead-letters/list-query";
import { getDeadLetter, getDeadLetterBody, listDeadLetters } from "../core/dead-letters/read";
import { type RedriveAllDeps, redriveAll } from "../core/dead-letters/redrive-all";
import { redriveOne } from "../core/dead-letters/redrive-one";
import type { DeadLetterStore, RedriveSender } from "../core/dead-letters/store";
import { pathParam } from "../core/http/params";
import { jsonRoute, plainRoute } from "../core/http/route";
import type { HttpResponse, Route, RouteContext, RouteRequest } from "../core/http/types";
import { findQueueTarget } from "../core/producer/queues";
import type { DeadLetterCounter } from "../core/producer/types";
import type { ApiDeps } from "./deps";

export interface DeadLetterRouteOptions {
  /** @default the DynamoDB store on `deps.deadLetterTable` */
  readonly store?: DeadLetterStore;
  /** @default SQS SendMessage to the configured source queue's URL */
  readonly sender?: RedriveSender;
  /** Redrive-all starts no new page after this long (API Gateway gives up at 29 s). @default 20000 */
  readonly redriveAllBudgetMs?: number;
}

type Handler<Answer> = (request: RouteRequest, context: RouteContext) => Promise<Answer>;

/** Default store and sender, built from the API's deps. */
const ports = (deps: ApiDeps, options: DeadLetterRouteOptions) => ({
  store:
    options.store ??
    createDynamoDbDeadLetterStore({
      dynamo: deps.dynamo,
      table: deps.deadLetterTable,
      payloads: deps.payloads,
    }),
  sender:
    options.sender ??
    createSqsRedriveSender({
      sqs: deps.sqs,
      queueUrl: (queue) => (Object.hasOwn(deps.queues, queue) ? deps.queues[queue]?.url : undefined),
    }),
});

/** `GET /queues`' dead-letter count: the queue's `new` dead letters (pass to `producerRoutes`). */
export const deadLetterCounter = (deps: ApiDeps, options: DeadLetterRouteOptions = {}): DeadLetterCounter => {
  const { store } = ports(deps, options);
  return (queue) => store.countNew(queue.name);
};

interface Kit {
  readonly deps: ApiDeps;
  readonly store: DeadLetterStore;
  readonly redrive: RedriveAllDeps;
  readonly budgetMs: number;
}

/**
 * The configured queue named in the path (else 404 `QUEUE_NOT_FOUND`) and the `{id}` when there is one (else
 * 404 `NOT_FOUND` when it cannot be an id), both checked before any store call.
 */
const target = (kit: Kit, request: RouteRequest, context: RouteContext) => {
  const queue = findQueueTarget(kit.deps.queues, pathParam(request, "queue")).name;
  context.annotate({ queue });
  const raw = request.params.id;
  return { queue, id: raw === undefined ? "" : parseDeadLetterId(queue, raw) };
};

const list =
  (kit: Kit): Handler<DeadLetterPage> =>
  async (request, context) => {
    const { queue } = target(kit, request, context);
    const options = parseListQuery(queue, request.query);
    const page = await listDeadLetters({ queue, options }, { store: kit.store });
    context.annotate({ count: page.items.length });
    return page;
  };

const get =
  (kit: Kit): Handler<DeadLetter> =>
  async (request, context) =>
    getDeadLetter(target(kit, request, context), { store: kit.store });

const body =
  (kit: Kit): Handler<DeadLetterBodyChunk> =>
  async (request, context) =>
    getDeadLetterBody(
      { ...target(kit, request, context), offset: request.query.offset },
      { store: kit.store },
    );

const redrive =
  (kit: Kit): Handler<RedriveResult> =>
  async (request, context) => {
    const force = parseForce(request.query.force);
    const { id, status, messageId } = await redriveOne(
      { ...target(kit, request, context), force },
      kit.redrive,
    );
    context.annotate({ count: 1 });
    return { id, status, messageId };
  };

const redriveMany =
  (kit: Kit): Handler<RedriveAllResponse> =>
  async (request, context) => {
    const { queue } = target(kit, request, context);
    const groupId = parseGroupId(request.query.groupId);
    const deadlineMs = kit.redrive.now() + kit.budgetMs;
    const result = await redriveAll({ queue, groupId }, { ...kit.redrive, deadlineMs });
    context.annotate({ count: result.redriven, failed: result.failed });
    return {
      redriven: result.redriven,
      ...(result.failed > 0 ? { failed: result.failed } : {}),
      ...(result.more ? { more: true } : {}),
      ...(result.uncertain.length > 0 ? { uncertain: result.uncertain } : {}),
    };
  };

const discard =
  (kit: Kit): Handler<HttpResponse> =>
  async (request, context) => {
    await discardDeadLetter(target(kit, request, context), kit.redrive);
    return { status: 204 };
  };

/**
 * The dead-letter routes (contract "Dead letters"), operator keys only: list, get, read a body, redrive one, redrive all (or
 * one group) and discard. An unconfigured queue is 404 `QUEUE_NOT_FOUND`, an unknown id 404 `NOT_FOUND`.
 */
export const deadLetterRoutes = (deps: ApiDeps, options: DeadLetterRouteOptions = {}): Route[] => {
  const { store, sender } = ports(deps, options);
  const redriveDeps = {
    store,
    sender,
    payloads: deps.payloads,
    logger: deps.logger,
    now: deps.now ?? Date.now,
  };
  const kit: Kit = { deps, store, redrive: redriveDeps, budgetMs: options.redriveAllBudgetMs ?? 20_000 };
  return [
    jsonRoute(API_ROUTES.listDeadLetters, list(kit)),
    jsonRoute(API_ROUTES.redriveAll, redriveMany(kit)),
    jsonRoute(API_ROUTES.getDeadLetter, get(kit)),
    jsonRoute(API_ROUTES.getDeadLetterBody, body(kit)),
    jsonRoute(API_ROUTES.redriveDeadLetter, redrive(kit)),
    plainRoute(API_ROUTES.discardDeadLetter, discard(kit)),
  ];
};
