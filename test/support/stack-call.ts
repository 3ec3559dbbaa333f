/** A JSON answer of a running stack: its status and parsed body (undefined when empty). */
export interface StackAnswer {
  readonly status: number;
  readonly body: Record<string, unknown> | undefined;
}

/**
 * `call(method, path, body?, key?)` on a running stack's API with a key (JSON in and out), as curl would;
 * `defaultKey` is read at each call (a stack started in `beforeAll` has no key before it).
 */
export const stackCaller =
  (url: () => string, defaultKey: () => string) =>
  async (method: string, path: string, body?: unknown, key = defaultKey()): Promise<StackAnswer> => {
    const response = await fetch(`${url()}${path}`, {
      method,
      headers: { "x-api-key": key, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
    };
  };
