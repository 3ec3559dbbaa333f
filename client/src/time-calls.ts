import type { MessageStatus, Schedule, ScheduleDefinition, ScheduleList } from "../../contract/index.js";
import { FifoqClientError } from "./errors.js";
import { type Send, segment } from "./transport.js";

/** The calls of recurring schedules and message status (operator key); `FifoqClient` exposes them. */

const schedulePath = (name?: string) => `/schedules${name === undefined ? "" : `/${segment(name)}`}`;

/** The most pages `listSchedules` follows (100 schedules each): a cursor that never ends is an error, not a hang. */
export const MAX_SCHEDULE_PAGES = 1000;

/** One page of `GET /schedules`; pass its `nextCursor` as `cursor` for the next. */
export const listSchedulesPage = (
  send: Send,
  page: { readonly limit?: number | undefined; readonly cursor?: string | undefined },
  signal?: AbortSignal,
): Promise<ScheduleList> =>
  send({ method: "GET", path: schedulePath(), query: { limit: page.limit, cursor: page.cursor }, signal });

/** Every schedule, following `nextCursor` page by page (at most `MAX_SCHEDULE_PAGES`). */
export const listSchedules = async (send: Send, signal?: AbortSignal): Promise<Schedule[]> => {
  const schedules: Schedule[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < MAX_SCHEDULE_PAGES; pages++) {
    const answer = await listSchedulesPage(send, { limit: 100, cursor }, signal);
    schedules.push(...answer.schedules);
    cursor = answer.nextCursor;
    if (!cursor) return schedules;
  }
  throw new FifoqClientError(
    "INVALID_RESPONSE",
    `GET /schedules still answered a nextCursor after ${MAX_SCHEDULE_PAGES} pages; stopped listing`,
  );
};

export const getSchedule = (send: Send, name: string, signal?: AbortSignal): Promise<Schedule> =>
  send({ method: "GET", path: schedulePath(name), signal });

export const putSchedule = (
  send: Send,
  name: string,
  definition: ScheduleDefinition,
  signal?: AbortSignal,
): Promise<Schedule> =>
  send({ method: "PUT", path: schedulePath(name), body: JSON.stringify(definition), signal });

export const deleteSchedule = async (send: Send, name: string, signal?: AbortSignal): Promise<void> => {
  await send({ method: "DELETE", path: schedulePath(name), signal });
};

export const setSchedulePaused = (
  send: Send,
  name: string,
  paused: boolean,
  signal?: AbortSignal,
): Promise<Schedule> =>
  send({ method: "POST", path: `${schedulePath(name)}/${paused ? "pause" : "resume"}`, signal });

export const messageStatus = (
  send: Send,
  queue: string,
  dedupId: string,
  groupId: string,
  signal?: AbortSignal,
): Promise<MessageStatus> =>
  send({
    method: "GET",
    path: `/queues/${segment(queue)}/messages/${segment(dedupId)}`,
    query: { groupId },
    signal,
  });
