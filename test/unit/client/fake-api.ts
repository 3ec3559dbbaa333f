import { FifoqClient, type FifoqClientOptions } from "../../../client/src/index.js";

/** One request as the fake API saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  /** fetch's `redirect` mode. */
  readonly redirect: RequestRedirect | undefined;
}

export type Answer = Response | Promise<Response>;

/** A JSON answer with optional headers. */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });

export const apiError = (
  status: number,
  code: string,
  headers: Record<string, string> = {},
  details?: unknown[],
) =>
  json(
    status,
    { error: { code, message: `${code} from the fake API`, ...(details ? { details } : {}) } },
    headers,
  );

/** One entry of a `publishBatch` request, as the fake API reads it. */
export interface BatchEntry {
  readonly body: unknown;
  readonly groupId: string;
  readonly dedupId?: string;
}

export const entriesOf = (request: SeenRequest | undefined): BatchEntry[] =>
  JSON.parse(request?.body ?? "{}").messages ?? [];

/**
 * A batch-publishing API: the entries `refused` picks fail for good (`REJECTED_BY_QUEUE`), the others are
 * accepted; sequence numbers count up over the whole run.
 */
export const answerBatch = (refused: (entry: BatchEntry) => boolean = () => false) => {
  let sequence = 0;
  return (request: SeenRequest) =>
    json(200, {
      results: entriesOf(request).map((entry, index) =>
        refused(entry)
          ? {
              index,
              status: "failed",
              error: { code: "REJECTED_BY_QUEUE", message: "refused", retryable: false },
            }
          : {
              index,
              status: "accepted",
              messageId: `m-${entry.dedupId}`,
              sequenceNumber: String(++sequence),
            },
      ),
    });
};

/** A promise the test settles later (to hold a request in flight). */
export const deferred = <T>() => {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
};

/**
 * A `fetch` that records every request and answers with `respond`; the client built on it never waits
 * between retries (the waits are recorded instead) and has no jitter (`random` = 0.5).
 */
export const fakeApi = (respond: (request: SeenRequest, seen: readonly SeenRequest[]) => Answer) => {
  const seen: SeenRequest[] = [];
  const waits: number[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const request: SeenRequest = {
      method: init.method ?? "GET",
      url: new URL(String(input)),
      headers,
      body: typeof init.body === "string" ? init.body : undefined,
      redirect: init.redirect,
    };
    seen.push(request);
    return respond(request, seen);
  };
  const client = (options: Partial<FifoqClientOptions> = {}) =>
    new FifoqClient({
      url: "https://api.example.test/v1",
      apiKey: "test-key",
      fetch: fetch as typeof globalThis.fetch,
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0.5,
      ...options,
    });
  return { seen, waits, fetch, client };
};
