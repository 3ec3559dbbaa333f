/**
 * How deep JSON from outside may nest. JSON.parse handles any depth, but JSON.stringify (the client sending a
 * message, the CLI printing an answer) recurses and overflows the stack a few thousand levels down, so depth
 * is checked first, without recursion. The client keeps its own copy of this check: it depends on nothing of
 * the server's code.
 */

/** The API's limit for a request body (see the README's Limits): what the CLI reads from a file or argument. */
export const MAX_MESSAGE_DEPTH = 100;

/** Far above any answer of the API (its bodies nest at most 100 levels), far below a JSON.stringify overflow. */
export const MAX_RESPONSE_DEPTH = 1_000;

/**
 * Whether a parsed JSON value nests deeper than `max` levels (`[]` and `{}` are one level, a scalar none).
 * Iterative, with its own stack, and it stops at the first container past the limit.
 */
export const nestsDeeperThan = (value: unknown, max: number): boolean => {
  const pending: { readonly value: unknown; readonly depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== "object" || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > max) return true;
    for (const child of Object.values(next.value)) {
      if (typeof child === "object" && child !== null) pending.push({ value: child, depth });
    }
  }
  return false;
};
