import { InvalidEnvError } from "../errors";

/** An environment, as `process.env` or a plain object (the local stack, tests). */
export type Env = Readonly<Record<string, string | undefined>>;

/** Why a value is not allowed, when there is more to say than the variable's `expected`. */
export class EnvRefusal {
  constructor(readonly reason: string) {}
}

/** The value of a variable's trimmed text, `undefined` when it is not allowed, or an `EnvRefusal`. */
type Parse<T> = (text: string) => T | undefined | EnvRefusal;

const NOT_SET: unique symbol = Symbol("not set");

/** One variable of a schema: its name, what is allowed (in words), its parser, and what unset means. */
interface EnvVar<T> {
  readonly name: string;
  readonly expected: string;
  readonly parse: Parse<T>;
  /** The value when unset or blank, or `NOT_SET` when it must be set. */
  readonly unset: (env: Env) => T | typeof NOT_SET;
}

/** A variable that must be set. */
export const required = <T>(name: string, expected: string, parse: Parse<T>): EnvVar<T> => ({
  name,
  expected,
  parse,
  unset: () => NOT_SET,
});

/** A variable that must be set when `needed(env)` holds, and is read whenever it is set. */
export const requiredWhen = <T>(
  needed: (env: Env) => boolean,
  name: string,
  expected: string,
  parse: Parse<T>,
): EnvVar<T | undefined> => ({ name, expected, parse, unset: (env) => (needed(env) ? NOT_SET : undefined) });

/** A variable that may be unset: then `fallback`. */
export function optional<T>(name: string, expected: string, parse: Parse<T>): EnvVar<T | undefined>;
export function optional<T>(name: string, expected: string, parse: Parse<T>, fallback: T): EnvVar<T>;
export function optional<T>(name: string, expected: string, parse: Parse<T>, fallback?: T) {
  return { name, expected, parse, unset: () => fallback };
}

/** Long values (a JSON registry) are cut in messages: error output stays bounded. */
const quoted = (text: string): string => JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);

type Values<S> = { readonly [K in keyof S]: S[K] extends EnvVar<infer T> ? T : never };

/** The values of `part`'s variables among those `readEnv` read for a wider schema (that includes `part`). */
export const valuesOf = <S extends Record<string, EnvVar<unknown>>>(
  values: Readonly<Record<string, unknown>>,
  part: S,
): Values<S> => Object.fromEntries(Object.keys(part).map((key) => [key, values[key]])) as Values<S>;

/**
 * Reads every variable of `schema` from `env` (trimmed; blank is unset); throws one `InvalidEnvError` naming
 * every variable that is missing or wrong, its value and what is allowed.
 */
export const readEnv = <S extends Record<string, EnvVar<unknown>>>(
  component: string,
  env: Env,
  schema: S,
): Values<S> => {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, { name, expected, parse, unset }] of Object.entries(schema)) {
    const text = env[name]?.trim() || undefined;
    const value = text === undefined ? unset(env) : parse(text);
    if (value === NOT_SET) problems.push(`${name} is not set; expected ${expected}`);
    else if (text !== undefined && (value === undefined || value instanceof EnvRefusal)) {
      const reason = value instanceof EnvRefusal ? ` (${value.reason})` : "";
      problems.push(`${name} = ${quoted(text)} is not allowed; expected ${expected}${reason}`);
    } else values[key] = value;
  }
  if (problems.length > 0) throw new InvalidEnvError(component, problems);
  return values as Values<S>;
};
