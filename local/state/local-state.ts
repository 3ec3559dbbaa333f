import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

/** Where `npm start` keeps what lasts across restarts, relative to the project. */
export const STATE_DIR_NAME = ".fifoq";

/** The folders and files of one state directory. */
export interface LocalState {
  /** The directory itself (absolute). */
  readonly dir: string;
  /** DynamoDB Local's database (`-dbPath`, one shared database for every credential and region). */
  readonly dynamoDbDir: string;
  /** fauxqs's SQLite database: queues and the messages in them. */
  readonly sqsDir: string;
  /** The two local API keys. */
  readonly keysFile: string;
  /** The Scheduler emulator's schedules, each with its last fire. */
  readonly schedulerFile: string;
  /** True when nothing was kept here yet (no emulator folder, no keys): nothing was restored. */
  readonly fresh: boolean;
}

/** The default state directory of a project: `<cwd>/.fifoq`. */
export const defaultStateDir = (cwd: string): string => join(cwd, STATE_DIR_NAME);

/**
 * Creates the state directory when missing (owner-only: it holds the keys); an emulator's folder is made when
 * that emulator is started here (`ensureDataDir`), so a stack on given endpoints leaves none behind.
 */
const layout = (dir: string) => {
  const absolute = resolve(dir);
  return {
    dir: absolute,
    dynamoDbDir: join(absolute, "dynamodb"),
    sqsDir: join(absolute, "sqs"),
    keysFile: join(absolute, "keys.json"),
    schedulerFile: join(absolute, "scheduler.json"),
  };
};

/** What the local stack keeps in its directory (and `--reset` deletes): its own folders and files. */
const keptPaths = (paths: ReturnType<typeof layout>): string[] => [
  paths.dynamoDbDir,
  paths.sqsDir,
  paths.keysFile,
  paths.schedulerFile,
];

export const openLocalState = (dir: string): LocalState => {
  const paths = layout(dir);
  const state: LocalState = { ...paths, fresh: !keptPaths(paths).some((path) => existsSync(path)) };
  mkdirSync(state.dir, { recursive: true, mode: 0o700 });
  return state;
};

/**
 * `npm start -- --reset`: everything the local stack kept is deleted (its own folders and files only, whatever
 * else the directory holds); the next start begins empty.
 */
export const resetLocalState = (dir: string): void => {
  for (const path of keptPaths(layout(dir))) rmSync(path, { recursive: true, force: true });
};

/** An emulator's data folder, made when missing (owner-only). */
export const ensureDataDir = (path: string): string => {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  return path;
};
