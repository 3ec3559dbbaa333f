/** A JSON answer of the stack's API, or why there was none (the stack may be down between kills). */
export type ApiAnswer =
  | { readonly ok: true; readonly status: number; readonly body: unknown }
  | { readonly ok: false; readonly status?: number; readonly reason: string };

/** One request to the stack's API with a timeout; never throws. */
export const callApi = async (
  url: string,
  key: string,
  init: { readonly method: string; readonly body?: unknown },
  timeoutMs = 10_000,
): Promise<ApiAnswer> => {
  try {
    const response = await fetch(url, {
      method: init.method,
      headers: {
        "x-api-key": key,
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { ok: true, status: response.status, body };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
};

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
