/** A mistake in how the CLI was called (exit code 2), with what to do instead. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/** Exit codes: 0 done, 1 the API refused (or could not be reached), 2 wrong usage. */
export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;
