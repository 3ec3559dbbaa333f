/** A JSON answer of the API: its status and its parsed body (undefined when empty, e.g. a 204). */
export interface StackAnswer {
  readonly status: number;
  readonly body: Record<string, unknown> | undefined;
}

/**
 * A caller of a local stack's API: `call(method, path, body?, key?)` sends JSON with `x-api-key` (`key`, else
 * `defaultKey()`, read at call time: the stack starts in `beforeAll`).
 */
export const stackCaller =
  (stack: { readonly url: string }, defaultKey: () => string) =>
  async (method: string, path: string, body?: unknown, key = defaultKey()): Promise<StackAnswer> => {
    const response = await fetch(`${stack.url}${path}`, {
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
