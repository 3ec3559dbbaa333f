import type {
  DeadLetter,
  DeadLetterFilter,
  FifoqClient,
  QueueSummary,
  Schedule,
  ScheduledMessage,
} from "../../client/src/index.js";

/**
 * Whether the key may use the dead-letter routes: `forbidden` once the API answered `403 FORBIDDEN` (a
 * producer key), `allowed` once it answered one of them.
 */
export type DeadLetterAccess = "unknown" | "allowed" | "forbidden";

/** Why an action is disabled for a key that may not use it. */
export const OPERATOR_KEY_NEEDED = "needs an operator key";

export interface ConsoleState {
  client: FifoqClient | undefined;
  queues: QueueSummary[];
  /** The queue whose dead letters are listed. */
  queue: string | undefined;
  filter: DeadLetterFilter;
  items: DeadLetter[];
  cursor: string | undefined;
  /** The id of the dead letter shown, and the record once loaded. */
  selected: string | undefined;
  record: DeadLetter | undefined;
  access: DeadLetterAccess;
  /** The queue whose scheduled (delayed) messages are shown instead of its dead letters, and their pages. */
  scheduledQueue: string | undefined;
  scheduled: ScheduledMessage[];
  scheduledCursor: string | undefined;
  /** The recurring schedules are shown (`#/schedules`), and the last list read. */
  schedulesOpen: boolean;
  schedules: Schedule[];
  /** An action (redrive, discard, sign-in, …) is under way: auto-refresh waits. */
  busy: boolean;
}

/** The page's one state, changed by the controllers and rendered by the views. */
export const state: ConsoleState = {
  client: undefined,
  queues: [],
  queue: undefined,
  filter: {},
  items: [],
  cursor: undefined,
  selected: undefined,
  record: undefined,
  access: "unknown",
  scheduledQueue: undefined,
  scheduled: [],
  scheduledCursor: undefined,
  schedulesOpen: false,
  schedules: [],
  busy: false,
};

export const client = (): FifoqClient => {
  if (!state.client) throw new Error("not signed in");
  return state.client;
};

/** Forgets everything the last key saw. */
export const resetState = (): void => {
  Object.assign(state, {
    client: undefined,
    queues: [],
    queue: undefined,
    filter: {},
    items: [],
    cursor: undefined,
    selected: undefined,
    record: undefined,
    access: "unknown",
    scheduledQueue: undefined,
    scheduled: [],
    scheduledCursor: undefined,
    schedulesOpen: false,
    schedules: [],
  } satisfies Partial<ConsoleState>);
};
