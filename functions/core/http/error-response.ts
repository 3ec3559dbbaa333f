import { ApiError, ERROR_CODES } from "./errors";
import type { HttpResponse } from "./types";

/** The one place an error becomes an HTTP response: `{ "error": { code, message, details? } }`. */
export const toErrorResponse = (error: unknown): HttpResponse => {
  if (error instanceof ApiError) {
    return {
      status: error.status,
      ...(error.headers ? { headers: error.headers } : {}),
      body: {
        error: {
          code: error.code,
          message: error.message,
          ...(error.details && error.details.length > 0 ? { details: error.details } : {}),
        },
      },
    };
  }
  return {
    status: 500,
    body: {
      error: {
        code: ERROR_CODES.internal,
        message: "internal error; it was logged. Retrying with the same dedupId is safe.",
      },
    },
  };
};

/** Whether an error is an expected, mapped one (else it is a bug or an unclassified failure: log it). */
export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;
