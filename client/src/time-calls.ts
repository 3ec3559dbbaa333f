import type { MessageStatus, Schedule, ScheduleDefinition, ScheduleList } from "../../contract/index.js";
import { type Send, segment } from "./transport.js";

/** The calls of recurring schedules and message status (operator key); `FifoqClient` exposes them. */

const schedulePath = (name?: string) => `/schedules${name === undefined ? "" : `/${segment(name)}`}`;

export const listSchedules = async (send: Send, signal?: AbortSignal): Promise<Schedule[]> => {
  const answer = await send<ScheduleList>({ method: "GET", path: schedulePath(), signal });
  return [...answer.schedules];
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
