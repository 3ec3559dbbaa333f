/** An absolute http(s) URL, as every endpoint and queue URL setting must be. */
export const isHttpUrl = (value: unknown): value is string =>
  typeof value === "string" && /^https?:\/\//.test(value) && URL.canParse(value);
