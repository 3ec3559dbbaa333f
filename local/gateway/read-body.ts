import type { IncomingMessage } from "node:http";
import { GatewayBodyTooLargeError } from "../errors";

/** API Gateway's payload limit for REST APIs. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * Reads a request body, at most `limitBytes` of it. A larger body is still read to its end (and dropped), so
 * the client gets the 413 answer instead of a reset connection; then it rejects with `GatewayBodyTooLargeError`.
 */
export const readBody = (request: IncomingMessage, limitBytes: number = MAX_BODY_BYTES): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) chunks.push(chunk);
      else chunks.length = 0;
    });
    request.on("end", () =>
      size > limitBytes ? reject(new GatewayBodyTooLargeError(limitBytes)) : resolve(Buffer.concat(chunks)),
    );
    request.on("error", reject);
  });
