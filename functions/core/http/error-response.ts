import type { ErrorResponse } from "../../../contract";
import { WIRE_LIMITS } from "../../../contract/limits";
import { ApiError, ERROR_CODES, type ErrorDetail } from "./errors";
import type { HttpResponse } from "./types";

/** An error body lists at most this many `details`; `moreDetails` says how many more there were. */
export const MAX_ERROR_DETAILS = WIRE_LIMITS.maxErrorDetails;

/** Longest text an error body repeats (it may quote the request: a field name can be megabytes long). */
const MAX_MESSAGE_CHARS = 1_000;
const MAX_FIELD_CHARS = 200;

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/** `text` cut to `max` characters (never between the two halves of a surrogate pair), saying what was cut. */
const clip = (text: string, max: number): string => {
  if (text.length <= max) return text;
  const end = isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, end)}… (${text.length - end} more characters)`;
};

const boundedDetail = (detail: ErrorDetail): ErrorDetail => ({
  ...(detail.index === undefined ? {} : { index: detail.index }),
  ...(detail.field === undefined ? {} : { field: clip(detail.field, MAX_FIELD_CHARS) }),
  message: clip(detail.message, MAX_MESSAGE_CHARS),
});

/** At most `MAX_ERROR_DETAILS` details, each bounded, and the count of the others. */
const boundedDetails = (details: readonly ErrorDetail[] | undefined) => {
  if (!details || details.length === 0) return {};
  const shown = details.slice(0, MAX_ERROR_DETAILS).map(boundedDetail);
  const more = details.length - shown.length;
  return { details: shown, ...(more > 0 ? { moreDetails: more } : {}) };
};

/**
 * The one place an error becomes an HTTP response: `{ "error": { code, message, details?, moreDetails? } }`,
 * bounded whatever the request held (Lambda answers at most 6 MB).
 */
export const toErrorResponse = (error: unknown): HttpResponse => {
  if (error instanceof ApiError) {
    return {
      status: error.status,
      ...(error.headers ? { headers: error.headers } : {}),
      body: {
        error: {
          code: error.code,
          message: clip(error.message, MAX_MESSAGE_CHARS),
          ...boundedDetails(error.details),
        },
      } satisfies ErrorResponse,
    };
  }
  return {
    status: 500,
    body: {
      error: {
        code: ERROR_CODES.internal,
        message: "internal error; it was logged. Retrying with the same dedupId is safe.",
      },
    } satisfies ErrorResponse,
  };
};

/** Whether an error is an expected, mapped one (else it is a bug or an unclassified failure: log it). */
export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;
