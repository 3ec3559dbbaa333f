const TEXT_TYPES: readonly RegExp[] = [
  /^text\//,
  /^application\/(json|xml|javascript|x-www-form-urlencoded|graphql)\b/,
  /^application\/[\w.+-]+\+(json|xml)\b/,
];

/**
 * Whether a body of this `Content-Type` reaches the function as text. Other bodies are base64-encoded with
 * `isBase64Encoded: true`, as a REST API does for its binary media types. A body without a type is text.
 */
export const isTextContentType = (contentType: string | undefined): boolean => {
  if (contentType === undefined || contentType.trim() === "") return true;
  const type = contentType.trim().toLowerCase();
  return TEXT_TYPES.some((pattern) => pattern.test(type));
};

/** The event's `body` and `isBase64Encoded` for a request body (`null` when there is none). */
export const eventBody = (
  body: Buffer,
  contentType: string | undefined,
): { readonly body: string | null; readonly isBase64Encoded: boolean } => {
  if (body.length === 0) return { body: null, isBase64Encoded: false };
  return isTextContentType(contentType)
    ? { body: body.toString("utf8"), isBase64Encoded: false }
    : { body: body.toString("base64"), isBase64Encoded: true };
};
