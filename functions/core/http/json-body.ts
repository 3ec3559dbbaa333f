import { MAX_JSON_DEPTH, nestsDeeperThan } from "../../../contract/json-depth";
import { bytes as utf8Bytes } from "../producer/message-size";
import { InvalidJsonError, PayloadTooLargeError, UnsupportedMediaTypeError } from "./errors";
import type { HttpRequest } from "./types";

export interface JsonBodyOptions {
  /** Largest request body accepted, in bytes (UTF-8). */
  readonly maxBytes: number;
}

/** `application/json`, optionally with `charset=utf-8` (any case, any spacing). */
const isJsonContentType = (value: string | undefined): boolean => {
  if (!value) return false;
  const [mediaType = "", ...parameters] = value.split(";").map((part) => part.trim().toLowerCase());
  if (mediaType !== "application/json") return false;
  return parameters.every((parameter) => {
    const [name, raw = ""] = parameter.split("=").map((part) => part.trim());
    if (name !== "charset") return true;
    return ["utf-8", "utf8"].includes(raw.replace(/^"|"$/g, ""));
  });
};

/**
 * Checks the content type (415), the size (413), the syntax and the nesting (400 `INVALID_JSON`, beyond
 * `MAX_JSON_DEPTH` levels) of a request body and returns the parsed value, which the caller still has to
 * validate. `JSON.parse` itself does not recurse; past this check, nothing that serializes the value can
 * overflow the stack.
 */
export const readJsonBody = (request: HttpRequest, options: JsonBodyOptions): unknown => {
  const contentType = request.headers["content-type"];
  if (!isJsonContentType(contentType)) throw new UnsupportedMediaTypeError(contentType);
  const text = request.body ?? "";
  const bytes = utf8Bytes(text);
  if (bytes > options.maxBytes) {
    throw new PayloadTooLargeError(
      `the request body is ${bytes} bytes; at most ${options.maxBytes} are accepted. Send fewer or smaller messages`,
    );
  }
  if (text.trim() === "") throw new InvalidJsonError("the request body is empty; send a JSON object");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new InvalidJsonError(`the request body is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  if (nestsDeeperThan(parsed, MAX_JSON_DEPTH)) {
    throw new InvalidJsonError(
      `the request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels; flatten the message body`,
    );
  }
  return parsed;
};
