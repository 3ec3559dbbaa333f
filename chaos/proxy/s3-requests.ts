import type { ProxiedResponse } from "./fault-proxy";

/** Operations on fauxqs's S3 (path-style, on the SQS endpoint) carry this prefix, e.g. `S3:PutObject`. */
const PREFIX = "S3:";

const BUCKET_OPERATIONS: Readonly<Record<string, string>> = {
  HEAD: "HeadBucket",
  PUT: "CreateBucket",
  GET: "ListObjects",
  DELETE: "DeleteBucket",
};
const OBJECT_OPERATIONS: Readonly<Record<string, string>> = {
  HEAD: "HeadObject",
  PUT: "PutObject",
  GET: "GetObject",
  DELETE: "DeleteObject",
};

/**
 * The S3 operation of a request without `X-Amz-Target` (S3's REST protocol names none): from its method and
 * whether its path names a bucket only (`/bucket`) or an object (`/bucket/key…`).
 */
export const s3Operation = (method: string, url: string): string => {
  const path = url.split("?")[0] ?? "";
  const object = path.replace(/^\/+/, "").includes("/");
  const name = (object ? OBJECT_OPERATIONS : BUCKET_OPERATIONS)[method.toUpperCase()];
  return `${PREFIX}${name ?? `${object ? "Object" : "Bucket"}${method.toUpperCase()}`}`;
};

export const isS3Operation = (operation: string): boolean => operation.startsWith(PREFIX);

/** The stack's provisioning of its payload bucket at start (never disturbed, like queue creation). */
export const S3_PROVISIONING = new Set([`${PREFIX}HeadBucket`, `${PREFIX}CreateBucket`]);

/** An S3 error in S3's own shape (XML), as `InternalError` (500) or `SlowDown` (503, S3's throttling). */
export const s3Error = (code: "InternalError" | "SlowDown"): ProxiedResponse => {
  const status = code === "SlowDown" ? 503 : 500;
  const message =
    code === "SlowDown" ? "Please reduce your request rate." : "We encountered an internal error.";
  return {
    status,
    headers: { "content-type": "application/xml" },
    body: Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    ),
  };
};
