import { InvalidEnvError } from "../errors";

/** An environment, as `process.env` or a plain object (the local stack, tests). */
export type Env = Readonly<Record<string, string | undefined>>;

/** Why a value is not allowed, when there is more to say than the variable's `expected`. */
export class EnvRefusal {
  constructor(readonly reason: string) {}
}

/** The value of a variable's trimmed text, `undefined` when it is not allowed, or an `EnvRefusal`. */
type Parse<T> = (text: string) => T | undefined | EnvRefusal;

/** One variable of a schema: how its text (trimmed, `undefined` when unset or blank) becomes a value. */
interface EnvVar<T> {
  readonly read: (text: string | undefined, env: Env) => T | EnvProblem;
  readonly name: string;
}

class EnvProblem {
  constructor(readonly text: string) {}
}

/** Long values (a JSON registry) are cut in messages: error output stays bounded. */
const MAX_QUOTED = 120;

const quoted = (text: string): string => {
  const json = JSON.stringify(text);
  return json.length > MAX_QUOTED ? `${json.slice(0, MAX_QUOTED)}…` : json;
};

const parsed = <T>(name: string, expected: string, parse: Parse<T>, text: string): T | EnvProblem => {
  const value = parse(text);
  if (value !== undefined && !(value instanceof EnvRefusal)) return value;
  const reason = value instanceof EnvRefusal ? ` (${value.reason})` : "";
  return new EnvProblem(`${name} = ${quoted(text)} is not allowed; expected ${expected}${reason}`);
};

const notSet = (name: string, expected: string) => new EnvProblem(`${name} is not set; expected ${expected}`);

const variable = <T>(
  name: string,
  expected: string,
  parse: Parse<T>,
  whenUnset: (env: Env) => T | EnvProblem,
): EnvVar<T> => ({
  name,
  read: (text, env) => (text === undefined ? whenUnset(env) : parsed(name, expected, parse, text)),
});

/** A variable that must be set. */
export const required = <T>(name: string, expected: string, parse: Parse<T>): EnvVar<T> =>
  variable(name, expected, parse, () => notSet(name, expected));

/** A variable that must be set when `needed(env)` holds, and is read whenever it is set. */
export const requiredWhen = <T>(
  needed: (env: Env) => boolean,
  name: string,
  expected: string,
  parse: Parse<T>,
): EnvVar<T | undefined> =>
  variable<T | undefined>(name, expected, parse, (env) => (needed(env) ? notSet(name, expected) : undefined));

/** A variable that may be unset: then `fallback`. */
export function optional<T>(name: string, expected: string, parse: Parse<T>): EnvVar<T | undefined>;
export function optional<T>(name: string, expected: string, parse: Parse<T>, fallback: T): EnvVar<T>;
export function optional<T>(name: string, expected: string, parse: Parse<T>, fallback?: T) {
  return variable<T | undefined>(name, expected, parse, () => fallback);
}

type Values<S> = { readonly [K in keyof S]: S[K] extends EnvVar<infer T> ? T : never };

/**
 * Reads every variable of `schema` from `env`; throws one `InvalidEnvError` naming every variable that is
 * missing or wrong, its value and what is allowed.
 */
export const readEnv = <S extends Record<string, EnvVar<unknown>>>(
  component: string,
  env: Env,
  schema: S,
): Values<S> => {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, variable] of Object.entries(schema)) {
    const value = variable.read(env[variable.name]?.trim() || undefined, env);
    if (value instanceof EnvProblem) problems.push(value.text);
    else values[key] = value;
  }
  if (problems.length > 0) throw new InvalidEnvError(component, problems);
  return values as Values<S>;
};
