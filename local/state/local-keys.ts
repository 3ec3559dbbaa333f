import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { LocalStateError } from "../errors";

/** The local stack's two API keys. */
export interface LocalKeys {
  /** The producer key (publish, `GET /queues`). */
  readonly apiKey: string;
  /** The operator key (also the dead-letter routes). */
  readonly operatorKey: string;
}

/** API Gateway refuses API key values shorter than this. */
export const MIN_API_KEY_LENGTH = 20;

/** A key API Gateway would accept (32 characters). */
export const generateApiKey = (): string => randomBytes(24).toString("base64url");

const KEY = new RegExp(`^[A-Za-z0-9_-]{${MIN_API_KEY_LENGTH},128}$`);

/** The stored keys, checked; a file that is not what this module wrote is refused, naming it. */
const readKeys = (file: string): LocalKeys => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (cause) {
    throw new LocalStateError(file, "cannot be read as JSON", { cause });
  }
  const apiKey: unknown = Reflect.get(Object(parsed), "apiKey");
  const operatorKey: unknown = Reflect.get(Object(parsed), "operatorKey");
  if (
    typeof apiKey !== "string" ||
    typeof operatorKey !== "string" ||
    !KEY.test(apiKey) ||
    !KEY.test(operatorKey)
  )
    throw new LocalStateError(
      file,
      'must hold { "apiKey", "operatorKey" }: two keys of 20 to 128 characters',
    );
  return { apiKey, operatorKey };
};

/**
 * The keys kept in `file`, generated and written (owner-only) on the first start; a key given (FIFOQ_API_KEY,
 * FIFOQ_OPERATOR_KEY) is used instead of the kept one, without replacing it; with both given, the file is
 * neither read nor written.
 */
export const loadOrCreateKeys = (file: string, given: Partial<LocalKeys> = {}): LocalKeys => {
  if (given.apiKey && given.operatorKey) return { apiKey: given.apiKey, operatorKey: given.operatorKey };
  let kept: LocalKeys;
  if (existsSync(file)) kept = readKeys(file);
  else {
    kept = { apiKey: generateApiKey(), operatorKey: generateApiKey() };
    writeFileSync(file, `${JSON.stringify(kept)}\n`, { mode: 0o600, flag: "wx" });
  }
  return { apiKey: given.apiKey ?? kept.apiKey, operatorKey: given.operatorKey ?? kept.operatorKey };
};
