/**
 * How deep JSON may nest (arrays and objects): a request body the API accepts, what the CLI reads from a file
 * or an argument, a stored dead-letter body shown as JSON. Far above what messages need, far below where a
 * recursive encoder (`JSON.stringify`) overflows the stack (a few thousand levels).
 */
export const MAX_JSON_DEPTH = 100;

/**
 * Whether a parsed JSON value nests deeper than `max` levels (`[]` and `{}` are one level, a scalar none).
 * Iterative, with its own stack: it never recurses over the value, whatever its depth, and stops at the first
 * container past the limit. The server and the client both check untrusted JSON with it.
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
