/** The size and shape of one chaos run, from flags (`--large`, `--messages=N`, …) over CHAOS_* variables. */
export interface ChaosOptions {
  readonly messages: number;
  readonly groups: number;
  /** SIGKILLs of the local stack: random, right after an effect, right after a commit. */
  readonly kills: number;
  readonly seed: number;
  /** Share of data-plane requests each proxy disturbs (latency, 5xx, throttling, dropped connections). */
  readonly faultRate: number;
  /** Share of handlers that fail transiently (1 or 2 attempts), of poison messages and of duplicate publishes. */
  readonly transientRate: number;
  readonly poisonRate: number;
  readonly duplicateRate: number;
  /** Handlers that sleep past the function timeout on their first attempt. */
  readonly slow: number;
  /** Messages that fail until an operator redrives them (they reach the dead-letter queue first). */
  readonly exhaust: number;
  /** Share of the other messages published with `delaySeconds` or `notBefore` (released within the run). */
  readonly delayRate: number;
  /** Share of delayed clusters with 1–2 more messages of the group due in the first one's second. */
  readonly sameSecondRate: number;
  /** Delays are 2 s to this many seconds after the publish. */
  readonly maxDelaySeconds: number;
  /** Share of the delayed messages the run cancels (`DELETE …/scheduled/{id}`), some racing their release. */
  readonly cancelRate: number;
  /** Messages over SQS's 1 MiB (1–5 MiB bodies, kept in S3): few, each is megabytes in every process. */
  readonly largeMessages: number;
  /** Of those, how many are dead-lettered until the run redrives them (oversized dead-letter records). */
  readonly largeDeadLetters: number;
  /** Publishing is spread over this many seconds, while the stack is being killed. */
  readonly publishSeconds: number;
  /** The whole run stops by then, passed or not. */
  readonly timeoutSeconds: number;
  /** The chaos queue's maxConcurrency (each concurrent invocation is a worker). */
  readonly concurrency: number;
  readonly large: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

const SMALL: ChaosOptions = {
  messages: 400,
  groups: 16,
  kills: 5,
  seed: 0,
  faultRate: 0.05,
  transientRate: 0.05,
  poisonRate: 0.01,
  duplicateRate: 0.02,
  slow: 6,
  exhaust: 2,
  delayRate: 0.05,
  sameSecondRate: 0.5,
  maxDelaySeconds: 30,
  cancelRate: 0.2,
  largeMessages: 12,
  largeDeadLetters: 4,
  publishSeconds: 25,
  timeoutSeconds: 240,
  concurrency: 3,
  large: false,
};

const LARGE: ChaosOptions = {
  ...SMALL,
  messages: 10_000,
  groups: 100,
  kills: 27,
  slow: 40,
  exhaust: 10,
  maxDelaySeconds: 90,
  cancelRate: 0.1,
  largeMessages: 60,
  largeDeadLetters: 12,
  publishSeconds: 300,
  timeoutSeconds: 2400,
  concurrency: 10,
  large: true,
};

/** Flag or variable name → option, with its bounds. */
const NUMBERS: Readonly<Record<string, readonly [keyof ChaosOptions, number, number]>> = {
  messages: ["messages", 1, 1_000_000],
  groups: ["groups", 1, 10_000],
  kills: ["kills", 0, 1000],
  seed: ["seed", 0, 2 ** 31],
  "fault-rate": ["faultRate", 0, 0.5],
  "transient-rate": ["transientRate", 0, 0.5],
  "poison-rate": ["poisonRate", 0, 0.5],
  "duplicate-rate": ["duplicateRate", 0, 0.5],
  slow: ["slow", 0, 10_000],
  exhaust: ["exhaust", 0, 10_000],
  "delay-rate": ["delayRate", 0, 0.5],
  "same-second-rate": ["sameSecondRate", 0, 1],
  "max-delay-seconds": ["maxDelaySeconds", 2, 3600],
  "cancel-rate": ["cancelRate", 0, 0.5],
  "large-messages": ["largeMessages", 0, 1000],
  "large-dead-letters": ["largeDeadLetters", 0, 1000],
  "publish-seconds": ["publishSeconds", 1, 36_000],
  "timeout-seconds": ["timeoutSeconds", 10, 86_400],
  concurrency: ["concurrency", 2, 25],
};

export class ChaosUsageError extends Error {
  override name = "ChaosUsageError";
}

const envName = (flag: string) => `CHAOS_${flag.toUpperCase().replaceAll("-", "_")}`;

const parseNumber = (name: string, raw: string, [min, max]: readonly [number, number]): number => {
  const value = Number(raw);
  const whole = max > 1;
  if (
    raw.trim() === "" ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (whole && !Number.isInteger(value))
  )
    throw new ChaosUsageError(
      `${name} = ${JSON.stringify(raw)}: expected ${whole ? "an integer" : "a number"} from ${min} to ${max}`,
    );
  return value;
};

/** Counts that must fit in one another: the large messages among the ordinary ones, the dead-lettered among those. */
const checkCounts = (options: ChaosOptions): ChaosOptions => {
  if (options.largeDeadLetters > options.largeMessages)
    throw new ChaosUsageError(
      `large-dead-letters (${options.largeDeadLetters}) cannot exceed large-messages (${options.largeMessages})`,
    );
  const ordinary = options.messages - options.exhaust - options.slow;
  if (options.largeMessages > ordinary)
    throw new ChaosUsageError(
      `large-messages (${options.largeMessages}) cannot exceed the ordinary messages (${Math.max(0, ordinary)})`,
    );
  return options;
};

/** `--large` (or CHAOS_LARGE=1) starts from the 10,000-message run; every number can be set on its own. */
export const readChaosOptions = (argv: readonly string[], env: Env): ChaosOptions => {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match?.[1]) throw new ChaosUsageError(`unknown argument ${JSON.stringify(arg)}`);
    flags.set(match[1], match[2] ?? "");
  }
  const large = flags.has("large") || env.CHAOS_LARGE === "1";
  flags.delete("large");
  const options: Record<string, number | boolean> = { ...(large ? LARGE : SMALL) };
  options.seed = Date.now() % 2 ** 31;
  for (const [flag, [key, min, max]] of Object.entries(NUMBERS)) {
    const fromFlag = flags.get(flag);
    const raw = fromFlag ?? env[envName(flag)];
    flags.delete(flag);
    if (raw !== undefined)
      options[key] = parseNumber(fromFlag === undefined ? envName(flag) : `--${flag}`, raw, [min, max]);
  }
  const [unknown] = flags.keys();
  if (unknown) throw new ChaosUsageError(`unknown flag --${unknown}`);
  return checkCounts(options as unknown as ChaosOptions);
};
