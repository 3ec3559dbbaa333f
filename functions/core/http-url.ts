/**
 * `http(s)://host[:port][/path]`. Checked by shape, not with `URL.canParse`: the WHATWG parser refuses a host
 * whose last label is a number but that is no IPv4 address, such as fauxqs's `sqs.us-east-1.127.0.0.1`, which
 * SQS clients and Node's HTTP client use without trouble.
 */
const HTTP_URL =
  /^https?:\/\/(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?:[/?#]\S*)?$/;

/** An absolute http(s) URL, as every endpoint and queue URL setting must be. */
export const isHttpUrl = (value: unknown): value is string =>
  typeof value === "string" && HTTP_URL.test(value);
